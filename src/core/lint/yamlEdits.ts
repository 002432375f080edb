// Targeted text edits of one value in a YAML manifest: set a path to a value, re-insert a
// removed key, or remove an added one, touching only that key's text so the rest of the
// user's buffer (comments, quoting, order) stays as it was. Used by the quick fixes (revert)
// and by the 409 rebase (carry the server's changes into the buffer).
import { parseAllDocuments, isMap, isSeq, isScalar, isPair, stringify, Document } from 'yaml';
import type { Node as YamlNode, YAMLMap, YAMLSeq, Pair } from 'yaml';
import type { FieldKey } from '../yaml/fieldPath';
import { isPlainObject } from '../pod';

/** Replace text[start, end) with newText (offsets into the whole text). */
export type TextEdit = { start: number; end: number; newText: string };

/** The value a path should end up with: present with a value, or absent (key removed). */
export type ValueChange = { segments: readonly FieldKey[]; present: true; value: unknown } | { segments: readonly FieldKey[]; present: false };

export type EditOptions = {
  /** Offset inside the document to edit (multi-document files); default: the first Pod document. */
  documentOffset?: number;
  /**
   * The already parsed document of `text` (the edit pipeline's parse of this text version): used
   * for the first change instead of parsing again. Never modified.
   */
  document?: Document.Parsed;
};

export function applyTextEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

/** The smallest single edit that turns oldText into newText. */
export function minimalEdit(oldText: string, newText: string): TextEdit {
  let start = 0;
  const max = Math.min(oldText.length, newText.length);
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let endOld = oldText.length;
  let endNew = newText.length;
  while (endOld > start && endNew > start && oldText.charCodeAt(endOld - 1) === newText.charCodeAt(endNew - 1)) {
    endOld--;
    endNew--;
  }
  return { start, end: endOld, newText: newText.slice(start, endNew) };
}

/** Applies several changes one after another and returns one edit covering them all. */
export function editForValueChanges(text: string, changes: readonly ValueChange[], opts: EditOptions = {}): TextEdit {
  let current = text;
  let offset = opts.documentOffset;
  let document = opts.document;
  for (const change of changes) {
    const edit = editForValueChange(current, change, { documentOffset: offset, document });
    document = undefined; // the text changed: later changes parse the edited text
    if (offset !== undefined && edit.start < offset) offset += edit.newText.length - (edit.end - edit.start);
    current = applyTextEdit(current, edit);
  }
  return minimalEdit(text, current);
}

export function editForValueChange(text: string, change: ValueChange, opts: EditOptions = {}): TextEdit {
  const doc = opts.document ?? pickDocument(text, opts.documentOffset);
  if (!doc) throw new Error('no YAML document to edit');
  try {
    const targeted = targetedEdit(text, doc, change);
    if (targeted) return targeted;
  } catch {
    // fall through to the whole-document rewrite below
  }
  return documentRewrite(text, doc, change);
}

type Doc = Document.Parsed;

function pickDocument(text: string, offset: number | undefined): Doc | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return undefined; // an EmptyStream
  if (offset !== undefined) {
    const hit = docs.find((d) => d.range[0] <= offset && offset <= d.range[2]);
    if (hit) return hit;
  }
  return docs.find((d) => isMap(d.contents) && d.contents.items.some((p) => isScalar(p.key) && p.key.value === 'kind' && isScalar(p.value) && p.value.value === 'Pod')) ?? docs[0];
}

type Step = { container: YAMLMap | YAMLSeq; pair?: Pair; index: number; node: YamlNode | null };

/** Follows segments from the document root; returns the steps taken and how many segments matched. */
function walk(doc: Doc, segments: readonly FieldKey[]): { steps: Step[]; matched: number; last: YamlNode | null } {
  const steps: Step[] = [];
  let cur: YamlNode | null = doc.contents as YamlNode | null;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (isMap(cur) && typeof seg === 'string') {
      const idx = cur.items.findIndex((p) => isPair(p) && keyText(p) === seg);
      if (idx < 0) return { steps, matched: i, last: cur };
      const pair = cur.items[idx] as Pair;
      steps.push({ container: cur, pair, index: idx, node: (pair.value as YamlNode | null) ?? null });
      cur = (pair.value as YamlNode | null) ?? null;
    } else if (isSeq(cur) && typeof seg === 'number' && seg < cur.items.length) {
      steps.push({ container: cur, index: seg, node: cur.items[seg] as YamlNode | null });
      cur = cur.items[seg] as YamlNode | null;
    } else {
      return { steps, matched: i, last: cur };
    }
  }
  return { steps, matched: segments.length, last: cur };
}

