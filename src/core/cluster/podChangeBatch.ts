// Collects store changes between two deliveries and folds repeated changes of one pod into the
// one change a subscriber needs (added then modified = added; added then deleted = nothing).
// `T` is what the store keeps of a pod: the whole pod, or what a transform made of it.
import type { Pod } from '../pod';

export type PodChangeBatch<T = Pod> = { added: T[]; modified: T[]; deleted: T[] };
type Kind = 'added' | 'modified' | 'deleted';

export class PodChangeAccumulator<T = Pod> {
  private readonly changes = new Map<string, { kind: Kind; pod: T }>();

  get size(): number {
    return this.changes.size;
  }

  record(key: string, kind: Kind, pod: T): void {
    const prev = this.changes.get(key);
    if (!prev) { this.changes.set(key, { kind, pod }); return; }
    if (prev.kind === 'added') {
      if (kind === 'deleted') this.changes.delete(key);
      else this.changes.set(key, { kind: 'added', pod });
    } else if (prev.kind === 'modified') {
      this.changes.set(key, { kind: kind === 'deleted' ? 'deleted' : 'modified', pod });
    } else {
      // deleted, then seen again: the subscriber still holds the old object, so it is a modification
      this.changes.set(key, { kind: kind === 'deleted' ? 'deleted' : 'modified', pod });
    }
  }

  take(): PodChangeBatch<T> {
    const batch: PodChangeBatch<T> = { added: [], modified: [], deleted: [] };
    for (const { kind, pod } of this.changes.values()) batch[kind].push(pod);
    this.changes.clear();
    return batch;
  }
}
