// The diagnostics of a pod manifest as a pure function of its text and the pod it was opened
// from: YAML errors, then every finding of the core rules placed on the exact range of the
// changed key or value. Knows nothing of VS Code, so the extension, the CLI and the benchmark
// all compute the same thing.
import { parseManifest, type ManifestDocument, type ParsedManifest } from '../yaml/manifestParser';
import type { Range } from '../yaml/range';
import { checkPodUpdate, type RuleSettings } from '../rules/checkPodUpdate';
import type { Finding, Fix, FindingType } from '../rules/finding';
import type { Profile } from '../rules/profile';
import { isPlainObject, type Pod } from '../pod';
import { getAtPath, parseFieldPath } from '../yaml/fieldPath';
import { overlayManifest } from './manifestOverlay';
import { upstreamErrorBody } from '../rules/finding';
import { isWorkloadKind } from '../rules/workloads/checkWorkloadUpdate';
import { workloadEditFindings } from '../rules/workloads/workloadEditFindings';
import { changedPaths } from '../patch/rebase';
import { formatFieldPath } from '../yaml/fieldPath';

export type LintSeverity = 'error' | 'warning' | 'info';

export type LintDiagnostic = {
  severity: LintSeverity;
  message: string;
  range: Range;
  /** 'yaml': the text does not parse; 'manifest': not a usable Pod; 'rules': a finding of checkPodUpdate. */
  source: 'yaml' | 'manifest' | 'rules';
  rule?: string;
  path?: string;
  type?: FindingType;
  /** The field's value in the base (what a revert puts back); absent when the base has no such field. */
  original?: { present: boolean; value?: unknown; path: string };
  fix?: Fix;
  /**
   * Upstream's wording for the same refusal when podpatch names the field more precisely (the
   * spec-wide catch-all): shown with this diagnostic rather than as a second error on `spec:`.
   */
  related?: string;
};

export type LintResult = {
  diagnostics: LintDiagnostic[];
  /** The edited pod, when the text holds one that parses (laid over the base when `partial`). */
  pod?: Pod;
  /** Start offset of the Pod's document in the text (edits of multi-document files). */
  documentOffset?: number;
  findings: Finding[];
};

export type LintOptions = {
  /** When the text must be a Pod (a pod document): say so if it is not. Local files are simply skipped. */
  requirePod?: boolean;
  /**
   * The text is a hand-written manifest (a local file), not the whole pod: keys it leaves out are
   * unspecified rather than removed, so it is laid over the base as a strategic merge patch (what
   * `kubectl apply` does with a new manifest) before the rules compare. Without this every
   * defaulted field (nodeName, schedulerName, terminationMessagePath, ...) would read as removed.
   */
  partial?: boolean;
  /** The parse of `text` already made for this text version (parse once); parsed here when absent. */
  parsed?: ParsedManifest;
  /** The kind the text holds: 'Pod' (default) or a workload kind (Deployment, ..., Job), checked with that kind's update rules. */
  kind?: string;
};

/** `profile` may carry the server's release, gates and `splitResize` (see RuleSettings). */
export function lintPodText(text: string, base: Pod | undefined, profile: Profile | RuleSettings, opts: LintOptions = {}): LintResult {
  const parsed = opts.parsed ?? parseManifest(text);
  const diagnostics: LintDiagnostic[] = parsed.errors.map((e) => ({ severity: 'error', message: e.message, range: e.range, source: 'yaml' }));
  if (parsed.errors.length) return { diagnostics, findings: [] };
  const kind = opts.kind ?? 'Pod';
  const document = parsed.documents.find((d) => isPlainObject(d.value) && d.value.kind === kind);
  if (!document) {
    if (opts.requirePod) {
      const range = parsed.documents[0]?.range ?? { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } };
      diagnostics.push({ severity: 'error', message: `expected a ${kind} manifest (kind: ${kind})`, range, source: 'manifest' });
    }
    return { diagnostics, findings: [] };
  }
  const written = document.value as Pod;
  const documentOffset = document.range.start.offset;
  if (!base) return { diagnostics, pod: written, documentOffset, findings: [] };
  const pod = opts.partial ? overlayManifest(base, written) : written;
  if (isWorkloadKind(kind)) {
    const found = workloadEditFindings(kind, base, pod);
    for (const f of found) diagnostics.push(toDiagnostic(text, document, base, f, pod));
    return { diagnostics, pod, documentOffset, findings: found };
  }
  const findings = checkPodUpdate(base, pod, profile);
  // One forbidden change, one error: the catch-all on `spec` is folded into the per-field errors
  // that name what changed (its upstream text travels with them); alone it stays an error.
  const catchAll = findings.find((f) => f.rule === 'spec.catchAll');
  const perField = findings.filter((f) => f.rule === 'spec.fieldChanged');
  for (const f of findings) {
    if (f === catchAll && perField.length) continue;
    const d = toDiagnostic(text, document, base, f);
    if (catchAll && f.rule === 'spec.fieldChanged') d.related = `${catchAll.path}: ${upstreamErrorBody(catchAll)}`;
    diagnostics.push(d);
  }
  return { diagnostics, pod, documentOffset, findings };
}

