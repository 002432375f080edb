// RFC 6902 JSON patch (application/json-patch+json): create a list of operations from two pods, and
// apply operations to a document.
import { cloneJson, isPlainObject, type Pod } from '../pod';
import { deepEqualJson } from './jsonEquality';
import { stripServerOwnedFields } from './serverOwnedFields';
import type { CreatePatchOptions } from './mergePatch';

export type Operation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

export class JsonPatchError extends Error {
  override name = 'JsonPatchError';
  constructor(message: string, readonly operationIndex?: number) {
    super(message);
  }
}

/**
 * Operations turning `base` into `edited` (server-owned fields left out). Lists that change length are
 * replaced whole: index-based add/remove would misfire if the server's list moved meanwhile. With a
 * resourceVersion, a leading `test` op makes the patch fail if the pod changed.
 */
export function createJsonPatch(base: Pod, edited: Pod, opts: CreatePatchOptions = {}): Operation[] {
  const ops: Operation[] = [];
  diff(stripServerOwnedFields(base), stripServerOwnedFields(edited), '', ops);
  if (ops.length && opts.resourceVersion !== undefined) {
    ops.unshift({ op: 'test', path: '/metadata/resourceVersion', value: opts.resourceVersion });
  }
  return ops;
}

function diff(from: unknown, to: unknown, pointer: string, ops: Operation[]): void {
  if (deepEqualJson(from, to)) return;
  if (isPlainObject(from) && isPlainObject(to)) {
    for (const key of Object.keys(from)) {
      if (from[key] !== undefined && to[key] === undefined) ops.push({ op: 'remove', path: `${pointer}/${escapeToken(key)}` });
    }
    for (const [key, value] of Object.entries(to)) {
      if (value === undefined) continue;
      const child = `${pointer}/${escapeToken(key)}`;
      if (from[key] === undefined) ops.push({ op: 'add', path: child, value: cloneJson(value) });
      else diff(from[key], value, child, ops);
    }
    return;
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    for (let i = 0; i < to.length; i++) diff(from[i], to[i], `${pointer}/${i}`, ops);
    return;
  }
  ops.push({ op: 'replace', path: pointer, value: cloneJson(to) });
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function parsePointer(pointer: string, index: number): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`operation ${index}: invalid JSON pointer ${JSON.stringify(pointer)}: must start with "/"`, index);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export type JsonPatchLimits = {
  /**
   * Most bytes (as JSON) that `copy` operations may add in one patch, as evanphx/json-patch's
   * AccumulatedCopySizeLimit (the apiserver sets 3 MiB): each copy of a subtree into itself
   * doubles the document, so 30 ops of a 2 KB patch would otherwise need gigabytes.
   */
  maxCopyBytes?: number;
};

/** Applies operations in order; pure. Throws JsonPatchError on a bad op or a failed `test`. */
export function applyJsonPatch<T = unknown>(target: unknown, ops: readonly Operation[], limits: JsonPatchLimits = {}): T {
  if (!Array.isArray(ops)) throw new JsonPatchError('a JSON patch must be a list of operations');
  let doc = cloneJson(target);
  const copied = { bytes: 0, limit: limits.maxCopyBytes ?? Infinity };
  ops.forEach((op, i) => { doc = applyOperation(doc, op, i, copied); });
  return doc as T;
}

function applyOperation(doc: unknown, op: Operation, i: number, copied: { bytes: number; limit: number }): unknown {
  if (!isPlainObject(op) || typeof op.path !== 'string') throw new JsonPatchError(`operation ${i}: must be an object with "op" and "path"`, i);
  const o = op as Record<string, unknown>;
  switch (op.op) {
    case 'add': requireValue(o, i); return put(doc, parsePointer(op.path, i), cloneJson(o.value), 'add', i);
    case 'replace': requireValue(o, i); get(doc, parsePointer(op.path, i), i); return put(doc, parsePointer(op.path, i), cloneJson(o.value), 'replace', i);
    case 'remove': return remove(doc, parsePointer(op.path, i), i).doc;
    case 'test': {
      requireValue(o, i);
      const actual = get(doc, parsePointer(op.path, i), i);
      if (!deepEqualJson(actual, o.value)) throw new JsonPatchError(`operation ${i}: test failed at ${op.path}: expected ${JSON.stringify(o.value)}, found ${JSON.stringify(actual)}`, i);
      return doc;
    }
    case 'move': case 'copy': {
      if (typeof o.from !== 'string') throw new JsonPatchError(`operation ${i}: "${op.op}" needs "from"`, i);
      const from = parsePointer(o.from, i);
      if (op.op === 'move' && o.path !== o.from && (o.path as string).startsWith(o.from + '/')) {
        throw new JsonPatchError(`operation ${i}: cannot move ${o.from} into its own child ${op.path}`, i);
      }
      const source = get(doc, from, i);
      if (op.op === 'copy' && copied.limit !== Infinity) {
        copied.bytes += Buffer.byteLength(JSON.stringify(source) ?? '');
        if (copied.bytes > copied.limit) {
          throw new JsonPatchError(`Unable to complete the copy, the accumulated size increase of copy is ${copied.bytes}, exceeding the limit ${copied.limit}`, i);
        }
      }
      const value = cloneJson(source);
      const base = op.op === 'move' ? remove(doc, from, i).doc : doc;
      return put(base, parsePointer(op.path, i), value, 'add', i);
    }
    default:
      throw new JsonPatchError(`operation ${i}: unknown op ${JSON.stringify((op as { op?: unknown }).op)}`, i);
  }
}

function requireValue(o: Record<string, unknown>, i: number): void {
  if (!('value' in o)) throw new JsonPatchError(`operation ${i}: "${String(o.op)}" needs "value"`, i);
}

function get(doc: unknown, tokens: string[], i: number): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      const idx = arrayIndex(t, cur.length - 1, i);
      cur = cur[idx];
    } else if (isPlainObject(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t];
    else throw new JsonPatchError(`operation ${i}: path /${tokens.join('/')} does not exist`, i);
  }
  return cur;
}

function arrayIndex(token: string, max: number, i: number): number {
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new JsonPatchError(`operation ${i}: invalid list index ${JSON.stringify(token)}`, i);
  const idx = Number(token);
  if (idx > max) throw new JsonPatchError(`operation ${i}: list index ${idx} is out of range`, i);
  return idx;
}

function put(doc: unknown, tokens: string[], value: unknown, mode: 'add' | 'replace', i: number): unknown {
  if (!tokens.length) return value;
  const parent = get(doc, tokens.slice(0, -1), i);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    if (mode === 'add') {
      const idx = last === '-' ? parent.length : arrayIndex(last, parent.length, i);
      parent.splice(idx, 0, value);
    } else parent[arrayIndex(last, parent.length - 1, i)] = value;
  } else if (isPlainObject(parent)) parent[last] = value;
  else throw new JsonPatchError(`operation ${i}: cannot set a member of a ${parent === null ? 'null' : typeof parent} at /${tokens.join('/')}`, i);
  return doc;
}

function remove(doc: unknown, tokens: string[], i: number): { doc: unknown } {
  if (!tokens.length) throw new JsonPatchError(`operation ${i}: cannot remove the whole document`, i);
  const parent = get(doc, tokens.slice(0, -1), i);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length - 1, i), 1);
  else if (isPlainObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) delete parent[last];
  else throw new JsonPatchError(`operation ${i}: path /${tokens.join('/')} does not exist`, i);
  return { doc };
}
