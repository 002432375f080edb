// The rule engine: which errors the API server would reject an update of `oldPod` to `newPod` with
// (upstream's order, wording and early returns, per release and feature gates), per-field findings
// for changes only recreating the pod can apply, how resource changes go through pods/resize, and
// information about server-owned fields the server silently resets.
import { cloneJson, isPlainObject, type Pod, type PodMetadata, type PodSpec } from '../pod';
import { invalid, type Finding } from './finding';
import type { Profile } from './profile';
import { serverRules, versionLabel, type ServerRules, type ServerSettings } from './serverReleases';
import { validatePodResize } from './resizeRules';
import { applyResizeStrategy } from './resizeStrategy';
import { splitResize, type ResizeSplit } from './resizeSplit';
import { computePodQos, getPodQos } from './podQos';
import { semanticEqual } from './semanticEquality';
import { diffFields } from './specDiff';
import { isServerOwnedPath } from '../patch/serverOwnedFields';
import type { UpdateContext, ValidationOptions } from './ruleContext';
import { obj, str } from './ruleContext';
import { validateNewObjectMeta, validateObjectMetaUpdate } from './metadataRules';
import { POD_DELETION_COST_ANNOTATION, isInt32, validateAnnotationUpdates, validatePodSpecificAnnotations } from './annotationRules';
import { validateContainerUpdates } from './containerRules';
import { validateActiveDeadlineUpdate } from './activeDeadlineRules';
import { comparisonMode, usesComparisonOperators, validateOnlyAddedTolerations } from './tolerationRules';
import { validateOnlyDeletedSchedulingGates } from './schedulingGateRules';
import { hasInvalidLabelValueInRequiredNodeAffinity, validateNewPodSpec } from './podSpecValidation';
import { validateSpecCatchAll } from './specCatchAll';
import { validateCciChanges } from './cciRules';
import { serverOwnedChanges } from './serverOwnedRules';
import { dropDisabledPodFields } from './disabledFieldRules';
import { validateJsonTypes } from './typeRules';

/** How to check: which server (profile, release, gates) and which write (main resource or resize). */
export type RuleSettings = ServerSettings & {
  profile?: Profile;
  /** 'resize': the write is PATCH .../pods/{name}/resize and `newPod` is the pod it leaves (ValidatePodResize). */
  subresource?: 'resize';
  /**
   * podpatch's view of an edit: where the server serves pods/resize, container resources are applied
   * through it, so they are checked with the resize rules and reported as information (a warning
   * when the change restarts the container) instead of the main resource's "recreate".
   */
  splitResize?: boolean;
  /** Validation options overriding those derived from the old pod (upstream's tests set some). */
  options?: Record<string, unknown>;
};

/**
 * The findings of writing `newPod` over `oldPod`. `settings` may be a bare profile (then the newest
 * modelled release with its default gates). `options` is kept for callers of the older signature.
 */
export function checkPodUpdate(oldPod: Pod, newPod: Pod, settings: Profile | RuleSettings = 'kubernetes', options?: Record<string, unknown>): Finding[] {
  const s: RuleSettings = typeof settings === 'string' ? { profile: settings } : settings;
  const profile = s.profile ?? 'kubernetes';
  const rules = serverRules(s);
  const overrides = options ?? s.options;
  const makeCtx = (next: Pod) => {
    const ctx = makeContext(oldPod, next, profile, rules);
    if (overrides) ctx.opts = { ...ctx.opts, ...normalizeOptions(overrides) };
    return ctx;
  };
  if (profile === 'cci') {
    const ctx = makeCtx(newPod);
    return [...dedupe(cciErrors(ctx)), ...serverOwnedChanges(ctx)];
  }
  // PrepareForUpdate drops what a disabled gate does not allow before validation runs.
  const dropped = s.subresource === 'resize' ? { pod: newPod, notes: [] } : dropDisabledPodFields(oldPod, newPod, rules);
  newPod = dropped.pod;
  const ctx = makeCtx(newPod);
  if (s.subresource === 'resize') return dedupe(validatePodResize(ctx, metadataAndSpecErrors(ctx)));
  const split = s.splitResize ? splitResize(ctx.oldPod, ctx.newPod, rules) : undefined;
  if (!split?.resized) return [...dedupe(kubernetesErrors(ctx)), ...dropped.notes, ...serverOwnedChanges(ctx)];
  // Two writes: the main patch without the resize's resources, then the resize request.
  const resizeCtx = makeCtx(split.resized);
  return [
    // Both writes re-validate the whole pod: an error they share is reported once.
    ...dedupe([...kubernetesErrors(makeCtx(split.main)), ...validatePodResize(resizeCtx, metadataAndSpecErrors(resizeCtx))]),
    ...resizeNotes(split, rules),
    ...dropped.notes,
    ...serverOwnedChanges(ctx),
  ];
}

