// What a tree row shows for one pod, as pure functions over core's PodSummary (the only thing the
// tree keeps of a pod): kubectl's STATUS text, the icon it deserves, AGE and the row description.
// Free of `vscode` so the tree model can be benchmarked.
import { humanDuration } from '../../core/podStatusColumns';
import type { PodSummary } from '../../core/podSummary';

export type PodIconKind = 'running' | 'notReady' | 'pending' | 'succeeded' | 'failed' | 'warning' | 'terminating' | 'unknown';

/** Waiting/terminated reasons that mean "this pod is stuck", shown as warnings. */
const warningReasons = /^(CrashLoopBackOff|ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerConfigError|CreateContainerError|RunContainerError|ContainerCannotRun|OOMKilled|Error|ErrImageNeverPull|RegistryUnavailable)$/;

/** kubectl's STATUS: the reason that matters more than the phase, "Unknown" without a phase, "Completed" for a finished pod. */
export function podStatusText(s: PodSummary): string {
  const phase = s.phase || 'Unknown';
  const reason = s.reason || phase;
  return phase === 'Succeeded' && reason === 'Succeeded' ? 'Completed' : reason;
}

export function podIconKind(s: PodSummary): PodIconKind {
  const phase = s.phase || 'Unknown';
  const reason = s.reason || phase;
  if (reason === 'Terminating') return 'terminating';
  if (warningReasons.test(reason.replace(/^Init:/, ''))) return phase === 'Failed' ? 'failed' : 'warning';
  if (reason === 'Running' || phase === 'Running') return s.ready < s.total ? 'notReady' : 'running';
  switch (phase) {
    case 'Pending': return 'pending';
    case 'Succeeded': return 'succeeded';
    case 'Failed': return 'failed';
    default: return 'unknown';
  }
}

/** kubectl's AGE column for a creation time in ms since epoch (0: unknown). */
export function humanAge(createdAt: number, now = Date.now()): string {
  return !createdAt || Number.isNaN(createdAt) ? '<unknown>' : humanDuration(now - createdAt);
}

/**
 * The tree row's description: `Running · 1/1 · 0 restarts · 5m`, then the owner: `owner` when
 * given (`deploy/web`), nothing when null (the row sits under its owner), else `by <kind>`.
 */
export function describePod(s: PodSummary, now = Date.now(), owner?: string | null): string {
  const parts = [podStatusText(s), `${s.ready}/${s.total}`, s.restarts === 1 ? '1 restart' : `${s.restarts} restarts`, humanAge(s.createdAt, now)];
  if (owner) parts.push(owner);
  else if (s.owner && owner === undefined) parts.push(`by ${s.owner.kind}`);
  return parts.join(' · ');
}
