// Three-way re-application of a user's edits after a 409 Conflict: the user edited `edited`
// from `base`, the server meanwhile moved to `latest`. The result is `latest` with every change
// the user made; where both sides changed the same value differently the user's value wins and
// the path is reported, so nothing the user typed is lost and nothing the server did is hidden.
// Lists are merged item by item when all three have the same length (a label added by the
// server next to an image the user changed both survive); otherwise the user's list wins.
import type { Pod } from '../pod';
import { formatFieldPath, type FieldKey } from '../yaml/fieldPath';
import { isPlainObject } from '../pod';
import { deepEqualJson } from './jsonEquality';
import { isServerOwnedPath } from './serverOwnedFields';

export type RebaseConflict = { path: string; base: unknown; mine: unknown; theirs: unknown };

export type RebaseResult = {
  /** latest + the user's edits */
  merged: Pod;
  /** Leaf paths the user changed (base → edited). */
  userChanges: string[];
  /** Leaf paths the server changed (base → latest), with latest's value (`present: false` = removed). */
  serverChanges: { path: string; segments: FieldKey[]; present: boolean; value?: unknown }[];
  /** Paths both sides changed to different values; `merged` holds the user's value there. */
  conflicts: RebaseConflict[];
};

const ABSENT = Symbol('absent');
type Slot = unknown | typeof ABSENT;


export function rebaseEdits(base: Pod, edited: Pod, latest: Pod): RebaseResult {
  const conflicts: RebaseConflict[] = [];
  const merged = merge3(base, edited, latest, [], conflicts);
  return {
    merged: merged as Pod,
    userChanges: changedPaths(base, edited).map((c) => c.path),
    serverChanges: changedPaths(base, latest),
    conflicts,
  };
}

// Fields the server owns: always the latest value, whatever the buffer says.
function isServerOwned(path: readonly FieldKey[]): boolean {
  return isServerOwnedPath(formatFieldPath(path));
}

function merge3(b: Slot, m: Slot, t: Slot, path: FieldKey[], conflicts: RebaseConflict[]): Slot {
  if (isServerOwned(path)) return t;
  if (same(m, b)) return t;
  if (same(t, b) || same(m, t)) return m;
  if (isPlainObject(b) && isPlainObject(m) && isPlainObject(t)) {
    const out: Record<string, unknown> = {};
    // Keep latest's key order, then the user's new keys.
    const keys = [...new Set([...Object.keys(t), ...Object.keys(m), ...Object.keys(b)])];
    for (const k of keys) {
      const v = merge3(slot(b, k), slot(m, k), slot(t, k), [...path, k], conflicts);
      if (v !== ABSENT) out[k] = v;
    }
    return out;
  }
  if (Array.isArray(b) && Array.isArray(m) && Array.isArray(t) && b.length === m.length && m.length === t.length) {
    return b.map((_, i) => {
      const v = merge3(b[i], m[i], t[i], [...path, i], conflicts);
      return v === ABSENT ? null : v;
    });
  }
  conflicts.push({ path: formatFieldPath(path), base: plain(b), mine: plain(m), theirs: plain(t) });
  return m;
}

function slot(o: Record<string, unknown>, k: string): Slot {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : ABSENT;
}

function same(a: Slot, b: Slot): boolean {
  if (a === ABSENT || b === ABSENT) return a === b;
  return deepEqualJson(a, b);
}

function plain(v: Slot): unknown {
  return v === ABSENT ? undefined : v;
}

/** Leaf-level differences from `from` to `to`: descends objects and same-length lists. */
export function changedPaths(from: unknown, to: unknown): { path: string; segments: FieldKey[]; present: boolean; value?: unknown }[] {
  const out: { path: string; segments: FieldKey[]; present: boolean; value?: unknown }[] = [];
  const visit = (a: Slot, b: Slot, path: FieldKey[]): void => {
    if (same(a, b)) return;
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) visit(slot(a, k), slot(b, k), [...path, k]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((_, i) => visit(a[i], b[i], [...path, i]));
      return;
    }
    out.push(b === ABSENT ? { path: formatFieldPath(path), segments: path, present: false } : { path: formatFieldPath(path), segments: path, present: true, value: b });
  };
  visit(from, to, []);
  return out;
}
