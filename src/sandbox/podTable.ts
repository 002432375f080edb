// Server-side printing as kubectl asks for it (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`):
// the column definitions and per-pod cells of upstream's pkg/printers/internalversion printPod, with
// the wide columns always generated (priority 1) so that `-o wide` can show them. The status
// columns themselves come from the shared printPod port (core/podStatusColumns).
import type { JsonObject, Pod } from '../core/pod';
import { ageColumn, podStatusColumns, restartsColumn } from '../core/podStatusColumns';

export const POD_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', priority: 0 },
  { name: 'Ready', type: 'string', format: '', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0 },
  { name: 'Status', type: 'string', format: '', description: 'The aggregate status of the containers in this pod.', priority: 0 },
  { name: 'Restarts', type: 'string', format: '', description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata', priority: 0 },
  { name: 'IP', type: 'string', format: '', description: 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', priority: 1 },
  { name: 'Node', type: 'string', format: '', description: 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.', priority: 1 },
  { name: 'Nominated Node', type: 'string', format: '', description: 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', priority: 1 },
  { name: 'Readiness Gates', type: 'string', format: '', description: 'If specified, all readiness gates will be evaluated for pod readiness.', priority: 1 },
];

export const NAMESPACE_COLUMNS = [
  POD_COLUMNS[0],
  { name: 'Status', type: 'string', format: '', description: 'The status of the namespace', priority: 0 },
  POD_COLUMNS[4],
];

/** The cells of printPod (NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES). */
export function podCells(pod: JsonObject, now = Date.now()): (string | number)[] {
  const meta = (pod.metadata ?? {}) as JsonObject;
  const spec = (pod.spec ?? {}) as JsonObject;
  const status = (pod.status ?? {}) as JsonObject;
  const columns = podStatusColumns(pod as Pod);
  const podIPs = (status.podIPs as { ip?: string }[] | undefined) ?? [];
  const gates = (spec.readinessGates as { conditionType?: string }[] | undefined) ?? [];
  let gatesCell = '<none>';
  if (gates.length) {
    const conds = (status.conditions as JsonObject[] | undefined) ?? [];
    const trueCount = gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length;
    gatesCell = `${trueCount}/${gates.length}`;
  }
  return [
    meta.name as string,
    `${columns.ready}/${columns.total}`,
    columns.reason,
    restartsColumn(columns, now),
    ageColumn(meta.creationTimestamp, now),
    podIPs[0]?.ip || '<none>',
    (spec.nodeName as string) || '<none>',
    (status.nominatedNodeName as string) || '<none>',
    gatesCell,
  ];
}

export function namespaceCells(ns: JsonObject, now = Date.now()): (string | number)[] {
  const meta = (ns.metadata ?? {}) as JsonObject;
  return [meta.name as string, ((ns.status as JsonObject | undefined)?.phase as string) ?? '', ageColumn(meta.creationTimestamp, now)];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The `object` of a row: PartialObjectMetadata by default (includeObject=Metadata), as upstream. */
export function rowObject(obj: JsonObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** Columns and cells of another kind (events, workloads), registered by the module that serves it. */
export type TablePrinter = { columns: JsonObject[]; cells(obj: JsonObject, now: number): (string | number)[] };
const printers = new Map<string, TablePrinter>();
export function registerTablePrinter(kind: string, printer: TablePrinter): void { printers.set(kind, printer); }

function cellsOf(kind: string, obj: JsonObject, now: number): (string | number)[] {
  if (kind === 'pods') return podCells(obj, now);
  if (kind === 'namespaces') return namespaceCells(obj, now);
  const printer = printers.get(kind);
  if (!printer) throw new Error(`no table printer for ${kind}`);
  return printer.cells(obj, now);
}

export function tableRow(kind: string, obj: JsonObject, include: IncludeObject, now = Date.now()): JsonObject {
  const cells = cellsOf(kind, obj, now);
  const row: JsonObject = { cells };
  const object = rowObject(obj, include);
  if (object !== undefined) row.object = object;
  const phase = (obj.status as JsonObject | undefined)?.phase;
  if (kind === 'pods' && (phase === 'Succeeded' || phase === 'Failed')) {
    // Upstream marks finished pods so `kubectl get pods` can hide them with --show-all=false.
    row.conditions = [{ type: 'Completed', status: 'True', reason: phase, message: `The pod has ${phase === 'Succeeded' ? 'completed successfully' : 'failed'}.` }];
  }
  return row;
}

export function table(kind: string, rows: JsonObject[], listMeta: JsonObject, withColumns = true): JsonObject {
  const columns = kind === 'pods' ? POD_COLUMNS : kind === 'namespaces' ? NAMESPACE_COLUMNS : printers.get(kind)?.columns;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withColumns ? columns : null,
    rows,
  };
}

export function parseIncludeObject(v: string | null): IncludeObject {
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}
