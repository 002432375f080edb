// What a pod list view keeps of each pod (name, namespace, owner, phase, status reason, ready,
// restarts, age, node, IP, images), taken on arrival so the rest of the pod (managedFields, specs,
// full status: 5-10 KB of JSON in a real cluster) can be collected at once, as client-go informers'
// transform functions (cache.TransformFunc) do. Strings repeated across pods (namespaces, nodes,
// images, owners, phases) are shared through a pool, and every kept string is detached from the
// text it was parsed from. The whole pod is fetched again when a
// document opens.
import type { Pod } from './pod';
import { podStatusColumns } from './podStatusColumns';
import { podResizeSummary, type PodResizeSummary } from './resizeProgress';

export type PodOwner = { kind: string; name: string };

export type PodSummary = {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  /** The controller owner (ownerReferences with controller: true), e.g. ReplicaSet web-7d9c6b5f8. */
  owner?: PodOwner;
  phase: string;
  /** kubectl's STATUS column (ErrImagePull, CrashLoopBackOff, Terminating, Init:1/2, ...). */
  reason: string;
  ready: number;
  total: number;
  restarts: number;
  /** creationTimestamp in ms since epoch (0 when unknown); AGE is computed when shown. */
  createdAt: number;
  node: string;
  ip: string;
  images: string[];
  /** An in-place resize the server reports (PodResizePending / PodResizeInProgress); absent when none. */
  resize?: PodResizeSummary;
};

/**
 * A copy of `s` that does not keep its source alive: V8 makes strings that JSON.parse takes from a
 * large text slices of that text, so keeping a pod's 36-character uid would keep the whole page of
 * the list (megabytes) reachable. Concatenating, then slicing, flattens into a string of its own.
 */
export function detachedString(s: string): string {
  return (s + ' ').slice(0, -1);
}

/** Canonical copies of strings many pods share; forgets everything when it grows past `max`. */
export class StringPool {
  private readonly pool = new Map<string, string>();
  constructor(private readonly max = 100_000) {}
  get(s: string): string {
    const hit = this.pool.get(s);
    if (hit !== undefined) return hit;
    if (this.pool.size >= this.max) this.pool.clear();
    const own = detachedString(s);
    this.pool.set(own, own);
    return own;
  }
  get size(): number { return this.pool.size; }
}

const sharedPool = new StringPool();

type Status = { phase?: string; podIP?: string; podIPs?: { ip?: string }[] };
type OwnerRef = { kind?: string; name?: string; controller?: boolean };

/** The summary of `pod`; `pool` shares repeated strings (a module-wide pool by default). */
export function summarizePod(pod: Pod, pool: StringPool = sharedPool): PodSummary {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? {};
  const status = (pod.status ?? {}) as Status;
  const columns = podStatusColumns(pod);
  const ref = ((meta.ownerReferences ?? []) as OwnerRef[]).find((r) => r.controller === true);
  const created = typeof meta.creationTimestamp === 'string' ? Date.parse(meta.creationTimestamp) : NaN;
  const images: string[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) if (typeof c?.image === 'string') images.push(pool.get(c.image));
  const summary: PodSummary = {
    namespace: pool.get(String(meta.namespace ?? '')),
    name: detachedString(String(meta.name ?? '')),
    uid: detachedString(String(meta.uid ?? '')),
    resourceVersion: detachedString(String(meta.resourceVersion ?? '')),
    phase: pool.get(String(status.phase ?? '')),
    reason: pool.get(columns.reason),
    ready: columns.ready,
    total: columns.total,
    restarts: columns.restarts,
    createdAt: Number.isNaN(created) ? 0 : created,
    node: pool.get(String(spec.nodeName ?? '')),
    ip: detachedString(String(status.podIPs?.[0]?.ip ?? status.podIP ?? '')),
    images,
  };
  if (ref?.kind && ref.name) summary.owner = { kind: pool.get(ref.kind), name: pool.get(ref.name) };
  const resize = podResizeSummary(status);
  if (resize) summary.resize = detachedResize(resize, pool);
  return summary;
}

function detachedResize(r: PodResizeSummary, pool: StringPool): PodResizeSummary {
  const out: PodResizeSummary = { state: r.state };
  if (r.reason) out.reason = pool.get(r.reason);
  if (r.message) out.message = detachedString(r.message);
  return out;
}

/** For a watch cache that keeps only summaries (see PodWatchCache's `transform`). */
export const podSummaryTransform = {
  apply: (pod: Pod): PodSummary => summarizePod(pod),
  resourceVersion: (s: PodSummary): string => s.resourceVersion,
};
