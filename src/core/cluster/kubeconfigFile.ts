// Reads one kubeconfig file into typed entries, resolving relative paths against the file's
// folder the way client-go's ResolveLocalPaths does (an exec command only when it has a slash,
// so PATH lookups stay PATH lookups).
import * as path from 'node:path';
import { parse } from 'yaml';
import type { ExecConfig, ExecInteractiveMode, KubeconfigCluster, KubeconfigContext, KubeconfigUser } from './kubeconfigTypes';

export type KubeconfigFile = {
  path: string;
  clusters: KubeconfigCluster[];
  users: KubeconfigUser[];
  contexts: KubeconfigContext[];
  currentContext?: string;
};

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

type Obj = Record<string, unknown>;

function asObj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return typeof v === 'string' ? v : String(v);
}

function absolute(file: string, p: string | undefined): string | undefined {
  if (!p) return undefined;
  return path.isAbsolute(p) ? p : path.resolve(path.dirname(file), p);
}

const execApiVersions = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

function parseExec(file: string, userName: string, raw: Obj): ExecConfig {
  const where = `user "${userName}" in ${file}`;
  const apiVersion = str(raw.apiVersion);
  if (!apiVersion || !execApiVersions.includes(apiVersion)) {
    throw new KubeconfigError(`exec plugin of ${where}: apiVersion must be one of ${execApiVersions.join(', ')} (got ${apiVersion ?? 'nothing'})`);
  }
  const command = str(raw.command);
  if (!command) throw new KubeconfigError(`exec plugin of ${where}: command is required`);
  let interactiveMode = str(raw.interactiveMode) as ExecInteractiveMode | undefined;
  if (!interactiveMode) {
    // client-go: v1 makes interactiveMode mandatory, v1beta1 defaults it to IfAvailable.
    if (apiVersion.endsWith('/v1')) throw new KubeconfigError(`exec plugin of ${where}: interactiveMode must be set for ${apiVersion}`);
    interactiveMode = 'IfAvailable';
  }
  if (!['Never', 'IfAvailable', 'Always'].includes(interactiveMode)) {
    throw new KubeconfigError(`exec plugin of ${where}: unknown interactiveMode "${interactiveMode}"`);
  }
  const args = Array.isArray(raw.args) ? raw.args.map((a) => String(a)) : [];
  const env = Array.isArray(raw.env) ? raw.env.map((e) => ({ name: String(asObj(e).name ?? ''), value: String(asObj(e).value ?? '') })) : [];
  const resolvedCommand = command.includes('/') || command.includes(path.sep) ? (absolute(file, command) as string) : command;
  return {
    apiVersion,
    command: resolvedCommand,
    args,
    env,
    interactiveMode,
    installHint: str(raw.installHint),
    provideClusterInfo: raw.provideClusterInfo === true,
  };
}

function namedList(raw: unknown, key: string, file: string): { name: string; body: Obj }[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new KubeconfigError(`${file}: "${key}" must be a list`);
  const out: { name: string; body: Obj }[] = [];
  for (const item of raw) {
    const o = asObj(item);
    const name = str(o.name);
    if (!name) continue; // client-go drops nameless entries too
    out.push({ name, body: asObj(o[key.replace(/s$/, '')]) });
  }
  return out;
}

/** Parses the text of one kubeconfig file (`file` is its absolute path, for relative paths and messages). */
export function parseKubeconfigText(text: string, file: string): KubeconfigFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new KubeconfigError(`error loading config file "${file}": ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) {
    throw new KubeconfigError(`error loading config file "${file}": not a kubeconfig (expected a mapping)`);
  }
  const root = asObj(doc);
  const clusters = namedList(root.clusters, 'clusters', file).map(({ name, body }): KubeconfigCluster => ({
    name,
    server: str(body.server) ?? '',
    certificateAuthority: absolute(file, str(body['certificate-authority'])),
    certificateAuthorityData: str(body['certificate-authority-data']),
    insecureSkipTlsVerify: body['insecure-skip-tls-verify'] === true || body['insecure-skip-tls-verify'] === 'true',
    tlsServerName: str(body['tls-server-name']),
    proxyUrl: str(body['proxy-url']),
    origin: file,
  }));
  const users = namedList(root.users, 'users', file).map(({ name, body }): KubeconfigUser => ({
    name,
    token: str(body.token),
    tokenFile: absolute(file, str(body.tokenFile)),
    clientCertificate: absolute(file, str(body['client-certificate'])),
    clientCertificateData: str(body['client-certificate-data']),
    clientKey: absolute(file, str(body['client-key'])),
    clientKeyData: str(body['client-key-data']),
    username: str(body.username),
    password: str(body.password),
    exec: body.exec ? parseExec(file, name, asObj(body.exec)) : undefined,
    authProvider: str(asObj(body['auth-provider']).name),
    origin: file,
  }));
  const contexts = namedList(root.contexts, 'contexts', file).map(({ name, body }): KubeconfigContext => ({
    name,
    cluster: str(body.cluster) ?? '',
    user: str(body.user) ?? '',
    namespace: str(body.namespace),
    origin: file,
  }));
  return { path: file, clusters, users, contexts, currentContext: str(root['current-context']) };
}
