// How a field of a running pod can change on one server (release, gates, profile): the table behind
// the editor's hover. It restates, per field, what the rule engine enforces (checkPodUpdate and the
// resize rules), so each row names the docs/rules.md rule that explains it.
import type { Profile } from './profile';
import type { ServerRules } from './serverReleases';
import { versionLabel } from './serverReleases';
import { isServerOwnedPath } from '../patch/serverOwnedFields';
import { formatFieldPath, type FieldKey } from '../yaml/fieldPath';

export type ChangeWay = 'patch' | 'additions' | 'removals' | 'resize' | 'ephemeral' | 'serverOwned' | 'recreate';

export type Changeability = { way: ChangeWay; path: string; summary: string; detail?: string; rule: string };

const WORDS: Record<ChangeWay, string> = {
  patch: 'can change by patch',
  additions: 'only additions (existing entries cannot change or go)',
  removals: 'only removals (entries cannot be added or changed)',
  resize: 'changes in place through the resize subresource (PATCH .../pods/{name}/resize)',
  ephemeral: 'changes only through the ephemeralcontainers subresource (debug containers; cannot be edited or removed)',
  serverOwned: 'server-owned: a patch of it is ignored (the server sets it)',
  recreate: 'cannot change on a running pod: only by recreating the pod',
};

const CCI_MUTABLE = [/^metadata\.(labels|annotations|generateName)\b/, /^spec\.(containers|initContainers)\[\d+\]\.image$/, /^spec\.activeDeadlineSeconds$/, /^spec\.tolerations\b/];

/** The changeability of the field at `keys` (e.g. ['spec', 'containers', 0, 'resources', 'limits', 'memory']). */
export function fieldChangeability(keys: readonly FieldKey[], rules: ServerRules, profile: Profile = 'kubernetes'): Changeability {
  const path = formatFieldPath(keys);
  const make = (way: ChangeWay, rule: string, detail?: string): Changeability => ({ way, path, summary: WORDS[way], detail, rule });
  const server = `Kubernetes ${versionLabel(rules)}`;
  if (keys.length === 0 || ['apiVersion', 'kind'].includes(String(keys[0]))) return make('recreate', 'spec.fieldChanged', 'apiVersion and kind name the object: they are not fields of the pod.');
  if (keys[0] === 'status') return make('serverOwned', 'serverOwned', 'status is written by the kubelet through pods/status; a patch of the pod ignores it.');
  if (isServerOwnedPath(path) || /^metadata\.(resourceVersion|generation|managedFields|selfLink|deletionTimestamp|deletionGracePeriodSeconds)\b/.test(path)) {
    return make('serverOwned', 'serverOwned');
  }
  if (profile === 'cci') {
    if (keys.length === 1 && (keys[0] === 'metadata' || keys[0] === 'spec')) return make('patch', 'cci.fieldChanged', 'Some of its fields can change: hover one.');
    return CCI_MUTABLE.some((re) => re.test(path)) ? make(path.startsWith('spec.tolerations') ? 'additions' : 'patch', 'cci.fieldChanged', 'Huawei Cloud CCI profile.') : make('recreate', 'cci.fieldChanged', 'Huawei Cloud CCI allows only labels, annotations, generateName, container images, activeDeadlineSeconds and tolerations to change.');
  }
  if (keys[0] === 'metadata') {
    if (keys.length === 1) return make('patch', 'metadata.name.immutable', 'Labels, annotations, finalizers and owner references can change; name, namespace and uid cannot.');
    if (['name', 'namespace', 'uid', 'creationTimestamp'].includes(String(keys[1]))) return make('recreate', `metadata.${String(keys[1])}.immutable`);
    return make('patch', keys[1] === 'annotations' ? 'annotations.valid' : keys[1] === 'labels' ? 'labels.valid' : 'metadata.finalizers.valid');
  }
  if (keys[0] !== 'spec') return make('recreate', 'spec.fieldChanged');
  if (keys.length === 1) return make('patch', 'spec.fieldChanged', 'Only some of its fields can change: hover one.');
  const field = String(keys[1]);
  if (field === 'ephemeralContainers') return make('ephemeral', 'spec.fieldChanged');
  if (field === 'tolerations') return make('additions', 'tolerations.onlyAdditions', 'A toleration with tolerationSeconds may lower it.');
  if (field === 'schedulingGates') return make('removals', 'schedulingGates.onlyDeletion');
  if (field === 'activeDeadlineSeconds') return make('patch', 'activeDeadlineSeconds.increase', 'It can be set, or lowered; not raised or removed.');
  if ((field === 'nodeSelector' || field === 'affinity') && rules.gatedSchedulingMutable) {
    return make('recreate', field === 'nodeSelector' ? 'gated.nodeSelector' : 'gated.nodeAffinity', 'While the pod has scheduling gates, constraints may be added (never removed or relaxed).');
  }
  if (field === 'resources' && keys.length >= 2) {
    const podLevel = rules.servesResize && rules.minor >= 35 && rules.gates.InPlacePodLevelResourcesVerticalScaling;
    return podLevel ? make('resize', 'resize.inPlace', `Pod-level cpu and memory on ${server}.`) : make('recreate', 'spec.fieldChanged', `${server} does not resize pod-level resources in place.`);
  }
  if ((field === 'containers' || field === 'initContainers') && keys.length >= 3) {
    if (keys.length === 3) return make('patch', 'containers.count', 'Its image (and resources, where resize is served) can change; containers cannot be added, removed or renamed.');
    const sub = String(keys[3]);
    if (sub === 'image') return make('patch', 'containers.image');
    if (sub === 'resources' || sub === 'resizePolicy') return resourcesWay(keys, field, rules, server, make);
    return make('recreate', 'spec.fieldChanged');
  }
  return make('recreate', 'spec.fieldChanged');
}

function resourcesWay(keys: readonly FieldKey[], field: string, rules: ServerRules, server: string, make: (way: ChangeWay, rule: string, detail?: string) => Changeability): Changeability {
  if (rules.mainResourceResize) return make('patch', 'resize', `${server} with InPlacePodVerticalScaling changes cpu and memory on the pod itself.`);
  if (!rules.servesResize) return make('recreate', 'spec.fieldChanged', `${server} does not serve pods/resize.`);
  if (field === 'initContainers' && rules.minor <= 32) return make('recreate', 'resize', `${server} resizes no init containers.`);
  const resource = keys.length >= 6 ? String(keys[5]) : undefined;
  if (keys[3] === 'resources' && resource && resource !== 'cpu' && resource !== 'memory') return make('recreate', 'resize', 'Only cpu and memory can be resized.');
  const limitRule = rules.minor <= 33 && resource === 'memory' && keys[4] === 'limits' ? ' Memory limits cannot be lowered on this release (unless resizePolicy restarts the container).' : '';
  const init = field === 'initContainers' ? ' Init containers: only sidecars (restartPolicy: Always) are resized' + (rules.minor >= 36 ? ', or all with InPlacePodVerticalScalingInitContainers.' : '.') : '';
  return make('resize', 'resize.inPlace', `${server}: requests and limits cannot be removed and the QoS class cannot change; a container restarts where its resizePolicy says RestartContainer.${limitRule}${init}`);
}
