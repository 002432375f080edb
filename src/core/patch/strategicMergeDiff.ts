// Computing a strategic merge patch as kubectl does (`kubectl edit`, CreateTwoWayMergePatch with a
// v1.Pod): a port of diffMaps and its helpers in k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
// (v0.37.2) with DiffOptions{SetElementOrder: true}. Keyed lists send only changed items (plus
// `$patch: delete` items and a `$setElementOrder` list), primitive merge lists (finalizers) send
// additions plus a `$deleteFromPrimitiveList` list, and retainKeys lists (volumes, resourceClaims)
// send `$retainKeys` in each changed item.
import { isPlainObject } from '../pod';
import { compareGoStrings, goFormat, goTypeOf } from './goValues';
import { goSortByText } from './goSort';
import { deepEqualJson } from './jsonEquality';
import { lookupField, lookupListField, POD_SCHEMA, SchemaLookupError, splitStrategies, type SchemaType } from './podPatchSchema';
import { DELETE_FROM_PRIMITIVE_LIST, DIRECTIVE, RETAIN_KEYS, SET_ELEMENT_ORDER } from './strategicMergeDirectives';
import { sliceElementKind } from './strategicMergeOrder';
import { errBadArgType, errNoListOfLists, errNoMergeKey, errOther } from './strategicMergeErrors';

type Obj = Record<string, unknown>;

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** CreateTwoWayMergePatch(original, modified, v1.Pod): the patch turning original into modified ({} when equal). */
export function createTwoWayMergeMapPatch(original: Obj, modified: Obj, schema: SchemaType = POD_SCHEMA): Obj {
  return diffMaps(original, modified, schema, false);
}

function diffMaps(original: Obj, modified: Obj, schema: SchemaType, buildRetainKeys: boolean): Obj {
  const patch: Obj = {};
  const retainKeys: string[] = [];
  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key];
    if (modifiedValue === undefined) continue;
    if (buildRetainKeys && modifiedValue !== null) retainKeys.push(key);
    if (!hasOwn(original, key) || original[key] === undefined) { patch[key] = modifiedValue; continue; }
    const originalValue = original[key];
    if (key === DIRECTIVE) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') throw errOther(`invalid value for special key: ${DIRECTIVE}`);
      if (originalValue !== modifiedValue) patch[DIRECTIVE] = modifiedValue;
      continue;
    }
    const type = goTypeOf(originalValue);
    if (type !== goTypeOf(modifiedValue)) { patch[key] = modifiedValue; continue; }
    if (type === 'map') diffMapField(key, originalValue as Obj, modifiedValue as Obj, patch, schema);
    else if (type === 'slice') diffListField(key, originalValue as unknown[], modifiedValue as unknown[], patch, schema);
    else if (!deepEqualJson(originalValue, modifiedValue)) patch[key] = modifiedValue;
  }
  for (const key of Object.keys(original)) {
    if (original[key] !== undefined && (!hasOwn(modified, key) || modified[key] === undefined)) patch[key] = null;
  }
  if (retainKeys.length && (Object.keys(patch).length || hasAdditionalNewField(original, modified))) {
    patch[RETAIN_KEYS] = retainKeys.sort(compareGoStrings);
  }
  return patch;
}

/** Upstream's lookups fail for fields the schema lacks; that only matters when the values differ. */
function lookupOrSkip<T>(lookup: () => T, originalValue: unknown, modifiedValue: unknown): T | undefined {
  try {
    return lookup();
  } catch (err) {
    if (err instanceof SchemaLookupError && deepEqualJson(originalValue, modifiedValue)) return undefined;
    throw err;
  }
}

function diffMapField(key: string, originalValue: Obj, modifiedValue: Obj, patch: Obj, schema: SchemaType): void {
  const found = lookupOrSkip(() => lookupField(schema, key), originalValue, modifiedValue);
  if (!found) return;
  const { retainKeys, strategy } = splitStrategies(found.meta.strategies);
  if (strategy === 'replace') { patch[key] = modifiedValue; return; }
  const sub = diffMaps(originalValue, modifiedValue, found.type, retainKeys);
  if (Object.keys(sub).length) patch[key] = sub;
}

