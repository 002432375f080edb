// Upstream field paths (`spec.containers[0].image`, `metadata.labels[app]`,
// `metadata.annotations[kubernetes.io/config.mirror]`) as segments, and look-ups with them on
// plain JSON values. Bracketed digits index a list; any other bracketed text is a map key,
// which may itself contain dots and slashes.
import { isMapField, parsePath } from '../yaml/fieldPath';
import { isPlainObject } from '../pod';

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
