// Upstream's field-path syntax (k8s.io/apimachinery field.Path): struct fields joined by ".", list
// items as "[i]", map keys as "[key]" (e.g. metadata.labels[app], spec.containers[0].image).
import { isPlainObject } from '../pod';

/** One step of a path as written: a struct field, a map key or a list index. */
export type PathPart = { kind: 'field'; name: string } | { kind: 'key'; name: string } | { kind: 'index'; index: number };

export function formatPath(segments: readonly PathPart[]): string {
  let out = '';
  for (const s of segments) {
    if (s.kind === 'field') out += out ? `.${s.name}` : s.name;
    else if (s.kind === 'key') out += `[${s.name}]`;
    else out += `[${s.index}]`;
  }
  return out;
}

/** Splits a path into segments; "[digits]" is an index, any other bracketed text a map key. */
export function parsePath(path: string): PathPart[] {
  const out: PathPart[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') { i++; continue; }
    if (ch === '[') {
      // Map keys may contain "." and "/" (kubernetes.io/config.mirror) but not "]".
      const close = path.indexOf(']', i + 1);
      const inner = close < 0 ? path.slice(i + 1) : path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push({ kind: 'index', index: Number(inner) });
      else out.push({ kind: 'key', name: inner });
      i = close < 0 ? path.length : close + 1;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    out.push({ kind: 'field', name: path.slice(i, j) });
    i = j;
  }
  return out;
}

export function joinField(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

export function joinKey(parent: string, key: string): string {
  return `${parent}[${key}]`;
}

export function joinIndex(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

// Fields whose Go type is a map[string]... in the core API, so their children are addressed as
// "[key]" rather than ".key". Keyed by the field's own name: no pod struct field reuses these names
// for a struct.
const STRING_MAP_FIELDS = new Set([
  'labels', 'annotations', 'nodeSelector', 'limits', 'requests', 'overhead', 'matchLabels',
  'volumeAttributes', 'allocatedResources', 'capacity',
]);

/** Whether the children of the field named `name` (reached from `parentName`) are map keys. */
export function isMapField(name: string, parentName?: string): boolean {
  if (STRING_MAP_FIELDS.has(name)) return true;
  // flexVolume.options is a map; dnsConfig.options is a list (never reached as a map anyway).
  return name === 'options' && parentName === 'flexVolume';
}

/** Joins a child name onto a path, as a map key or a field depending on the parent field. */
export function joinChild(parent: string, parentName: string | undefined, grandParentName: string | undefined, name: string): string {
  return parentName !== undefined && isMapField(parentName, grandParentName) ? joinKey(parent, name) : joinField(parent, name);
}

// The same paths as JSON look-up keys, for plain values (the pod as parsed, a base, a patch).
/** A segment as a JSON look-up key: a property name (field or map key) or a list index. */
export type FieldKey = string | number;

/** The keys of a path for looking it up in a JSON value. */
export function parseFieldPath(path: string): FieldKey[] {
  return parsePath(path).map((s) => (s.kind === 'index' ? s.index : s.name));
}

export function formatFieldPath(segments: readonly FieldKey[]): string {
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

export function getAtPath(root: unknown, segments: readonly FieldKey[]): Lookup {
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
