// What the tree shows for one pod, derived from the wire object the way `kubectl get pods` does
// (STATUS column reason, READY, RESTARTS, AGE). Free of `vscode` so the tree model can be benchmarked.
import type { Pod } from '../core/pod';

type OwnerReference = { kind?: string; name?: string; controller?: boolean };
type ContainerStatus = {
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; running?: unknown; terminated?: { reason?: string; exitCode?: number } };
};

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
};

/** Waiting/terminated reasons that mean "this pod is stuck", shown as warnings. */
const warningReasons = /^(CrashLoopBackOff|ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerConfigError|CreateContainerError|RunContainerError|ContainerCannotRun|OOMKilled|Error|ErrImageNeverPull|RegistryUnavailable)$/;

type PodStatus = {
  phase?: string;
  reason?: string;
  podIP?: string;
  hostIP?: string;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
};

export function summarizePod(pod: Pod): PodSummary {
  const meta = pod.metadata ?? {};
  const status = (pod.status ?? {}) as PodStatus;
  const spec = pod.spec ?? {};
  const containers = spec.containers ?? [];
  const statuses = status.containerStatuses ?? [];
  const owners = (meta.ownerReferences ?? []) as OwnerReference[];
  const owner = owners.find((o) => o.controller) ?? owners[0];
  const { text, icon } = podStatus(meta.deletionTimestamp ?? undefined, status, containers.length);
  return {
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    status: text,
    icon,
    ready: statuses.filter((s) => s.ready).length,
    total: containers.length,
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    created: meta.creationTimestamp ? Date.parse(meta.creationTimestamp) : NaN,
    node: typeof spec.nodeName === 'string' ? spec.nodeName : undefined,
    ip: status.podIP,
    images: [...(spec.initContainers ?? []), ...containers].map((c) => c.image ?? '').filter((i) => i),
    owner: owner ? { kind: owner.kind ?? 'owner', name: owner.name ?? '' } : undefined,
    resourceVersion: meta.resourceVersion ?? '',
  };
}

// Follows kubectl's printPod: init container trouble first, then the main containers' waiting or
// terminated reasons, and Terminating over everything for a pod being deleted.
function podStatus(deletionTimestamp: string | undefined, status: PodStatus, containerCount: number): { text: string; icon: PodIconKind } {
  const phase = status.phase ?? 'Unknown';
  let reason = status.reason || phase;
  const inits = status.initContainerStatuses ?? [];
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const s = inits[i];
    const term = s.state?.terminated;
    if (term && term.exitCode === 0) continue;
    initializing = true;
    if (term) reason = term.reason ? `Init:${term.reason}` : `Init:ExitCode:${term.exitCode ?? '?'}`;
    else if (s.state?.waiting?.reason && s.state.waiting.reason !== 'PodInitializing') reason = `Init:${s.state.waiting.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    break;
  }
  if (!initializing) {
    let running = false;
    for (const s of [...(status.containerStatuses ?? [])].reverse()) {
      if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
      else if (s.state?.terminated?.reason) reason = s.state.terminated.reason;
      else if (s.state?.terminated) reason = `ExitCode:${s.state.terminated.exitCode ?? '?'}`;
      else if (s.ready && s.state?.running) running = true;
    }
    if (reason === 'Completed' && running) reason = 'Running';
  }
  if (deletionTimestamp) return { text: 'Terminating', icon: 'terminating' };
  const bare = reason.replace(/^Init:/, '');
  if (warningReasons.test(bare)) return { text: reason, icon: phase === 'Failed' ? 'failed' : 'warning' };
  if (reason === 'Running' || phase === 'Running') {
    const notReady = (status.containerStatuses ?? []).some((s) => !s.ready) || (status.containerStatuses ?? []).length < containerCount;
    return { text: reason, icon: notReady ? 'notReady' : 'running' };
  }
  switch (phase) {
    case 'Pending': return { text: reason, icon: 'pending' };
    case 'Succeeded': return { text: reason === 'Succeeded' ? 'Completed' : reason, icon: 'succeeded' };
    case 'Failed': return { text: reason, icon: 'failed' };
    default: return { text: reason, icon: 'unknown' };
  }
}

/** kubectl's AGE column (k8s.io/apimachinery duration.HumanDuration). */
export function humanAge(created: number, now = Date.now()): string {
  if (Number.isNaN(created)) return '<unknown>';
  const seconds = Math.floor((now - created) / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) return `${years}y${Math.floor(hours / 24) % 365}d`;
  return `${years}y`;
}

/** The tree row's description: `Running · 1/1 · 0 restarts · 5m`. */
export function describePod(s: PodSummary, now = Date.now()): string {
  const parts = [s.status, `${s.ready}/${s.total}`, s.restarts === 1 ? '1 restart' : `${s.restarts} restarts`, humanAge(s.created, now)];
  if (s.owner) parts.push(`by ${s.owner.kind}`);
  return parts.join(' · ');
}
