// The pod tree's data for one context: namespace → pod summaries, kept current from watch batches
// in time proportional to the batch (not to the cluster), with each namespace's sorted list rebuilt
// only when it is asked for after a pod came or went. Free of `vscode` (see bench/extension.ts).
import type { Pod } from '../core/pod';
import { summarizePod, type PodSummary } from './podSummary';

export type PodBatch = { added: Pod[]; modified: Pod[]; deleted: Pod[] };

/** What a batch changed, so the view refreshes only that. */
export type ModelChange = {
  /** Namespaces that gained or lost pods (their child list and count change). */
  membership: Set<string>;
  /** Pods whose row changed in place. */
  rows: PodSummary[];
  /** Namespaces appeared or disappeared (the context's child list changes). */
  namespaceList: boolean;
};

class NamespacePods {
  readonly byName = new Map<string, PodSummary>();
  private sorted: PodSummary[] | undefined;

  upsert(s: PodSummary): boolean {
    const isNew = !this.byName.has(s.name);
    this.byName.set(s.name, s);
    if (isNew) this.sorted = undefined;
    else if (this.sorted) {
      // Same name, same slot: swap the row in the sorted list without re-sorting.
      const i = indexOfName(this.sorted, s.name);
      if (i >= 0) this.sorted[i] = s;
    }
    return isNew;
  }

  remove(name: string): boolean {
    if (!this.byName.delete(name)) return false;
    this.sorted = undefined;
    return true;
  }

  list(): PodSummary[] {
    if (!this.sorted) this.sorted = [...this.byName.values()].sort((a, b) => compare(a.name, b.name));
    return this.sorted;
  }
}

export class PodTreeModel {
  private readonly namespaces = new Map<string, NamespacePods>();
  private namespaceNames: string[] | undefined;

  /** Replaces everything with a full list (initial sync). */
  reset(pods: Iterable<Pod>): void {
    this.namespaces.clear();
    this.namespaceNames = undefined;
    for (const pod of pods) this.upsert(summarizePod(pod));
  }

  apply(batch: PodBatch): ModelChange {
    const change: ModelChange = { membership: new Set(), rows: [], namespaceList: false };
    const namespacesBefore = this.namespaces.size;
    for (const pod of [...batch.added, ...batch.modified]) {
      const s = summarizePod(pod);
      if (this.upsert(s)) change.membership.add(s.namespace);
      else change.rows.push(s);
    }
    for (const pod of batch.deleted) {
      const ns = pod.metadata?.namespace ?? '';
      const pods = this.namespaces.get(ns);
      if (!pods?.remove(pod.metadata?.name ?? '')) continue;
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
  pods(namespace: string, filter?: string): PodSummary[] {
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

function indexOfName(sorted: PodSummary[], name: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compare(sorted[mid].name, name);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
