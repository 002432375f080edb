// The slice of the cluster client (src/core/cluster, issue 5) that the extension uses; the pod
// client and watch cache as structural types. ClusterService is written against these so that it can be built and tested
// while the cluster engineer's modules land; extension.ts plugs the real functions in.
import type { Kubeconfig } from '../core/cluster/kubeconfig';
import type { KubeconfigContext, ResolvedContext } from '../core/cluster/kubeconfigTypes';
import type { Pod } from '../core/pod';

export type ContextEntry = KubeconfigContext;
export type KubeconfigLike = Pick<Kubeconfig, 'contexts' | 'currentContext' | 'resolveContext'>;

export type WatchBatch = { added: Pod[]; modified: Pod[]; deleted: Pod[] };
export type Disposable = { dispose(): void };

export interface PodClientLike {
  getPod(ns: string, name: string, opts: { signal?: AbortSignal }): Promise<Pod>;
  deletePod(ns: string, name: string, opts: { signal?: AbortSignal }): Promise<unknown>;
  listNamespaces(opts: { signal?: AbortSignal }): Promise<unknown>;
  dispose(): void;
}

export interface PodWatchCacheLike {
  start(): Promise<void>;
  onDidChange(listener: (batch: WatchBatch) => void): Disposable;
  onDidError(listener: (err: unknown) => void): Disposable;
  pods(namespace?: string): Pod[];
  get(ns: string, name: string): Pod | undefined;
  namespaces(): string[];
  dispose(): void;
}

/** Factories for the real client; injected so the service has no hard import of a module in flux. */
export interface ClusterBackend<Client extends PodClientLike = PodClientLike> {
  loadKubeconfig(opts: { path?: string; env?: NodeJS.ProcessEnv; allowExec?: boolean }): Promise<KubeconfigLike>;
  createPodClient(ctx: ResolvedContext, opts: { logger?: (line: string) => void }): Client;
  createWatchCache(client: Client): PodWatchCacheLike;
}
