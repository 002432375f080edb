// Plays scheduler and kubelet so that clients see life: a new pod is scheduled and goes
// Pending → ContainerCreating → Running; an image change restarts that container (or leaves it in
// ErrImagePull for images tagged `does-not-exist`, as in the seed's example); a graceful delete
// finishes after a short termination. Writes go straight to the store, like status updates.
import { createHash } from 'node:crypto';
import type { JsonObject } from '../core/pod';
import type { ResourceStore, StoredObject } from './resourceStore';
import type { ServerRules } from '../core/rules/serverReleases';
import { planResize, resizeDone, resizeStarted } from './resizeSimulation';

type ContainerStatus = JsonObject & { name: string; ready?: boolean; restartCount?: number; state?: JsonObject; image?: string };

export function isPullFailure(image: unknown): boolean {
  return typeof image === 'string' && /:does-not-exist(@.*)?$/.test(image);
}

function timestamp(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function imageId(image: string): string {
  return `${image.split(':')[0]}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

function pullFailure(image: string): JsonObject {
  return { waiting: { reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found` } };
}

/** Conditions and phase recomputed from container statuses, keeping unchanged transition times. */
function withReadiness(status: JsonObject, containers: string[], now: string): JsonObject {
  const statuses = (status.containerStatuses as ContainerStatus[] | undefined) ?? [];
  const unready = containers.filter((n) => !statuses.find((s) => s.name === n)?.ready);
  const ready = unready.length === 0;
  const conditions = ((status.conditions as JsonObject[] | undefined) ?? []).slice();
  const setCondition = (type: string, ok: boolean) => {
    const i = conditions.findIndex((c) => c.type === type);
    const value = ok ? 'True' : 'False';
    if (i >= 0 && conditions[i].status === value) return;
    const c: JsonObject = { type, status: value, lastProbeTime: null, lastTransitionTime: now };
    if (!ok) { c.reason = 'ContainersNotReady'; c.message = `containers with unready status: [${unready.join(' ')}]`; }
    if (i >= 0) conditions[i] = c; else conditions.push(c);
  };
  setCondition('Ready', ready);
  setCondition('ContainersReady', ready);
  const anyStarted = statuses.some((s) => s.state && 'running' in s.state);
  return { ...status, phase: anyStarted || status.phase === 'Running' ? 'Running' : 'Pending', conditions };
}

/** What a 1.33+ kubelet reports for a running container (pods/resize refuses pods whose node does not). */
function reportedResources(c: JsonObject): JsonObject {
  const resources = (c.resources as JsonObject | undefined) ?? {};
  const requests = resources.requests as JsonObject | undefined;
  return { ...(requests ? { allocatedResources: { ...requests } } : {}), resources: structuredClone(resources) };
}

export class StatusSimulator {
  private readonly timers = new Set<NodeJS.Timeout>();
  private nodeCounter = 0;

