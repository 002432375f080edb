// RFC 7386 JSON merge patch, the patch type the seed API documents
// (Content-Type: application/merge-patch+json). Lists are replaced whole and null deletes a key, so a
// patch touching a container carries the full containers list, defaulted fields included.
import { generate } from 'json-merge-patch';
import { cloneJson, isPlainObject, type Pod } from '../pod';
import { stripServerOwnedFields } from './serverOwnedFields';

export type MergePatch = { [key: string]: unknown };
export type CreatePatchOptions = {
  /** Carried as metadata.resourceVersion so the server refuses the patch (409) if the pod changed meanwhile. */
  resourceVersion?: string;
};

/** The minimal merge patch turning `base` into `edited`, or undefined when nothing patchable changed. */
export function createMergePatch(base: Pod, edited: Pod, opts: CreatePatchOptions = {}): MergePatch | undefined {
  const from = dropNullMembers(stripServerOwnedFields(base));
  const to = dropNullMembers(stripServerOwnedFields(edited));
  const patch = generate(from, to) as MergePatch | undefined;
  if (!patch || !isPlainObject(patch) || Object.keys(patch).length === 0) return undefined;
  if (opts.resourceVersion !== undefined) {
    const metadata = isPlainObject(patch.metadata) ? patch.metadata : {};
    patch.metadata = { ...metadata, resourceVersion: opts.resourceVersion };
  }
  return patch;
}

/** Applies a merge patch (RFC 7386 §2); pure: neither argument is modified. */
export function applyMergePatch<T = unknown>(target: unknown, patch: unknown): T {
  if (!isPlainObject(patch)) return cloneJson(patch) as T;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  // Object.keys, not Object.entries: a 100k-key patch built 100k [key, value] arrays (issue 13).
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result as T;
}

/**
 * In a merge patch a null can only mean "delete", so `key: null` in a manifest is the same as no key;
 * dropping such members keeps the patch from carrying deletions of keys that never existed.
 */
function dropNullMembers(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNullMembers);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = dropNullMembers(x);
  return out;
}
