// Entry point of the edit-and-patch features (diagnostics, code actions, Patch Pod and friends,
// 409/422/network handling). extension.ts calls registerPatchFeatures once; the pod file system
// provider calls savePodDocument from writeFile (save = patch) and the "live pod changed" prompt
// calls rebaseDocument.
import * as vscode from 'vscode';
import type { Pod } from '../core/pod';
import { toAbortSignal } from './cancellation';
import { classifyFailure, type PatchFailure } from './patchErrors';
import { rebaseBuffer, describeServerChanges } from './conflictRebase';
import { PodCodeActionsProvider } from './codeActionsProvider';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { RuleLinks } from './diagnosticsRuleLinks';
import { PreviewContentProvider } from './previewContent';
import { PatchPreview } from './patchPreview';
import { PatchSender, confirmBeforePatch, refusedFindings } from './patchSender';
import { registerPatchCommands } from './patchCommands';
import type { PatchDeps } from './patchTarget';

export type PatchFeatures = {
  /** Save = patch. Throws (the save fails, the buffer stays dirty) when nothing was applied. */
  savePodDocument(uri: vscode.Uri, content: Uint8Array): Promise<void>;
  /** The live pod changed under the document: re-apply the user's edits on top of it. */
  rebaseDocument(uri: vscode.Uri): Promise<void>;
  /**
   * True while a patch, a 409 rebase or a recreate of this document is in flight: the pod's
   * changes seen by the watch meanwhile are its own doing, not news for a "changed on the
   * cluster" prompt.
   */
  isBusy(uri: vscode.Uri): boolean;
  /** For tests and the status bar. */
  readonly diagnostics: DiagnosticsPublisher;
};

export function registerPatchFeatures(context: vscode.ExtensionContext, deps: PatchDeps): PatchFeatures {
  const content = new PreviewContentProvider();
  const publisher = new DiagnosticsPublisher(deps, new RuleLinks(context.extensionUri), content);
  const preview = new PatchPreview(content);
  const sender = new PatchSender(deps, publisher, preview);
  const selector: vscode.DocumentSelector = [{ scheme: 'podpatch' }, { language: 'yaml' }];
  context.subscriptions.push(
    content,
    publisher,
    vscode.languages.registerCodeActionsProvider(selector, new PodCodeActionsProvider(publisher), PodCodeActionsProvider.metadata),
    ...registerPatchCommands({ deps, sender, publisher, preview }),
  );

  async function savePodDocument(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document) throw new Error('Open the pod in an editor to save it: saving patches the live pod.');
    if (sender.isSyncSave(uri)) return; // the buffer was just brought in line with the patched pod
    if (document.getText() !== new TextDecoder().decode(bytes)) throw new Error('The document changed while it was being saved; save again.');
    let why = 'see the notification';
    const prepared = await sender.prepare(document, { allowRefused: true, quiet: (m) => { why = m; } });
    if (!prepared) throw new Error(`Not saved: ${why}`);
    const refused = refusedFindings(prepared.lint.result.findings);
    if (refused.length) {
      const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : '';
      throw new Error(`Not sent: the server would refuse ${refused[0].path}: ${refused[0].message.split('\n')[0]}${more}. Use the quick fixes (Ctrl+.) to revert it or to recreate the pod.`);
    }
    if (!prepared.patch) return; // nothing the server keeps changed: a save without a request
    const label = `${prepared.target.namespace}/${prepared.target.name}`;
    if (confirmBeforePatch()) {
      const choice = await vscode.window.showInformationMessage(
        `Saving patches pod ${label}. Send this patch?`,
        { modal: true, detail: `${prepared.patch.contentType}\n\n${JSON.stringify(prepared.patch.body).slice(0, 1500)}` },
        'Send',
      );
      if (choice !== 'Send') throw new Error('Not saved: the patch was not sent.');
    }
    const result = await sender.send(prepared, { fromSave: true });
    if (result.outcome === 'sent' || result.outcome === 'unchanged') return;
    throw new Error(saveFailure(label, result.failure));
  }

  async function rebaseDocument(uri: vscode.Uri): Promise<void> {
    const entry = deps.documents.get(uri);
    if (!entry) return;
    const label = `${entry.namespace}/${entry.name}`;
    let latest: Pod;
    try {
      latest = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Fetching pod ${label}`, cancellable: true }, (_p, token) =>
        deps.clusters.getClient(entry.context).getPod(entry.namespace, entry.name, { signal: toAbortSignal(token) }),
      );
    } catch (err) {
      const f = classifyFailure(err);
      if (f.kind !== 'cancelled') void vscode.window.showErrorMessage(`Could not fetch pod ${label}: ${'message' in f ? f.message : ''}. The editor is unchanged.`);
      return;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document) {
      deps.documents.updateBase(uri, latest);
      return;
    }
    const wasDirty = document.isDirty;
    const rebased = await rebaseBuffer(document, entry.base, latest);
    if (!rebased?.applied) {
      // Keep the old base (a new one would make the next patch undo the server's change).
      void vscode.window.showWarningMessage(`Could not rebase ${label}: ${rebased ? 'the editor changed meanwhile; try again' : 'the manifest does not parse; fix it first'}.`);
      return;
    }
    if (!wasDirty) {
      // The buffer now is the latest pod: save it without a request, then take the new base.
      if (document.isDirty) await sender.syncSave(document);
      deps.documents.updateBase(uri, latest);
      return;
    }
    sender.rebaseDirtyDocument(uri, latest);
    if (rebased) {
      const conflicts = rebased.conflicts.length ? ` Your values for ${rebased.conflicts.map((c) => `\`${c.path}\``).join(', ')} differ from the server's and were kept.` : '';
      void vscode.window.showInformationMessage(`Rebased ${label} onto the live pod (${describeServerChanges(rebased)}); your edits are kept.${conflicts}`);
    }
  }

  return { savePodDocument, rebaseDocument, isBusy: (uri) => sender.isBusy(uri), diagnostics: publisher };
}

/** The save error for a patch that did not go through; the edits are always still in the buffer. */
function saveFailure(label: string, failure: PatchFailure['kind'] | undefined): string {
  switch (failure) {
    case 'conflict': return `Not saved: pod ${label} changed on the server meanwhile. Your edits were re-applied on top of the latest version; save again to send them.`;
    case 'invalid': return `Not saved: the server refused the patch of ${label} (the reasons are marked in the editor).`;
    case 'network': return `Not saved: the cluster could not be reached to patch ${label}. Your edits are still in the editor; save again to retry.`;
    case 'cancelled': return `Not saved: the patch of ${label} was cancelled.`;
    default: return `Not saved: pod ${label} was not patched; your edits are still in the editor.`;
  }
}
