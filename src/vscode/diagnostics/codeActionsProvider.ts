// Quick fixes for podpatch diagnostics: revert one field to the live value (an exact edit of that
// key in the YAML), revert everything the server will refuse (one edit), or recreate the pod
// with the changes; on a resources change where the server serves pods/resize, send only that
// resize now ("Resize in place"); plus the source action "Show merge patch".
import * as vscode from 'vscode';
import type { LintDiagnostic } from '../../core/lint/lintPodText';
import { shortValue } from '../../core/lint/lintPodText';
import { editForValueChange, editForValueChanges, type TextEdit, type ValueChange } from '../../core/lint/yamlEdits';
import { parseFieldPath } from '../../core/yaml/fieldPath';
import { diagnosticSource, lintInfo } from './diagnosticsMapping';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { configuredPatchType, type DocumentAnalysis } from '../documents/documentAnalyzer';
import { describeResizeChanges, planResizeInPlace } from '../../core/edit/resizeInPlace';

type DocumentLint = DocumentAnalysis;
/** What the quick fixes run for "Recreate pod…" (a function, not a command round trip). */
export type RecreatePod = (document: vscode.TextDocument) => Promise<unknown>;

export const showMergePatchKind = vscode.CodeActionKind.Source.append('podpatch').append('showMergePatch');

export class PodCodeActionsProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, showMergePatchKind],
  };

  constructor(private readonly publisher: DiagnosticsPublisher) {}

  static readonly recreateCommand = 'podpatch.recreatePod';
  static readonly resizeCommand = 'podpatch.resizeInPlace';

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const lint = this.publisher.publishNow(document);
    if (!lint?.target) return [];
    const actions: vscode.CodeAction[] = [];
    const wantsQuickFix = !context.only || context.only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(context.only);
    if (wantsQuickFix) {
      const ours = context.diagnostics.filter((d) => d.source === diagnosticSource);
      let offeredRecreate = false;
      let offeredResize = false;
      for (const d of ours) {
        const info = lintInfo(d);
        if (!info || info.source !== 'rules') continue;
        if (info.rule === 'resize.inPlace' && !offeredResize) {
          offeredResize = true;
          const resize = resizeAction(document, lint, d);
          if (resize) actions.push(resize);
        }
        const revert = revertAction(document, lint, info, d);
        if (revert) actions.push(revert);
        // A workload is not recreated from its document: its refused changes are only reverted.
        if (info.severity === 'error' && !offeredRecreate && !lint.target.workload) {
          offeredRecreate = true;
          const recreate = new vscode.CodeAction('Recreate pod with these changes…', vscode.CodeActionKind.QuickFix);
          recreate.command = { command: PodCodeActionsProvider.recreateCommand, title: 'Recreate pod with these changes', arguments: [document.uri] };
          recreate.diagnostics = [d];
          actions.push(recreate);
        }
      }
      if (ours.some((d) => lintInfo(d)?.severity === 'error')) {
        const all = revertAllAction(document, lint);
        if (all && refusedRevertable(lint).length > 1) actions.push(all);
      }
    }
    // Only when asked for (the Source Action menu, a keybinding): never a lightbulb of its own.
    if (context.only && (context.only.contains(showMergePatchKind) || showMergePatchKind.contains(context.only))) {
      actions.push(showMergePatchAction(document));
    }
    return actions;
  }
}

/** "Resize in place (ctr: memory)": the resize request alone, now; disabled with the reason when the server would refuse it. */
function resizeAction(document: vscode.TextDocument, lint: DocumentLint, d: vscode.Diagnostic): vscode.CodeAction | undefined {
  const plan = lint.analysis.plan;
  const fix = plan && lint.target ? planResizeInPlace(plan, lint.target.profile, configuredPatchType()) : undefined;
  if (!fix) return undefined;
  const action = new vscode.CodeAction(`Resize in place (${describeResizeChanges(fix.split)})`, vscode.CodeActionKind.QuickFix);
  action.command = { command: PodCodeActionsProvider.resizeCommand, title: 'Resize in place', arguments: [document.uri] };
  action.diagnostics = [d];
  const refused = fix.refused[0];
  if (refused) action.disabled = { reason: `The server would refuse this resize: ${refused.path}: ${refused.message.split('\n')[0]}` };
  return action;
}

