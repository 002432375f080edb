// Loads kubeconfig the way kubectl (client-go's clientcmd) does:
// - an explicit path is the only file and must exist;
// - otherwise every file in $KUBECONFIG (path-list separated, duplicates and missing files skipped),
//   or ~/.kube/config when KUBECONFIG is unset or empty;
// - merged so that the first file that sets a cluster/user/context name, or current-context,
//   wins; later duplicates are ignored silently (no error, unlike @kubernetes/client-node).
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeconfigError, parseKubeconfigText, type KubeconfigFile } from './kubeconfigFile';
import type { KubeconfigCluster, KubeconfigContext, KubeconfigUser, ResolvedContext } from './kubeconfigTypes';

export { KubeconfigError } from './kubeconfigFile';

export type LoadKubeconfigOptions = { path?: string; env?: NodeJS.ProcessEnv; allowExec?: boolean };

export class Kubeconfig {
  constructor(
    /** The files that were read, in precedence order. */
    readonly files: string[],
    readonly clusters: KubeconfigCluster[],
    readonly users: KubeconfigUser[],
    readonly contexts: KubeconfigContext[],
    readonly currentContext: string | undefined,
    private readonly allowExec: boolean,
  ) {}

  private where(): string {
    return this.files.length ? this.files.join(', ') : 'no kubeconfig file';
  }

  /** Everything needed to talk to the cluster of a context (the current one by default). */
  resolveContext(name?: string): ResolvedContext {
    const contextName = name || this.currentContext;
    if (!contextName) {
      throw new KubeconfigError(`no context selected: current-context is not set in ${this.where()}; pass a context name (--context)`);
    }
    const context = this.contexts.find((c) => c.name === contextName);
    if (!context) {
      const known = this.contexts.map((c) => c.name);
      throw new KubeconfigError(`context "${contextName}" not found in ${this.where()}${known.length ? ` (known: ${known.join(', ')})` : ''}`);
    }
    const cluster = this.clusters.find((c) => c.name === context.cluster);
    if (!cluster) throw new KubeconfigError(`cluster "${context.cluster}" of context "${contextName}" not found in ${this.where()}`);
    if (!cluster.server) throw new KubeconfigError(`cluster "${cluster.name}" has no server in ${cluster.origin}`);
    let user: KubeconfigUser | undefined;
    if (context.user) {
      user = this.users.find((u) => u.name === context.user);
      if (!user) throw new KubeconfigError(`user "${context.user}" of context "${contextName}" not found in ${this.where()}`);
      if (user.authProvider && !user.token && !user.exec) {
        throw new KubeconfigError(`user "${user.name}" uses the "${user.authProvider}" auth-provider, which podpatch (like kubectl since 1.26) does not support; switch to an exec credential plugin`);
      }
    }
    return {
      name: contextName,
      namespace: context.namespace || 'default',
      namespaceFromContext: !!context.namespace,
      cluster: {
        name: cluster.name,
        server: cluster.server.replace(/\/+$/, ''),
        caPem: pemOf(cluster.certificateAuthorityData, cluster.certificateAuthority, `certificate-authority of cluster "${cluster.name}"`),
        insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
        tlsServerName: cluster.tlsServerName,
        proxyUrl: cluster.proxyUrl,
      },
      user: {
        name: user?.name ?? '',
        token: user?.token,
        tokenFile: user?.tokenFile,
        clientCertPem: user && pemOf(user.clientCertificateData, user.clientCertificate, `client-certificate of user "${user.name}"`),
        clientKeyPem: user && pemOf(user.clientKeyData, user.clientKey, `client-key of user "${user.name}"`),
        username: user?.username,
        password: user?.password,
        exec: user?.exec,
      },
      allowExec: this.allowExec,
    };
  }
}

/** `*-data` wins over the file, as in client-go; data is base64 of the PEM. */
function pemOf(data: string | undefined, file: string | undefined, what: string): string | undefined {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read ${what}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? `${file} does not exist` : (err as Error).message}`);
  }
}

/** The files kubectl would read, in precedence order. */
export function kubeconfigPaths(opts: LoadKubeconfigOptions = {}): { files: string[]; explicit: boolean } {
  const env = opts.env ?? process.env;
  if (opts.path) return { files: [path.resolve(opts.path)], explicit: true };
  if (env.KUBECONFIG) {
    const seen = new Set<string>();
    const files: string[] = [];
    for (const p of env.KUBECONFIG.split(path.delimiter)) {
      if (!p) continue;
      const abs = path.resolve(p);
      if (!seen.has(abs)) { seen.add(abs); files.push(abs); }
    }
    if (files.length) return { files, explicit: false };
  }
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return { files: [path.join(home, '.kube', 'config')], explicit: false };
}

export async function loadKubeconfig(opts: LoadKubeconfigOptions = {}): Promise<Kubeconfig> {
  const { files, explicit } = kubeconfigPaths(opts);
  const parsed: KubeconfigFile[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !explicit) continue; // client-go skips missing files in the list
      throw new KubeconfigError(code === 'ENOENT' ? `kubeconfig file ${file} does not exist` : `cannot read kubeconfig ${file}: ${(err as Error).message}`);
    }
    parsed.push(parseKubeconfigText(text, file));
  }
  if (!parsed.length) {
    throw new KubeconfigError(`no kubeconfig found (looked for ${files.join(', ')}); set KUBECONFIG or pass --kubeconfig`);
  }
  return mergeKubeconfigFiles(parsed, opts.allowExec ?? true);
}

function firstWins<T extends { name: string }>(lists: T[][]): T[] {
  const byName = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!byName.has(item.name)) byName.set(item.name, item);
  return [...byName.values()];
}

export function mergeKubeconfigFiles(files: KubeconfigFile[], allowExec = true): Kubeconfig {
  return new Kubeconfig(
    files.map((f) => f.path),
    firstWins(files.map((f) => f.clusters)),
    firstWins(files.map((f) => f.users)),
    firstWins(files.map((f) => f.contexts)),
    files.find((f) => f.currentContext)?.currentContext,
    allowExec,
  );
}
