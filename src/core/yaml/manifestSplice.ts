// Re-parse after an edit without re-parsing everything: the edit is located in an earlier full
// parse (the anchor), the smallest block collection around it (a container, the labels, ...) is
// re-parsed on its own and spliced into the anchor's value, and ranges are answered from both
// trees (DocumentSourceMap's splice). A keystroke in a 1,000-line pod then costs a few dozen
// lines of parsing. Anything the splice cannot prove equal to a full parse (YAML errors, anchors,
// aliases, tags, merge keys, tabs, several documents, an edit crossing a block's edges) returns
// undefined, and the caller parses the whole text; test/unit/yaml/manifestSplice.test.ts checks the
// equality on seeded random edits.
import { LineCounter, parseDocument, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { DocumentSourceMap, type SourceSplice } from './sourceMap';
import { findDuplicateKey, MANIFEST_PARSE_OPTIONS, MAX_MANIFEST_BYTES, parseManifest, type ManifestDocument, type ParsedManifest } from './manifestParser';

/** A full parse of `text`: what later versions are spliced from. */
export type SpliceAnchor = { text: string; parsed: ParsedManifest };

/**
 * What is re-parsed: a block collection (`item`: a sequence item's map, re-parsed as a one-item
 * sequence), or (`pair`) one `key: value` line of a block map, re-parsed as a one-pair map.
 * [lineStart, end) are its whole lines in the anchor's text; what is re-parsed starts at `first`.
 */
type Block = { node: Node; path: (string | number)[]; lineStart: number; first: number; end: number; item: boolean; pair?: string };

/** The parse of `text` made from `anchor`'s, or undefined when only a full parse can be trusted. */
export function spliceManifest(anchor: SpliceAnchor, text: string): ParsedManifest | undefined {
  const { parsed } = anchor;
  const old = anchor.text;
  if (parsed.errors.length || parsed.documents.length !== 1 || text.length > MAX_MANIFEST_BYTES) return undefined;
  const document = parsed.documents[0];
  if (document.value === null || typeof document.value !== 'object' || Array.isArray(document.value)) return undefined;
  const tree = document.tree;
  // The changed span: [start, oldEnd) of the anchor's text became [start, start + (oldEnd - start) + delta).
  const max = Math.min(old.length, text.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  if (start === max && old.length === text.length) return undefined;
  let suffix = 0;
  while (suffix < max - start && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const oldEnd = old.length - suffix;
  const delta = text.length - old.length;
  const block = innermostBlock(tree, old, start, oldEnd);
  if (!block) return undefined;
  const blockEnd = block.end;
  const oldBlock = old.slice(block.lineStart, blockEnd);
  const newBlock = text.slice(block.lineStart, blockEnd + delta);
  if (!spliceable(oldBlock) || !spliceable(newBlock)) return undefined;
  const fresh = parseBlock(newBlock, block);
  if (!fresh) return undefined;
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const splice: SourceSplice = { replaced: block.node, replacement: fresh.node, blockStart: block.lineStart, changeEnd: oldEnd, delta };
  const sourceMap = new DocumentSourceMap(tree, lines, splice);
  const shift = (offset: number) => (offset >= oldEnd ? offset + delta : offset);
  const at = (offset: number) => sourceMap.position(shift(offset));
  let full: ManifestDocument | undefined;
  const spliced: ManifestDocument = {
    value: withValueAt(document.value, block.path, fresh.value),
    sourceMap,
    errors: [],
    range: { start: at(document.range.start.offset), end: at(document.range.end.offset) },
    // Edits (quick fixes, rebase) need a whole tree of this text: parsed the first time one asks.
    get tree() {
      full ??= parseManifest(text).documents[0];
      return full.tree;
    },
  };
  return { documents: [spliced], errors: [] };
}

/** The deepest block map or sequence (below the root) whose lines hold the whole change. */
function innermostBlock(tree: Document.Parsed, text: string, start: number, end: number): Block | undefined {
  let found: Block | undefined;
  let node: unknown = tree.contents;
  const path: (string | number)[] = [];
  for (;;) {
    let next: { node: unknown; key: string | number } | undefined;
    if (isMap(node)) {
      if (node.items.some((p) => isScalar(p.key) && p.key.value === '<<')) return found;
      for (const [index, pair] of node.items.entries()) {
        if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
        if ((isMap(pair.value) || isSeq(pair.value)) && !pair.value.flow && contains(pair.value, start, end)) { next = { node: pair.value, key: pair.key.value }; break; }
        const value = pair.value as Node | null;
        const keyStart = pair.key.range?.[0] ?? -1;
        const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
        // A scalar (or flow) value: the pair's lines up to the next key, or the end of the map.
        const following = node.items[index + 1]?.key as Node | undefined;
        const pairEnd = following?.range ? text.lastIndexOf('\n', following.range[0] - 1) + 1 : (node.range as [number, number, number])[2];
        if (value?.range && value.range[0] <= start && end <= pairEnd - 1 && /^ *$/.test(text.slice(lineStart, keyStart)) && !isBlockCollection(value)) {
          return { node: value, path: [...path, pair.key.value], lineStart, first: keyStart, end: pairEnd, item: false, pair: pair.key.value };
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => { if (!next && contains(item, start, end)) next = { node: item, key: index }; });
    }
    if (!next || !(isMap(next.node) || isSeq(next.node)) || next.node.flow) return found;
    path.push(next.key);
    const child = next.node as Node;
    const s = (child.range as [number, number, number])[0];
    const lineStart = text.lastIndexOf('\n', s - 1) + 1;
    const lead = text.slice(lineStart, s);
    // A block on its own lines (`key:` then the block), or a sequence item (`- name: ...`).
    const childEnd = (child.range as [number, number, number])[2];
    if (/^ *$/.test(lead)) found = { node: child, path: [...path], lineStart, first: s, end: childEnd, item: false };
    else if (isSeq(node) && isMap(child) && /^ *- +$/.test(lead)) found = { node: child, path: [...path], lineStart, first: text.indexOf('-', lineStart), end: childEnd, item: true };
    node = child;
  }
}

function isBlockCollection(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && !node.flow;
}

/** The change lies inside the node: after its first character, before the line break ending it. */
function contains(node: unknown, start: number, end: number): boolean {
  const range = (node as Node | null)?.range;
  return Boolean(range) && range![0] <= start && end <= range![2] - 1;
}

/** Whether a block's text holds only what re-parses the same on its own. */
function spliceable(block: string): boolean {
  if (!block.endsWith('\n') || /[&*!\t\r%]|<</.test(block)) return false;
  return !/^(?:---|\.\.\.|\s*\?(?:\s|$))/m.test(block);
}

function parseBlock(block: string, target: Block): { node: Node; value: unknown } | undefined {
  const doc = parseDocument(block, MANIFEST_PARSE_OPTIONS);
  if (doc.errors.length || findDuplicateKey(doc.contents, 0)) return undefined;
  const contents = doc.contents;
  const whole = (n: unknown, first: number) => {
    const r = (n as Node | null)?.range;
    return Boolean(r) && r![0] === first && r![2] === block.length;
  };
  let node: unknown = contents;
  if (target.pair !== undefined) {
    if (!isMap(contents) || contents.flow || contents.items.length !== 1) return undefined;
    const pair = contents.items[0];
    const key = pair.key as Node | null;
    if (!isScalar(key) || key.value !== target.pair || !whole(contents, target.first - target.lineStart)) return undefined;
    const value = pair.value as Node | null;
    if (!value?.range || isBlockCollection(value)) return undefined;
    return { node: value, value: (doc.toJS() as Record<string, unknown>)[target.pair] };
  }
  if (target.item) {
    if (!isSeq(contents) || contents.flow || contents.items.length !== 1) return undefined;
    if (!whole(contents, target.first - target.lineStart)) return undefined;
    node = contents.items[0];
  }
  if (!(isMap(node) || isSeq(node)) || node.flow || isMap(node) !== isMap(target.node) || !whole(node, (target.node.range as [number, number, number])[0] - target.lineStart)) return undefined;
  const value = doc.toJS();
  return { node: node as Node, value: target.item ? (value as unknown[])[0] : value };
}

/** A copy of `root` with `value` at `path`; everything off the path is shared, not copied. */
function withValueAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = withValueAt(root[head as number], rest, value);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  copy[head as string] = withValueAt((root as Record<string, unknown>)[head as string], rest, value);
  return copy;
}
