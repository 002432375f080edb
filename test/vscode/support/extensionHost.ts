// What the extension-host suites share: activating podpatch, waiting on VS Code events (never
// polling or sleeping), editing a document and leaving the workbench clean between tests.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PodpatchApi } from '../../../src/vscode/api';

export async function activatePodpatch(): Promise<PodpatchApi> {
  const ext = vscode.extensions.getExtension<PodpatchApi>('podpatch.podpatch');
  assert.ok(ext, 'podpatch is not loaded');
  const api = await ext.activate();
  await api.ready; // activate() returns before the kubeconfig is read
  return api;
}

/** Resolves once `check` returns a value, re-checking whenever `event` fires; rejects after `timeoutMs` naming `what`. */
export function when<T>(event: vscode.Event<unknown>, check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => { if (!done) { done = true; sub.dispose(); clearTimeout(timer); fn(); } };
    const attempt = async () => {
      try {
        const v = await check();
        if (v !== undefined) finish(() => resolve(v));
      } catch (err) {
        finish(() => reject(err));
      }
    };
    const sub = event(() => void attempt());
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${what}`))), timeoutMs);
    void attempt();
  });
}

/** The podpatch diagnostics of `uri` once `accept` holds for them. */
export function diagnosticsWhen(uri: vscode.Uri, accept: (ds: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'podpatch');
  return new Promise((resolve) => {
    const now = ours();
    if (accept(now)) return resolve(now);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const ds = ours();
      if (!accept(ds)) return;
      sub.dispose();
      resolve(ds);
    });
  });
}

/** Replaces the first match of `from` in the document through a WorkspaceEdit, as typing would. */
export async function replaceText(document: vscode.TextDocument, from: string | RegExp, to: string): Promise<void> {
  const text = document.getText();
  const m = typeof from === 'string' ? { index: text.indexOf(from), 0: from } : from.exec(text);
  assert.ok(m && m.index !== undefined && m.index >= 0, `"${String(from)}" not in the document`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(m.index), document.positionAt(m.index + m[0].length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/** Reverts unsaved edits (so closing asks nothing) and closes every editor. */
export async function closeAllEditors(): Promise<void> {
  for (const d of vscode.workspace.textDocuments) {
    if (!d.isDirty) continue;
    await vscode.window.showTextDocument(d);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // A podpatch: document reverts by reading the pod again (a GET): the command can return before
    // the buffer is clean, and the next test would then reopen the same model with the old edit.
    if (d.uri.scheme === 'podpatch') await when(vscode.workspace.onDidChangeTextDocument, () => (!d.isDirty || d.isClosed) || undefined, `${d.uri.toString()} to revert`);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