function diffListField(key: string, originalValue: unknown[], modifiedValue: unknown[], patch: Obj, schema: SchemaType): void {
  const found = lookupOrSkip(() => lookupListField(schema, key), originalValue, modifiedValue);
  if (!found) return;
  const { retainKeys, strategy } = splitStrategies(found.meta.strategies);
  if (strategy !== 'merge') {
    if (!deepEqualJson(originalValue, modifiedValue)) patch[key] = modifiedValue;
    return;
  }
  const { add, remove, order } = diffLists(originalValue, modifiedValue, found.type, found.meta.mergeKey, retainKeys);
  if (add.length) patch[key] = add;
  if (remove.length) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = remove;
  if (order.length) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

function diffLists(original: unknown[], modified: unknown[], schema: SchemaType, mergeKey: string, retainKeys: boolean): { add: unknown[]; remove: unknown[]; order: unknown[] } {
  if (original.length === 0) return { add: modified, remove: [], order: [] };
  const kind = sliceElementKind([original, modified]);
  if (kind === 'slice') throw errNoListOfLists();
  if (kind === 'map') {
    const { changed, deleted } = diffListsOfMaps(original, modified, schema, mergeKey, retainKeys);
    const add = [...sortByModifiedOrder(changed, modified, mergeKey), ...deleted];
    const reordered = !isOrderSame(original, modified, mergeKey);
    const order = add.length || reordered ? modified.map((v) => ({ [mergeKey]: (v as Obj)[mergeKey] })) : [];
    return { add, remove: [], order };
  }
  const { add, remove, sortedOriginal } = diffListsOfScalars(original, modified);
  const position = new Map<unknown, number>();
  modified.forEach((v, i) => { if (!position.has(v)) position.set(v, i); });
  const sortedAdd = add.map((v) => ({ v, at: position.get(v) ?? -1 })).sort((a, b) => a.at - b.at).map((x) => x.v);
  // Upstream sorts `original` in place before this comparison, so an unsorted list that did not
  // change still sends its order.
  const order = remove.length || !deepEqualJson(sortedOriginal, modified) ? modified : [];
  return { add: sortedAdd, remove, order };
}

/** normalizeSliceOrder(patchList, modified): every item here is in modified, so a plain stable sort. */
function sortByModifiedOrder(items: Obj[], modified: unknown[], mergeKey: string): unknown[] {
  for (const list of [items, modified]) {
    for (const item of list) {
      if (!isPlainObject(item)) throw errBadArgType('map', item);
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
  const position = new Map<unknown, number>();
  modified.forEach((v, i) => { const k = (v as Obj)[mergeKey]; if (!position.has(k)) position.set(k, i); });
  return items.map((v) => ({ v, at: position.get(v[mergeKey]) ?? -1 })).sort((a, b) => a.at - b.at).map((x) => x.v);
}

function isOrderSame(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  for (let i = 0; i < modified.length; i++) {
    const [a, b] = [original[i] as Obj, modified[i] as Obj];
    if (!hasOwn(a, mergeKey)) throw errNoMergeKey(a, mergeKey);
    if (!hasOwn(b, mergeKey)) throw errNoMergeKey(b, mergeKey);
    if (a[mergeKey] !== b[mergeKey]) return false;
  }
  return true;
}

/** Walks both lists sorted by the merge key's text, as upstream does (so duplicate keys pair up as there). */
function diffListsOfMaps(original: unknown[], modified: unknown[], schema: SchemaType, mergeKey: string, retainKeys: boolean): { changed: Obj[]; deleted: Obj[] } {
  const text = (m: unknown) => goFormat((m as Obj)[mergeKey]);
  const from = goSortByText(original, text) as Obj[];
  const to = goSortByText(modified, text) as Obj[];
  const changed: Obj[] = [];
  const deleted: Obj[] = [];
  let i = 0;
  let j = 0;
  while (i < from.length || j < to.length) {
    if (i < from.length && !hasOwn(from[i], mergeKey)) throw errNoMergeKey(from[i], mergeKey);
    if (j < to.length && !hasOwn(to[j], mergeKey)) throw errNoMergeKey(to[j], mergeKey);
    const cmp = i >= from.length ? 1 : j >= to.length ? -1 : compareGoStrings(text(from[i]), text(to[j]));
    if (cmp === 0) {
      const sub = diffMaps(from[i], to[j], schema, retainKeys);
      if (Object.keys(sub).length) changed.push({ ...sub, [mergeKey]: to[j][mergeKey] });
      i++;
      j++;
    } else if (cmp > 0) {
      changed.push(to[j++]);
    } else {
      deleted.push({ [mergeKey]: from[i++][mergeKey], [DIRECTIVE]: 'delete' });
    }
  }
  return { changed, deleted };
}

/** Additions and removals between two lists of scalars, compared by their `%v` text as upstream does. */
function diffListsOfScalars(original: unknown[], modified: unknown[]): { add: unknown[]; remove: unknown[]; sortedOriginal: unknown[] } {
  const from = goSortByText(original, goFormat);
  const to = goSortByText(modified, goFormat);
  const add: unknown[] = [];
  const remove: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < from.length || j < to.length) {
    const cmp = i >= from.length ? 1 : j >= to.length ? -1 : compareGoStrings(goFormat(from[i]), goFormat(to[j]));
    if (cmp === 0) { i++; j++; } else if (cmp > 0) add.push(to[j++]); else remove.push(from[i++]);
  }
  return { add, remove: deduplicateScalars(remove), sortedOriginal: from };
}

/** upstream's deduplicateScalars, whose swap-with-last changes the order; quadratic only when there are duplicates. */
function deduplicateScalars(list: unknown[]): unknown[] {
  if (new Set(list).size === list.length) return list;
  const s = list.slice();
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) { s[j] = s[length]; s.length = length; length--; j--; }
    }
  }
  return s;
}

function hasAdditionalNewField(original: Obj, modified: Obj): boolean {
  return Object.keys(original).some((k) => original[k] !== null && original[k] !== undefined && !hasOwn(modified, k));
}
