// Decides how each request authenticates, with client-go's precedence: a client certificate,
// a token (tokenFile re-read at most once a minute, and after a 401), or basic auth from the
// kubeconfig; an exec plugin only when none of those is set.
import { promises as fs } from 'node:fs';
import { ExecCredentialProvider, type ExecCredential } from './execCredential';
import { KubeconfigError } from './kubeconfigFile';
import type { ResolvedContext } from './kubeconfigTypes';

export type AppliedCredentials = {
  authorization?: string;
  /** A client certificate from an exec plugin (kubeconfig certificates are fixed per transport). */
  execCert?: { certPem: string; keyPem: string };
  /** What produced them, to refresh exactly these after a 401. */
  source: 'none' | 'static' | 'tokenFile' | 'exec';
  exec?: ExecCredential;
  tokenFromFile?: string;
};

const tokenFileTtlMs = 60_000;

export class CredentialSource {
  private readonly exec?: ExecCredentialProvider;
  private fileToken?: { value: string; readAt: number };

  constructor(private readonly ctx: ResolvedContext, opts: { env?: NodeJS.ProcessEnv; stdinIsTerminal?: boolean } = {}) {
    const u = ctx.user;
    const hasOther = !!(u.token || u.tokenFile || u.username || u.clientCertPem);
    if (u.exec && !hasOther) {
      if (!ctx.allowExec) {
        throw new KubeconfigError(`user "${u.name}" authenticates with the exec plugin "${u.exec.command}", and running exec plugins is not allowed here (untrusted workspace?)`);
      }
      this.exec = new ExecCredentialProvider(u.exec, {
        env: opts.env,
        stdinIsTerminal: opts.stdinIsTerminal,
        cluster: { ...ctx.cluster },
      });
    }
  }

  /** The exec provider, if this user runs one (exposed for tests and diagnostics). */
  get execProvider(): ExecCredentialProvider | undefined {
    return this.exec;
  }

  private async readTokenFile(force: boolean): Promise<string | undefined> {
    const file = this.ctx.user.tokenFile as string;
    if (!force && this.fileToken && Date.now() - this.fileToken.readAt < tokenFileTtlMs) return this.fileToken.value;
    try {
      const value = (await fs.readFile(file, 'utf8')).trim();
      this.fileToken = { value, readAt: Date.now() };
      return value;
    } catch (err) {
      if (this.fileToken) return this.fileToken.value; // keep the last good token, as client-go does
      if (this.ctx.user.token) return undefined;
      throw new KubeconfigError(`cannot read tokenFile of user "${this.ctx.user.name}": ${(err as Error).message}`);
    }
  }

  async current(signal?: AbortSignal): Promise<AppliedCredentials> {
    const u = this.ctx.user;
    if (u.tokenFile) {
      const token = await this.readTokenFile(false);
      if (token) return { authorization: `Bearer ${token}`, source: 'tokenFile', tokenFromFile: token };
    }
    if (u.token) return { authorization: `Bearer ${u.token}`, source: 'static' };
    if (u.username !== undefined || u.password !== undefined) {
      return { authorization: `Basic ${Buffer.from(`${u.username ?? ''}:${u.password ?? ''}`).toString('base64')}`, source: 'static' };
    }
    if (this.exec) {
      const cred = await this.exec.get(signal);
      return {
        authorization: cred.token ? `Bearer ${cred.token}` : undefined,
        execCert: cred.clientCertPem && cred.clientKeyPem ? { certPem: cred.clientCertPem, keyPem: cred.clientKeyPem } : undefined,
        source: 'exec',
        exec: cred,
      };
    }
    return { source: 'none' };
  }

  /** After a 401 with `used`: true when fresh credentials may now differ, so one retry is worth it. */
  async refreshAfterUnauthorized(used: AppliedCredentials): Promise<boolean> {
    if (used.source === 'exec' && used.exec && this.exec) {
      this.exec.invalidate(used.exec);
      return true;
    }
    if (used.source === 'tokenFile') {
      const fresh = await this.readTokenFile(true);
      return !!fresh && fresh !== used.tokenFromFile;
    }
    return false;
  }

  /** Every secret value known now, for scrubbing messages. */
  secrets(): string[] {
    const u = this.ctx.user;
    const exec = this.exec?.cachedCredential;
    // Basic auth travels as base64(user:password): a server echoing the header shows that form.
    const basic = u.password !== undefined ? `${u.username ?? ''}:${u.password}` : undefined;
    const basicB64 = basic !== undefined ? Buffer.from(basic).toString('base64') : undefined;
    return [u.token, basic, basicB64, u.password, this.fileToken?.value, u.clientKeyPem, exec?.token, exec?.clientKeyPem].filter((s): s is string => !!s);
  }
}
