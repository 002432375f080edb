// Upstream field paths (`spec.containers[0].image`, `metadata.labels[app]`,
// `metadata.annotations[kubernetes.io/config.mirror]`) as segments, and look-ups with them on
// plain JSON values. Bracketed digits index a list; any other bracketed text is a map key,
// which may itself contain dots and slashes.
import { isMapField } from '../yaml/fieldPath';

export type PathSegment = string | number;

export function parseFieldPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  let name = '';
  const flush = (): void => {
    if (name !== '') segments.push(name);
    name = '';
  };
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      flush();
      i++;
    } else if (ch === '[') {
      flush();
      const close = path.indexOf(']', i + 1);
      const inner = close < 0 ? path.slice(i + 1) : path.slice(i + 1, close);
      segments.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = close < 0 ? path.length : close + 1;
    } else {
      name += ch;
      i++;
    }
  }
  flush();
  return segments;
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
