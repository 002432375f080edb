// The rule engine: which errors the API server would reject an update of `oldPod` to `newPod` with
// (upstream's order, wording and early returns), per-field findings for changes only recreating the
// pod can apply, and information about server-owned fields the server silently resets.
import { isPlainObject, type Pod, type PodMetadata, type PodSpec } from '../pod';
import type { Finding } from './finding';
import type { Profile } from './profile';
import type { UpdateContext, ValidationOptions } from './ruleContext';
import { obj, str } from './ruleContext';
import { validateNewObjectMeta, validateObjectMetaUpdate } from './metadataRules';
import { POD_DELETION_COST_ANNOTATION, isInt32, validateAnnotationUpdates, validatePodSpecificAnnotations } from './annotationRules';
import { validateContainerUpdates } from './containerRules';
import { validateActiveDeadlineUpdate } from './activeDeadlineRules';
import { validateOnlyAddedTolerations } from './tolerationRules';
import { validateOnlyDeletedSchedulingGates } from './schedulingGateRules';
import { hasInvalidLabelValueInRequiredNodeAffinity, validateNewPodSpec } from './podSpecValidation';
import { validateSpecCatchAll } from './specCatchAll';
import { validateCciChanges } from './cciRules';
import { serverOwnedChanges } from './serverOwnedRules';
import { validateJsonTypes } from './typeRules';

/**
 * `options` overrides the validation options otherwise derived from the old pod (upstream's tests
 * set some explicitly); names may be upstream's (AllowInvalidPodDeletionCost) or camelCase.
 */
export function checkPodUpdate(oldPod: Pod, newPod: Pod, profile: Profile = 'kubernetes', options?: Record<string, unknown>): Finding[] {
  const ctx = makeContext(oldPod, newPod, profile);
  if (options) ctx.opts = { ...ctx.opts, ...normalizeOptions(options) };
  const errors = profile === 'cci' ? cciErrors(ctx) : kubernetesErrors(ctx);
  return [...dedupe(errors), ...serverOwnedChanges(ctx)];
}

/** GetValidationOptionsFromPodSpecAndMeta: options that ratchet on what the old pod already had. */
export function deriveValidationOptions(oldPod: Pod): ValidationOptions {
  const cost = obj(obj(oldPod.metadata).annotations)[POD_DELETION_COST_ANNOTATION];
  return {
    allowInvalidLabelValueInRequiredNodeAffinity: hasInvalidLabelValueInRequiredNodeAffinity(oldPod.spec),
    allowInvalidPodDeletionCost: cost !== undefined && !isInt32(str(cost)),
  };
}

function normalizeOptions(options: Record<string, unknown>): Partial<ValidationOptions> {
  const out: Partial<ValidationOptions> = {};
  for (const [k, v] of Object.entries(options)) {
    const key = k.charAt(0).toLowerCase() + k.slice(1);
    if (key === 'allowInvalidLabelValueInRequiredNodeAffinity' || key === 'allowInvalidPodDeletionCost') out[key] = Boolean(v);
  }
  return out;
}

function makeContext(oldInput: Pod, newInput: Pod, profile: Profile): UpdateContext {
  // Callers pass parsed text: a document that is not even an object still gets an answer.
  const oldPod = (isPlainObject(oldInput) ? oldInput : {}) as Pod;
  const newPod = (isPlainObject(newInput) ? newInput : {}) as Pod;
  return {
    oldPod, newPod, profile,
    oldMeta: (isPlainObject(oldPod.metadata) ? oldPod.metadata : {}) as PodMetadata,
    newMeta: (isPlainObject(newPod.metadata) ? newPod.metadata : {}) as PodMetadata,
    oldSpec: (isPlainObject(oldPod.spec) ? oldPod.spec : {}) as PodSpec,
    newSpec: (isPlainObject(newPod.spec) ? newPod.spec : {}) as PodSpec,
    opts: deriveValidationOptions(oldPod),
  };
}

/** ValidatePodUpdate, in its order: metadata, the whole new pod, annotations, then the spec rules. */
function kubernetesErrors(ctx: UpdateContext): Finding[] {
  const out = commonPrefix(ctx);
  for (const field of ['containers', 'initContainers'] as const) {
    const r = validateContainerUpdates(field, ctx.newSpec[field], ctx.oldSpec[field]);
    out.push(...r.findings);
    if (r.stop) return out;
  }
  const deadline = validateActiveDeadlineUpdate(ctx);
  out.push(...deadline.findings);
  if (deadline.stop) return out;
  out.push(...validateOnlyAddedTolerations(ctx.newSpec.tolerations, ctx.oldSpec.tolerations));
  out.push(...validateOnlyDeletedSchedulingGates(ctx.newSpec.schedulingGates, ctx.oldSpec.schedulingGates));
  out.push(...validateSpecCatchAll(ctx.newSpec, ctx.oldSpec));
  return out;
}

/** The same rules on the fields CCI lets change; every other change is a per-field error. */
function cciErrors(ctx: UpdateContext): Finding[] {
  const out = commonPrefix(ctx);
  for (const field of ['containers', 'initContainers'] as const) {
    const r = validateContainerUpdates(field, ctx.newSpec[field], ctx.oldSpec[field]);
    out.push(...r.findings);
    if (r.stop) return out;
  }
  const deadline = validateActiveDeadlineUpdate(ctx);
  out.push(...deadline.findings);
  if (!deadline.stop) out.push(...validateOnlyAddedTolerations(ctx.newSpec.tolerations, ctx.oldSpec.tolerations));
  const reported = out.map((f) => f.path);
  for (const f of validateCciChanges(ctx.oldPod, ctx.newPod)) {
    // A field already reported by an upstream rule (e.g. metadata.name immutable) is not repeated.
    if (!reported.some((p) => p === f.path || f.path.startsWith(p + '.') || f.path.startsWith(p + '['))) out.push(f);
  }
  return out;
}

function commonPrefix(ctx: UpdateContext): Finding[] {
  return [
    // Decoding comes first on the server: a wrongly typed field fails the request before validation.
    ...validateJsonTypes(ctx),
    ...validateObjectMetaUpdate(ctx),
    ...validateNewObjectMeta(ctx),
    ...validatePodSpecificAnnotations(ctx),
    ...validateNewPodSpec(ctx),
    ...validateAnnotationUpdates(ctx),
  ];
}

/** Upstream aggregates identical messages; the same rule reached twice (update + new-pod check) is one finding. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.path}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
