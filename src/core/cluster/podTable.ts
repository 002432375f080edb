// The `kubectl get pods` listing (NAME READY STATUS RESTARTS AGE), its status columns computed by
// the shared printPod port (core/podStatusColumns), so podpatch's listing reads the same as kubectl's.
import type { Pod } from '../pod';
import { ageColumn, podStatusColumns, restartsColumn } from '../podStatusColumns';

export type PodRow = { namespace: string; name: string; ready: string; status: string; restarts: string; age: string };

export function podRow(pod: Pod, now = Date.now()): PodRow {
  const columns = podStatusColumns(pod);
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    ready: `${columns.ready}/${columns.total}`,
    status: columns.reason,
    restarts: restartsColumn(columns, now),
    age: ageColumn(pod.metadata?.creationTimestamp, now),
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
