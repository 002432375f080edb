// The catch-all's diff from 1.34 on: apimachinery's `diff.Diff` (k8s.io/apimachinery@v0.37.2
// pkg/util/diff/diff.go) is github.com/pmezard/go-difflib's unified diff (3 context lines, no file
// header) of the two values as JSON indented by one space (see internalPodSpec.ts for the JSON).
// This is a line-for-line port of go-difflib's SequenceMatcher (v1.0.0 and
// v1.0.1-0.20181226105442-5d4384ee4fb2, identical: difflib.go SplitLines, chainB with autojunk,
// findLongestMatch, GetMatchingBlocks, GetOpCodes, GetGroupedOpCodes, WriteUnifiedDiff), so the
// hunks match upstream's exactly, including where it pairs repeated lines.

type OpCode = { tag: 'r' | 'd' | 'i' | 'e'; i1: number; i2: number; j1: number; j2: number };
type Match = { a: number; b: number; size: number };

/** difflib.SplitLines: lines keep their "\n", and the last line gets one too. */
export function splitLines(s: string): string[] {
  const lines = s.split('\n').map((l, i, all) => (i < all.length - 1 ? l + '\n' : l));
  lines[lines.length - 1] += '\n';
  return lines;
}

/** diff.Diff's text for two already-marshalled values (no header; "" when equal). */
export function unifiedDiff(aText: string, bText: string, context = 3): string {
  const a = splitLines(aText);
  const b = splitLines(bText);
  const out: string[] = [];
  for (const g of groupedOpCodes(opCodes(a, b), context)) {
    const first = g[0];
    const last = g[g.length - 1];
    out.push(`@@ -${formatRange(first.i1, last.i2)} +${formatRange(first.j1, last.j2)} @@\n`);
    for (const c of g) {
      if (c.tag === 'e') { for (let i = c.i1; i < c.i2; i++) out.push(' ' + a[i]); continue; }
      if (c.tag === 'r' || c.tag === 'd') for (let i = c.i1; i < c.i2; i++) out.push('-' + a[i]);
      if (c.tag === 'r' || c.tag === 'i') for (let j = c.j1; j < c.j2; j++) out.push('+' + b[j]);
    }
  }
  return out.join('');
}

/** formatRangeUnified. */
function formatRange(start: number, stop: number): string {
  let beginning = start + 1;
  const length = stop - start;
  if (length === 1) return String(beginning);
  if (length === 0) beginning--;
  return `${beginning},${length}`;
}

/** chainB: where each line of b occurs; with 200+ lines, lines occurring more than 1% + 1 times are "popular" and left out. */
function chainB(b: string[]): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  b.forEach((s, i) => { const at = b2j.get(s); if (at) at.push(i); else b2j.set(s, [i]); });
  if (b.length >= 200) {
    const ntest = Math.floor(b.length / 100) + 1;
    for (const [s, at] of b2j) if (at.length > ntest) b2j.delete(s);
  }
  return b2j;
}

function findLongestMatch(a: string[], b: string[], b2j: Map<string, number[]>, alo: number, ahi: number, blo: number, bhi: number, work: Work): Match {
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;
  // j2len[j]: length of the match ending at a[i-1], b[j] (difflib's dict, as two reused arrays
  // whose touched entries are cleared each row).
  let { prev, next, prevTouched, nextTouched } = work;
  for (let i = alo; i < ahi; i++) {
    for (const j of b2j.get(a[i]) ?? EMPTY) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j > 0 ? prev[j - 1] : 0) + 1;
      next[j] = k;
      nextTouched.push(j);
      if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
    }
    for (const j of prevTouched) prev[j] = 0;
    prevTouched.length = 0;
    [prev, next] = [next, prev];
    [prevTouched, nextTouched] = [nextTouched, prevTouched];
  }
  for (const j of prevTouched) prev[j] = 0;
  prevTouched.length = 0;
  // No junk function: popular lines extend the match on both ends (isBJunk is always false).
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
  return { a: besti, b: bestj, size: bestsize };
}

