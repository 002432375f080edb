// The directives of a strategic merge patch (`$patch`, `$retainKeys`, `$setElementOrder/<list>`,
// `$deleteFromPrimitiveList/<list>`) and how upstream's patch.go strips them from values it copies.
import { isPlainObject } from '../pod';
import { errBadPatchFormatForPrimitiveList, errBadPatchFormatForSetElementOrderList } from './strategicMergeErrors';

export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The list a `$setElementOrder/<list>` or `$deleteFromPrimitiveList/<list>` key names (400 when malformed). */
export function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST ? errBadPatchFormatForPrimitiveList() : errBadPatchFormatForSetElementOrderList();
  }
  return s.slice(slash + 1);
}

/** Removes objects carrying `$patch` (and list items that are such objects); answers whether to keep `v`. */
export function removeDirectives(v: unknown): [unknown, boolean] {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const [x, keep] = removeDirectives(item);
      if (keep) out.push(x);
    }
    return [out, true];
  }
  if (!isPlainObject(v)) return [v, true];
  if (hasOwn(v, DIRECTIVE)) return [undefined, false];
  for (const k of Object.keys(v)) {
    const [x, keep] = removeDirectives(v[k]);
    if (keep) v[k] = x;
    else delete v[k];
  }
  return [v, true];
}

export function discardNullValues(v: unknown): void {
  if (Array.isArray(v)) { for (const x of v) discardNullValues(x); return; }
  if (!isPlainObject(v)) return;
  for (const k of Object.keys(v)) {
    if (v[k] === null) delete v[k];
    else discardNullValues(v[k]);
  }
}
