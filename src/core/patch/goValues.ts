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

/** A value used as a Go map key: maps and lists cannot be (upstream panics). */
export function hashable(v: unknown): unknown {
  if (typeof v === 'object' && v !== null) throw new GoPanic(`runtime error: hash of unhashable type ${Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}'}`);
  return v;
}