function keyText(p: Pair): string | undefined {
  const k = p.key as unknown;
  if (isScalar(k)) return String(k.value);
  return typeof k === 'string' ? k : undefined;
}

function targetedEdit(text: string, doc: Doc, change: ValueChange): TextEdit | undefined {
  const { segments } = change;
  if (segments.length === 0) return undefined;
  const { steps, matched, last } = walk(doc, segments);
  if (matched === segments.length) {
    const step = steps[steps.length - 1];
    return change.present ? replaceValue(text, step, change.value) : removeItem(text, step, steps[steps.length - 2]);
  }
  if (!change.present) return { start: 0, end: 0, newText: '' }; // already absent: nothing to do
  const rest = segments.slice(matched);
  const inserted = buildValue(rest.slice(1), change.value);
  if (isMap(last) && !last.flow && typeof rest[0] === 'string' && last.items.length > 0) {
    return appendPair(text, last, rest[0], inserted);
  }
  if (isSeq(last) && !last.flow && rest[0] === last.items.length && last.items.length > 0) {
    return appendSeqItem(text, last, inserted);
  }
  // The nearest existing ancestor is empty, a scalar or flow-styled: rewrite just that ancestor.
  const ancestor = steps[steps.length - 1];
  if (!ancestor) return undefined;
  const ancestorValue = ancestor.node ? (ancestor.node as { toJSON(): unknown }).toJSON() : null;
  return replaceValue(text, ancestor, setIn(ancestorValue, rest, change.value));
}

function buildValue(rest: readonly FieldKey[], leaf: unknown): unknown {
  if (rest.length === 0) return leaf;
  return setIn(undefined, rest, leaf);
}

function setIn(target: unknown, segments: readonly FieldKey[], leaf: unknown): unknown {
  if (segments.length === 0) return leaf;
  const [head, ...tail] = segments;
  if (typeof head === 'number') {
    const arr = Array.isArray(target) ? [...target] : [];
    arr[head] = setIn(arr[head], tail, leaf);
    return arr;
  }
  const obj = isPlainObject(target) ? { ...target } : {};
  obj[head] = setIn(obj[head], tail, leaf);
  return obj;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** End of a node's own text: block collections' ranges include their trailing line break. */
function contentEnd(text: string, end: number): number {
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function isCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length > 0) || (isPlainObject(v) && Object.keys(v).length > 0);
}

export function renderScalar(v: unknown): string {
  if (typeof v === 'string' && /[\n\r]/.test(v)) return JSON.stringify(v);
  if (Array.isArray(v) || isPlainObject(v)) return JSON.stringify(v); // only empty ones get here
  return stringify(v, { lineWidth: 0 }).replace(/\n$/, '');
}

function renderBlock(v: unknown, indent: number): string {
  const body = stringify(v, { lineWidth: 0 }).replace(/\n$/, '');
  const pad = ' '.repeat(indent);
  return body.split('\n').map((l) => (l === '' ? l : pad + l)).join('\n');
}

function isInFlow(step: Step): boolean {
  return Boolean((step.container as { flow?: boolean }).flow);
}

function replaceValue(text: string, step: Step, value: unknown): TextEdit | undefined {
  const node = step.node;
  if (isInFlow(step)) {
    if (!node?.range) return undefined;
    return { start: node.range[0], end: node.range[1], newText: JSON.stringify(value) };
  }
  if (step.pair) {
    const key = step.pair.key as YamlNode;
    if (!key?.range) return undefined;
    const keyEnd = key.range[1];
    const valueEnd = node?.range ? contentEnd(text, node.range[1]) : lineEndAfterColon(text, keyEnd);
    const keyColumn = columnOf(text, key.range[0]);
    if (isCollection(value)) {
      // Sequences under a key may sit at the key's column ("key:\n- a"); keep what the buffer used.
      const indent = node && (isMap(node) || isSeq(node)) && !node.flow && node.range ? columnOf(text, node.range[0]) : keyColumn + 2;
      return { start: keyEnd, end: valueEnd, newText: ':\n' + renderBlock(value, indent) };
    }
    return { start: keyEnd, end: valueEnd, newText: ': ' + renderScalar(value) };
  }
  // A sequence item: "- <node>".
  if (!node?.range) return undefined;
  const start = node.range[0];
  const end = contentEnd(text, node.range[1]);
  if (isCollection(value)) {
    const column = columnOf(text, start);
    const block = renderBlock(value, column);
    return { start, end, newText: block.slice(column) };
  }
  return { start, end, newText: renderScalar(value) };
}

