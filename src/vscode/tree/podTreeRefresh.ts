// Which tree nodes a model change makes stale, and a throttle that hands them to the view at most
// once per interval (leading edge: a lone change shows at once). Free of `vscode` so the path from
// a watch batch to the view's refresh can be benchmarked (bench/extension.ts).
import type { PodSummary } from '../../core/podSummary';
import type { ModelChange } from './podTreeModel';

export type RefreshTarget =
  | { kind: 'context'; context: string }
  | { kind: 'namespace'; context: string; namespace: string }
  | { kind: 'owner'; context: string; namespace: string; ownerKind: string; ownerName: string }
  | { kind: 'pod'; context: string; namespace: string; name: string };

/** A namespace (or owner group) with more pods than this lists them in pages of this many (each resolved when expanded). */
export const podsPerPage = 1000;

/** The pages of a sorted pod list: [start, end) index ranges of at most `podsPerPage`. */
export function pageRanges(count: number): [number, number][] {
  if (count <= podsPerPage) return [[0, count]];
  const out: [number, number][] = [];
  for (let start = 0; start < count; start += podsPerPage) out.push([start, Math.min(count, start + podsPerPage)]);
  return out;
}

/** Past this many changed rows, refreshing their namespaces is cheaper than naming each row. */
export const maxRowRefreshes = 200;

export type RefreshOptions = {
  filtering: boolean;
  isResolved(namespace: string): boolean;
  /** When pods are grouped by owner: the owner node a row sits under (undefined: directly under its namespace). */
  ownerGroupOf?(row: PodSummary): { kind: string; name: string } | undefined;
};

/**
 * The nodes to refresh after `change`: the context when namespaces came or went (or a filter may
 * hide some), each namespace whose pod list changed (its count changes, so not just an owner group
 * in it), and each changed row the view has shown; past `maxRowRefreshes` rows, each group holding
 * them: its owner node when grouped (other owners' open pages stay as they are), else its namespace.
 */
export function planRefresh(context: string, change: ModelChange, opts: RefreshOptions): RefreshTarget[] {
  const out: RefreshTarget[] = [];
  if (change.namespaceList || opts.filtering) out.push({ kind: 'context', context });
  for (const namespace of change.membership) out.push({ kind: 'namespace', context, namespace });
  const rows = change.rows.filter((s) => !change.membership.has(s.namespace) && opts.isResolved(s.namespace));
  if (rows.length > maxRowRefreshes) {
    const groups = new Map<string, RefreshTarget>();
    for (const s of rows) {
      const owner = opts.ownerGroupOf?.(s);
      const group: RefreshTarget = owner ? { kind: 'owner', context, namespace: s.namespace, ownerKind: owner.kind, ownerName: owner.name } : { kind: 'namespace', context, namespace: s.namespace };
      groups.set(JSON.stringify(owner ? [s.namespace, owner.kind, owner.name] : [s.namespace]), group);
    }
    // A namespace refreshed whole takes its owner groups with it.
    out.push(...[...groups.values()].filter((t) => t.kind !== 'owner' || !groups.has(JSON.stringify([t.namespace]))));
  } else {
    for (const s of rows) out.push({ kind: 'pod', context, namespace: s.namespace, name: s.name });
  }
  return out;
}

/** Collects items and delivers them together, at most once per `intervalMs`; `all` supersedes items. */
export class RefreshThrottle<T> {
  private items = new Set<T>();
  private all = false;
  private timer: NodeJS.Timeout | undefined;
  private lastFire = -Infinity;

  constructor(private readonly deliver: (items: T[] | 'all') => void, private readonly intervalMs: number, private readonly now: () => number = () => performance.now()) {}

  add(items: Iterable<T>): void {
    for (const i of items) this.items.add(i);
    this.arm();
  }

  addAll(): void {
    this.all = true;
    this.arm();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer) return;
    // Never synchronously: changes that arrive in the same tick belong to one refresh.
    const wait = Math.max(0, this.lastFire + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    this.lastFire = this.now();
    const { all, items } = this;
    this.all = false;
    this.items = new Set();
    if (all) this.deliver('all');
    else if (items.size) this.deliver([...items]);
  }
}
