// The pod API of one cluster: list (paged), get, create, delete, patch (merge by default, as the
// seed's PATCH /api/v1/namespaces/{ns}/pods/{name} documents), watch, and namespaces.
import type { Pod } from '../pod';
import { podPatchContentTypes, type PodPatchType } from '../patch/patchTypes';
import { ApiError } from './apiError';
import type { ResolvedContext } from './kubeconfigTypes';
import { ClusterTransport, type TransportOptions } from './transport';
import type { WatchEvent } from './watchDecoder';
import { watchEvents } from './watchEvents';
import { ownerPath, type OwnerKind, type WorkloadKind } from './workloadResources';

export type ListMeta = { resourceVersion?: string; continue?: string; remainingItemCount?: number };
export type PodList = { kind?: string; apiVersion?: string; metadata: ListMeta; items: Pod[] };
export type Namespace = { metadata?: { name?: string; [k: string]: unknown }; status?: { phase?: string }; [k: string]: unknown };
export type PatchType = PodPatchType;
export const patchContentTypes = podPatchContentTypes;

type Signal = { signal?: AbortSignal };
export type ListPodsOptions = Signal & { limit?: number; continue?: string; labelSelector?: string; fieldSelector?: string; resourceVersion?: string };
export type WatchPodsOptions = Signal & { resourceVersion?: string; allowBookmarks?: boolean; timeoutSeconds?: number; labelSelector?: string; fieldSelector?: string };
export type PatchPodOptions = Signal & { type?: PatchType; dryRun?: boolean; fieldManager?: string; pretty?: boolean; subresource?: 'resize' };

function podsPath(ns: string | undefined): string {
  return ns ? `/api/v1/namespaces/${encodeURIComponent(ns)}/pods` : '/api/v1/pods';
}

export type ListAllPodsOptions = Signal & { pageSize?: number; labelSelector?: string; fieldSelector?: string };

/** One page of a list; `restarted`: the list began again (everything before it is void); `last`: no page follows. */
export type PodListPage = { items: Pod[]; resourceVersion: string; restarted: boolean; last: boolean };

export class PodClient {
  readonly transport: ClusterTransport;

  constructor(readonly context: ResolvedContext, opts: TransportOptions = {}) {
    this.transport = new ClusterTransport(context, opts);
  }

  /** One page of pods (all namespaces when `ns` is undefined). */
  listPods(ns: string | undefined, opts: ListPodsOptions = {}): Promise<PodList> {
    return this.transport.requestJson<PodList>({
      method: 'GET',
      path: podsPath(ns),
      query: { limit: opts.limit, continue: opts.continue, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, resourceVersion: opts.resourceVersion },
      signal: opts.signal,
    });
  }

  /**
   * Every pod, following `continue`; the resourceVersion is the list's (consistent across pages).
   * A continue token that expired (410) restarts as one unpaged list, as client-go's pager does.
   */
  async listAllPods(ns: string | undefined, opts: ListAllPodsOptions = {}): Promise<{ items: Pod[]; resourceVersion: string }> {
    let items: Pod[] = [];
    let resourceVersion = '';
    for await (const page of this.listPodPages(ns, opts)) {
      if (page.restarted) items = [];
      for (const p of page.items) items.push(p);
      resourceVersion = page.resourceVersion;
    }
    return { items, resourceVersion };
  }

