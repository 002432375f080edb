// Server-side Table columns of the workload kinds (pkg/printers/internalversion/printers.go:
// printDeployment, printReplicaSet, printStatefulSet, printDaemonSet, printJob), all columns
// generated as the server does (wide ones have priority 1).
import type { JsonObject } from '../core/pod';
import { ageColumn, humanDuration } from '../core/podStatusColumns';
import { selectorQuery } from '../core/rules/workloads/labelSelector';
import { registerTablePrinter } from './podTable';

type Col = { name: string; description: string; priority?: number; format?: string };

function columns(cols: Col[]): JsonObject[] {
  return cols.map((c) => ({ name: c.name, type: c.name === 'Age' || c.name === 'Name' ? 'string' : c.name.match(/^(Desired|Current|Ready|Up-to-date|Available)$/) ? 'integer' : 'string', format: c.format ?? '', description: c.description, priority: c.priority ?? 0 }));
}

const NAME: Col = { name: 'Name', format: 'name', description: 'Name must be unique within a namespace.' };
const AGE: Col = { name: 'Age', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' };
const CONTAINERS: Col = { name: 'Containers', priority: 1, description: 'Names of each container in the template.' };
const IMAGES: Col = { name: 'Images', priority: 1, description: 'Images referenced by each container in the template.' };
const SELECTOR: Col = { name: 'Selector', priority: 1, description: 'Label selector for pods.' };

const spec = (o: JsonObject) => (o.spec ?? {}) as JsonObject;
const status = (o: JsonObject) => (o.status ?? {}) as JsonObject;
const n = (v: unknown) => (typeof v === 'number' ? v : 0);
const templateContainers = (o: JsonObject) => (((spec(o).template as JsonObject | undefined)?.spec as JsonObject | undefined)?.containers as JsonObject[] | undefined) ?? [];
const names = (o: JsonObject) => templateContainers(o).map((c) => String(c.name)).join(',');
const images = (o: JsonObject) => templateContainers(o).map((c) => String(c.image)).join(',');
const selector = (o: JsonObject) => selectorQuery(spec(o).selector) || '<none>';
const age = (o: JsonObject, now: number) => ageColumn((o.metadata as JsonObject).creationTimestamp, now);
const name = (o: JsonObject) => String((o.metadata as JsonObject).name);

registerTablePrinter('deployments', {
  columns: columns([NAME, { name: 'Ready', description: 'Number of the pod with ready state' }, { name: 'Up-to-date', description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.' }, { name: 'Available', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.' }, AGE, CONTAINERS, IMAGES, SELECTOR]),
  cells: (o, now) => [name(o), `${n(status(o).readyReplicas)}/${spec(o).replicas ?? 1}`, n(status(o).updatedReplicas), n(status(o).availableReplicas), age(o, now), names(o), images(o), selector(o)],
});

registerTablePrinter('replicasets', {
  columns: columns([NAME, { name: 'Desired', description: 'Replicas is the number of desired replicas.' }, { name: 'Current', description: 'Replicas is the most recently observed number of replicas.' }, { name: 'Ready', description: 'The number of ready replicas for this replica set.' }, AGE, CONTAINERS, IMAGES, SELECTOR]),
  cells: (o, now) => [name(o), n(spec(o).replicas), n(status(o).replicas), n(status(o).readyReplicas), age(o, now), names(o), images(o), selector(o)],
});

registerTablePrinter('statefulsets', {
  columns: columns([NAME, { name: 'Ready', description: 'Number of the pod with ready state' }, AGE, CONTAINERS, IMAGES]),
  cells: (o, now) => [name(o), `${n(status(o).readyReplicas)}/${spec(o).replicas ?? 1}`, age(o, now), names(o), images(o)],
});

registerTablePrinter('daemonsets', {
  columns: columns([NAME, { name: 'Desired', description: 'The total number of nodes that should be running the daemon pod.' }, { name: 'Current', description: 'The number of nodes that are running at least 1 daemon pod.' }, { name: 'Ready', description: 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.' }, { name: 'Up-to-date', description: 'The total number of nodes that are running updated daemon pod' }, { name: 'Available', description: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.' }, { name: 'Node Selector', description: 'NodeSelector is a selector which must be true for the pod to fit on a node.' }, AGE, CONTAINERS, IMAGES, SELECTOR]),
  cells: (o, now) => {
    const s = status(o);
    const nodeSelector = Object.entries((((spec(o).template as JsonObject | undefined)?.spec as JsonObject | undefined)?.nodeSelector as Record<string, string> | undefined) ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
    return [name(o), n(s.desiredNumberScheduled), n(s.currentNumberScheduled), n(s.numberReady), n(s.updatedNumberScheduled), n(s.numberAvailable), nodeSelector, age(o, now), names(o), images(o), selector(o)];
  },
});

function jobStatus(o: JsonObject): string {
  const conditions = (status(o).conditions as JsonObject[] | undefined) ?? [];
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (o.metadata && (o.metadata as JsonObject).deletionTimestamp) return 'Terminating';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('Suspended')) return 'Suspended';
  return 'Running';
}

registerTablePrinter('jobs', {
  columns: columns([NAME, { name: 'Status', description: 'Status of the job.' }, { name: 'Completions', description: 'The desired number of successfully finished pods the job should be run with.' }, { name: 'Duration', description: 'Time required to complete the job.' }, AGE, CONTAINERS, IMAGES, SELECTOR]),
  cells: (o, now) => {
    const s = status(o);
    const completions = typeof spec(o).completions === 'number' ? `${n(s.succeeded)}/${spec(o).completions}` : `${n(s.succeeded)}/1 of ${spec(o).parallelism ?? 1}`;
    const start = s.startTime ? Date.parse(String(s.startTime)) : undefined;
    const end = s.completionTime ? Date.parse(String(s.completionTime)) : now;
    return [name(o), jobStatus(o), completions, start === undefined ? '' : humanDuration(end - start), age(o, now), names(o), images(o), selector(o)];
  },
});
