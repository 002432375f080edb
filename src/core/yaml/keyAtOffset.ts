// The field path of the map key under a text offset (for the hover), walking the parsed YAML
// document: a key's own range, or a scalar value's (then the path of its key).
import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { FieldKey } from './fieldPath';

type Ranged = { range?: [number, number, number] | null };

export type KeyAt = { keys: FieldKey[]; start: number; end: number };

export function keyAtOffset(doc: Document.Parsed, offset: number): KeyAt | undefined {
  let node: unknown = doc.contents;
  const keys: FieldKey[] = [];
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (inside(p.key, offset) || inside(p.value, offset)));
      if (!pair) return undefined;
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === null || key === undefined || typeof key === 'object') return undefined;
      keys.push(String(key));
      const k = pair.key as Ranged;
      if (inside(pair.key, offset) || isScalar(pair.value)) return { keys, start: k.range![0], end: k.range![1] };
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => inside(item, offset));
      if (index < 0) return undefined;
      keys.push(index);
      node = node.items[index];
    } else return undefined;
  }
  return undefined;
}

function inside(node: unknown, offset: number): boolean {
  const range = (node as Ranged | null)?.range;
  return !!range && offset >= range[0] && offset <= range[1];
}