/**
 * The rule engine's entry point for comparisons with upstream (the Go oracles in test/oracle): the
 * errors one API server release returns for a write, exactly as its validation does, and nothing
 * podpatch adds (no per-field findings, no information, no resize split).
 *  - `serverVersion`: "1.29" ... "1.37" (or a gitVersion); older/newer use the nearest modelled rules.
 *  - `featureGates`: overrides of that release's defaults (locked gates cannot be overridden).
 *  - `subresource`: undefined = ValidatePodUpdate (main resource); 'resize' = ValidatePodResize,
 *    with `newPod` the pod as the resize strategy leaves it (see applyResizeStrategy).
 */
export function validatePodChange(oldPod: Pod, newPod: Pod, settings: { serverVersion?: string; featureGates?: Record<string, boolean>; subresource?: 'resize'; options?: Record<string, unknown> }): Finding[] {
  return checkPodUpdate(oldPod, newPod, { ...settings, profile: 'kubernetes' })
    .filter((f) => f.severity === 'error' && f.rule !== 'spec.fieldChanged');
}

/**
 * A resize request as `podpatch check --subresource resize` takes it: `requested` is the pod the
 * user wants; the strategy keeps only what resize copies (the rest is information: ignored), then
 * ValidatePodResize answers.
 */
export function checkPodResize(oldPod: Pod, requested: Pod, settings: RuleSettings = {}): Finding[] {
  const rules = serverRules(settings);
  const applied = applyResizeStrategy(requested, oldPod, rules);
  const errors = checkPodUpdate(oldPod, applied, { ...settings, profile: 'kubernetes', subresource: 'resize' });
  const ignored = diffFields(obj(applied), obj(requested), '')
    .filter((c) => !isServerOwnedPath(c.path))
    .map((c): Finding => ({
      path: c.path, type: 'Forbidden', severity: 'info', rule: 'resize.ignored',
      message: 'the server ignores this change: pods/resize only applies container resources and resizePolicy',
      fix: { kind: 'revert', path: c.path, original: cloneJson(c.before) ?? undefined },
    }));
  return [...errors, ...ignored];
}

/** GetValidationOptionsFromPodSpecAndMeta: options that ratchet on what the old pod already had. */
export function deriveValidationOptions(oldPod: Pod): ValidationOptions {
  const cost = obj(obj(oldPod.metadata).annotations)[POD_DELETION_COST_ANNOTATION];
  return {
    allowInvalidLabelValueInRequiredNodeAffinity: hasInvalidLabelValueInRequiredNodeAffinity(oldPod.spec),
    allowInvalidPodDeletionCost: cost !== undefined && !isInt32(str(cost)),
    allowTaintTolerationComparisonOperators: usesComparisonOperators(obj(oldPod.spec).tolerations),
  };
}

const OPTION_NAMES = ['allowInvalidLabelValueInRequiredNodeAffinity', 'allowInvalidPodDeletionCost', 'allowTaintTolerationComparisonOperators'] as const;

function normalizeOptions(options: Record<string, unknown>): Partial<ValidationOptions> {
  const out: Partial<ValidationOptions> = {};
  for (const [k, v] of Object.entries(options)) {
    const key = k.charAt(0).toLowerCase() + k.slice(1);
    if ((OPTION_NAMES as readonly string[]).includes(key)) out[key as (typeof OPTION_NAMES)[number]] = Boolean(v);
  }
  return out;
}

