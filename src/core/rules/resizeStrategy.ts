// The pods/resize strategy (pkg/registry/core/pod/strategy.go `dropNonResizeUpdates`, read in
// kubernetes/kubernetes pkg/registry/core/pod/strategy.go via the code index, the 1.33+ form): a
// resize request keeps only containers' (and init containers') resources and resizePolicy, and
// pod-level resources where InPlacePodLevelResourcesVerticalScaling is on; everything else comes from
// the stored pod, status included, and the metadata is reset (`metav1.ResetObjectMetaForStatus`).
// Added, removed, renamed or reordered containers pass through unchanged so validation refuses them.
import { cloneJson, type Pod } from '../pod';
import { list, obj, setOrDelete } from './ruleContext';
import type { ServerRules } from './serverReleases';

const RESET_METADATA = ['deletionTimestamp', 'generation', 'selfLink', 'labels', 'annotations', 'finalizers', 'ownerReferences'];

export function applyResizeStrategy(requested: Pod, stored: Pod, rules: ServerRules): Pod {
  const next = obj(requested.spec);
  const old = obj(stored.spec);
  if (list(next.containers).length !== list(old.containers).length || list(next.initContainers).length !== list(old.initContainers).length) {
    return requested;
  }
  const spec: Record<string, unknown> = cloneJson(old);
  setOrDelete(spec, 'containers', mergeResources(next.containers, old.containers));
  if (rules.minor >= 33 || rules.gates.SidecarContainers) setOrDelete(spec, 'initContainers', mergeResources(next.initContainers, old.initContainers));
  if (rules.minor >= 35 && rules.gates.InPlacePodLevelResourcesVerticalScaling) setOrDelete(spec, 'resources', cloneJson(next.resources));
  const metadata: Record<string, unknown> = { ...obj(requested.metadata) };
  const storedMeta = obj(stored.metadata);
  for (const k of RESET_METADATA) setOrDelete(metadata, k, cloneJson(storedMeta[k]));
  const out: Pod = { ...requested, metadata, spec };
  setOrDelete(out as Record<string, unknown>, 'status', cloneJson(stored.status));
  return out;
}

/** dropNonResizeUpdatesForContainers: the old containers with the new resources and resizePolicy. */
function mergeResources(next: unknown, old: unknown): unknown {
  const n = list(next);
  if (n.length === 0) return next;
  const o = list(old);
  if (n.some((c, i) => obj(c).name !== obj(o[i]).name)) return next;
  return o.map((c, i) => {
    const copy: Record<string, unknown> = cloneJson(obj(c));
    setOrDelete(copy, 'resources', cloneJson(obj(n[i]).resources));
    setOrDelete(copy, 'resizePolicy', cloneJson(obj(n[i]).resizePolicy));
    return copy;
  });
}
