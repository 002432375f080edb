// Parses manifest text (YAML or JSON, one or several documents) into plain JSON values, each with a
// lazily built source map. Every failure becomes a ManifestError with a position; nothing throws.
import { LineCounter, parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type ScalarTag, type Tags } from 'yaml';
import { DocumentSourceMap, type SourceMap } from './sourceMap';
import type { Position, Range } from './range';
import { isPlainObject, type Pod } from '../pod';

export type ManifestError = { message: string; range: Range };
/** `tree` is the yaml library's document the value was read from: edits are computed on it (parse once). */
export type ManifestDocument = { value: unknown; sourceMap: SourceMap; errors: ManifestError[]; range: Range; tree: Document.Parsed };
export type ParsedManifest = { documents: ManifestDocument[]; errors: ManifestError[] };
export type PodManifest =
  | { ok: true; pod: Pod; document: ManifestDocument; documentIndex: number }
  | { ok: false; error: ManifestError; errors: ManifestError[] };

/**
 * The API server refuses request bodies over 3 MiB, so a bigger "pod" can never be sent; refusing it
 * up front also bounds the parser's time and memory on pathological input.
 */
export const MAX_MANIFEST_BYTES = 3 * 1024 * 1024;
/**
 * kubectl reads YAML 1.1, where `0644` is octal (420): the usual way to write a volume's
 * defaultMode. YAML 1.2 would read 644, so this one 1.1 rule is added in front of the core schema.
 */
const YAML11_OCTAL: ScalarTag = {
  identify: (v) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0[0-7]+$/,
  resolve: (text) => (text.startsWith('-') ? -1 : 1) * parseInt(text.replace(/^[-+]/, ''), 8),
};
/**
 * Most documents one manifest may hold: each costs time and memory even when empty (3 MiB of
 * `---` lines, 700,000 documents, took 12-19 s and 1 GB; 10,000 small pods take 4 s).
 */
export const MAX_MANIFEST_DOCUMENTS = 1_000;
/**
 * Most `[`/`{` open at once. The parser recurses per flow level and, past V8's stack, fails only
 * after minutes of retries (3 MiB of `[`: 57 s, 2.6 GB); no manifest comes near this.
 */
export const MAX_FLOW_DEPTH = 500;
/** yaml's guard against alias bombs (billion laughs): expanding more aliases than this fails. */
const MAX_ALIAS_COUNT = 100;
/** The parser set-up every parse of manifest text uses (the incremental re-parse of a block too). */
export const MANIFEST_PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false, merge: true, customTags: (tags: Tags) => [YAML11_OCTAL, ...tags] };

