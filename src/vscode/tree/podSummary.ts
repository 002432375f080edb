// What the tree shows for one pod: `kubectl get pods`'s STATUS, READY, RESTARTS and AGE (from the
// shared printPod port in core/podStatusColumns) plus the tree's own icon, owner and images.
// Free of `vscode` so the tree model can be benchmarked.
import type { Pod } from '../../core/pod';
import { humanDuration, podStatusColumns, type PodStatusColumns } from '../../core/podStatusColumns';
import { podResizeSummary, type PodResizeSummary } from '../../core/resizeProgress';

type OwnerReference = { kind?: string; name?: string; controller?: boolean };

export type PodIconKind = 'running' | 'notReady' | 'pending' | 'succeeded' | 'failed' | 'warning' | 'terminating' | 'unknown';

export type PodSummary = {
  namespace: string;
  name: string;
  /** kubectl's STATUS: the phase, or the reason that matters more (CrashLoopBackOff, Terminating, ...). */
  status: string;
  icon: PodIconKind;
  ready: number;
  total: number;
  restarts: number;
  /** creationTimestamp in ms since epoch, NaN when missing. */
  created: number;
  node?: string;
  ip?: string;
  images: string[];
  /** The controlling owner (or the first owner), when some controller manages the pod. */
  owner?: { kind: string; name: string };
  resourceVersion: string;
  /** An in-place resize the server reports (as core/podSummary's). */
  resize?: PodResizeSummary;
};

/** Waiting/terminated reasons that mean "this pod is stuck", shown as warnings. */
const warningReasons = /^(CrashLoopBackOff|ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerConfigError|CreateContainerError|RunContainerError|ContainerCannotRun|OOMKilled|Error|ErrImageNeverPull|RegistryUnavailable)$/;

type PodStatus = {
  phase?: string;
  podIP?: string;
};

export function summarizePod(pod: Pod): PodSummary {
  const meta = pod.metadata ?? {};
  const status = (pod.status ?? {}) as PodStatus;
  const spec = pod.spec ?? {};
  const owners = (meta.ownerReferences ?? []) as OwnerReference[];
  const owner = owners.find((o) => o.controller) ?? owners[0];
  const columns = podStatusColumns(pod);
  const { text, icon } = podStatus(columns, status.phase ?? 'Unknown');
  return {
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    status: text,
    icon,
    ready: columns.ready,
    total: columns.total,
    restarts: columns.restarts,
    created: meta.creationTimestamp ? Date.parse(meta.creationTimestamp) : NaN,
    node: typeof spec.nodeName === 'string' ? spec.nodeName : undefined,
    ip: status.podIP,
    images: [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.image ?? '').filter((i) => i),
    owner: owner ? { kind: owner.kind ?? 'owner', name: owner.name ?? '' } : undefined,
    resourceVersion: meta.resourceVersion ?? '',
    resize: podResizeSummary(pod.status),
  };
}

// kubectl's STATUS text (a pod without a phase reads "Unknown", a finished one without container
// reasons "Completed"), and the icon it deserves.
function podStatus(columns: PodStatusColumns, phase: string): { text: string; icon: PodIconKind } {
  const reason = columns.reason || phase;
  if (reason === 'Terminating') return { text: reason, icon: 'terminating' };
  const bare = reason.replace(/^Init:/, '');
  if (warningReasons.test(bare)) return { text: reason, icon: phase === 'Failed' ? 'failed' : 'warning' };
  if (reason === 'Running' || phase === 'Running') return { text: reason, icon: columns.ready < columns.total ? 'notReady' : 'running' };
  switch (phase) {
    case 'Pending': return { text: reason, icon: 'pending' };
    case 'Succeeded': return { text: reason === 'Succeeded' ? 'Completed' : reason, icon: 'succeeded' };
    case 'Failed': return { text: reason, icon: 'failed' };
    default: return { text: reason, icon: 'unknown' };
  }
}

/** kubectl's AGE column for a creation time in ms since epoch. */
export function humanAge(created: number, now = Date.now()): string {
  return Number.isNaN(created) ? '<unknown>' : humanDuration(now - created);
}

/**
 * The tree row's description: `Running · 1/1 · 0 restarts · 5m`, then the owner: `owner` when
 * given (`deploy/web`), nothing when null (the row sits under its owner), else `by <kind>`.
 */
export function describePod(s: PodSummary, now = Date.now(), owner?: string | null): string {
  const parts = [s.status, `${s.ready}/${s.total}`, s.restarts === 1 ? '1 restart' : `${s.restarts} restarts`, humanAge(s.created, now)];
  if (owner) parts.push(owner);
  else if (s.owner && owner === undefined) parts.push(`by ${s.owner.kind}`);
  return parts.join(' · ');
}
