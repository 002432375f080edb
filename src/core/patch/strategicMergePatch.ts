// Kubernetes strategic merge patch (application/strategic-merge-patch+json) for pods: like a merge
// patch, except that lists with a patch merge key (containers by name, env by name, ...) are merged
// item by item, and the `$patch`, `$setElementOrder/`, `$deleteFromPrimitiveList/` and `$retainKeys`
// directives that kubectl sends are understood.
import { cloneJson, isPlainObject, type Pod } from '../pod';
import { deepEqualJson } from './jsonEquality';
import { stripServerOwnedFields } from './serverOwnedFields';
import type { CreatePatchOptions, MergePatch } from './mergePatch';

/** patchMergeKey of the v1 Pod's merge-strategy lists, by field name (as in k8s.io/api/core/v1 tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  resourceClaims: 'name',
  schedulingGates: 'name',
  topologySpreadConstraints: 'topologyKey',
};
/** Lists of scalars with patchStrategy "merge": items are added, never replaced wholesale. */
const PRIMITIVE_MERGE_LISTS = new Set(['finalizers']);

const ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';

export function createStrategicMergePatch(base: Pod, edited: Pod, opts: CreatePatchOptions = {}): MergePatch | undefined {
  const patch = diffMaps(stripServerOwnedFields(base) as Record<string, unknown>, stripServerOwnedFields(edited) as Record<string, unknown>);
  if (!patch) return undefined;
  if (opts.resourceVersion !== undefined) {
    patch.metadata = { ...(isPlainObject(patch.metadata) ? patch.metadata : {}), resourceVersion: opts.resourceVersion };
  }
  return patch;
}

function diffMaps(from: Record<string, unknown>, to: Record<string, unknown>): MergePatch | undefined {
  const patch: MergePatch = {};
  for (const [key, was] of Object.entries(from)) {
    if (was !== null && was !== undefined && (to[key] === undefined || to[key] === null)) patch[key] = null;
  }
  for (const [key, now] of Object.entries(to)) {
    if (now === null || now === undefined) continue;
    const was = from[key];
    if (deepEqualJson(was, now)) continue;
    if (isPlainObject(was) && isPlainObject(now)) {
      const sub = diffMaps(was, now);
      if (sub) patch[key] = sub;
    } else if (Array.isArray(was) && Array.isArray(now) && MERGE_KEYS[key] && keyedBy(was, MERGE_KEYS[key]) && keyedBy(now, MERGE_KEYS[key])) {
      Object.assign(patch, diffKeyedList(key, MERGE_KEYS[key], was as Record<string, unknown>[], now as Record<string, unknown>[]));
    } else if (Array.isArray(was) && Array.isArray(now) && MERGE_KEYS[key]) {
      // Not mergeable item by item (duplicate or missing keys): replace the whole list explicitly,
      // since a bare list would be merged into the server's.
      patch[key] = [...cloneJson(now), { $patch: 'replace' }];
    } else if (Array.isArray(was) && Array.isArray(now) && PRIMITIVE_MERGE_LISTS.has(key)) {
      const removed = was.filter((x) => !now.some((y) => deepEqualJson(x, y)));
      const added = now.filter((x) => !was.some((y) => deepEqualJson(x, y)));
      patch[ORDER_PREFIX + key] = cloneJson(now);
      if (added.length) patch[key] = cloneJson(added);
      if (removed.length) patch[DELETE_PRIMITIVE_PREFIX + key] = cloneJson(removed);
    } else {
      patch[key] = cloneJson(now);
    }
  }
  return Object.keys(patch).length ? patch : undefined;
}

function diffKeyedList(field: string, mergeKey: string, from: Record<string, unknown>[], to: Record<string, unknown>[]): MergePatch {
  const items: unknown[] = [];
  for (const item of to) {
    const old = from.find((o) => deepEqualJson(o[mergeKey], item[mergeKey]));
    if (!old) items.push(cloneJson(item));
    else {
      const sub = diffMaps(old, item);
      if (sub) items.push({ [mergeKey]: item[mergeKey], ...sub });
    }
  }
  for (const old of from) {
    if (!to.some((n) => deepEqualJson(n[mergeKey], old[mergeKey]))) items.push({ [mergeKey]: old[mergeKey], $patch: 'delete' });
  }
  const out: MergePatch = { [ORDER_PREFIX + field]: to.map((n) => ({ [mergeKey]: n[mergeKey] })) };
  if (items.length) out[field] = items;
  return out;
}

