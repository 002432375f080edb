// The palette / editor-title / tree commands of the editing features. Each takes an optional URI
// (editor title and tree menus pass one) and otherwise works on the active editor.
import * as vscode from 'vscode';
import { sendEdit } from '../../core/edit/sendEdit';
import { toAbortSignal } from '../cluster/cancellation';
import type { DiagnosticsPublisher } from '../diagnostics/diagnosticsPublisher';
import { revertAllEdit } from '../diagnostics/codeActionsProvider';
import type { DocumentAnalyzer } from '../documents/documentAnalyzer';
import type { PatchFlow } from './patchFlow';
import type { PatchPreview } from './patchPreview';
import type { PatchDeps } from './patchDeps';
import type { DocumentSync } from './documentSync';
import type { PatchNotices } from './patchNotices';
import { recreatePod } from './patchRecreate';
import { undoLastPatch } from './undoLastPatch';
import { rebaseOnLive } from './rebaseOnLive';

export type Parts = { deps: PatchDeps; analyzer: DocumentAnalyzer; flow: PatchFlow; publisher: DiagnosticsPublisher; preview: PatchPreview; sync: DocumentSync; notices: PatchNotices };

export function registerPatchCommands(parts: Parts): vscode.Disposable[] {
  const { deps, flow, publisher, preview, notices } = parts;
  const withDocument = (run: (d: vscode.TextDocument) => Promise<unknown>) => async (arg?: unknown) => {
    const document = await documentFor(arg);
    if (!document) {
      void notices.show('error', 'podpatch: open a pod (or a YAML file holding a Pod) in an editor first.');
      return undefined;
    }
    // A local file's live pod may still be on its way (the watch keeps summaries): plan with it.
    publisher.publishNow(document);
    await deps.documents.localBases.settled();
    return run(document);
  };
  const revertRefused = async (d: vscode.TextDocument): Promise<boolean> => {
    const analysis = publisher.publishNow(d);
    const edit = analysis ? revertAllEdit(d, analysis) : undefined;
    if (!edit) {
      void notices.show('info', 'Nothing to revert: no change in this editor is one the server will refuse (or none can be reverted automatically).');
      return false;
    }
    return vscode.workspace.applyEdit(edit);
  };
  const recreate = (d: vscode.TextDocument) => recreatePod(d, parts);
  flow.refusalActions = { revertRefused, recreate };
  return [
    vscode.commands.registerCommand('podpatch.patchPod', withDocument((d) => flow.patchFromEditor(d))),
    vscode.commands.registerCommand('podpatch.dryRunPatch', withDocument(async (d) => {
      const prepared = flow.prepare(d, { allowRefused: true });
      if (!prepared) return;
      const { target, plan } = prepared;
      if (!plan.patch) {
        void notices.show('info', `Nothing to patch: the editor matches pod ${target.namespace}/${target.name}.`);
        return;
      }
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Dry run: patching pod ${target.namespace}/${target.name}…`, cancellable: true },
        (_p, token) => sendEdit(deps.clusters.getClient(target.context), plan, toAbortSignal(token), { dryRun: true }),
      );
      if (outcome.kind === 'patched') {
        await preview.showDryRun(prepared, outcome.pod);
        void notices.show('info', `Dry run: the server accepts this patch of ${target.namespace}/${target.name}. Nothing was changed.`);
      } else if (outcome.kind === 'refused') {
        publisher.setServerCauses(d, outcome.causes);
        void notices.show('error', `Dry run: the server refuses this patch of ${target.namespace}/${target.name}: ${outcome.causes[0]?.message ?? outcome.message}`);
      } else if (outcome.kind !== 'cancelled' && outcome.kind !== 'unchanged') {
        void notices.show('error', `Dry run of ${target.namespace}/${target.name}: ${outcome.message}`);
      }
    })),
    vscode.commands.registerCommand('podpatch.showMergePatch', withDocument(async (d) => {
      const prepared = flow.prepare(d, { allowRefused: true, patchType: 'merge' });
      if (!prepared) return;
      if (!prepared.plan.patch && !prepared.resize) {
        void notices.show('info', `No changes: the editor matches pod ${prepared.target.namespace}/${prepared.target.name}.`);
        return;
      }
      await preview.showRequest(prepared.target, prepared.plan.patch, { dryRun: false, resize: prepared.resize?.patch });
      const refused = prepared.plan.refused.length;
      if (refused) void notices.show('warning', `The server will refuse ${refused === 1 ? 'one change' : `${refused} changes`} in this patch (see Problems).`);
    })),
    vscode.commands.registerCommand('podpatch.revertAllRefused', withDocument(revertRefused)),
    vscode.commands.registerCommand('podpatch.recreatePod', withDocument(recreate)),
    vscode.commands.registerCommand('podpatch.undoLastPatch', withDocument((d) => undoLastPatch(d, deps.documents.get(d.uri), parts))),
    vscode.commands.registerCommand('podpatch.rebaseOnLive', withDocument((d) => rebaseOnLive(d, parts))),
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
