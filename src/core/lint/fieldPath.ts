// Upstream field paths (`spec.containers[0].image`, `metadata.labels[app]`,
// `metadata.annotations[kubernetes.io/config.mirror]`) as segments, and look-ups with them on
// plain JSON values. Bracketed digits index a list; any other bracketed text is a map key,
// which may itself contain dots and slashes.
import { isMapField, parsePath } from '../yaml/fieldPath';

/** A segment as a JSON look-up key: a property name (field or map key) or a list index. */
export type PathSegment = string | number;

/** The segments of a path as JSON keys; the syntax itself is parsed by yaml/fieldPath's parsePath. */
export function parseFieldPath(path: string): PathSegment[] {
  return parsePath(path).map((s) => (s.kind === 'index' ? s.index : s.name));
}

export function formatFieldPath(segments: readonly PathSegment[]): string {
  let out = '';
  segments.forEach((s, i) => {
    const parent = segments[i - 1];
    const grandParent = segments[i - 2];
    if (typeof s === 'number') out += `[${s}]`;
    else if (out === '') out = s;
    // Children of Go map fields (labels, annotations, nodeSelector, ...) are [key]; so is any
    // key that is not a plain identifier.
    else if (typeof parent === 'string' && isMapField(parent, typeof grandParent === 'string' ? grandParent : undefined)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += `.${s}`;
    else out += `[${s}]`;
  });
  return out;
}

export type Lookup = { found: true; value: unknown } | { found: false };

export function getAtPath(root: unknown, segments: readonly PathSegment[]): Lookup {
  let cur: unknown = root;
  for (const s of segments) {
    if (typeof s === 'number') {
      if (!Array.isArray(cur) || s >= cur.length) return { found: false };
      cur = cur[s];
    } else {
      if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return { found: false };
      cur = cur[s];
    }
  }
  return { found: true, value: cur };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
