// The palette / editor-title / tree commands of the patch features. Each takes an optional URI
// (editor title and tree menus pass one) and otherwise works on the active editor.
import * as vscode from 'vscode';
import type { PatchSender } from './patchSender';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import type { PatchPreview } from './patchPreview';
import type { PatchDeps } from './patchTarget';
import { revertAllEdit } from './codeActionsProvider';
import { recreatePod } from './patchRecreate';

type Parts = { deps: PatchDeps; sender: PatchSender; publisher: DiagnosticsPublisher; preview: PatchPreview };

export function registerPatchCommands(parts: Parts): vscode.Disposable[] {
  const { deps, sender, publisher, preview } = parts;
  const withDocument = (run: (d: vscode.TextDocument) => Promise<unknown>) => async (arg?: unknown) => {
    const document = await documentFor(arg);
    if (!document) {
      void vscode.window.showErrorMessage('podpatch: open a pod (or a YAML file holding a Pod) in an editor first.');
      return undefined;
    }
    return run(document);
  };
  return [
    vscode.commands.registerCommand('podpatch.patchPod', withDocument((d) => sender.patchFromEditor(d))),
    vscode.commands.registerCommand('podpatch.dryRunPatch', withDocument((d) => sender.dryRun(d))),
    vscode.commands.registerCommand('podpatch.showMergePatch', withDocument(async (d) => {
      const prepared = await sender.prepare(d, { allowRefused: true, type: 'merge' });
      if (!prepared) return;
      if (!prepared.patch) {
        void vscode.window.showInformationMessage(`No changes: the editor matches pod ${prepared.target.namespace}/${prepared.target.name}.`);
        return;
      }
      await preview.showRequest(prepared.target, prepared.patch, { dryRun: false });
      const refused = prepared.lint.result.findings.filter((f) => f.severity === 'error').length;
      if (refused) void vscode.window.showWarningMessage(`The server will refuse ${refused === 1 ? 'one change' : `${refused} changes`} in this patch (see Problems).`);
    })),
    vscode.commands.registerCommand('podpatch.revertAllRefused', withDocument(async (d) => {
      const lint = publisher.lintNow(d);
      const edit = lint ? revertAllEdit(d, lint) : undefined;
      if (!edit) {
        void vscode.window.showInformationMessage('Nothing to revert: no change in this editor is one the server will refuse (or none can be reverted automatically).');
        return false;
      }
      return vscode.workspace.applyEdit(edit);
    })),
    vscode.commands.registerCommand('podpatch.recreatePod', withDocument((d) => recreatePod(d, deps, sender))),
  ];
}

async function documentFor(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : isWithUri(arg) ? arg.resourceUri : undefined;
  if (uri) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return open ?? vscode.workspace.openTextDocument(uri);
  }
  return vscode.window.activeTextEditor?.document;
}

function isWithUri(v: unknown): v is { resourceUri: vscode.Uri } {
  return typeof v === 'object' && v !== null && (v as { resourceUri?: unknown }).resourceUri instanceof vscode.Uri;
}