export function parseManifest(text: string): ParsedManifest {
  if (text.length > MAX_MANIFEST_BYTES) {
    const at = positionAt(text, MAX_MANIFEST_BYTES);
    const error = {
      message: `manifest is too large (${(text.length / 1024 / 1024).toFixed(1)} MiB); the API server accepts at most 3 MiB`,
      range: { start: at, end: at },
    };
    return { documents: [], errors: [error] };
  }
  const excess = documentMarkerBeyond(text, MAX_MANIFEST_DOCUMENTS);
  if (excess !== undefined) {
    const at = positionAt(text, excess);
    return { documents: [], errors: [{ message: `the manifest has more than ${MAX_MANIFEST_DOCUMENTS} documents`, range: { start: at, end: at } }] };
  }
  const tooDeep = flowDepthBeyond(text, MAX_FLOW_DEPTH);
  if (tooDeep !== undefined) {
    const at = positionAt(text, tooDeep);
    return { documents: [], errors: [{ message: `the document is nested too deeply to read (more than ${MAX_FLOW_DEPTH} levels of [ and {)`, range: { start: at, end: at } }] };
  }
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, ...MANIFEST_PARSE_OPTIONS }) as Document.Parsed[];
  } catch (err) {
    // e.g. a stack overflow on absurdly deep nesting: still an answer, not a crash.
    const at = positionAt(text, 0);
    return { documents: [], errors: [{ message: `cannot parse manifest: ${errorMessage(err)}`, range: { start: at, end: at } }] };
  }
  if (!Array.isArray(docs)) docs = [docs];
  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  for (const doc of docs) {
    const sourceMap = new DocumentSourceMap(doc, lineCounter);
    const range = rangeOf(sourceMap, doc.range?.[0] ?? 0, doc.range?.[1] ?? 0);
    const docErrors: ManifestError[] = doc.errors.map((e) => ({
      message: cleanMessage(e.message, e.code),
      range: rangeOf(sourceMap, e.pos[0], Math.max(e.pos[0], e.pos[1])),
    }));
    const duplicate = findDuplicateKey(doc.contents, 0);
    if (duplicate) {
      docErrors.push({ message: `duplicate key ${JSON.stringify(duplicate.key)}: map keys must be unique`, range: rangeOf(sourceMap, duplicate.range[0], duplicate.range[1]) });
    }
    let value: unknown = null;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const alias = firstAliasOffset(doc);
      docErrors.push({
        message: /alias/i.test(errorMessage(err))
          ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): the document looks like an alias bomb`
          : `cannot read document: ${errorMessage(err)}`,
        range: rangeOf(sourceMap, alias ?? range.start.offset, alias ?? range.start.offset),
      });
    }
    documents.push({ value, sourceMap, errors: docErrors, range, tree: doc });
    errors.push(...docErrors);
  }
  return { documents, errors };
}

/** The first document whose kind is Pod, or one clear error saying why there is none. */
export function parsePodManifest(text: string): PodManifest {
  const parsed = parseManifest(text);
  const fail = (error: ManifestError): PodManifest => ({ ok: false, error, errors: parsed.errors.length ? parsed.errors : [error] });
  if (parsed.errors.length) return fail(parsed.errors[0]);
  const nonEmpty = parsed.documents.filter((d) => d.value !== null && d.value !== undefined);
  for (const [documentIndex, document] of parsed.documents.entries()) {
    if (isPlainObject(document.value) && document.value.kind === 'Pod') {
      const apiVersion = document.value.apiVersion;
      if (apiVersion !== undefined && apiVersion !== 'v1') {
        return fail({ message: `expected apiVersion v1 for a Pod, found ${JSON.stringify(apiVersion)}`, range: locate(document, 'apiVersion') });
      }
      return { ok: true, pod: document.value as Pod, document, documentIndex };
    }
  }
  if (!nonEmpty.length) {
    const at = positionAt(text, 0);
    return fail({ message: 'the manifest is empty: expected a Pod (kind: Pod)', range: { start: at, end: at } });
  }
  const first = nonEmpty[0];
  if (!isPlainObject(first.value)) {
    return fail({ message: `expected a Pod manifest (a mapping with kind: Pod), found ${Array.isArray(first.value) ? 'a list' : `a ${typeof first.value}`}`, range: first.range });
  }
  if (first.value.kind === undefined) {
    return fail({ message: 'the document has no kind: expected kind: Pod', range: first.range });
  }
  return fail({ message: `expected a Pod manifest, found kind ${JSON.stringify(first.value.kind)}`, range: locate(first, 'kind') });
}

function locate(document: ManifestDocument, path: string): Range {
  return document.sourceMap.lookup(path)?.valueRange ?? document.range;
}

function rangeOf(map: DocumentSourceMap, start: number, end: number): Range {
  return { start: map.position(start), end: map.position(end) };
}

function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart, offset };
}

/** Offset of the document marker (`---` or `...` starting a line) past the first `max`, if any. */
function documentMarkerBeyond(text: string, max: number): number | undefined {
  let count = 0;
  for (let i = 0; i >= 0 && i < text.length; i = text.indexOf('\n', i) + 1 || -1) {
    const c = text.charCodeAt(i);
    if ((c === 0x2d || c === 0x2e) && text.startsWith(c === 0x2d ? '---' : '...', i)) {
      const after = text.charCodeAt(i + 3);
      if (Number.isNaN(after) || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d) {
        if (++count > max) return i;
      }
    }
  }
  return undefined;
}

/**
 * Offset where more than `max` brackets are open at once. Brackets inside scalars count too (a
 * scan that skipped quotes could be fooled by a lone apostrophe); real text never gets near `max`.
 */
function flowDepthBeyond(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) { if (++depth > max) return i; }
    else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

function firstAliasOffset(doc: Document.Parsed): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) { found = node.range[0]; return visit.BREAK; }
      return undefined;
    },
  });
  return found;
}

/**
 * The first repeated key of any mapping. yaml's own uniqueKeys check compares every key with every
 * earlier one (quadratic: minutes for a map of 60,000 annotations); a Set keeps this linear.
 */
export function findDuplicateKey(node: unknown, depth: number): { key: string; range: [number, number] } | undefined {
  if (depth > 1000) return undefined;
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && key !== '<<') {
        if (seen.has(key)) {
          const r = (pair.key as { range?: [number, number, number] }).range;
          return { key, range: r ? [r[0], r[1]] : [0, 0] };
        }
        seen.add(key);
      }
      const inner = findDuplicateKey(pair.value, depth + 1);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const inner = findDuplicateKey(item, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

function cleanMessage(message: string, code: string): string {
  const firstLine = message.split('\n')[0].trim();
  if (/call stack/i.test(firstLine)) return 'the document is nested too deeply to read';
  return code === 'DUPLICATE_KEY' ? `${firstLine} (duplicate key)` : firstLine;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
