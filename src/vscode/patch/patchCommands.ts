// The palette / editor-title / tree commands of the editing features. Each takes an optional URI
// (editor title and tree menus pass one) and otherwise works on the active editor.
import * as vscode from 'vscode';
import type { SendOutcome } from '../../core/edit/sendEdit';
import { sendSplitEdit } from '../../core/edit/resizeSplitPlan';
import { applyResizeStrategy } from '../../core/rules/resizeStrategy';
import { serverRules } from '../../core/rules/serverReleases';
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
import type { ResizeFollower } from './resizeFollower';
import { resizeInPlace, resizeInPlaceCommand } from './resizeInPlace';

export type Parts = { deps: PatchDeps; analyzer: DocumentAnalyzer; flow: PatchFlow; publisher: DiagnosticsPublisher; preview: PatchPreview; sync: DocumentSync; notices: PatchNotices; follower: ResizeFollower };

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
      const { target, plan, resize } = prepared;
      const label = `${target.namespace}/${target.name}`;
      if (!plan.patch && !resize) {
        void notices.show('info', `Nothing to patch: the editor matches pod ${label}.`);
        return;
      }
      // Both writes a save would make, each with dryRun=All: the patch, then PATCH .../resize.
      const sent = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Dry run: patching pod ${label}…`, cancellable: true },
        (_p, token) => sendSplitEdit(deps.clusters.getClient(target.context), { plan, split: resize?.split ?? { main: plan.edited, changes: [] } }, prepared.patchType, toAbortSignal(token), { dryRun: true }),
      );
      const legs = resize ? [['patch', sent.main], ['resize (pods/resize)', sent.resize ?? { kind: 'cancelled' }]] as const : [['patch', sent.main]] as const;
      const refused = legs.flatMap(([, o]) => (o.kind === 'refused' ? o.causes : []));
      if (refused.length) publisher.setServerCauses(d, refused);
      const result = dryRunResult(prepared, sent.main, sent.resize);
      if (result) await preview.showDryRun(prepared, result);
      const said = legs.map(([what, o]) => describeDryRun(what, o)).filter((x): x is string => Boolean(x));
      if (!said.length) return; // cancelled
      const failed = legs.some(([, o]) => o.kind !== 'patched' && o.kind !== 'unchanged');
      void notices.show(failed ? 'error' : 'info', `Dry run of ${label}: ${said.join('; ')}. Nothing was changed.`);
    })),
    vscode.commands.registerCommand(resizeInPlaceCommand, withDocument((d) => resizeInPlace(d, parts))),
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

/** What one leg of a dry run says, or undefined when it was cancelled. */
function describeDryRun(what: string, o: SendOutcome): string | undefined {
  switch (o.kind) {
    case 'patched': return `the server accepts the ${what}`;
    case 'unchanged': return undefined;
    case 'refused': return `the server refuses the ${what}: ${o.causes[0] ? `${o.causes[0].field ? o.causes[0].field + ': ' : ''}${o.causes[0].message.split('\n')[0]}` : o.message}`;
    case 'cancelled': return undefined;
    default: return `the ${what} failed: ${o.message.split('\n')[0]}`;
  }
}

/** The pod as both writes would leave it: the main dry run's pod with the resize's resources. */
function dryRunResult(prepared: { target: { profile: Parameters<typeof serverRules>[0] } }, main: SendOutcome, resize: SendOutcome | undefined) {
  const mainPod = main.kind === 'patched' ? main.pod : undefined;
  const resized = resize?.kind === 'patched' ? resize.pod : undefined;
  if (mainPod && resized) return applyResizeStrategy(resized, mainPod, serverRules(prepared.target.profile));
  return mainPod ?? resized;
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
