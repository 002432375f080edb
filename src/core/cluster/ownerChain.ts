// A pod's controller chain (ReplicaSet web-7d9c6b5f8 → Deployment web; Job → CronJob), followed
// through each owner's own controller ownerReference with GETs on apps/v1 and batch/v1. One cache
// per context: an object's controller never changes while it exists, so an answer is kept for a
// short time (a deleted and recreated owner of the same name is seen again after `ttlMs`), and
// concurrent asks for the same owner share one request.
import { ApiError } from './apiError';
import { isOwnerKind, isWorkloadKind, type OwnerKind, type WorkloadKind } from './workloadResources';

export type OwnerLink = { kind: string; name: string };

/** GETs one owner object (PodClient.getWorkload). */
export type FetchOwner = (kind: OwnerKind, namespace: string, name: string, signal: AbortSignal) => Promise<{ metadata?: { ownerReferences?: unknown[] | null } }>;

type Entry = { next: OwnerLink | null; expires: number };

const maxDepth = 5;

export class OwnerChains {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<OwnerLink | null>>();

  constructor(private readonly fetchOwner: FetchOwner, private readonly opts: { ttlMs?: number; now?: () => number } = {}) {}

  /** The chain from `ref` (the pod's controller) up, from the cache alone; undefined when a link is not known yet. */
  cached(namespace: string, ref: OwnerLink): OwnerLink[] | undefined {
    const chain = [ref];
    for (let link = ref; chain.length <= maxDepth; ) {
      if (!isOwnerKind(link.kind)) return chain;
      const entry = this.entries.get(key(namespace, link));
      if (!entry || entry.expires <= this.now()) return undefined;
      if (!entry.next) return chain;
      chain.push(entry.next);
      link = entry.next;
    }
    return chain;
  }

  /** The chain from `ref` up, fetching the links not cached. A link that cannot be read ends the chain. */
  async resolve(namespace: string, ref: OwnerLink, signal: AbortSignal): Promise<OwnerLink[]> {
    const chain = [ref];
    for (let link = ref; chain.length <= maxDepth && isOwnerKind(link.kind); ) {
      const next = await this.controllerOf(namespace, link as OwnerLink & { kind: OwnerKind }, signal);
      if (!next) break;
      chain.push(next);
      link = next;
    }
    return chain;
  }

  /** Forgets everything (the context's cluster changed, or a refresh was asked for). */
  clear(): void {
    this.entries.clear();
  }

  private async controllerOf(namespace: string, link: OwnerLink & { kind: OwnerKind }, signal: AbortSignal): Promise<OwnerLink | null> {
    const k = key(namespace, link);
    const entry = this.entries.get(k);
    if (entry && entry.expires > this.now()) return entry.next;
    let request = this.pending.get(k);
    if (!request) {
      request = this.fetchController(namespace, link, signal);
      this.pending.set(k, request);
      void request.then(() => this.pending.delete(k), () => this.pending.delete(k));
    }
    return request;
  }

  private async fetchController(namespace: string, link: OwnerLink & { kind: OwnerKind }, signal: AbortSignal): Promise<OwnerLink | null> {
    let next: OwnerLink | null;
    try {
      const owner = await this.fetchOwner(link.kind, namespace, link.name, signal);
      next = controllerRef(owner.metadata?.ownerReferences);
    } catch (err) {
      if (!(err instanceof ApiError && (err.code === 404 || err.code === 403))) throw err;
      next = null; // gone or not ours to read: the chain ends here (kept, like any answer, for ttlMs)
    }
    this.entries.set(key(namespace, link), { next, expires: this.now() + (this.opts.ttlMs ?? 30_000) });
    return next;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

/** The controller among ownerReferences (controller: true), as kubectl and the GC read it. */
export function controllerRef(refs: unknown): OwnerLink | null {
  if (!Array.isArray(refs)) return null;
  const ref = refs.find((r) => typeof r === 'object' && r !== null && (r as { controller?: unknown }).controller === true) as { kind?: unknown; name?: unknown } | undefined;
  return ref && typeof ref.kind === 'string' && typeof ref.name === 'string' ? { kind: ref.kind, name: ref.name } : null;
}

/** The owner whose pod template makes the pod: the topmost editable kind (a Deployment, not its ReplicaSet; a Job, not its CronJob). */
export function templateOwner(chain: readonly OwnerLink[]): (OwnerLink & { kind: WorkloadKind }) | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const link = chain[i];
    if (isWorkloadKind(link.kind)) return link as OwnerLink & { kind: WorkloadKind };
  }
  return undefined;
}

/** "ReplicaSet web-7d9c6b5f8 → Deployment web". */
export function describeChain(chain: readonly OwnerLink[]): string {
  return chain.map((l) => `${l.kind} ${l.name}`).join(' → ');
}

function key(namespace: string, link: OwnerLink): string {
  return `${namespace}\u0000${link.kind}\u0000${link.name}`;
}
