// Maps upstream field paths (spec.containers[0].image) to their ranges in the manifest text. Built
// lazily from the yaml Document's nodes: nothing is precomputed at parse time, so re-linting a big
// manifest pays only for the handful of paths that findings actually point at.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { parsePath, formatPath, type PathPart } from './fieldPath';
import type { Position, Range } from './range';

export type SourceLocation = { keyRange?: Range; valueRange: Range };
export type NearestLocation = SourceLocation & { path: string };

export interface SourceMap {
  /** The key and value ranges of the field at `path`, or undefined when the text has no such field. */
  lookup(path: string): SourceLocation | undefined;
  /** The closest existing ancestor (or the field itself), for pointing at a field that was deleted. */
  nearest(path: string): NearestLocation | undefined;
}

/** `fresh`: the node belongs to a re-parsed block (its offsets are relative to that block's text). */
type Located = { node: unknown; keyNode?: unknown; fresh?: boolean };

/**
 * One block of an earlier version's tree replaced by its re-parse (see manifestSplice.ts): nodes
 * of the earlier tree keep their offsets before the change and move by `delta` after it; the
 * re-parsed block's nodes are offset by where its text starts.
 */
export type SourceSplice = { replaced: Node; replacement: Node; blockStart: number; changeEnd: number; delta: number };

export class DocumentSourceMap implements SourceMap {
  constructor(private readonly doc: Document.Parsed, private readonly lines: LineCounter, private readonly splice?: SourceSplice) {}

  lookup(path: string): SourceLocation | undefined {
    const segments = parsePath(path);
    const walked = this.walk(segments);
    if (walked.depth !== segments.length) return undefined;
    return this.toLocation(walked.located);
  }

  nearest(path: string): NearestLocation | undefined {
    const segments = parsePath(path);
    const walked = this.walk(segments);
    const location = this.toLocation(walked.located);
    return location && { ...location, path: formatPath(segments.slice(0, walked.depth)) };
  }

  /** Converts a character offset to a 0-based position. */
  position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line: line - 1, column: col - 1, offset };
  }

  private walk(segments: PathPart[]): { located: Located; depth: number } {
    let located: Located = { node: this.doc.contents };
    let depth = 0;
    for (const seg of segments) {
      const container = resolveAlias(located.node, this.doc);
      let next: Located | undefined;
      if (seg.kind === 'index') {
        if (isSeq(container)) {
          const item = container.items[seg.index];
          if (item !== undefined) next = { node: item };
        }
      } else if (isMap(container)) {
        for (const pair of container.items) {
          if (!isPair(pair)) continue;
          const key = isScalar(pair.key) ? pair.key.value : pair.key;
          if (key !== null && key !== undefined && String(key) === seg.name) { next = { node: pair.value, keyNode: pair.key }; break; }
        }
      }
      if (!next) break;
      if (this.splice && next.node === this.splice.replaced) next = { node: this.splice.replacement, keyNode: next.keyNode, fresh: true };
      else if (located.fresh) next.fresh = true;
      located = next;
      depth++;
    }
    return { located, depth };
  }

  private toLocation(located: Located): SourceLocation | undefined {
    const keyRange = this.nodeRange(located.keyNode, located.fresh && located.node !== this.splice?.replacement);
    let valueRange = this.nodeRange(located.node, located.fresh);
    // `key:` with nothing after it has a null value with an empty range; point at the key instead.
    if (!valueRange && keyRange) valueRange = keyRange;
    if (!valueRange) return undefined;
    return keyRange ? { keyRange, valueRange } : { valueRange };
  }

  private nodeRange(node: unknown, fresh?: boolean): Range | undefined {
    const range = (node as Node | undefined)?.range;
    if (!range) return undefined;
    return { start: this.position(this.offset(range[0], fresh)), end: this.position(this.offset(range[1], fresh)) };
  }

  /** Where an offset of a node's range is in this version's text. */
  private offset(offset: number, fresh?: boolean): number {
    const splice = this.splice;
    if (!splice) return offset;
    if (fresh) return offset + splice.blockStart;
    return offset >= splice.changeEnd ? offset + splice.delta : offset;
  }
}

function resolveAlias(node: unknown, doc: Document.Parsed): unknown {
  // Aliases are followed a bounded number of times so a self-referencing anchor cannot loop.
  for (let hops = 0; hops < 16 && isAlias(node); hops++) node = node.resolve(doc);
  return node;
}
