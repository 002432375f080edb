// ValidatePodResize per release: what PATCH .../pods/{name}/resize refuses, in upstream's order,
// wording and early returns. Read in the vendored validation.go of v1.32.5 (scheduler-plugins
// @0aead655), v1.33.3 (@0c967825), v1.34.1 (@313dff1c), v1.35.7 (@2117d3e3), and the 1.36/1.37
// master snapshots in provider-aws-test-infra (@552494d5, @ad3a0ece). `ctx.newPod` is the pod as the
// resize strategy leaves it (see resizeStrategy.ts), `ctx.oldPod` the stored one.
import { forbidden, invalid, type Finding } from './finding';
import { list, obj, str, type UpdateContext } from './ruleContext';
import { semanticEqual } from './semanticEquality';
import { getPodQos, computePodQos } from './podQos';
import { dropCpuMemoryFromContainer, resourcesRemoved, type DropMode } from './resizeMunging';
import { MIRROR_POD_ANNOTATION } from './annotationRules';
import { validateResizedVolumes } from './resizeVolumeRules';
import { diffFields, renderChanges } from './specDiff';
import { parseQuantity } from './quantity';

const rule = { rule: 'resize' };
const ONLY_CPU_MEMORY = 'only cpu and memory resources are mutable';

/** `prefix`: the metadata and whole-pod errors the caller computed (validatePodMetadataAndSpec). */
export function validatePodResize(ctx: UpdateContext, prefix: Finding[]): Finding[] {
  const { rules, oldSpec, newSpec } = ctx;
  const minor = rules.minor;
  const all: Finding[] = [...(minor <= 32 ? metadataImmutable(ctx) : []), ...prefix];
  const podLevel = hasPodLevelResources(oldSpec) || hasPodLevelResources(newSpec);
  if (minor <= 34 && podLevel) return [forbidden('', 'pods with pod-level resources cannot be resized', rule)];
  if (obj(ctx.oldMeta.annotations)[MIRROR_POD_ANNOTATION] !== undefined) return [forbidden('', 'static pods cannot be resized', rule)];
  if (str(obj(oldSpec.os).name) === 'windows') return [forbidden('', 'windows pods cannot be resized', rule)];

  const podLevelQos = rules.gates.PodLevelResources;
  if (getPodQos(ctx.oldPod, podLevelQos) !== computePodQos(ctx.newPod, podLevelQos)) {
    all.push(invalid('spec', str(obj(ctx.newPod.status).qosClass), 'Pod QOS Class may not change as a result of resizing', rule));
  }
  if (!resizeSupportedByNode(ctx)) all.push(forbidden('spec', 'Pod running on node without support for resize', rule));

  const mungedSpec: Record<string, unknown> = { ...newSpec };
  if (minor >= 35 && podLevel) {
    if (!rules.gates.InPlacePodLevelResourcesVerticalScaling) {
      all.push(forbidden('', 'resize of pods with pod-level resources is forbidden when InPlacePodLevelResourcesVerticalScalingEnabled feature gate is disabled', rule));
      return all;
    }
    all.push(...validatePodLevelResize(ctx, mungedSpec));
  }
  if (minor === 36 && list(obj(ctx.oldPod.status).nodeAllocatableResourceClaimStatuses).length) {
    all.push(forbidden('spec', 'pods with node allocatable resource claims cannot be resized', rule));
  }
  if (minor <= 32) return [...all, ...resize132(ctx)];

  const ordering = validateContainerOrdering(ctx);
  all.push(...ordering);
  if (ordering.length) return all;

  const mode: DropMode = minor >= 35 ? 'bothNil' : 'oldNilDropsAll';
  const oldInit = list(oldSpec.initContainers);
  const newInit = list(newSpec.initContainers);
  const initResizable = (c: unknown) => isRestartable(c) || (minor >= 36 && rules.gates.InPlacePodVerticalScalingInitContainers);
  oldInit.forEach((c, i) => {
    if (initResizable(c)) all.push(...validateContainerResize(newInit[i], c, `spec.initContainers[${i}].resources`, minor));
  });
  const oldContainers = list(oldSpec.containers);
  const newContainers = list(newSpec.containers);
  oldContainers.forEach((c, i) => all.push(...validateContainerResize(newContainers[i], c, `spec.containers[${i}].resources`, minor)));

  mungedSpec.containers = newContainers.map((c, i) => {
    const munged = dropCpuMemoryFromContainer(c, oldContainers[i], mode);
    if (!semanticEqual(munged, oldContainers[i])) all.push(forbidden('spec', ONLY_CPU_MEMORY, rule));
    return munged;
  });
  mungedSpec.initContainers = newInit.map((c, i) => {
    const modified = !semanticEqual(c, oldInit[i]);
    if (initResizable(c)) {
      const munged = dropCpuMemoryFromContainer(c, oldInit[i], mode);
      if (!semanticEqual(munged, oldInit[i])) {
        all.push(minor >= 36
          ? forbidden(`spec.initContainers[${i}]`, 'only cpu and memory resources for init or sidecar containers are mutable', rule)
          : forbidden('spec', 'only cpu and memory resources for sidecar containers are mutable', rule));
      }
      if (minor >= 36 && modified && !isRestartable(c) && list(obj(c).resizePolicy).some((p) => str(obj(p).restartPolicy) === 'RestartContainer')) {
        all.push(forbidden(`spec.initContainers[${i}]`, 'non-sidecar init containers with a resize policy of RestartContainer cannot be resized', rule));
      }
      return munged;
    }
    if (modified) all.push(forbidden('spec', 'resources for non-sidecar init containers are immutable', rule));
    return c;
  });
  if (minor >= 37) all.push(...validateResizedVolumes(ctx, mungedSpec));

  if (all.length) return all;
  if (!semanticEqual(mungedSpec, oldSpec)) all.push(forbidden('spec', ONLY_CPU_MEMORY, rule));
  return all;
}

