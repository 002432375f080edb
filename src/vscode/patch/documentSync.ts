// Bringing an open document in line with the server, the same way after every kind of send:
// the pod the server returned becomes the tracked base and the buffer shows it, new
// resourceVersion included: the buffer gets the server's pod written in and is saved, which sends
// nothing because its text now equals its base (no flag).
import * as vscode from 'vscode';
import type { Pod } from '../../core/pod';
import { rebaseText, type TextRebase } from '../../core/edit/rebaseText';
import { minimalEdit, type TextEdit } from '../../core/lint/yamlEdits';
import type { DocumentAnalyzer } from '../documents/documentAnalyzer';
import type { TrackedPodDocument } from '../documents/trackedPodDocument';
import { renderPodYaml } from '../documents/podYaml';

export class DocumentSync {
  constructor(private readonly analyzer: DocumentAnalyzer) {}

  /**
   * After a successful patch (or create): `pod` is what the server returned, `sentText` the text
   * the patch was computed from (edited from `from`). The base moves at once (the file time stays,
   * so a save under way is not "modified since"). If the buffer still holds the sent text it
   * becomes the server's pod; if the user typed meanwhile, only the server's values are laid in.
   */
  async adopt(tracked: TrackedPodDocument, document: vscode.TextDocument | undefined, pod: Pod, sentText: string, from: Pod): Promise<void> {
    tracked.setBase(pod, { keepFileTime: true });
    if (!document || document.isClosed) return;
    const text = document.getText();
    if (text === sentText) {
      // The buffer becomes the server's pod; saving it sends nothing (its text now equals its base).
      if (await replaceText(document, text, renderPodYaml(pod, tracked.context))) await document.save();
      return;
    }
    // Typed meanwhile: keep that, carry the server's values (resourceVersion at least) in.
    const rebase = this.rebaseOnto(document, from, pod);
    if (rebase?.edit) await applyTextEdit(document, text, rebase.edit);
  }

  /** The user's edits (from `base`) laid over `latest`, computed on the current text; undefined if it does not parse. */
  rebaseOnto(document: vscode.TextDocument, base: Pod, latest: Pod): TextRebase | undefined {
    const analysis = this.analyzer.analyze(document)?.analysis;
    if (!analysis?.document || !analysis.pod || analysis.diagnostics.some((d) => d.source === 'yaml')) return undefined;
    try {
      return rebaseText(analysis.text, analysis.document, analysis.pod, base, latest);
    } catch {
      return undefined;
    }
  }

  /**
   * A save that sent nothing (refused, failed, cancelled, declined) left VS Code thinking the
   * buffer is saved: it is made dirty again, so it is neither lost on close nor replaced when the
   * pod changes. VS Code ignores an edit that changes nothing, so a space is added and removed in
   * one undo step: the text stays exactly as typed, and one Undo brings back the saved state.
   */
  async keepDirty(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed || document.isDirty) return;
    const end = document.positionAt(document.getText().length);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (editor) {
      const noStops = { undoStopBefore: false, undoStopAfter: false };
      if (await editor.edit((b) => b.insert(end, ' '), noStops)) await editor.edit((b) => b.delete(new vscode.Range(end, end.translate(0, 1))), noStops);
      return;
    }
    const add = new vscode.WorkspaceEdit();
    add.insert(document.uri, end, ' ');
    if (!(await vscode.workspace.applyEdit(add))) return;
    const remove = new vscode.WorkspaceEdit();
    remove.delete(document.uri, new vscode.Range(end, end.translate(0, 1)));
    await vscode.workspace.applyEdit(remove);
  }
}

async function replaceText(document: vscode.TextDocument, expected: string, next: string): Promise<boolean> {
  if (expected === next) return true;
  return applyTextEdit(document, expected, minimalEdit(expected, next));
}

/** Applies `edit` (offsets into `expected`) unless the user typed meanwhile. */
export async function applyTextEdit(document: vscode.TextDocument, expected: string, edit: TextEdit): Promise<boolean> {
  if (document.getText() !== expected) return false;
  const we = new vscode.WorkspaceEdit();
  we.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
  return vscode.workspace.applyEdit(we);
}
