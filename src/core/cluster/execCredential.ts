// Runs a client-go exec credential plugin (client.authentication.k8s.io v1 / v1beta1) and caches
// what it returns until its expirationTimestamp, like client-go's exec Authenticator: one run at
// a time, KUBERNETES_EXEC_INFO in the environment, refresh forced after a 401 with these credentials.
import { spawn } from 'node:child_process';
import { AbortedError } from './apiError';
import type { ExecConfig } from './kubeconfigTypes';

export type ExecCredential = { token?: string; clientCertPem?: string; clientKeyPem?: string; expiresAt?: number };

export class ExecPluginError extends Error {
  override name = 'ExecPluginError';
}

export type ExecClusterInfo = { server: string; caPem?: string; insecureSkipTlsVerify: boolean; tlsServerName?: string; proxyUrl?: string };

export type ExecCredentialProviderOptions = {
  cluster?: ExecClusterInfo;
  env?: NodeJS.ProcessEnv;
  /** Whether our stdin is a terminal the plugin could prompt on (never, inside VS Code). */
  stdinIsTerminal?: boolean;
  now?: () => number;
};

export class ExecCredentialProvider {
  private cached?: ExecCredential;
  private running?: Promise<ExecCredential>;
  /** How many times the plugin ran: lets tests and logs see the cache working. */
  runs = 0;

  constructor(private readonly exec: ExecConfig, private readonly opts: ExecCredentialProviderOptions = {}) {}

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private valid(c: ExecCredential | undefined): c is ExecCredential {
    return !!c && (c.expiresAt === undefined || this.now() < c.expiresAt);
  }

  /** The cached credential, or a fresh one from the plugin when there is none or it expired. */
  async get(signal?: AbortSignal): Promise<ExecCredential> {
    if (this.valid(this.cached)) return this.cached;
    if (!this.running) {
      this.running = this.run().then(
        (c) => { this.cached = c; this.running = undefined; return c; },
        (err) => { this.running = undefined; throw err; },
      );
    }
    if (!signal) return this.running;
    return raceAbort(this.running, signal);
  }

  /** The credential in the cache, if any (for scrubbing it from messages). */
  get cachedCredential(): ExecCredential | undefined {
    return this.cached;
  }

  /** After a 401: forget `used` unless a newer credential already replaced it. */
  invalidate(used: ExecCredential): void {
    if (this.cached === used) this.cached = undefined;
  }

  private interactive(): boolean {
    const tty = this.opts.stdinIsTerminal ?? false;
    switch (this.exec.interactiveMode) {
      case 'Never': return false;
      case 'IfAvailable': return tty;
      case 'Always':
        if (!tty) throw new ExecPluginError(`exec plugin ${this.exec.command} cannot support interactive mode: standard input is not a terminal`);
        return true;
    }
  }

  private execInfo(interactive: boolean): string {
    const spec: Record<string, unknown> = { interactive };
    const c = this.opts.cluster;
    if (this.exec.provideClusterInfo && c) {
      spec.cluster = {
        server: c.server,
        'tls-server-name': c.tlsServerName,
        'insecure-skip-tls-verify': c.insecureSkipTlsVerify || undefined,
        'certificate-authority-data': c.caPem ? Buffer.from(c.caPem).toString('base64') : undefined,
        'proxy-url': c.proxyUrl,
      };
    }
    return JSON.stringify({ kind: 'ExecCredential', apiVersion: this.exec.apiVersion, spec });
  }

  private run(): Promise<ExecCredential> {
    const interactive = this.interactive();
    const baseEnv = this.opts.env ?? process.env;
    const env: NodeJS.ProcessEnv = { ...baseEnv };
    for (const e of this.exec.env) env[e.name] = e.value;
    env.KUBERNETES_EXEC_INFO = this.execInfo(interactive);
    const cmd = this.exec.command;
    this.runs++;
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, this.exec.args, {
        env,
        stdio: [interactive ? 'inherit' : 'ignore', 'pipe', interactive ? 'inherit' : 'pipe'],
        windowsHide: true,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout?.on('data', (d: Buffer) => stdout.push(d));
      child.stderr?.on('data', (d: Buffer) => stderr.push(d));
      child.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') {
          const searched = cmd.includes('/') ? '' : ` (searched PATH: ${baseEnv.PATH ?? '(empty)'})`;
          const hint = this.exec.installHint ? `\n\n${this.exec.installHint}` : '';
          reject(new ExecPluginError(`exec: executable ${cmd} not found${searched}. It looks like you are trying to use a client-go credential plugin that is not installed.${hint}`));
        } else {
          reject(new ExecPluginError(`exec: ${cmd}: ${err.message}`));
        }
      });
      child.on('close', (code, sig) => {
        if (code !== 0) {
          const tail = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-5).join('\n');
          const how = sig ? `was killed by ${sig}` : `failed with exit code ${code}`;
          return reject(new ExecPluginError(`exec: executable ${cmd} ${how}${tail ? `: ${tail}` : ''}`));
        }
        try {
          resolve(this.decode(Buffer.concat(stdout).toString('utf8')));
        } catch (err) {
          reject(err);
        }
      });
    });
  }

  private decode(text: string): ExecCredential {
    const cmd = this.exec.command;
    let out: { apiVersion?: string; kind?: string; status?: Record<string, unknown> };
    try {
      out = JSON.parse(text);
    } catch {
      // Not V8's message: it quotes the start of stdout, which may be a bare token.
      throw new ExecPluginError(`exec plugin ${cmd}: decoding stdout: the plugin did not print an ExecCredential JSON object (${text.trim().length} characters of output); run the command by hand to see what it prints`);
    }
    if (out.apiVersion !== this.exec.apiVersion) {
      throw new ExecPluginError(`exec plugin ${cmd} is configured to use API version ${this.exec.apiVersion}, plugin returned version ${out.apiVersion ?? '(none)'}`);
    }
    const s = out.status;
    if (!s || typeof s !== 'object') throw new ExecPluginError(`exec plugin ${cmd} didn't return a status field`);
    const token = typeof s.token === 'string' && s.token ? s.token : undefined;
    const cert = typeof s.clientCertificateData === 'string' && s.clientCertificateData ? s.clientCertificateData : undefined;
    const key = typeof s.clientKeyData === 'string' && s.clientKeyData ? s.clientKeyData : undefined;
    if (!token && !cert && !key) throw new ExecPluginError(`exec plugin ${cmd} didn't return a token or cert/key pair`);
    if (!cert !== !key) throw new ExecPluginError(`exec plugin ${cmd} returned only certificate or key, not both`);
    let expiresAt: number | undefined;
    if (typeof s.expirationTimestamp === 'string' && s.expirationTimestamp) {
      expiresAt = Date.parse(s.expirationTimestamp);
      if (Number.isNaN(expiresAt)) throw new ExecPluginError(`exec plugin ${cmd} returned an unreadable expirationTimestamp "${s.expirationTimestamp}"`);
    }
    return { token, clientCertPem: cert, clientKeyPem: key, expiresAt };
  }
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}
