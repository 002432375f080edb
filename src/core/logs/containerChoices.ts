// Which containers of a pod have logs to pick from, in kubectl's order (init, regular, ephemeral:
// podutil.VisitContainers), each with its state in kubectl describe's words, whether a previous
// (terminated) instance exists, and the one `kubectl logs` picks by default (the
// kubectl.kubernetes.io/default-container annotation, else the first regular container).
import type { Pod } from '../pod';
import { list, obj, str } from '../rules/ruleContext';

export type ContainerKind = 'init' | 'regular' | 'ephemeral';

export type ContainerChoice = {
  name: string;
  kind: ContainerKind;
  /** `Running`, `Waiting (ErrImagePull)`, `Terminated (Completed, exit code 0)`, `Not started`. */
  state: string;
  /** The waiting or terminated message, when the runtime gave one. */
  message?: string;
  restartCount: number;
  /** lastState.terminated exists: `previous` can read it. */
  hasPrevious: boolean;
  /** The running instance's start (to tell a restart from the same instance), when running. */
  startedAt?: string;
};

export const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

export function containerChoices(pod: Pod): ContainerChoice[] {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const groups: [ContainerKind, unknown, unknown][] = [
    ['init', spec.initContainers, status.initContainerStatuses],
    ['regular', spec.containers, status.containerStatuses],
    ['ephemeral', spec.ephemeralContainers, status.ephemeralContainerStatuses],
  ];
  const out: ContainerChoice[] = [];
  for (const [kind, containers, statuses] of groups) {
    const byName = new Map(list(statuses).map(obj).map((s) => [str(s.name), s]));
    for (const c of list(containers).map(obj)) {
      const name = str(c.name);
      const s = byName.get(name);
      out.push({ name, kind, ...describeState(s), restartCount: Number(s?.restartCount ?? 0), hasPrevious: !!obj(s?.lastState).terminated });
    }
  }
  return out;
}

/** The container `kubectl logs` reads when none is named. */
export function defaultContainer(pod: Pod, choices = containerChoices(pod)): string | undefined {
  const annotated = str(obj(obj(pod.metadata).annotations)[defaultContainerAnnotation]);
  if (annotated && choices.some((c) => c.name === annotated)) return annotated;
  return choices.find((c) => c.kind === 'regular')?.name ?? choices[0]?.name;
}

function describeState(s: Record<string, unknown> | undefined): { state: string; message?: string; startedAt?: string } {
  const state = obj(s?.state);
  if (state.running) return { state: 'Running', startedAt: str(obj(state.running).startedAt) || undefined };
  if (state.waiting) {
    const w = obj(state.waiting);
    return { state: str(w.reason) ? `Waiting (${str(w.reason)})` : 'Waiting', message: str(w.message) || undefined };
  }
  if (state.terminated) {
    const t = obj(state.terminated);
    return { state: `Terminated (${str(t.reason) || 'Error'}, exit code ${Number(t.exitCode ?? 0)})`, message: str(t.message) || undefined };
  }
  return { state: 'Not started' };
}