function showMergePatchAction(document: vscode.TextDocument): vscode.CodeAction {
  const a = new vscode.CodeAction('Show merge patch', showMergePatchKind);
  a.command = { command: 'podpatch.showMergePatch', title: 'Show merge patch', arguments: [document.uri] };
  return a;
}

function changeFor(info: LintDiagnostic): ValueChange | undefined {
  if (info.fix?.kind !== 'revert') return undefined;
  const segments = parseFieldPath(info.fix.path);
  return info.fix.original === undefined ? { segments, present: false } : { segments, present: true, value: info.fix.original };
}

export function revertTitle(info: LintDiagnostic): string | undefined {
  if (info.fix?.kind !== 'revert') return undefined;
  // Plain text: the light bulb menu shows backticks literally. Strings quoted, so "" and "1" read as values.
  return info.fix.original === undefined ? `Revert ${info.fix.path} (remove it)` : `Revert ${info.fix.path} to ${shortValue(JSON.stringify(info.fix.original))}`;
}

function revertAction(document: vscode.TextDocument, lint: DocumentLint, info: LintDiagnostic, d: vscode.Diagnostic): vscode.CodeAction | undefined {
  const change = changeFor(info);
  const title = revertTitle(info);
  if (!change || !title) return undefined;
  // Computed on the tree the diagnostics came from (parse once).
  const edit = safeEdit(() => editForValueChange(lint.analysis.text, change, { documentOffset: lint.analysis.documentOffset, document: lint.analysis.document?.tree }));
  if (!edit) return undefined;
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.edit = toWorkspaceEdit(document, edit);
  action.diagnostics = [d];
  action.isPreferred = true;
  return action;
}

/** Every refused finding with a revert fix; children of a path already reverted are left out. */
export function refusedRevertable(lint: DocumentLint): LintDiagnostic[] {
  const reverts = lint.analysis.diagnostics.filter((d) => d.source === 'rules' && d.severity === 'error' && d.fix?.kind === 'revert');
  const paths = reverts.map((d) => (d.fix as { path: string }).path);
  const seen = new Set<string>();
  return reverts.filter((d) => {
    const p = (d.fix as { path: string }).path;
    if (seen.has(p)) return false;
    seen.add(p);
    return !paths.some((other) => other !== p && (p.startsWith(other + '.') || p.startsWith(other + '[')));
  });
}

export function revertAllEdit(document: vscode.TextDocument, lint: DocumentLint): vscode.WorkspaceEdit | undefined {
  const changes = refusedRevertable(lint).map(changeFor).filter((c): c is ValueChange => c !== undefined);
  if (!changes.length) return undefined;
  const edit = safeEdit(() => editForValueChanges(lint.analysis.text, changes, { documentOffset: lint.analysis.documentOffset, document: lint.analysis.document?.tree }));
  return edit ? toWorkspaceEdit(document, edit) : undefined;
}

function revertAllAction(document: vscode.TextDocument, lint: DocumentLint): vscode.CodeAction | undefined {
  const edit = revertAllEdit(document, lint);
  if (!edit) return undefined;
  const action = new vscode.CodeAction('Revert all changes the server will refuse', vscode.CodeActionKind.QuickFix);
  action.edit = edit;
  action.diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === diagnosticSource && d.severity === vscode.DiagnosticSeverity.Error);
  return action;
}

function toWorkspaceEdit(document: vscode.TextDocument, edit: TextEdit): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  we.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
  return we;
}

function safeEdit(compute: () => TextEdit): TextEdit | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
