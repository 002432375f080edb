// The catch-all's diff from 1.34 on: apimachinery's `diff.Diff` (pkg/util/diff v0.34.0, read in
// kubernetes-sigs/provider-aws-test-infra@ad3a0ece vendor/k8s.io/apimachinery/pkg/util/diff/diff.go)
// is a go-difflib unified diff (3 context lines, no file header) of the two values as JSON indented
// by one space. Upstream marshals the internal Go structs (Go field names, every field); podpatch
// has the wire JSON, so the hunks have the same shape but camelCase names and only the fields set.

export function unifiedDiff(a: unknown, b: unknown, context = 3): string {
  const left = lines(a);
  const right = lines(b);
  const ops = diffLines(left, right);
  const out: string[] = [];
  for (const hunk of hunks(ops, context)) {
    const first = hunk[0];
    const last = hunk[hunk.length - 1];
    out.push(`@@ -${range(first.i1, last.i2)} +${range(first.j1, last.j2)} @@\n`);
    for (const op of hunk) {
      if (op.tag === 'equal') for (let i = op.i1; i < op.i2; i++) out.push(' ' + left[i]);
      else {
        for (let i = op.i1; i < op.i2; i++) out.push('-' + left[i]);
        for (let j = op.j1; j < op.j2; j++) out.push('+' + right[j]);
      }
    }
  }
  return out.join('');
}

type Op = { tag: 'equal' | 'replace'; i1: number; i2: number; j1: number; j2: number };

function lines(v: unknown): string[] {
  const text = JSON.stringify(v ?? null, null, 1);
  return text.split('\n').map((l) => l + '\n');
}

/** difflib's formatRangeUnified. */
function range(start: number, stop: number): string {
  let beginning = start + 1;
  const length = stop - start;
  if (length === 1) return String(beginning);
  if (length === 0) beginning--;
  return `${beginning},${length}`;
}

/** Equal and changed runs: common prefix/suffix trimmed first, so a one-field edit costs almost nothing. */
function diffLines(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ops: Op[] = [];
  if (pre) ops.push({ tag: 'equal', i1: 0, i2: pre, j1: 0, j2: pre });
  ops.push(...middle(a, b, pre, a.length - suf, pre, b.length - suf));
  if (suf) ops.push({ tag: 'equal', i1: a.length - suf, i2: a.length, j1: b.length - suf, j2: b.length });
  return ops.filter((o) => o.i2 > o.i1 || o.j2 > o.j1);
}

/** LCS over the differing middle; a very large middle is one replaced block (never slow). */
function middle(a: string[], b: string[], i0: number, i1: number, j0: number, j1: number): Op[] {
  const n = i1 - i0;
  const m = j1 - j0;
  if (n === 0 || m === 0 || n * m > 1_000_000) return [{ tag: 'replace', i1: i0, i2: i1, j1: j0, j2: j1 }];
  const lcs: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) lcs.push(new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i0 + i] === b[j0 + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  let changeI = 0;
  let changeJ = 0;
  const flush = () => {
    if (i > changeI || j > changeJ) ops.push({ tag: 'replace', i1: i0 + changeI, i2: i0 + i, j1: j0 + changeJ, j2: j0 + j });
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i0 + i] === b[j0 + j]) {
      flush();
      const start = { i, j };
      while (i < n && j < m && a[i0 + i] === b[j0 + j]) { i++; j++; }
      ops.push({ tag: 'equal', i1: i0 + start.i, i2: i0 + i, j1: j0 + start.j, j2: j0 + j });
      changeI = i;
      changeJ = j;
    } else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) j++;
    else i++;
  }
  flush();
  return ops;
}

/** difflib's GetGroupedOpCodes: changes with up to `n` lines of context, split where the gap is wider. */
function hunks(ops: Op[], n: number): Op[][] {
  if (!ops.some((o) => o.tag !== 'equal')) return [];
  const codes = ops.map((o) => ({ ...o }));
  const first = codes[0];
  if (first.tag === 'equal') { first.i1 = Math.max(first.i1, first.i2 - n); first.j1 = Math.max(first.j1, first.j2 - n); }
  const last = codes[codes.length - 1];
  if (last.tag === 'equal') { last.i2 = Math.min(last.i2, last.i1 + n); last.j2 = Math.min(last.j2, last.j1 + n); }
  const groups: Op[][] = [];
  let group: Op[] = [];
  for (const c of codes) {
    if (c.tag === 'equal' && c.i2 - c.i1 > 2 * n) {
      group.push({ tag: 'equal', i1: c.i1, i2: Math.min(c.i2, c.i1 + n), j1: c.j1, j2: Math.min(c.j2, c.j1 + n) });
      groups.push(group);
      group = [];
      c.i1 = Math.max(c.i1, c.i2 - n);
      c.j1 = Math.max(c.j1, c.j2 - n);
    }
    group.push(c);
  }
  if (group.length && !(group.length === 1 && group[0].tag === 'equal')) groups.push(group);
  return groups.filter((g) => g.some((o) => o.tag !== 'equal'));
}
