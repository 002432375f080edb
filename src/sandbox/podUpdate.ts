// The update path of a real API server for PUT and PATCH of a pod (section 1 of
// upstream-pod-update-rules.md): patch application by content type, name/namespace checks (400),
// resourceVersion precondition (409), field validation, rest.BeforeUpdate + PrepareForUpdate resets
// (status, creationTimestamp, uid, generation), then the profile's rules (422) and the write.
// The pods/resize subresource takes the same path with the resize strategy and ValidatePodResize.
import type { JsonObject, Pod } from '../core/pod';
import { isPlainObject } from '../core/pod';
import { applyMergePatch } from '../core/patch/mergePatch';
import { applyStrategicMergePatch } from '../core/patch/strategicMergePatch';
import { StrategicMergePatchError } from '../core/patch/strategicMergeErrors';
import { applyJsonPatch, JsonPatchError, type Operation } from '../core/patch/jsonPatch';
import { deepEqualJson } from '../core/patch/jsonEquality';
import { podPatchContentTypes } from '../core/patch/patchTypes';
import { checkPodUpdate } from '../core/rules/checkPodUpdate';
import { causeReason, upstreamErrorBody } from '../core/rules/finding';
import type { Profile } from '../core/rules/profile';
import { serverRules, type ServerSettings } from '../core/rules/serverReleases';
import { applyResizeStrategy } from '../core/rules/resizeStrategy';
import type { ResourceStore, StoredObject } from './resourceStore';
import { runStepsNow, StaleWriteError, type WriteSteps } from './stagedWrite';
import { podDecodeError, validatePodFields, type FieldValidation } from './fieldValidation';
import { decodeDefaultedSpec } from './podDefaults';
import { ApiStatusError, badRequest, conflict, invalid, notFound, patchNotDecodable, requestEntityTooLarge, unsupportedPatchType, type StatusBody } from './statusErrors';
import { goFormat } from '../core/patch/goValues';

export const PATCH_TYPES = podPatchContentTypes;

/** k8s.io/apiserver/pkg/endpoints/handlers/patch.go maxJSONPatchOperations. */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;
/** The apiserver's JSONPatchMaxCopyBytes default (3 MiB), armed as json-patch's AccumulatedCopySizeLimit. */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024;

export type WriteOptions = { profile: Profile; dryRun: boolean; fieldValidation: FieldValidation; server?: ServerSettings; subresource?: 'resize' };
export type WriteResult = { pod: StoredObject; warnings: string[]; changed: boolean; previous?: StoredObject };

export function assertPatchType(contentType: string): void {
  if (!(Object.values(PATCH_TYPES) as string[]).includes(contentType)) throw unsupportedPatchType();
}

/**
 * The patched pod must decode into the typed Pod (patch.go applyPatchToObject / applyPatch): a
 * merge or JSON patch's result goes through encoding/json and its error names the whole patched
 * object; a strategic patch's goes through FromUnstructured and names the patch map (`%+v`).
 * Either is a 422 on the field "patch" (seen from a v1.37.2 kube-apiserver).
 */
export function assertPatchedPodDecodes(patched: JsonObject, contentType: string, patchAsSent: () => unknown): void {
  const strategic = contentType === PATCH_TYPES.strategic;
  const error = podDecodeError(patched, strategic ? 'unstructured' : 'json');
  // json-patch (evanphx) re-marshals the maps it touched with Go's sorted keys; sorting all is close.
  if (error) throw patchNotDecodable(strategic ? goFormat(patchAsSent()) : JSON.stringify(sortedKeys(patched)), error);
}

/**
 * Applies a PATCH body of the given content type to the stored pod; throws upstream's errors.
 * `patchIsConsumed`: the body is the caller's own parse, which a strategic patch may use up.
 */
