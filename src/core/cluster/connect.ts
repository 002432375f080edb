// kubeconfig → context → pod client in one step, for the CLI commands and benchmarks.
import { loadKubeconfig, type Kubeconfig } from './kubeconfig';
import type { ResolvedContext } from './kubeconfigTypes';
import { createPodClient, type PodClient } from './podClient';
import type { TransportOptions } from './transport';

export type ConnectOptions = { kubeconfig?: string; context?: string; env?: NodeJS.ProcessEnv; allowExec?: boolean } & TransportOptions;

export type Connection = { kubeconfig: Kubeconfig; context: ResolvedContext; client: PodClient };

export async function connectToCluster(opts: ConnectOptions = {}): Promise<Connection> {
  const kubeconfig = await loadKubeconfig({ path: opts.kubeconfig, env: opts.env, allowExec: opts.allowExec });
  const context = kubeconfig.resolveContext(opts.context);
  const client = createPodClient(context, { ...opts, stdinIsTerminal: opts.stdinIsTerminal ?? !!process.stdin.isTTY });
  return { kubeconfig, context, client };
}
