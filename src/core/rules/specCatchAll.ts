// The spec-wide catch-all of ValidatePodUpdate: after taking the updatable fields from the old pod
// ("munging"), any remaining spec difference is one `spec: Forbidden: pod updates may not change
// fields other than ...` error, plus (podpatch's addition) one finding per changed field.
// Per release: ≤1.31 with InPlacePodVerticalScaling munges container cpu/memory too and lists them
// (ceph-csi@e5d9b68d `updatablePodSpecFields`); 1.29 without PodSchedulingReadiness keeps gated
// pods' scheduling immutable; 1.34+ renders the diff as a unified diff (scheduler-plugins@313dff1c) of
// the internal PodSpecs as JSON (k8s.io/kubernetes@v1.37.2 pkg/apis/core/validation ValidatePodUpdate).
import { cloneJson, isPlainObject, type PodSpec } from '../pod';
import { forbidden, setLazyDetail, type Finding } from './finding';
import { mungeImages } from './containerRules';
import { isGated, validateAndMungeGatedScheduling } from './gatedSchedulingRules';
import { mungeTerminationGracePeriod } from './terminationGracePeriodRules';
import { semanticEqual } from './semanticEquality';
import { diffFields, renderChanges } from './specDiff';
import { list, setOrDelete } from './ruleContext';
import type { ServerRules } from './serverReleases';
import { unifiedDiff } from './unifiedDiff';
import { defaultingOptions, goMarshalIndent, internalPodSpec } from './internalPodSpec';
import { defaultPodSpec } from './podSpecDefaults';
import { dropCpuMemoryFromContainer } from './resizeMunging';

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];
export const CATCH_ALL_MESSAGE = `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}`;
const RESOURCES_FIELD = '`spec.containers[*].resources` (for CPU/memory only)';
const CATCH_ALL_WITH_RESOURCES = `pod updates may not change fields other than ${[...UPDATABLE_POD_SPEC_FIELDS, RESOURCES_FIELD].join(',')}`;
export const FIELD_CHANGE_MESSAGE = 'pod updates may not change this field';

export function validateSpecCatchAll(newSpec: PodSpec, oldSpec: PodSpec, rules: ServerRules): Finding[] {
  if (semanticEqual(newSpec, oldSpec)) return [];
  const { munged, findings: out } = mungeSpec(newSpec, oldSpec, rules);
  if (semanticEqual(munged, oldSpec)) return out;
  const changes = diffFields(oldSpec, munged, 'spec');
  const spec = forbidden('spec', rules.mainResourceResize ? CATCH_ALL_WITH_RESOURCES : CATCH_ALL_MESSAGE, { rule: 'spec.catchAll', fix: { kind: 'recreate' } });
  if (rules.unifiedDiff) setLazyDetail(spec, () => catchAllUnifiedDiff(newSpec, oldSpec, rules));
  else spec.detail = renderChanges(changes, 'core.PodSpec');
  out.push(spec);
  for (const c of changes) {
    const f = forbidden(c.path, FIELD_CHANGE_MESSAGE, { rule: 'spec.fieldChanged', fix: { kind: 'revert', path: c.path, original: cloneJson(c.before) ?? undefined } });
    f.detail = describeChange(c.before, c.after);
    out.push(f);
  }
  return out;
}

/** The new spec with what may change taken from the old one (upstream's munging before its final DeepEqual). */
function mungeSpec(newSpec: PodSpec, oldSpec: PodSpec, rules: ServerRules): { munged: PodSpec; findings: Finding[] } {
  const munged = cloneJson(newSpec);
  setOrDelete(munged, 'containers', mungeImages(munged.containers, oldSpec.containers));
  if (rules.mainResourceResize) setOrDelete(munged, 'containers', mungeCpuMemory(munged.containers, oldSpec.containers));
  setOrDelete(munged, 'initContainers', mungeImages(munged.initContainers, oldSpec.initContainers));
  setOrDelete(munged, 'activeDeadlineSeconds', cloneJson(oldSpec.activeDeadlineSeconds));
  setOrDelete(munged, 'schedulingGates', cloneJson(oldSpec.schedulingGates));
  setOrDelete(munged, 'tolerations', cloneJson(oldSpec.tolerations));
  mungeTerminationGracePeriod(munged, oldSpec);
  const findings: Finding[] = rules.gatedSchedulingMutable && isGated(oldSpec) ? validateAndMungeGatedScheduling(munged, oldSpec) : [];
  return { munged, findings };
}

/**
 * 1.34+: diff.Diff(oldPod.Spec, mungedPodSpec) as upstream computes it: both pods decoded (v1
 * defaults), converted to the internal PodSpec and marshalled, the new one munged after defaulting
 * (an image's default pull policy follows the new image). The munging loop rebuilds the container
 * lists by appending, so an empty list becomes nil.
 */
export function catchAllUnifiedDiff(newSpec: PodSpec, oldSpec: PodSpec, rules: ServerRules): string {
  const opts = defaultingOptions(rules.minor);
  const oldDefaulted = defaultPodSpec(oldSpec, opts);
  const newDefaulted = defaultPodSpec(newSpec, opts);
  // podStrategy.PrepareForUpdate with PodLevelResourcesFixDefaulting (1.37, on): a body without
  // spec.resources keeps the old pod's (k8s.io/kubernetes@v1.37.2 pkg/registry/core/pod/strategy.go).
  if (rules.minor >= 37 && newDefaulted.resources == null && oldDefaulted.resources != null) newDefaulted.resources = cloneJson(oldDefaulted.resources);
  const { munged } = mungeSpec(newDefaulted, oldDefaulted, rules);
  for (const key of ['containers', 'initContainers'] as const) if (Array.isArray(munged[key]) && !(munged[key] as unknown[]).length) delete munged[key];
  const render = (s: PodSpec) => goMarshalIndent(internalPodSpec(s, rules.minor, true));
  return unifiedDiff(render(oldDefaulted), render(munged));
}

export function describeChange(before: unknown, after: unknown): string {
  if (before === undefined || before === null) return `added ${short(after)}; only recreating the pod can apply it`;
  if (after === undefined || after === null) return `removed ${short(before)}; only recreating the pod can apply it`;
  return `changed from ${short(before)} to ${short(after)}; only recreating the pod can apply it`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}


/** ≤1.31 with InPlacePodVerticalScaling: containers' cpu/memory are taken from the old pod before the diff. */
function mungeCpuMemory(newContainers: unknown, oldContainers: unknown): unknown {
  if (!Array.isArray(newContainers)) return newContainers;
  const old = list(oldContainers);
  return newContainers.map((c, i) => (isPlainObject(c) && i < old.length ? dropCpuMemoryFromContainer(c, old[i], 'oldNilDropsAll') : c));
}
