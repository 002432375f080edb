// Why a container log stream ended, in one line for the end of the log document: the pod is gone,
// the container restarted (a new instance to follow), it stopped or waits (with the runtime's
// reason), or the server closed the stream while it still runs. Decided from the container as it
// was when the stream opened and the pod as it is now.
import type { Pod } from '../pod';
import { containerChoices, type ContainerChoice } from './containerChoices';

export type LogStreamStart = { container: string; previous: boolean; follow: boolean; choice?: ContainerChoice };

/** `pod` undefined: the pod no longer exists. */
export function explainLogEnd(start: LogStreamStart, pod: Pod | undefined): string {
  if (!pod) return 'Stream ended: the pod was deleted.';
  if (pod.metadata?.deletionTimestamp) return 'Stream ended: the pod is terminating.';
  const now = containerChoices(pod).find((c) => c.name === start.container);
  if (!now) return `Stream ended: the pod no longer has a container "${start.container}".`;
  if (start.previous) return `End of the previous instance's log (container "${start.container}" now: ${stateLine(now)}).`;
  const before = start.choice;
  const restarted = before && (now.restartCount !== before.restartCount || (now.startedAt && before.startedAt && now.startedAt !== before.startedAt));
  if (restarted) return `Stream ended: container "${start.container}" restarted (restart count ${now.restartCount}). Reload to follow the new instance; Show Previous Container Logs reads the one that ended.`;
  if (now.state !== 'Running') {
    const lastRun = before?.state !== 'Running' && now.hasPrevious ? ' The lines above are from its last run.' : '';
    return `${start.follow ? 'Not following' : 'End of log'}: container "${start.container}" is ${stateLine(now)}.${lastRun}`;
  }
  return start.follow ? 'Stream ended: the server closed it while the container still runs. Reload to follow again.' : 'End of log (not following).';
}

export function stateLine(c: ContainerChoice): string {
  const state = c.state.replace(/^Waiting/, 'waiting').replace(/^Terminated/, 'terminated').replace(/^Running/, 'running').replace(/^Not started/, 'not started');
  return c.message ? `${state}: ${c.message}` : state;
}
