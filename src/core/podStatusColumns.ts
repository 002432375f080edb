// The status columns of `kubectl get pods` (READY, STATUS, RESTARTS, AGE) as upstream's printPod
// (pkg/printers/internalversion) computes them, and apimachinery's duration.HumanDuration for ages.
// One implementation for the CLI listing, the sandbox's server-side Table answers and the pod tree,
// so the three never disagree with kubectl or with each other.
import type { Pod } from './pod';

type ContainerState = { waiting?: { reason?: string }; running?: unknown; terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string } };
type ContainerStatus = { name?: string; ready?: boolean; started?: boolean; restartCount?: number; state?: ContainerState; lastState?: ContainerState };
type PodStatus = { phase?: string; reason?: string; conditions?: { type?: string; status?: string; reason?: string }[]; initContainerStatuses?: ContainerStatus[]; containerStatuses?: ContainerStatus[] };

export type PodStatusColumns = {
  /** Ready containers, sidecars (restartable init containers) included. */
  ready: number;
  /** Containers plus sidecars. */
  total: number;
  /** The STATUS column: phase, or the reason that matters more (Init:1/2, CrashLoopBackOff, Terminating, ...). */
  reason: string;
  restarts: number;
  /** When the last counted restart's previous run finished, ms since epoch; 0 when unknown. */
  lastRestart: number;
};

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** The AGE column for a timestamp (creationTimestamp): `<unknown>` when missing or unreadable. */
export function ageColumn(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string' || !timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/** The RESTARTS column: `3 (5m ago)` when the last restart's time is known. */
export function restartsColumn(columns: PodStatusColumns, now: number): string {
  const { restarts, lastRestart } = columns;
  return restarts !== 0 && lastRestart ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
}

function terminatedReason(t: NonNullable<ContainerState['terminated']>, prefix = ''): string {
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

export function podStatusColumns(pod: Pod): PodStatusColumns {
  const status = (pod.status ?? {}) as PodStatus;
  const spec = pod.spec ?? {};
  const initSpecs = spec.initContainers ?? [];
  const restartable = new Set(initSpecs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const total = (spec.containers ?? []).length + restartable.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let sidecarLastRestart = 0;
  let reason = status.reason || status.phase || '';
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    restarts += c.restartCount ?? 0;
    const finished = Date.parse(c.lastState?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(finished)) lastRestart = Math.max(lastRestart, finished);
    const isSidecar = restartable.has(c.name);
    if (isSidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      if (!Number.isNaN(finished)) sidecarLastRestart = Math.max(sidecarLastRestart, finished);
    }
    const term = c.state?.terminated;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (isSidecar && c.started) { if (c.ready) ready++; continue; }
    if (term) reason = terminatedReason(term, 'Init:');
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }

  const initialized = status.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    // Once initialized, only sidecars' restarts still count among the init containers'.
    restarts = sidecarRestarts;
    lastRestart = sidecarLastRestart;
    let hasRunning = false;
    const cs = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      const finished = Date.parse(c.lastState?.terminated?.finishedAt ?? '');
      if (!Number.isNaN(finished)) lastRestart = Math.max(lastRestart, finished);
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated) reason = terminatedReason(c.state.terminated);
      else if (c.ready && c.state?.running) { hasRunning = true; ready++; }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const phase = status.phase ?? '';
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  return { ready, total, reason, restarts, lastRestart };
}
