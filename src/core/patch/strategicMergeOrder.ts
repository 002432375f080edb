// How upstream orders a merged list (normalizeElementOrder and its helpers in patch.go, v0.37.2):
// the patch's items in the patch's (or $setElementOrder's) order, the items only the server has
// in the server's order, interleaved so both keep their relative order. Upstream finds positions
// by scanning lists (quadratic on long lists); here every position comes from a hash map.
import { isPlainObject } from '../pod';
import { comparable, goFormat, goTypeOf, GoPanic, hashable } from './goValues';
import { goSliceStable } from './goSort';
import { DIRECTIVE } from './strategicMergeDirectives';
import { errBadArgType, errNoListOfLists, errNoMergeKey, errOther } from './strategicMergeErrors';

/** A goTypeOf answer for a list's items: 'map' or a scalar type. */
export type Kind = string;

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function partitionPrimitives(list: unknown[], by: unknown[]): [unknown[], unknown[]] {
  const present = new Set(by.map(hashable));
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) (present.has(hashable(v)) ? inPatch : serverOnly).push(v);
  return [inPatch, serverOnly];
}

export function partitionMaps(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const find = mapFinder(by, mergeKey);
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    if (!isPlainObject(v)) throw errBadArgType('map', v);
    if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (find(v[mergeKey]) >= 0 ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** findMapInSliceBasedOnKeyValue as a hash lookup, failing where upstream's scan would meet a non-map first. */
function mapFinder(list: unknown[], mergeKey: string): (value: unknown) => number {
  const at = new Map<unknown, number>();
  let firstNonMap = Infinity;
  list.forEach((item, i) => {
    if (!isPlainObject(item)) { firstNonMap = Math.min(firstNonMap, i); return; }
    if (!hasOwn(item, mergeKey)) return;
    const key = comparable(item[mergeKey]);
    if (!at.has(key)) at.set(key, i);
  });
  return (value) => {
    const i = at.get(comparable(value)) ?? -1;
    if (firstNonMap < (i < 0 ? Infinity : i)) throw errOther(`value for key ${firstNonMap} is not a map`);
    return i;
  };
}

/** upstream's index(): position of the first item with the same merge key value (or the same value). */
function indexer(list: unknown[], mergeKey: string, kind: Kind): (item: unknown) => number {
  const keyOf = (item: unknown) => (kind === 'map' ? (isPlainObject(item) ? comparable(item[mergeKey]) : null) : comparable(item));
  const at = new Map<unknown, number>();
  list.forEach((item, i) => {
    const key = keyOf(item);
    if (!at.has(key)) at.set(key, i);
  });
  return (item) => at.get(keyOf(item)) ?? -1;
}

export function normalizeElementOrder(patch: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string, kind: Kind): unknown[] {
  const sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

/** Sorts by position in `order`, deletions last; upstream's less answers true for an item `order` lacks. */
function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: Kind): unknown[] {
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    [toSort, toDelete] = extractToDeleteItems(toSort);
  }
  const indexOf = indexer(order, mergeKey, kind);
  const keyed = toSort.map((item) => ({ item, at: indexOf(item) }));
  const sorted = keyed.every((k) => k.at >= 0)
    ? keyed.sort((a, b) => a.at - b.at) // a strict order: any stable sort gives Go's result
    : goSliceStable(keyed, (a, b) => (a.at >= 0 && b.at >= 0 ? a.at < b.at : true));
  return [...sorted.map((k) => k.item), ...toDelete];
}

/** Interleaves server-only items (left) into the patch's (right), keeping both relative orders. */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: Kind): unknown[] {
  const indexOf = indexer(serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) { out.push(right[j++]); continue; }
    if (j >= right.length) { out.push(left[i++]); continue; }
    const li = indexOf(left[i]);
    const ri = indexOf(right[j]);
    if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
    else out.push(right[j++]);
  }
  return out;
}

function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isPlainObject(item)) throw errBadArgType('map', item);
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

export function extractToDeleteItems(list: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of list) {
    if (!isPlainObject(v)) throw errBadArgType('map', v);
    (v[DIRECTIVE] === 'delete' ? toDelete : keep).push(v);
  }
  return [keep, toDelete];
}

/** sliceElementType: every item of the lists has one Go type, and it is not a list. */
export function sliceElementKind(lists: unknown[][]): Kind {
  let kind: Kind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = goTypeOf(v);
      if (kind === undefined) {
        if (t === 'nil') throw new GoPanic('runtime error: invalid memory address or nil pointer dereference');
        if (t === 'slice') throw errNoListOfLists();
        kind = t;
      } else if (t !== kind) {
        throw errOther(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (kind === undefined) throw errOther('no elements in any of the given slices');
  return kind;
}