  constructor(private readonly store: ResourceStore, private readonly delayMs: number, private readonly terminationMs: number) {}

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    this.timers.add(t);
  }

  /** Applies `change` to the latest stored version of the pod, if it still exists and still has `uid`. */
  private mutate(pod: StoredObject, change: (latest: StoredObject) => StoredObject | undefined): void {
    const latest = this.store.get(pod.metadata.namespace, pod.metadata.name);
    if (!latest || latest.metadata.uid !== pod.metadata.uid) return;
    const next = change(latest);
    if (next) this.store.put(next);
  }

  podCreated(pod: StoredObject): void {
    this.later(this.delayMs, () => this.mutate(pod, (latest) => {
      const spec = { ...(latest.spec as JsonObject) };
      const now = timestamp();
      if (!spec.nodeName) spec.nodeName = `node-${this.nodeCounter++ % 16}`;
      const containers = (spec.containers as JsonObject[]) ?? [];
      const status: JsonObject = {
        ...(latest.status as JsonObject),
        phase: 'Pending',
        conditions: [
          { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: now },
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
          { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]` },
          { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]` },
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        ],
        hostIP: '10.0.0.1',
        hostIPs: [{ ip: '10.0.0.1' }],
        startTime: now,
        containerStatuses: containers.map((c) => ({
          name: c.name, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: c.image, imageID: '', started: false,
        })),
      };
      return { ...latest, spec, status };
    }));
    this.later(this.delayMs * 2, () => this.startContainers(pod));
  }

  private startContainers(pod: StoredObject): void {
    this.mutate(pod, (latest) => {
      const now = timestamp();
      const containers = ((latest.spec as JsonObject).containers as JsonObject[]) ?? [];
      const status = latest.status as JsonObject;
      const ip = `10.244.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
      const containerStatuses = containers.map((c) => {
        const image = String(c.image ?? '');
        return isPullFailure(image)
          ? { name: c.name, state: pullFailure(image), lastState: {}, ready: false, restartCount: 0, image, imageID: '', started: false }
          : { name: c.name, state: { running: { startedAt: now } }, lastState: {}, ready: true, restartCount: 0, image, imageID: imageId(image), containerID: `containerd://${createHash('sha256').update(`${latest.metadata.uid}/${String(c.name)}`).digest('hex')}`, started: true, ...reportedResources(c) };
      });
      const conditions = ((status.conditions as JsonObject[]) ?? []).map((c) => (c.type === 'PodReadyToStartContainers' ? { ...c, status: 'True', lastTransitionTime: now } : c));
      const next = withReadiness({ ...status, conditions, containerStatuses, podIP: ip, podIPs: [{ ip }] }, containers.map((c) => String(c.name)), now);
      return { ...latest, status: next };
    });
  }

  /** Reacts to an accepted update: containers whose image changed restart (or fail to pull). */
  podUpdated(previous: StoredObject, pod: StoredObject): void {
    const before = ((previous.spec as JsonObject)?.containers as JsonObject[]) ?? [];
    const after = ((pod.spec as JsonObject)?.containers as JsonObject[]) ?? [];
    const changed = after.map((c, i) => (before[i] && before[i].image !== c.image ? i : -1)).filter((i) => i >= 0);
    if (changed.length === 0) return;
    this.later(this.delayMs, () => this.mutate(pod, (latest) => {
      const now = timestamp();
      const containers = ((latest.spec as JsonObject).containers as JsonObject[]) ?? [];
      const status = (latest.status as JsonObject) ?? {};
      const statuses = ((status.containerStatuses as ContainerStatus[]) ?? []).slice();
      for (const i of changed) {
        const c = containers[i];
        if (!c) continue;
        const image = String(c.image ?? '');
        const idx = statuses.findIndex((s) => s.name === c.name);
        const prev: ContainerStatus = idx >= 0 ? statuses[idx] : { name: String(c.name), restartCount: 0 };
        const wasRunning = prev.state && 'running' in prev.state;
        const lastState = wasRunning
          ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: (prev.state!.running as JsonObject).startedAt, finishedAt: now, containerID: prev.containerID } }
          : prev.lastState ?? {};
        const restarted = wasRunning ? (prev.restartCount ?? 0) + 1 : prev.restartCount ?? 0;
        const next: ContainerStatus = isPullFailure(image)
          ? { ...prev, state: pullFailure(image), lastState, ready: false, restartCount: restarted, image, imageID: '', started: false }
          : { ...prev, state: { running: { startedAt: now } }, lastState, ready: true, restartCount: restarted, image, imageID: imageId(image), started: true };
        if (idx >= 0) statuses[idx] = next; else statuses.push(next);
      }
      return { ...latest, status: withReadiness({ ...status, containerStatuses: statuses }, containers.map((x) => String(x.name)), now) };
    }));
  }

  /**
   * An accepted resize (or, up to 1.31 with the gate, a resources change on the main resource): the
   * kubelet allocates (PodResizeInProgress, allocatedResources), actuates (status resources, restarts
   * per resizePolicy) and clears the condition; a resize beyond the node is PodResizePending/Infeasible.
   */
  podResized(previous: StoredObject, pod: StoredObject, rules: ServerRules): void {
    const plan = planResize(previous, pod, rules);
    if (!plan) return;
    if (plan.infeasible) {
      this.later(this.delayMs, () => this.mutate(pod, (latest) => ({ ...latest, status: plan.infeasible!(latest.status as JsonObject, timestamp()) })));
      return;
    }
    this.later(this.delayMs, () => this.mutate(pod, (latest) => ({ ...latest, status: resizeStarted(latest, plan, timestamp()) })));
    this.later(this.delayMs * 2, () => this.mutate(pod, (latest) => ({ ...latest, status: resizeDone(latest, plan, timestamp()) })));
  }

  /** A graceful delete: the kubelet stops the containers, then the pod object goes away. */
  podTerminating(pod: StoredObject, graceSeconds: number): void {
    this.later(Math.min(graceSeconds * 1000, this.terminationMs), () => {
      const latest = this.store.get(pod.metadata.namespace, pod.metadata.name);
      if (latest && latest.metadata.uid === pod.metadata.uid) this.store.delete(pod.metadata.namespace, pod.metadata.name);
    });
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
