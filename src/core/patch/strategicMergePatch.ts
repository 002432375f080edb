// Kubernetes strategic merge patch (application/strategic-merge-patch+json) for pods, equal to
// upstream's k8s.io/apimachinery/pkg/util/strategicpatch (v0.37.2) with the v1.Pod's patch
// strategies (podPatchSchema.json): computing one as `kubectl edit` does (strategicMergeDiff.ts) and
// applying one as the API server does (strategicMergeApply.ts). Both throw StrategicMergePatchError
// with upstream's message and the HTTP status the server answers it with.
import { isPlainObject, type Pod } from '../pod';
import { GoPanic } from './goValues';
import { SchemaLookupError } from './podPatchSchema';
import { stripServerOwnedFields } from './serverOwnedFields';
import { strategicMergeMapPatch } from './strategicMergeApply';
import { createTwoWayMergeMapPatch } from './strategicMergeDiff';
import { StrategicMergePatchError } from './strategicMergeErrors';
import type { CreatePatchOptions, MergePatch } from './mergePatch';

export { StrategicMergePatchError } from './strategicMergeErrors';

/** The patch from base to edited, server-owned fields left out; undefined when nothing changed. */
export function createStrategicMergePatch(base: Pod, edited: Pod, opts: CreatePatchOptions = {}): MergePatch | undefined {
  const from = stripServerOwnedFields(base) as Record<string, unknown>;
  const to = stripServerOwnedFields(edited) as Record<string, unknown>;
  const patch = upstreamErrors(() => createTwoWayMergeMapPatch(isPlainObject(from) ? from : {}, isPlainObject(to) ? to : {}));
  if (!Object.keys(patch).length) return undefined;
  if (opts.resourceVersion !== undefined) {
    patch.metadata = { ...(isPlainObject(patch.metadata) ? patch.metadata : {}), resourceVersion: opts.resourceVersion };
  }
  return patch;
}

/**
 * Applies a strategic merge patch to a pod as the API server does; pure, unless `patchIsConsumed`
 * (the caller's own parse of a request body, used up in place rather than copied).
 */
export function applyStrategicMergePatch<T = unknown>(target: unknown, patch: unknown, patchIsConsumed = false): T {
  if (!isPlainObject(patch)) throw new StrategicMergePatchError('invalid JSON document', 400);
  return upstreamErrors(() => strategicMergeMapPatch(isPlainObject(target) ? target : {}, patch, undefined, patchIsConsumed)) as T;
}

function upstreamErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof SchemaLookupError) throw new StrategicMergePatchError(err.message, 500);
    if (err instanceof GoPanic) throw new StrategicMergePatchError(err.message, 500, true);
    throw err;
  }
}