function keyedBy(list: unknown[], mergeKey: string): boolean {
  const seen: unknown[] = [];
  for (const item of list) {
    if (!isPlainObject(item) || item[mergeKey] === undefined || seen.some((s) => deepEqualJson(s, item[mergeKey]))) return false;
    seen.push(item[mergeKey]);
  }
  return true;
}

/** Applies a strategic merge patch to a pod; pure. Throws an Error on a malformed directive. */
export function applyStrategicMergePatch<T = unknown>(target: unknown, patch: unknown): T {
  return applyValue(target, patch, undefined) as T;
}

function applyValue(target: unknown, patch: unknown, field: string | undefined): unknown {
  if (isPlainObject(patch)) return applyMap(isPlainObject(target) ? target : undefined, patch);
  if (Array.isArray(patch) && field !== undefined) {
    if (MERGE_KEYS[field] && Array.isArray(target)) return mergeKeyedList(target, patch, MERGE_KEYS[field]);
    if (MERGE_KEYS[field]) return patch.filter((p) => !(isPlainObject(p) && p.$patch === 'replace')).map((p) => stripDirectives((p)));
    if (PRIMITIVE_MERGE_LISTS.has(field) && Array.isArray(target)) {
      const out = target.slice();
      for (const x of patch) if (!out.some((y) => deepEqualJson(x, y))) out.push(cloneJson(x));
      return out;
    }
  }
  return stripDirectives((patch));
}

function applyMap(target: Record<string, unknown> | undefined, patch: Record<string, unknown>): Record<string, unknown> | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return stripDirectives((withoutKey(patch, '$patch'))) as Record<string, unknown>;
  if (directive !== undefined && directive !== 'merge') throw new Error(`strategic merge patch: unknown $patch directive ${JSON.stringify(directive)}`);
  const result: Record<string, unknown> = { ...(target ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(ORDER_PREFIX)) continue;
    if (key.startsWith(DELETE_PRIMITIVE_PREFIX)) {
      const field = key.slice(DELETE_PRIMITIVE_PREFIX.length);
      if (!Array.isArray(value)) throw new Error(`strategic merge patch: ${key} must be a list`);
      if (Array.isArray(result[field])) result[field] = (result[field] as unknown[]).filter((x) => !value.some((v) => deepEqualJson(v, x)));
      continue;
    }
    if (value === null) { delete result[key]; continue; }
    const merged = applyValue(result[key], value, key);
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(ORDER_PREFIX)) continue;
    const field = key.slice(ORDER_PREFIX.length);
    if (!Array.isArray(order)) throw new Error(`strategic merge patch: ${key} must be a list`);
    if (Array.isArray(result[field])) result[field] = reorder(result[field] as unknown[], order, MERGE_KEYS[field]);
  }
  if (patch.$retainKeys !== undefined) {
    if (!Array.isArray(patch.$retainKeys)) throw new Error('strategic merge patch: $retainKeys must be a list');
    const keep = new Set(patch.$retainKeys.map(String));
    for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
  }
  return result;
}

function mergeKeyedList(target: unknown[], patch: unknown[], mergeKey: string): unknown[] {
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isPlainObject(p) && p.$patch === 'replace')).map((p) => stripDirectives((p)));
  }
  const result = target.slice();
  for (const item of patch) {
    if (!isPlainObject(item) || item[mergeKey] === undefined) {
      throw new Error(`strategic merge patch: list item has no merge key "${mergeKey}"`);
    }
    const at = result.findIndex((t) => isPlainObject(t) && deepEqualJson(t[mergeKey], item[mergeKey]));
    if (item.$patch === 'delete') {
      if (at >= 0) result.splice(at, 1);
      continue;
    }
    if (at >= 0) result[at] = applyMap(result[at] as Record<string, unknown>, item);
    else result.push(applyMap(undefined, item));
  }
  return result;
}

/** $setElementOrder: listed items first in the given order, unlisted (server-side) items after. */
function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = (x: unknown) => (mergeKey && isPlainObject(x) ? x[mergeKey] : x);
  const ordered: unknown[] = [];
  const rest = list.slice();
  for (const o of order) {
    const at = rest.findIndex((x) => deepEqualJson(keyOf(x), keyOf(o)));
    if (at >= 0) ordered.push(rest.splice(at, 1)[0]);
  }
  return [...ordered, ...rest];
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

function withoutKey(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = o;
  return rest;
}
