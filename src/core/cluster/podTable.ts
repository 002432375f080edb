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

// kubectl's printers.GetNewTabWriter (k8s.io/cli-runtime/pkg/printers/tabwriter.go): minwidth 6,
// padding 3, and the RememberWidths flag of github.com/liggitt/tabwriter, under which a column
// is as wide as the widest cell seen in any flush so far. `kubectl get pods -w` flushes after
// the list and after every event with one writer, so watch rows line up with the header and
// columns only ever grow. Widths count code points, as that tabwriter does by default.
const MIN_WIDTH = 6;
const PADDING = 3;

/** One table's column widths across flushes, like one tabwriter with RememberWidths. */
export class TableLayout {
  private readonly remembered: number[] = [];

  /** Pads every cell but the last of each row; the last cell is not in a column, as in tabwriter. */
  format(rows: string[][]): string[] {
    const columns = Math.max(0, ...rows.map((r) => r.length - 1));
    for (let i = 0; i < columns; i++) {
      const widest = Math.max(MIN_WIDTH, ...rows.filter((r) => i < r.length - 1).map((r) => [...r[i]].length + PADDING));
      this.remembered[i] = Math.max(this.remembered[i] ?? 0, widest);
    }
    return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(this.remembered[i] - [...cell].length))).join(''));
  }
}

export function podTableHeader(withNamespace: boolean): string[] {
  return withNamespace ? ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'] : ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
}

export function podTableCells(r: PodRow, withNamespace: boolean): string[] {
  return (withNamespace ? [r.namespace] : []).concat([r.name, r.ready, r.status, r.restarts, r.age]);
}

/** `kubectl get pods`: the header and the rows, aligned as one flush of kubectl's tabwriter. */
export function formatPodTable(rows: PodRow[], withNamespace: boolean, layout = new TableLayout(), header = true): string[] {
  const cells = rows.map((r) => podTableCells(r, withNamespace));
  return layout.format(header ? [podTableHeader(withNamespace), ...cells] : cells);
}
