// Strategic merge patches of workloads (kubectl edit, set image and apply send them): the pod
// template's metadata and spec merge with the v1 ObjectMeta and PodSpec patch metadata (containers
// by name, env by name, ...), which the core patcher holds for pods; the workload's own fields have
// no keyed lists (apps/v1 and batch/v1 types.go tag only `strategy` with retainKeys), so they merge
// as a JSON merge patch, directives dropped. Other patch types go through the pods' applyPatch.
import type { JsonObject } from '../core/pod';
import { isPlainObject } from '../core/pod';
import { applyMergePatch } from '../core/patch/mergePatch';
import { strategicMergeMapPatch } from '../core/patch/strategicMergeApply';
import { StrategicMergePatchError } from '../core/patch/strategicMergeErrors';
import { SchemaLookupError } from '../core/patch/podPatchSchema';
import type { StoredObject } from './resourceStore';
import { applyPatch, PATCH_TYPES } from './podUpdate';
import { badRequest } from './statusErrors';

type Obj = JsonObject;

function withoutDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDirectives);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('$')).map(([k, x]) => [k, withoutDirectives(x)]));
}

/** Each key of `patch` merged into `old` by `byKey` when it names one, else as a merge patch. */
function mergeFields(old: unknown, patch: Obj, byKey: Record<string, (o: Obj, p: Obj) => Obj>): Obj {
  const out: Obj = isPlainObject(old) ? { ...old } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else if (byKey[k] && isPlainObject(v)) out[k] = byKey[k](isPlainObject(out[k]) ? out[k] as Obj : {}, v);
    else out[k] = applyMergePatch(out[k] ?? {}, withoutDirectives(v) as Obj);
  }
  return out;
}

const objectMeta = (o: Obj, p: Obj) => strategicMergeMapPatch(o, p, 'ObjectMeta');
const podTemplate = (o: Obj, p: Obj) => mergeFields(o, p, { metadata: objectMeta, spec: (s, q) => strategicMergeMapPatch(s, q, 'PodSpec') });

export function applyWorkloadStrategicPatch(old: Obj, patch: Obj): Obj {
  try {
    return mergeFields(old, patch, { metadata: objectMeta, spec: (s, q) => mergeFields(s, q, { template: podTemplate }) });
  } catch (err) {
    if (err instanceof StrategicMergePatchError || err instanceof SchemaLookupError) throw badRequest(err.message);
    throw err;
  }
}

/** applyPatch for a workload (or its Scale): strategic patches as above, the others as for pods. */
export function applyWorkloadPatch(old: StoredObject, contentType: string, patch: unknown): Obj {
  if (contentType === PATCH_TYPES.strategic && isPlainObject(patch)) return applyWorkloadStrategicPatch(old, patch);
  return applyPatch(old, contentType, patch);
}