export function applyPatch(old: StoredObject, contentType: string, patch: unknown, patchIsConsumed = false): JsonObject {
  switch (contentType) {
    case PATCH_TYPES.merge: {
      if (!isPlainObject(patch)) throw badRequest('json: cannot unmarshal non-object merge patch into Go value of type map[string]interface {}');
      return applyMergePatch<JsonObject>(old, patch);
    }
    case PATCH_TYPES.strategic: {
      if (!isPlainObject(patch)) throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
      try {
        return applyStrategicMergePatch<JsonObject>(old, patch, patchIsConsumed);
      } catch (err) {
        if (!(err instanceof StrategicMergePatchError)) throw err;
        if (err.httpStatus === 400) throw badRequest(err.message);
        if (err.httpStatus === 422) throw unexpectedServerResponse();
        // Not a Status upstream, so ErrorToAPIStatus answers 500 with the error's text and no reason
        // (a panic is answered by the panic-recovery filter, which names no cause).
        const message = err.panicked ? 'This request caused apiserver to panic. Look in the logs for details.' : err.message;
        throw new ApiStatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 } as StatusBody);
      }
    }
    case PATCH_TYPES.json: {
      if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
        throw requestEntityTooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`);
      }
      try {
        const result = applyJsonPatch<unknown>(old, patch as Operation[], { maxCopyBytes: MAX_JSON_PATCH_COPY_BYTES });
        if (!isPlainObject(result)) throw new JsonPatchError('the patch does not leave an object');
        return result;
      } catch (err) {
        if (!(err instanceof JsonPatchError)) throw err;
        throw unexpectedServerResponse();
      }
    }
    default:
      assertPatchType(contentType);
      throw new Error('unreachable');
  }
}

/**
 * Upstream's NewGenericServerResponse(422, "", ..., err.Error(), 0, false) for a JSON patch that
 * fails to apply (patch.go) and interpretStrategicMergePatchError's 422s.
 */
function unexpectedServerResponse(): ApiStatusError {
  // isUnexpectedResponse is false there, so the patch's own error is not in the answer at all.
  return new ApiStatusError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'the server rejected our request due to an error in our request', reason: 'Invalid',
    details: {}, code: 422,
  });
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys(v[k])]));
}

function meta(o: JsonObject): JsonObject {
  return isPlainObject(o.metadata) ? o.metadata : {};
}

/**
 * Runs `next` (the PUT body, or the patched object) through the update path against the stored pod.
 */
export function updatePod(store: ResourceStore, namespace: string, name: string, next: JsonObject, opts: WriteOptions): WriteResult {
  return runStepsNow(updatePodSteps(store, namespace, name, next, opts));
}

/**
 * updatePod in stages (see stagedWrite.ts): `old` is the stored pod `next` was made from; the
 * commit throws StaleWriteError when the store holds another object by then.
 */
export function* updatePodSteps(store: ResourceStore, namespace: string, name: string, next: JsonObject, opts: WriteOptions, old = store.get(namespace, name)): WriteSteps<WriteResult> {
  if (!old) throw notFound('pods', name);
  const candidate: JsonObject = { ...next, kind: 'Pod', apiVersion: 'v1' };
  const m: JsonObject = { ...meta(candidate) };
  candidate.metadata = m;

  if (m.name !== name) throw badRequest(`the name of the object (${String(m.name ?? '')}) does not match the name on the URL (${name})`);
  if (m.namespace !== undefined && m.namespace !== '' && m.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  m.namespace = namespace;
  const oldMeta = old.metadata;
  if (m.resourceVersion !== undefined && m.resourceVersion !== '' && m.resourceVersion !== oldMeta.resourceVersion) throw conflict('pods', name);

  const { warnings } = validatePodFields(candidate, opts.fieldValidation);
  if (isPlainObject(candidate.spec)) candidate.spec = decodeDefaultedSpec(candidate.spec);

  // rest.BeforeUpdate and podStrategy.PrepareForUpdate: silently keep what the server owns.
  if (old.status !== undefined) candidate.status = old.status; else delete candidate.status;
  if (oldMeta.creationTimestamp !== undefined) m.creationTimestamp = oldMeta.creationTimestamp;
  // An empty uid is filled from the stored pod; the rule engine treats any other uid as server-owned, so it is kept too.
  m.uid = oldMeta.uid;
  if (oldMeta.selfLink !== undefined) m.selfLink = oldMeta.selfLink; else delete m.selfLink;
  if (oldMeta.deletionTimestamp !== undefined) m.deletionTimestamp = oldMeta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds !== undefined && m.deletionGracePeriodSeconds === undefined) m.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  if (oldMeta.managedFields !== undefined) m.managedFields = oldMeta.managedFields; else delete m.managedFields;
  if (oldMeta.generation !== undefined) m.generation = oldMeta.generation; else delete m.generation;
  m.resourceVersion = oldMeta.resourceVersion;

  yield;
  let written: JsonObject = candidate;
  // podResizeStrategy.PrepareForUpdate: only resources/resizePolicy survive, metadata reset for status.
  if (opts.subresource === 'resize') written = applyResizeStrategy(candidate as Pod, old as Pod, serverRules(opts.server)) as JsonObject;
  const wm = written.metadata as JsonObject;
  const specChanged = !deepEqualJson(written.spec, old.spec);
  if (specChanged && opts.profile === 'kubernetes') wm.generation = ((oldMeta.generation as number | undefined) ?? 0) + 1;

  const errors = checkPodUpdate(old as Pod, written as Pod, { ...opts.server, profile: opts.profile, subresource: opts.subresource })
    // 'spec.fieldChanged' findings are podpatch's per-field view of the catch-all; the server sends only the catch-all itself.
    .filter((f) => f.severity === 'error' && f.rule !== 'spec.fieldChanged');
  if (errors.length) {
    throw invalid('Pod', name, errors.map((f) => ({ field: f.path, type: causeReason(f.type), body: upstreamErrorBody(f) })));
  }
  yield;
  const unchanged = deepEqualJson(written, old);
  yield;
  if (store.get(namespace, name) !== old) throw new StaleWriteError();
  if (unchanged) return { pod: old, warnings, changed: false, previous: old };
  if (opts.dryRun) return { pod: written as StoredObject, warnings, changed: true, previous: old };
  return { pod: store.put(written as StoredObject), warnings, changed: true, previous: old };
}
