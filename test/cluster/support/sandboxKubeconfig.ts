// Variants of the kubeconfig a sandbox wrote (another CA, another token, a server name), written
// next to it so each test can point the client at exactly the shape it needs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadKubeconfig } from '../../../src/core/cluster/kubeconfig';
import { createPodClient, type PodClient } from '../../../src/core/cluster/podClient';
import type { TransportOptions } from '../../../src/core/cluster/transport';
import type { SandboxProcess } from '../../support/sandboxProcess';

type Doc = { clusters: { cluster: Record<string, unknown> }[]; users: { user: Record<string, unknown> }[] };

export function writeKubeconfigVariant(sandbox: SandboxProcess, name: string, edit: (doc: Doc) => void): string {
  const doc = parse(readFileSync(sandbox.kubeconfigPath, 'utf8')) as Doc;
  edit(doc);
  const file = path.join(sandbox.dir, name);
  writeFileSync(file, stringify(doc));
  return file;
}

export async function sandboxClient(kubeconfigPath: string, opts: TransportOptions = {}): Promise<PodClient> {
  const kc = await loadKubeconfig({ path: kubeconfigPath });
  return createPodClient(kc.resolveContext(), opts);
}
