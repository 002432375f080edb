// LintDiagnostic (core, vscode-free) → vscode.Diagnostic: severity, range, the rule link as
// `code`, and the original value as related information pointing into the live pod's YAML.
import * as vscode from 'vscode';
import type { LintDiagnostic } from '../../core/lint/lintPodText';
import { shortValue } from '../../core/lint/lintPodText';
import type { Range } from '../../core/yaml/range';
import type { RuleLinks } from './diagnosticsRuleLinks';

export const diagnosticSource = 'podpatch';

/** What a code action needs to know about a diagnostic it is asked about. */
export type DiagnosticInfo = { lint: LintDiagnostic };

const infoByDiagnostic = new WeakMap<vscode.Diagnostic, DiagnosticInfo>();

export function lintInfo(d: vscode.Diagnostic): LintDiagnostic | undefined {
  return infoByDiagnostic.get(d)?.lint;
}

export function toVsRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.column, r.end.line, r.end.column);
}

export type OriginalLocator = (path: string) => vscode.Location | undefined;

/** `liveNoun`: what the base is, for the related information ("Live Deployment: ..."). */
export function toVsDiagnostic(lint: LintDiagnostic, links: RuleLinks, locateOriginal: OriginalLocator | undefined, liveNoun = 'pod'): vscode.Diagnostic {
  const severity = lint.severity === 'error' ? vscode.DiagnosticSeverity.Error : lint.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const d = new vscode.Diagnostic(toVsRange(lint.range), lint.message, severity);
  d.source = diagnosticSource;
  if (lint.rule) d.code = { value: lint.rule, target: links.target(lint.rule) };
  else if (lint.source === 'yaml') d.code = 'yaml';
  const related: vscode.DiagnosticRelatedInformation[] = [];
  if (lint.original && locateOriginal) {
    const where = locateOriginal(lint.original.path);
    if (where) {
      const text = lint.original.present ? `Live ${liveNoun}: ${lint.original.path} = ${shortValue(lint.original.value, 120)}` : `Live ${liveNoun}: ${lint.original.path} is not set`;
      related.push(new vscode.DiagnosticRelatedInformation(where, text));
    }
  }
  // Upstream's own wording (the spec-wide catch-all) rides along instead of being a second error.
  const where = lint.related && locateOriginal?.('spec');
  if (lint.related && where) related.push(new vscode.DiagnosticRelatedInformation(where, `The API server says: ${lint.related.split('\n')[0]}`));
  if (related.length) d.relatedInformation = related;
  if (lint.severity === 'info') d.tags = [vscode.DiagnosticTag.Unnecessary];
  infoByDiagnostic.set(d, { lint });
  return d;
}
