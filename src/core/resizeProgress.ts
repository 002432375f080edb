// What the server reports about an in-place resize (KEP-1287), read from the pod alone: the
// PodResizePending (reason Deferred or Infeasible) / PodResizeInProgress conditions of 1.33+ or the
// `status.resize` field of the 1.32 alpha, and per container what the kubelet has allocated
// (`status.containerStatuses[*].allocatedResources`) and runs with (`.resources`) against what
// the spec asks for. The tree keeps only the summary (cheap: conditions only); the pod document
// shows the per-container detail until the resize is done.
import { obj, list, str } from './rules/ruleContext';
import { quantitiesEqual } from './rules/quantity';

export type ResizeState = 'Pending' | 'InProgress';
/** The pod's resize as its conditions say it; `reason` is Deferred/Infeasible for Pending, Error for a failed InProgress. */
export type PodResizeSummary = { state: ResizeState; reason?: string; message?: string };

const RESOURCES = ['cpu', 'memory'] as const;

/** From the conditions (1.33+) or status.resize (1.32: Proposed/Deferred/Infeasible/InProgress); undefined when neither reports a resize. */
export function podResizeSummary(status: unknown): PodResizeSummary | undefined {
  const s = obj(status);
  let pending: Record<string, unknown> | undefined;
  let inProgress: Record<string, unknown> | undefined;
  for (const c of list(s.conditions)) {
    const type = obj(c).type;
    if (type !== 'PodResizePending' && type !== 'PodResizeInProgress') continue;
    if (obj(c).status !== 'True') continue;
    if (type === 'PodResizePending') pending = obj(c);
    else inProgress = obj(c);
  }
  // Pending wins: a new resize waiting behind one being actuated is what the user can act on.
  const condition = pending ?? inProgress;
  if (condition) {
    const out: PodResizeSummary = { state: pending ? 'Pending' : 'InProgress' };
    if (str(condition.reason)) out.reason = str(condition.reason);
    if (str(condition.message)) out.message = str(condition.message);
    return out;
  }
  const alpha = str(s.resize);
  if (alpha === 'InProgress') return { state: 'InProgress' };
  // 1.32's Proposed (asked, not yet seen by the kubelet) reads as pending like Deferred and Infeasible.
  if (alpha === 'Proposed' || alpha === 'Deferred' || alpha === 'Infeasible') return { state: 'Pending', reason: alpha };
  return undefined;
}

/** cpu/memory of requests and limits, e.g. {"limits.memory": "2Gi"}. */
export type ResourceValues = Record<string, string>;

export type ContainerResize = {
  name: string;
  /** The container's resources in the pod, e.g. "spec.containers[0].resources" (where the document shows it). */
  path: string;
  /** What the spec asks for. */
  wanted: ResourceValues;
  /** status allocatedResources (requests the kubelet admitted), when reported. */
  allocated?: ResourceValues;
  /** status resources (what the container runs with), when reported. */
  actual?: ResourceValues;
  /** Every reported actual value equals the spec's. */
  applied: boolean;
};

export type ResizeProgress = {
  /** Undefined when no condition is set but a container does not run with its spec yet: the kubelet has not picked the resize up. */
  summary?: PodResizeSummary;
  /** Containers whose reported resources differ from the spec (all reporting containers while a condition is set). */
  containers: ContainerResize[];
};

/** The resize under way, or undefined when the server reports none and every container runs with its spec. */
export function resizeProgress(pod: unknown): ResizeProgress | undefined {
  const p = obj(pod);
  const status = obj(p.status);
  const summary = podResizeSummary(status);
  const spec = obj(p.spec);
  const containers: ContainerResize[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    const statuses = list(status[field === 'containers' ? 'containerStatuses' : 'initContainerStatuses']).map(obj);
    list(spec[field]).forEach((c, i) => {
      const container = obj(c);
      const name = str(container.name);
      const st = statuses.find((s) => str(s.name) === name);
      if (!st) return;
      const wanted = values(container.resources);
      const allocated = st.allocatedResources === undefined ? undefined : prefixed('requests', st.allocatedResources);
      const actual = st.resources === undefined ? undefined : values(st.resources);
      const applied = !actual || Object.entries(wanted).every(([k, v]) => actual[k] === undefined || quantitiesEqual(actual[k], v));
      const admitted = !allocated || Object.entries(wanted).every(([k, v]) => !k.startsWith('requests.') || allocated[k] === undefined || quantitiesEqual(allocated[k], v));
      if (applied && admitted) return;
      const entry: ContainerResize = { name, path: `spec.${field}[${i}].resources`, wanted, applied };
      if (allocated) entry.allocated = allocated;
      if (actual) entry.actual = actual;
      containers.push(entry);
    });
  }
  if (!summary && !containers.some((c) => !c.applied)) return undefined;
  return summary ? { summary, containers } : { containers };
}

function values(resources: unknown): ResourceValues {
  const r = obj(resources);
  return { ...prefixed('requests', r.requests), ...prefixed('limits', r.limits) };
}

function prefixed(kind: 'requests' | 'limits', map: unknown): ResourceValues {
  const out: ResourceValues = {};
  const m = obj(map);
  for (const name of RESOURCES) if (m[name] !== undefined && m[name] !== null) out[`${kind}.${name}`] = String(m[name]);
  return out;
}

/** A few words for a list row: "resizing", "resize Infeasible", "resize Deferred", "resize Error". */
export function resizeLabel(s: PodResizeSummary): string {
  if (s.state === 'InProgress') return s.reason === 'Error' ? 'resize Error' : 'resizing';
  return `resize ${s.reason || 'pending'}`;
}

/** One line for a person: "resize in progress", "resize pending (Infeasible): Node didn't have enough capacity ...". */
export function describeResize(s: PodResizeSummary | undefined): string {
  if (!s) return 'resize requested: the kubelet has not reported it yet';
  const head = s.state === 'InProgress' ? (s.reason === 'Error' ? 'resize failing' : 'resize in progress') : 'resize pending';
  const reason = s.reason && !(s.state === 'InProgress' && s.reason === 'Error') ? ` (${s.reason})` : '';
  return `${head}${reason}${s.message ? `: ${s.message}` : ''}`;
}

/** "memory 2Gi (running with 1Gi)" for the values of one container that are not yet what the spec asks. */
export function describeContainerResize(c: ContainerResize): string {
  const parts: string[] = [];
  for (const [key, want] of Object.entries(c.wanted)) {
    const running = c.actual?.[key];
    const allocated = key.startsWith('requests.') ? c.allocated?.[key] : undefined;
    const behind = (running !== undefined && !quantitiesEqual(running, want)) || (allocated !== undefined && !quantitiesEqual(allocated, want));
    if (!behind) continue;
    const notes = [
      allocated !== undefined && !quantitiesEqual(allocated, want) ? `allocated ${allocated}` : allocated !== undefined ? 'allocated' : '',
      running !== undefined ? `running with ${running}` : '',
    ].filter(Boolean);
    parts.push(`${key} ${want}${notes.length ? ` (${notes.join(', ')})` : ''}`);
  }
  return parts.join(', ');
}
