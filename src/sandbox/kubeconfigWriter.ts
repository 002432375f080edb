// Writes the kubeconfig that kubectl and the extension use as is: one cluster, user and context,
// all named `podpatch-sandbox`, with the seed's namespace as the context's default.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { SEED_NAMESPACE } from './seedPods';

export const CONTEXT_NAME = 'podpatch-sandbox';

export function kubeconfigYaml(opts: { server: string; caPem?: string; token?: string; namespace?: string }): string {
  const cluster: Record<string, string> = { server: opts.server };
  if (opts.caPem) cluster['certificate-authority-data'] = Buffer.from(opts.caPem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT_NAME, cluster }],
    users: [{ name: CONTEXT_NAME, user: opts.token ? { token: opts.token } : {} }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME, namespace: opts.namespace ?? SEED_NAMESPACE } }],
    'current-context': CONTEXT_NAME,
    preferences: {},
  });
}

/** Written atomically (temp file + rename) with owner-only permissions: it may hold a token. */
export function writeKubeconfig(file: string, yamlText: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, yamlText, { mode: 0o600 });
  renameSync(tmp, file);
}
