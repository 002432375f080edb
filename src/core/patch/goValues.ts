// How Go sees a decoded JSON value (map[string]interface{}, []interface{}, string, int64, float64,
// bool, nil), for the parts of upstream's strategic merge patch whose results or messages depend on
// it: type identity, `%v` formatting, string order (bytes) and the exact order sort.SliceStable
// leaves when its less function is not a strict order.
import { isPlainObject } from '../pod';

export type GoType = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

/** reflect.TypeOf of a value decoded by k8s.io/apimachinery/pkg/util/json (integers become int64). */
export function goTypeOf(v: unknown): GoType {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (isPlainObject(v)) return 'map';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) ? 'int64' : 'float64';
}

/** The reflect.Type's String(), as mergepatch.ErrBadArgType prints it. */
export function goTypeName(v: unknown): string {
  switch (goTypeOf(v)) {
    case 'map': return 'map[string]interface {}';
    case 'slice': return '[]interface {}';
    case 'nil': return '%!s(<nil>)';
    default: return goTypeOf(v);
  }
}

/** fmt's `%v` of a JSON value (maps with sorted keys, as fmt prints them). */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isPlainObject(v)) return `map[${Object.keys(v).sort(compareGoStrings).map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  if (typeof v === 'number' && !Number.isInteger(v)) return goFloat(v);
  return String(v);
}

/** fmt's `%v` of a float64: shortest digits, exponent form below 1e-4 and from 1e6 (Go 1.26 checked). */
function goFloat(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN';
  const [mantissa, expText] = f.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

/** Go compares strings by their UTF-8 bytes; JS by UTF-16 units (they differ above U+FFFF). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * A panic upstream (Go's `==` on two maps, a map as a map key): the API server answers 500.
 */
export class GoPanic extends Error {}

/**
 * The value Go's `==` compares when looking an item up: a scalar as itself. Two maps or two lists
 * cannot be compared in Go (it panics); in JS they would silently never match, so say so.
 */
export function comparable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'object' && v !== null) throw new GoPanic(`runtime error: comparing uncomparable type ${goTypeName(v)}`);
  return v;
}

/**
 * sort.SliceStable as Go implements it (insertion sort in blocks of 20, then SymMerge), run on an
 * index permutation. Needed only where upstream's less function is not a strict order (it answers
 * true for items it cannot place), since then the result depends on the algorithm's exact steps.
 */
export function goSliceStable<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const data = items.slice();
  const lessAt = (i: number, j: number) => less(data[i], data[j]);
  const swap = (i: number, j: number) => { const t = data[i]; data[i] = data[j]; data[j] = t; };
  const insertionSort = (a: number, b: number) => {
    for (let i = a + 1; i < b; i++) for (let j = i; j > a && lessAt(j, j - 1); j--) swap(j, j - 1);
  };
  const swapRange = (a: number, b: number, n: number) => { for (let i = 0; i < n; i++) swap(a + i, b + i); };
  const rotate = (a: number, m: number, b: number) => {
    let i = m - a;
    let j = b - m;
    while (i !== j) {
      if (i > j) { swapRange(m - i, m, j); i -= j; } else { swapRange(m - i, m + j - i, i); j -= i; }
    }
    swapRange(m - i, m, i);
  };
  const symMerge = (a: number, m: number, b: number): void => {
    if (m - a === 1) {
      let i = m;
      let j = b;
      while (i < j) { const h = (i + j) >>> 1; if (lessAt(h, a)) i = h + 1; else j = h; }
      for (let k = a; k < i - 1; k++) swap(k, k + 1);
      return;
    }
    if (b - m === 1) {
      let i = a;
      let j = m;
      while (i < j) { const h = (i + j) >>> 1; if (!lessAt(m, h)) i = h + 1; else j = h; }
      for (let k = m; k > i; k--) swap(k, k - 1);
      return;
    }
    const mid = (a + b) >>> 1;
    const n = mid + m;
    let start: number;
    let r: number;
    if (m > mid) { start = n - b; r = mid; } else { start = a; r = m; }
    const p = n - 1;
    while (start < r) { const c = (start + r) >>> 1; if (!lessAt(p - c, c)) start = c + 1; else r = c; }
    const end = n - start;
    if (start < m && m < end) rotate(start, m, end);
    if (a < start && start < mid) symMerge(a, start, mid);
    if (mid < end && end < b) symMerge(mid, end, b);
  };
  const n = data.length;
  let blockSize = 20;
  let a = 0;
  let b = blockSize;
  while (b <= n) { insertionSort(a, b); a = b; b += blockSize; }
  insertionSort(a, n);
  while (blockSize < n) {
    a = 0;
    b = 2 * blockSize;
    while (b <= n) { symMerge(a, a + blockSize, b); a = b; b += 2 * blockSize; }
    const m = a + blockSize;
    if (m < n) symMerge(a, m, n);
    blockSize *= 2;
  }
  return data;
}

/**
 * sort.Sort by fmt's `%v` text with upstream's less (`a <= b`, not strict). For up to 12 items Go
 * runs an insertion sort, which with that less puts equal items in reverse order; for longer lists
 * (pdqsort) equal items are also reversed here, which matches Go only when no pivoting reorders them.
 */
export function goSortByText<T>(items: T[], text: (x: T) => string): T[] {
  const keyed = items.map((item, i) => ({ item, i, key: text(item) }));
  keyed.sort((x, y) => compareGoStrings(x.key, y.key) || y.i - x.i);
  return keyed.map((k) => k.item);
}
