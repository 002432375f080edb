// The columns of `kubectl get pods` (NAME READY STATUS RESTARTS AGE), computed as kubectl's
// printPod does, and kubectl's HumanDuration for ages, so podpatch's listing reads the same.
import type { Pod } from '../pod';

type ContainerState = { waiting?: { reason?: string }; running?: unknown; terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string } };
type ContainerStatus = { name?: string; ready?: boolean; started?: boolean; restartCount?: number; state?: ContainerState; lastState?: ContainerState };
type PodStatus = { phase?: string; reason?: string; conditions?: { type?: string; status?: string; reason?: string }[]; initContainerStatuses?: ContainerStatus[]; containerStatuses?: ContainerStatus[] };

export type PodRow = { namespace: string; name: string; ready: string; status: string; restarts: string; age: string };

/** kubectl's duration.HumanDuration. */
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

function since(timestamp: string | null | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

function terminatedReason(t: NonNullable<ContainerState['terminated']>, prefix = ''): string {
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

export function podRow(pod: Pod, now = Date.now()): PodRow {
  const status = (pod.status ?? {}) as PodStatus;
  const spec = pod.spec ?? {};
  const initSpecs = spec.initContainers ?? [];
  const restartable = new Set(initSpecs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  let total = (spec.containers ?? []).length + restartable.size;
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

  total = Math.max(total, 0);
  const restartText = restarts !== 0 && lastRestart ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    ready: `${ready}/${total}`,
    status: reason,
    restarts: restartText,
    age: since(pod.metadata?.creationTimestamp, now),
  };
}

/** Rows aligned like kubectl's tabwriter output (columns separated by at least 3 spaces). */
export function formatPodTable(rows: PodRow[], withNamespace: boolean, header = true): string[] {
  const columns = withNamespace ? ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'] : ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
  const cells = rows.map((r) => (withNamespace ? [r.namespace] : []).concat([r.name, r.ready, r.status, r.restarts, r.age]));
  const all = header ? [columns, ...cells] : cells;
  const widths = columns.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  return all.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join(''));
}