/** `edited`: place the finding on the first changed field inside `f.path` (a workload's selector is flagged on the label that changed). */
function toDiagnostic(text: string, document: ManifestDocument, base: Pod, f: Finding, edited?: Pod): LintDiagnostic {
  const diagnostic: LintDiagnostic = {
    severity: f.severity,
    message: messageOf(f),
    range: rangeForPath(text, document, edited ? firstChangeWithin(base, edited, f.path) : f.path),
    source: 'rules',
    rule: f.rule,
    path: f.path,
    type: f.type,
  };
  // The spec-wide catch-all's "original" is the whole spec: the per-field findings say it better.
  if (f.fix?.kind !== 'recreate') {
    const originalPath = f.fix?.kind === 'revert' ? f.fix.path : f.path;
    const found = getAtPath(base, parseFieldPath(originalPath));
    diagnostic.original = found.found ? { present: true, value: found.value, path: originalPath } : { present: false, path: originalPath };
  }
  if (f.fix) diagnostic.fix = f.fix;
  return diagnostic;
}

/** Upstream's "<path>: <ErrorBody>", plus podpatch's detail where upstream's body does not carry it. */
function messageOf(f: Finding): string {
  if (f.severity !== 'error') return `${f.path}: ${f.message}`;
  const firstLine = f.message.split('\n')[0];
  // The rule is tested first: reading the catch-all's detail would compute its diff.
  const extra = f.rule !== 'spec.catchAll' && f.detail && !firstLine.includes(f.detail) ? ` (${f.detail})` : '';
  return `${f.path}: ${firstLine}${extra}`;
}

function firstChangeWithin(base: Pod, edited: Pod, path: string): string {
  const segments = parseFieldPath(path);
  const from = getAtPath(base, segments);
  const to = getAtPath(edited, segments);
  if (!from.found || !to.found) return path;
  const first = changedPaths(from.value, to.value).find((c) => c.present);
  return first ? formatFieldPath([...segments, ...first.segments]) : path;
}

/**
 * Where a finding goes: a changed scalar → its value; a changed collection → its key (a squiggle
 * over a whole block is noise); a removed field → the key of its nearest surviving ancestor.
 * Always one line, so the squiggle sits on the line that changed.
 */
export function rangeForPath(text: string, document: ManifestDocument, path: string): Range {
  const exact = document.sourceMap.lookup(path);
  if (exact) {
    const multiLine = exact.valueRange.start.line !== exact.valueRange.end.line;
    if (!multiLine && exact.valueRange.end.offset > exact.valueRange.start.offset) return exact.valueRange;
    return firstLine(text, exact.keyRange ?? exact.valueRange);
  }
  const near = document.sourceMap.nearest(path);
  if (near && near.path !== '') return firstLine(text, near.keyRange ?? near.valueRange);
  return firstLine(text, document.range);
}

function firstLine(text: string, r: Range): Range {
  if (r.start.line === r.end.line) return r;
  let endOffset = text.indexOf('\n', r.start.offset);
  if (endOffset < 0) endOffset = text.length;
  if (text[endOffset - 1] === '\r') endOffset--;
  return { start: r.start, end: { line: r.start.line, column: r.start.column + (endOffset - r.start.offset), offset: endOffset } };
}

/** A short one-line rendering of a value for messages ("Revert x to <original>"). */
export function shortValue(value: unknown, max = 60): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