const EMPTY: number[] = [];
type Work = { prev: Uint32Array; next: Uint32Array; prevTouched: number[]; nextTouched: number[] };

function matchingBlocks(a: string[], b: string[]): Match[] {
  const b2j = chainB(b);
  const work: Work = { prev: new Uint32Array(b.length + 1), next: new Uint32Array(b.length + 1), prevTouched: [], nextTouched: [] };
  const matched: Match[] = [];
  // Recursion as an explicit stack, visiting left part, match, right part in difflib's order.
  type Task = { lo: [number, number, number, number] } | { emit: Match };
  const stack: Task[] = [{ lo: [0, a.length, 0, b.length] }];
  while (stack.length) {
    const task = stack.pop()!;
    if ('emit' in task) { matched.push(task.emit); continue; }
    const [alo, ahi, blo, bhi] = task.lo;
    const m = findLongestMatch(a, b, b2j, alo, ahi, blo, bhi, work);
    if (m.size === 0) continue;
    const { a: i, b: j, size: k } = m;
    if (i + k < ahi && j + k < bhi) stack.push({ lo: [i + k, ahi, j + k, bhi] });
    stack.push({ emit: m });
    if (alo < i && blo < j) stack.push({ lo: [alo, i, blo, j] });
  }
  const out: Match[] = [];
  let i1 = 0, j1 = 0, k1 = 0;
  for (const { a: i2, b: j2, size: k2 } of matched) {
    if (i1 + k1 === i2 && j1 + k1 === j2) k1 += k2;
    else {
      if (k1 > 0) out.push({ a: i1, b: j1, size: k1 });
      i1 = i2; j1 = j2; k1 = k2;
    }
  }
  if (k1 > 0) out.push({ a: i1, b: j1, size: k1 });
  out.push({ a: a.length, b: b.length, size: 0 });
  return out;
}

function opCodes(a: string[], b: string[]): OpCode[] {
  let i = 0;
  let j = 0;
  const codes: OpCode[] = [];
  for (const { a: ai, b: bj, size } of matchingBlocks(a, b)) {
    const tag = i < ai && j < bj ? 'r' : i < ai ? 'd' : j < bj ? 'i' : undefined;
    if (tag) codes.push({ tag, i1: i, i2: ai, j1: j, j2: bj });
    i = ai + size;
    j = bj + size;
    if (size > 0) codes.push({ tag: 'e', i1: ai, i2: i, j1: bj, j2: j });
  }
  return codes;
}

/** GetGroupedOpCodes: changes with up to `n` lines of context, split where more than 2n lines are equal. */
function groupedOpCodes(input: OpCode[], n: number): OpCode[][] {
  const codes = input.length ? input.map((c) => ({ ...c })) : [{ tag: 'e' as const, i1: 0, i2: 1, j1: 0, j2: 1 }];
  const first = codes[0];
  if (first.tag === 'e') codes[0] = { ...first, i1: Math.max(first.i1, first.i2 - n), j1: Math.max(first.j1, first.j2 - n) };
  const last = codes[codes.length - 1];
  if (last.tag === 'e') codes[codes.length - 1] = { ...last, i2: Math.min(last.i2, last.i1 + n), j2: Math.min(last.j2, last.j1 + n) };
  const groups: OpCode[][] = [];
  let group: OpCode[] = [];
  for (const c of codes) {
    let { i1, j1 } = c;
    const { tag, i2, j2 } = c;
    if (tag === 'e' && i2 - i1 > 2 * n) {
      group.push({ tag, i1, i2: Math.min(i2, i1 + n), j1, j2: Math.min(j2, j1 + n) });
      groups.push(group);
      group = [];
      i1 = Math.max(i1, i2 - n);
      j1 = Math.max(j1, j2 - n);
    }
    group.push({ tag, i1, i2, j1, j2 });
  }
  if (group.length && !(group.length === 1 && group[0].tag === 'e')) groups.push(group);
  return groups;
}