  /**
   * The pages of a list as they arrive, so a caller can use (and let go of) each before the next:
   * a page after an expired continue token (410) is the whole list again, marked `restarted`.
   */
  async *listPodPages(ns: string | undefined, opts: ListAllPodsOptions = {}): AsyncGenerator<PodListPage> {
    let cont: string | undefined;
    const pageSize = opts.pageSize ?? 500;
    do {
      let page: PodList;
      try {
        page = await this.listPods(ns, { signal: opts.signal, limit: pageSize, continue: cont, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
      } catch (err) {
        if (cont && err instanceof ApiError && err.code === 410) {
          const full = await this.listPods(ns, { signal: opts.signal, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
          yield { items: full.items ?? [], resourceVersion: full.metadata?.resourceVersion ?? '', restarted: true, last: true };
          return;
        }
        throw err;
      }
      cont = page.metadata?.continue || undefined;
      yield { items: page.items ?? [], resourceVersion: page.metadata?.resourceVersion ?? '', restarted: false, last: !cont };
    } while (cont);
  }

  getPod(ns: string, name: string, opts: Signal = {}): Promise<Pod> {
    return this.transport.requestJson<Pod>({ method: 'GET', path: `${podsPath(ns)}/${encodeURIComponent(name)}`, signal: opts.signal });
  }

  createPod(ns: string, pod: Pod, opts: Signal & { dryRun?: boolean; fieldManager?: string } = {}): Promise<Pod> {
    return this.transport.requestJson<Pod>({
      method: 'POST',
      path: podsPath(ns),
      query: { dryRun: opts.dryRun ? 'All' : undefined, fieldManager: opts.fieldManager ?? 'podpatch' },
      body: pod,
      signal: opts.signal,
    });
  }

  deletePod(ns: string, name: string, opts: Signal & { dryRun?: boolean; gracePeriodSeconds?: number } = {}): Promise<unknown> {
    return this.transport.requestJson<unknown>({
      method: 'DELETE',
      path: `${podsPath(ns)}/${encodeURIComponent(name)}`,
      query: { dryRun: opts.dryRun ? 'All' : undefined, gracePeriodSeconds: opts.gracePeriodSeconds },
      signal: opts.signal,
    });
  }

  /** Sends `patch` as-is; merge patch (application/merge-patch+json) unless another type is asked; `subresource` targets pods/resize. */
  patchPod(ns: string, name: string, patch: unknown, opts: PatchPodOptions = {}): Promise<Pod> {
    const type = opts.type ?? 'merge';
    return this.transport.requestJson<Pod>({
      method: 'PATCH',
      path: `${podsPath(ns)}/${encodeURIComponent(name)}${opts.subresource ? `/${opts.subresource}` : ''}`,
      query: { dryRun: opts.dryRun ? 'All' : undefined, fieldManager: opts.fieldManager ?? 'podpatch', pretty: opts.pretty ? 'true' : undefined },
      body: patch,
      contentType: patchContentTypes[type],
      signal: opts.signal,
    });
  }

  /** A pod owner (apps/v1 or batch/v1 object) as JSON. */
  getWorkload(kind: OwnerKind, ns: string, name: string, opts: Signal = {}): Promise<Pod> {
    return this.transport.requestJson<Pod>({ method: 'GET', path: ownerPath(kind, ns, name), signal: opts.signal });
  }

  /** Patches a workload (merge patch unless asked otherwise), as patchPod does a pod. */
  patchWorkload(kind: WorkloadKind, ns: string, name: string, patch: unknown, opts: Omit<PatchPodOptions, 'subresource'> = {}): Promise<Pod> {
    const type = opts.type ?? 'merge';
    return this.transport.requestJson<Pod>({
      method: 'PATCH',
      path: ownerPath(kind, ns, name),
      query: { dryRun: opts.dryRun ? 'All' : undefined, fieldManager: opts.fieldManager ?? 'podpatch' },
      body: patch,
      contentType: patchContentTypes[type],
      signal: opts.signal,
    });
  }

  async listNamespaces(opts: Signal = {}): Promise<Namespace[]> {
    const list = await this.transport.requestJson<{ items?: Namespace[] }>({ method: 'GET', path: '/api/v1/namespaces', signal: opts.signal });
    return list.items ?? [];
  }

  getVersion(opts: Signal = {}): Promise<{ gitVersion?: string; platform?: string; [k: string]: unknown }> {
    return this.transport.requestJson({ method: 'GET', path: '/version', signal: opts.signal });
  }

  /**
   * Watches pods from `resourceVersion`, yielding the events of each received chunk together.
   * Ends when the server closes the stream; throws NetworkError when it is cut off.
   */
  watchPods(ns: string | undefined, opts: WatchPodsOptions = {}): AsyncGenerator<WatchEvent<Pod>[]> {
    return watchEvents<Pod>(this.transport, {
      method: 'GET',
      path: podsPath(ns),
      query: {
        watch: 'true',
        resourceVersion: opts.resourceVersion,
        allowWatchBookmarks: opts.allowBookmarks === false ? undefined : 'true',
        timeoutSeconds: opts.timeoutSeconds,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
      },
      signal: opts.signal,
    }, podsPath(ns));
  }

  dispose(): void {
    void this.transport.dispose();
  }
}

export function createPodClient(ctx: ResolvedContext, opts: TransportOptions = {}): PodClient {
  return new PodClient(ctx, opts);
}