/** For `key:` with no value node: the end of that line before any comment. */
function lineEndAfterColon(text: string, keyEnd: number): number {
  const colon = text.indexOf(':', keyEnd);
  return colon < 0 ? keyEnd : colon + 1;
}

function removeItem(text: string, step: Step, parent: Step | undefined): TextEdit | undefined {
  if (isInFlow(step)) return undefined;
  const container = step.container;
  if (container.items.length === 1 && parent) {
    // Removing the last entry: leave an empty collection rather than a bare `key:` (null).
    return replaceValue(text, parent, isMap(container) ? {} : []);
  }
  const first = step.pair ? (step.pair.key as YamlNode) : step.node;
  if (!first?.range) return undefined;
  let start = first.range[0];
  if (!step.pair) {
    // A sequence item starts at its dash.
    const dash = text.lastIndexOf('-', start);
    if (dash >= 0) start = dash;
  }
  const lastNode = step.pair ? (step.node ?? (step.pair.key as YamlNode)) : step.node;
  if (!lastNode?.range) return undefined;
  const end = lineEnd(text, contentEnd(text, lastNode.range[1]));
  const from = lineStart(text, start);
  if (text.slice(from, start).trim() !== '') return undefined;
  const to = end < text.length ? end + 1 : end;
  return { start: from, end: to, newText: '' };
}

function lastItemEnd(text: string, container: YAMLMap | YAMLSeq): number {
  const lastItem = container.items[container.items.length - 1] as unknown;
  const node = isPair(lastItem) ? ((lastItem.value as YamlNode | null) ?? (lastItem.key as YamlNode)) : (lastItem as YamlNode);
  if (!node?.range) throw new Error('no source range');
  return lineEnd(text, contentEnd(text, node.range[1]));
}

function appendPair(text: string, map: YAMLMap, key: string, value: unknown): TextEdit {
  const firstKey = (map.items[0] as Pair).key as YamlNode;
  if (!firstKey?.range) throw new Error('no source range');
  const column = columnOf(text, firstKey.range[0]);
  const at = lastItemEnd(text, map);
  const pad = ' '.repeat(column);
  const keyText = renderScalar(key);
  const line = isCollection(value) ? `${pad}${keyText}:\n${renderBlock(value, column + 2)}` : `${pad}${keyText}: ${renderScalar(value)}`;
  return { start: at, end: at, newText: '\n' + line };
}

function appendSeqItem(text: string, seq: YAMLSeq, value: unknown): TextEdit {
  const firstNode = seq.items[0] as YamlNode;
  if (!firstNode?.range) throw new Error('no source range');
  const dash = text.lastIndexOf('-', firstNode.range[0]);
  const column = columnOf(text, dash);
  const at = lastItemEnd(text, seq);
  const pad = ' '.repeat(column);
  const body = isCollection(value) ? renderBlock(value, column + 2).slice(column + 2) : renderScalar(value);
  return { start: at, end: at, newText: `\n${pad}- ${body}` };
}

/** Last resort: change the parsed document and re-print it; comments survive, layout may not. */
function documentRewrite(text: string, doc: Doc, change: ValueChange): TextEdit {
  const copy = doc.clone();
  const path = [...change.segments];
  if (change.present) copy.setIn(path, copy.createNode(change.value));
  else copy.deleteIn(path);
  const start = doc.range[0];
  const end = doc.range[1];
  const rewritten = copy.toString({ lineWidth: 0 });
  const old = text.slice(start, end);
  const edit = minimalEdit(old, old.endsWith('\n') ? rewritten : rewritten.replace(/\n$/, ''));
  return { start: edit.start + start, end: edit.end + start, newText: edit.newText };
}