export function hasPodLevelResources(spec: Record<string, unknown>): boolean {
  const r = obj(spec.resources);
  return Object.keys(obj(r.requests)).length + Object.keys(obj(r.limits)).length > 0;
}

export function isRestartable(container: unknown): boolean {
  return str(obj(container).restartPolicy) === 'Always';
}

/** isPodResizeRequestSupported: the first running container must report status resources. */
function resizeSupportedByNode(ctx: UpdateContext): boolean {
  for (const s of list(obj(ctx.oldPod.status).containerStatuses)) {
    if (obj(obj(s).state).running !== undefined) return obj(s).resources !== undefined && obj(s).resources !== null;
  }
  return true;
}

function validateContainerResize(next: unknown, old: unknown, path: string, minor: number): Finding[] {
  const out: Finding[] = [];
  const n = obj(obj(next).resources);
  const o = obj(obj(old).resources);
  if (resourcesRemoved(n.requests, o.requests)) out.push(forbidden(`${path}.requests`, 'resource requests cannot be removed', rule));
  if (resourcesRemoved(n.limits, o.limits)) out.push(forbidden(`${path}.limits`, 'resource limits cannot be removed', rule));
  if (minor === 33) out.push(...memoryLimitRule(next, n, o, path));
  return out;
}

/** 1.33 only (PR #130183, removed by #133012): memory limits may not drop unless memory restarts the container. */
function memoryLimitRule(container: unknown, n: Record<string, unknown>, o: Record<string, unknown>, path: string): Finding[] {
  const policy = list(obj(container).resizePolicy).map(obj).find((p) => str(p.resourceName) === 'memory');
  const restart = str(policy?.restartPolicy);
  if (restart !== '' && restart !== 'NotRequired') return [];
  const newLimit = obj(n.limits).memory;
  const oldLimit = obj(o.limits).memory;
  const at = `${path}.limits[memory]`;
  if (newLimit !== undefined && oldLimit !== undefined) {
    return compareQuantities(newLimit, oldLimit) < 0 ? [forbidden(at, 'memory limits cannot be decreased unless resizePolicy is RestartContainer', rule)] : [];
  }
  if (newLimit !== undefined) return [forbidden(at, 'memory limits cannot be added unless resizePolicy is RestartContainer', rule)];
  return [];
}

function compareQuantities(a: unknown, b: unknown): number {
  const x = parseQuantity(a) ?? 0n;
  const y = parseQuantity(b) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}