function makeContext(oldInput: Pod, newInput: Pod, profile: Profile, rules: ServerRules): UpdateContext {
  // Callers pass parsed text: a document that is not even an object still gets an answer.
  const oldPod = (isPlainObject(oldInput) ? oldInput : {}) as Pod;
  const newPod = (isPlainObject(newInput) ? newInput : {}) as Pod;
  const opts = deriveValidationOptions(oldPod);
  // The gate turns the ratchet on for every pod (util.go: gate enabled || old pod uses them).
  if (rules.gates.TaintTolerationComparisonOperators) opts.allowTaintTolerationComparisonOperators = true;
  return {
    oldPod, newPod, profile, rules, opts,
    oldMeta: (isPlainObject(oldPod.metadata) ? oldPod.metadata : {}) as PodMetadata,
    newMeta: (isPlainObject(newPod.metadata) ? newPod.metadata : {}) as PodMetadata,
    oldSpec: (isPlainObject(oldPod.spec) ? oldPod.spec : {}) as PodSpec,
    newSpec: (isPlainObject(newPod.spec) ? newPod.spec : {}) as PodSpec,
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
  out.push(...validateOnlyAddedTolerations(ctx.newSpec.tolerations, ctx.oldSpec.tolerations, comparisonMode(ctx)));
  out.push(...validateOnlyDeletedSchedulingGates(ctx.newSpec.schedulingGates, ctx.oldSpec.schedulingGates));
  if (ctx.rules.qosImmutableOnUpdate) out.push(...validateQosUnchanged(ctx));
  out.push(...validateSpecCatchAll(ctx.newSpec, ctx.oldSpec, ctx.rules));
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
  if (!deadline.stop) out.push(...validateOnlyAddedTolerations(ctx.newSpec.tolerations, ctx.oldSpec.tolerations, comparisonMode(ctx)));
  const reported = out.map((f) => f.path);
  for (const f of validateCciChanges(ctx.oldPod, ctx.newPod)) {
    // A field already reported by an upstream rule (e.g. metadata.name immutable) is not repeated.
    if (!reported.some((p) => p === f.path || f.path.startsWith(p + '.') || f.path.startsWith(p + '['))) out.push(f);
  }
  return out;
}

function commonPrefix(ctx: UpdateContext): Finding[] {
  return [...metadataAndSpecErrors(ctx), ...validateAnnotationUpdates(ctx)];
}

/** ValidateObjectMetaUpdate + validatePodMetadataAndSpec: what both ValidatePodUpdate and ValidatePodResize start with. */
function metadataAndSpecErrors(ctx: UpdateContext): Finding[] {
  return [
    // Decoding comes first on the server: a wrongly typed field fails the request before validation.
    ...validateJsonTypes(ctx),
    ...validateObjectMetaUpdate(ctx),
    ...validateNewObjectMeta(ctx),
    ...validatePodSpecificAnnotations(ctx),
    ...validateNewPodSpec(ctx),
  ];
}

/** ≤1.31 (ceph-csi@e5d9b68d ValidatePodUpdate): a spec change may not move the pod to another QoS class. */
function validateQosUnchanged(ctx: UpdateContext): Finding[] {
  if (semanticEqual(ctx.newSpec, ctx.oldSpec)) return [];
  if (getPodQos(ctx.oldPod, false) === computePodQos(ctx.newPod, false)) return [];
  // The path really is "metadata" upstream; the value is the (old, copied) status.qosClass.
  return [invalid('metadata', str(obj(ctx.oldPod.status).qosClass), 'Pod QoS is immutable', { rule: 'resources.qos' })];
}

/** How each resource change is applied: in place through pods/resize, restarting the container or not. */
function resizeNotes(split: ResizeSplit, rules: ServerRules): Finding[] {
  return split.changes.map((c): Finding => {
    const how = `applied in place through the pods/resize subresource (Kubernetes ${versionLabel(rules)})`;
    const restart = c.restarts ? `; container "${c.container}" restarts (its resizePolicy is RestartContainer)` : '';
    return {
      path: c.path, type: 'Forbidden', severity: c.restarts ? 'warning' : 'info', rule: 'resize.inPlace',
      message: how + restart,
      fix: { kind: 'revert', path: c.path, original: cloneJson(c.before) ?? undefined },
    };
  });
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
