// The cluster client (src/core/cluster) as the factories ClusterService uses: injected, so that
// the service's own logic (context choice, trust, retries) can be exercised with a real sandbox
// or a test double of the same shape.
import { loadKubeconfig, type Kubeconfig, type LoadKubeconfigOptions } from '../../core/cluster/kubeconfig';
import type { KubeconfigContext, ResolvedContext } from '../../core/cluster/kubeconfigTypes';
import { createPodClient, type PodClient } from '../../core/cluster/podClient';
import { PodWatchCache } from '../../core/cluster/podWatchCache';
import type { PodChangeBatch } from '../../core/cluster/podChangeBatch';
import { podSummaryTransform, type PodSummary } from '../../core/podSummary';

export type ContextEntry = KubeconfigContext;
export type KubeconfigLike = Pick<Kubeconfig, 'contexts' | 'currentContext' | 'resolveContext'>;
/** The extension's caches keep summaries only: whole pods are fetched when a document opens. */
export type WatchBatch = PodChangeBatch<PodSummary>;
export type SummaryWatchCache = PodWatchCache<PodSummary>;

export interface ClusterBackend {
  loadKubeconfig(opts: LoadKubeconfigOptions): Promise<KubeconfigLike>;
  createPodClient(ctx: ResolvedContext, opts: { logger?: (line: string) => void }): PodClient;
  createWatchCache(client: PodClient): SummaryWatchCache;
}

/**
 * The tree's refresh throttle already coalesces changes (at most one refresh per 50 ms), so the
 * cache hands batches on sooner than its 50 ms default: a change waits at most ~16 + 50 ms for its row.
 */
const watchBatchMs = 16;

export const clusterBackend: ClusterBackend = {
  loadKubeconfig,
  createPodClient,
  createWatchCache: (client) => new PodWatchCache(client, { transform: podSummaryTransform, batchMs: watchBatchMs }),
};

/** Kept for code written against the earlier structural type: the real watch cache. */
export type PodWatchCacheLike = SummaryWatchCache;
