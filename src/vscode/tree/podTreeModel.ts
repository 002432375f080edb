// The pod tree's data for one context: namespace → pod summaries sorted by name, kept current from
// watch batches in time proportional to the batch, not to the cluster. It holds the summaries the
// watch cache made on arrival (the same objects, never whole pods). Free of `vscode` (see
// bench/extension.ts and bench/treeScale.ts).
import type { PodChangeBatch } from '../../core/cluster/podChangeBatch';
import type { PodSummary } from '../../core/podSummary';

export type PodBatch = PodChangeBatch<PodSummary>;

/** What a batch changed, so the view refreshes only that. */
export type ModelChange = {
  /** Namespaces that gained or lost pods (their child list and count change). */
  membership: Set<string>;
  /** Pods whose row changed in place. */
  rows: PodSummary[];
  /** Namespaces appeared or disappeared (the context's child list changes). */
  namespaceList: boolean;
};

// Pods of one namespace by name, plus the same rows kept sorted by name: a pod that comes or goes
// is one binary search and one splice, never a re-sort of the namespace.
class NamespacePods {
  readonly byName = new Map<string, PodSummary>();
  private readonly sorted: PodSummary[] = [];

  upsert(s: PodSummary): boolean {
    const isNew = !this.byName.has(s.name);
    this.byName.set(s.name, s);
    const i = lowerBound(this.sorted, s.name);
    if (isNew) this.sorted.splice(i, 0, s);
    else this.sorted[i] = s;
    return isNew;
  }

  remove(name: string): boolean {
    if (!this.byName.delete(name)) return false;
    this.sorted.splice(lowerBound(this.sorted, name), 1);
    return true;
  }

  list(): readonly PodSummary[] {
    return this.sorted;
  }
}

export class PodTreeModel {
  private readonly namespaces = new Map<string, NamespacePods>();
  private namespaceNames: string[] | undefined;

  /** Replaces everything with a full list (initial sync). */
  reset(pods: Iterable<PodSummary>): void {
    this.namespaces.clear();
    this.namespaceNames = undefined;
    for (const s of pods) this.upsert(s);
  }

  /** How many pods the model holds. */
  get size(): number {
    let n = 0;
    for (const pods of this.namespaces.values()) n += pods.byName.size;
    return n;
  }

  apply(batch: PodBatch): ModelChange {
    const change: ModelChange = { membership: new Set(), rows: [], namespaceList: false };
    const namespacesBefore = this.namespaces.size;
    for (const s of [...batch.added, ...batch.modified]) {
      if (this.upsert(s)) change.membership.add(s.namespace);
      else change.rows.push(s);
    }
    for (const gone of batch.deleted) {
      const ns = gone.namespace;
      const pods = this.namespaces.get(ns);
      if (!pods?.remove(gone.name)) continue;
      change.membership.add(ns);
      if (pods.byName.size === 0) {
        this.namespaces.delete(ns);
        this.namespaceNames = undefined;
        change.namespaceList = true;
      }
    }
    if (this.namespaces.size !== namespacesBefore) change.namespaceList = true;
    return change;
  }

  namespaceList(): string[] {
    if (!this.namespaceNames) this.namespaceNames = [...this.namespaces.keys()].sort(compare);
    return this.namespaceNames;
  }

  podCount(namespace: string): number {
    return this.namespaces.get(namespace)?.byName.size ?? 0;
  }

  /** The namespace's pods sorted by name, optionally only those whose name contains `filter` (case-insensitive). */
  pods(namespace: string, filter?: string): readonly PodSummary[] {
    const all = this.namespaces.get(namespace)?.list() ?? [];
    if (!filter) return all;
    const needle = filter.toLowerCase();
    return all.filter((s) => s.name.toLowerCase().includes(needle));
  }

  get(namespace: string, name: string): PodSummary | undefined {
    return this.namespaces.get(namespace)?.byName.get(name);
  }

  private upsert(s: PodSummary): boolean {
    let pods = this.namespaces.get(s.namespace);
    if (!pods) {
      pods = new NamespacePods();
      this.namespaces.set(s.namespace, pods);
      this.namespaceNames = undefined;
    }
    return pods.upsert(s);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first index whose name is not below `name` (where it is, or where it goes) in a name-sorted list. */
export function lowerBound(sorted: readonly { readonly name: string }[], name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].name < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
