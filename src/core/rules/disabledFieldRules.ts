// podutil.DropDisabledPodFields on update (k8s.io/kubernetes v1.31.14 pkg/api/pod/util.go
// dropDisabledFields, read in the Go module cache): a field whose feature gate is off is dropped
// from the new pod unless the old pod already uses it, so the server stores the pod without it and
// does not refuse the change. podpatch says so (information) and judges the pod the server judges.
import { cloneJson, isPlainObject, type Pod, type PodSpec } from '../pod';
import type { Finding } from './finding';
import type { ServerRules } from './serverReleases';

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

function usesResizePolicy(spec: PodSpec | undefined): boolean {
  return CONTAINER_LISTS.some((k) => Array.isArray(spec?.[k]) && (spec![k] as unknown[]).some((c) => isPlainObject(c) && Array.isArray(c.resizePolicy) && c.resizePolicy.length > 0));
}

/** The new pod as the server keeps it, and one information finding per dropped field. */
export function dropDisabledPodFields(oldPod: Pod, newPod: Pod, rules: ServerRules): { pod: Pod; notes: Finding[] } {
  const oldSpec = isPlainObject(oldPod.spec) ? (oldPod.spec as PodSpec) : undefined;
  const newSpec = isPlainObject(newPod.spec) ? (newPod.spec as PodSpec) : undefined;
  if (!newSpec) return { pod: newPod, notes: [] };
  const drops: { path: string; gate: string; remove: (spec: PodSpec) => void }[] = [];
  const release = `1.${rules.minor}`;
  if (!rules.gates.UserNamespacesSupport && newSpec.hostUsers !== undefined && oldSpec?.hostUsers === undefined) {
    drops.push({ path: 'spec.hostUsers', gate: 'UserNamespacesSupport', remove: (s) => { delete s.hostUsers; } });
  }
  if (!rules.gates.InPlacePodVerticalScaling && !usesResizePolicy(oldSpec)) {
    for (const k of CONTAINER_LISTS) {
      const list = newSpec[k];
      if (!Array.isArray(list)) continue;
      list.forEach((c, i) => {
        if (isPlainObject(c) && c.resizePolicy !== undefined) {
          drops.push({ path: `spec.${k}[${i}].resizePolicy`, gate: 'InPlacePodVerticalScaling', remove: (s) => { delete (s[k] as Record<string, unknown>[])[i].resizePolicy; } });
        }
      });
    }
  }
  if (!drops.length) return { pod: newPod, notes: [] };
  const pod = cloneJson(newPod);
  for (const d of drops) d.remove(pod.spec as PodSpec);
  const notes: Finding[] = drops.map((d) => ({
    path: d.path, type: 'Forbidden', severity: 'info', rule: 'spec.droppedByGate',
    message: `the server drops this field: feature gate ${d.gate} is off on Kubernetes ${release} and the pod does not use it yet`,
    fix: { kind: 'revert', path: d.path, original: undefined },
  }));
  return { pod, notes };
}