function validateContainerOrdering(ctx: UpdateContext): Finding[] {
  const out: Finding[] = [];
  for (const [field, label] of [['containers', 'containers'], ['initContainers', 'initContainers']] as const) {
    const next = list(ctx.newSpec[field]);
    const prev = list(ctx.oldSpec[field]);
    if (next.length !== prev.length) out.push(forbidden(`spec.${field}`, `${label} may not be added or removed on resize`, rule));
    else prev.forEach((c, i) => {
      if (str(obj(next[i]).name) !== str(obj(c).name)) out.push(forbidden(`spec.${field}[${i}].name`, `${label} may not be renamed or reordered on resize`, rule));
    });
  }
  return out;
}

/** 1.35+ validatePodLevelResourcesResize; replaces mungedSpec.resources with cpu/memory from the old pod. */
function validatePodLevelResize(ctx: UpdateContext, mungedSpec: Record<string, unknown>): Finding[] {
  const oldR = ctx.oldSpec.resources;
  const newR = ctx.newSpec.resources;
  if (oldR !== undefined && oldR !== null && (newR === undefined || newR === null)) {
    return [forbidden('spec.resources', 'pod-level resources cannot be removed', rule)];
  }
  const out: Finding[] = [];
  if (oldR !== undefined && oldR !== null) {
    if (resourcesRemoved(obj(newR).requests, obj(oldR).requests)) out.push(forbidden('spec.resources.requests', 'pod-level resource requests cannot be removed', rule));
    if (resourcesRemoved(obj(newR).limits, obj(oldR).limits)) out.push(forbidden('spec.resources.limits', 'pod-level resource limits cannot be removed', rule));
  }
  const munged = dropCpuMemoryFromContainer({ resources: newR }, { resources: oldR }, 'bothNil').resources;
  mungedSpec.resources = oldR === undefined || oldR === null ? (semanticEqual(munged, {}) ? oldR : munged) : munged;
  if (!semanticEqual(mungedSpec.resources, oldR)) out.push(forbidden('spec', 'only cpu and memory resources are mutable at pod-level', rule));
  return out;
}

/** 1.32 (alpha): removal checks (sidecars: any init container without a non-Always restartPolicy), then one diff. */
function resize132(ctx: UpdateContext): Finding[] {
  const out: Finding[] = [];
  const oldInit = list(ctx.oldSpec.initContainers);
  const newInit = list(ctx.newSpec.initContainers);
  oldInit.forEach((c, i) => {
    const policy = obj(c).restartPolicy;
    if (policy !== undefined && policy !== null && policy !== 'Always') return;
    out.push(...validateContainerResize(newInit[i], c, `spec.initContainers[${i}].resources`, 32));
  });
  const oldContainers = list(ctx.oldSpec.containers);
  const newContainers = list(ctx.newSpec.containers);
  oldContainers.forEach((c, i) => out.push(...validateContainerResize(newContainers[i], c, `spec.containers[${i}].resources`, 32)));
  const munged = {
    ...ctx.newSpec,
    containers: newContainers.map((c, i) => {
      const m = dropCpuMemoryFromContainer(c, oldContainers[i], 'oldNilDropsAll');
      const policy = obj(oldContainers[i]).resizePolicy;
      if (policy === undefined) delete m.resizePolicy; else m.resizePolicy = policy;
      return m;
    }),
  };
  if (!semanticEqual(munged, ctx.oldSpec)) {
    const f = forbidden('spec', ONLY_CPU_MEMORY, { rule: 'resize.catchAll' });
    // Upstream appends "\n" + cmp.Diff(old, munged) to this one message in 1.32.
    f.detail = renderChanges(diffFields(ctx.oldSpec, munged, 'spec'), 'core.PodSpec');
    out.push(f);
  }
  return out;
}

/** 1.32: the whole ObjectMeta is immutable on resize (ValidateImmutableField), not just the usual fields. */
function metadataImmutable(ctx: UpdateContext): Finding[] {
  const fields = ['name', 'namespace', 'generateName', 'labels', 'annotations', 'finalizers', 'ownerReferences'];
  const changed = fields.some((f) => !semanticEqual(ctx.oldMeta[f], ctx.newMeta[f], f));
  return changed ? [invalid('metadata', ctx.newMeta, 'field is immutable', rule)] : [];
}
