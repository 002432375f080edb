// The kubelet's side of an in-place resize, as the sandbox plays it. 1.33+ report progress with the
// PodResizePending / PodResizeInProgress conditions (KEP-1287); 1.32 (alpha) with status.resize.
// allocatedResources follow the requests once the resize is admitted; status resources once it is
// actuated; a container whose resizePolicy says RestartContainer for a changed resource restarts.
import type { JsonObject } from '../core/pod';
import { parseQuantity } from '../core/rules/quantity';
import type { ServerRules } from '../core/rules/serverReleases';
import type { StoredObject } from './resourceStore';
import { semanticEqual } from '../core/rules/semanticEquality';

/** The sandbox node's allocatable capacity: a resize asking for more is Infeasible. */
const NODE_CPU_MILLIS = 8000n;
const NODE_MEMORY_BYTES = 32n << 30n;

type ContainerStatus = JsonObject & { name: string; restartCount?: number; state?: JsonObject };

export type ResizePlan = {
  conditions: boolean;
  /** Container name → the new resources, for every container whose resources changed. */
  resized: Map<string, JsonObject>;
  restarts: Set<string>;
  infeasible?: (status: JsonObject, now: string) => JsonObject;
};

function containers(pod: StoredObject): JsonObject[] {
  const spec = (pod.spec ?? {}) as JsonObject;
  return [...((spec.initContainers as JsonObject[] | undefined) ?? []), ...((spec.containers as JsonObject[] | undefined) ?? [])];
}

export function planResize(previous: StoredObject, pod: StoredObject, rules: ServerRules): ResizePlan | undefined {
  const before = new Map(containers(previous).map((c) => [String(c.name), c]));
  const resized = new Map<string, JsonObject>();
  const restarts = new Set<string>();
  for (const c of containers(pod)) {
    const old = before.get(String(c.name));
    if (!old || semanticEqual(old.resources, c.resources, 'resources')) continue;
    resized.set(String(c.name), (c.resources as JsonObject | undefined) ?? {});
    const policies = (c.resizePolicy as JsonObject[] | undefined) ?? [];
    for (const r of ['cpu', 'memory']) {
      const changed = ['limits', 'requests'].some((k) => !semanticEqual(((old.resources as JsonObject | undefined)?.[k] as JsonObject | undefined)?.[r], ((c.resources as JsonObject | undefined)?.[k] as JsonObject | undefined)?.[r], r, k));
      if (changed && policies.some((p) => p.resourceName === r && p.restartPolicy === 'RestartContainer')) restarts.add(String(c.name));
    }
  }
  if (!resized.size) return undefined;
  const plan: ResizePlan = { conditions: rules.minor >= 33, resized, restarts };
  const cpu = sumRequests(pod, 'cpu') / 1_000_000n;
  const memory = sumRequests(pod, 'memory') / 1_000_000_000n;
  const over = cpu > NODE_CPU_MILLIS ? `cpu, requested: ${cpu}, capacity: ${NODE_CPU_MILLIS}` : memory > NODE_MEMORY_BYTES ? `memory, requested: ${memory}, capacity: ${NODE_MEMORY_BYTES}` : undefined;
  if (over) {
    plan.infeasible = (status, now) => plan.conditions
      ? withCondition(status, 'PodResizePending', now, { reason: 'Infeasible', message: `Node didn't have enough capacity: ${over}` })
      : { ...status, resize: 'Infeasible' };
  }
  return plan;
}

/** Nano-units, like parseQuantity. */
function sumRequests(pod: StoredObject, resource: string): bigint {
  let total = 0n;
  for (const c of ((pod.spec as JsonObject | undefined)?.containers as JsonObject[] | undefined) ?? []) {
    const r = (c.resources ?? {}) as JsonObject;
    const v = ((r.requests as JsonObject | undefined)?.[resource] ?? (r.limits as JsonObject | undefined)?.[resource]) as string | undefined;
    total += parseQuantity(v) ?? 0n;
  }
  return total;
}

function withCondition(status: JsonObject, type: string, now: string, extra: JsonObject = {}): JsonObject {
  const conditions = ((status.conditions as JsonObject[] | undefined) ?? []).filter((c) => c.type !== 'PodResizePending' && c.type !== 'PodResizeInProgress');
  conditions.push({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now, ...extra });
  return { ...status, conditions };
}

function withoutResizeConditions(status: JsonObject): JsonObject {
  const conditions = ((status.conditions as JsonObject[] | undefined) ?? []).filter((c) => c.type !== 'PodResizePending' && c.type !== 'PodResizeInProgress');
  const out: JsonObject = { ...status, conditions };
  delete out.resize;
  return out;
}

function mapStatuses(status: JsonObject, plan: ResizePlan, change: (s: ContainerStatus, resources: JsonObject) => ContainerStatus): JsonObject {
  const out: JsonObject = { ...status };
  for (const key of ['containerStatuses', 'initContainerStatuses']) {
    const list = status[key] as ContainerStatus[] | undefined;
    if (list) out[key] = list.map((s) => (plan.resized.has(s.name) ? change(s, plan.resized.get(s.name)!) : s));
  }
  return out;
}

/** Admitted: allocatedResources take the new requests; progress is reported. */
export function resizeStarted(pod: StoredObject, plan: ResizePlan, now: string): JsonObject {
  const status = (pod.status as JsonObject | undefined) ?? {};
  const allocated = mapStatuses(status, plan, (s, resources) => ({ ...s, allocatedResources: { ...((resources.requests as JsonObject | undefined) ?? {}) } }));
  return plan.conditions ? withCondition(allocated, 'PodResizeInProgress', now) : { ...allocated, resize: 'InProgress' };
}

/** Actuated: status resources equal the spec's, restarts done, the progress report cleared. */
export function resizeDone(pod: StoredObject, plan: ResizePlan, now: string): JsonObject {
  const status = (pod.status as JsonObject | undefined) ?? {};
  const applied = mapStatuses(status, plan, (s, resources) => {
    const next: ContainerStatus = { ...s, resources: structuredClone(resources) };
    const running = s.state && 'running' in s.state;
    if (plan.restarts.has(s.name) && running) {
      next.lastState = { terminated: { exitCode: 0, reason: 'Completed', startedAt: (s.state!.running as JsonObject).startedAt, finishedAt: now, containerID: s.containerID } };
      next.state = { running: { startedAt: now } };
      next.restartCount = (s.restartCount ?? 0) + 1;
    }
    return next;
  });
  return withoutResizeConditions(applied);
}
