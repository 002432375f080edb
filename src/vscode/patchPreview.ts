// What the user looks at before and after a send: a diff of the live pod against the buffer,
// the patch request (language podpatch-patch, highlighted by syntaxes/), a modal confirm, and
// the dry-run result. The preview tabs are closed again once the user has decided.
import * as vscode from 'vscode';
import type { Pod } from '../core/pod';
import { renderPatchRequest, type PodPatch } from '../core/patch/podPatch';
import { previewUri, type PreviewContentProvider } from './previewContent';

export const patchLanguageId = 'podpatch-patch';

type PreviewInput = { document: vscode.TextDocument; target: { context: string; namespace: string; name: string; base: Pod }; patch: PodPatch | undefined };

export class PatchPreview {
  constructor(private readonly content: PreviewContentProvider) {}

  /** Shows live ↔ edited and the request; resolves true when the user chose Send. */
  async confirm(p: PreviewInput): Promise<boolean> {
    if (!p.patch) return false;
    const { context, namespace, name } = p.target;
    const liveUri = this.content.showPod('live', context, namespace, name, p.target.base);
    await vscode.commands.executeCommand('vscode.diff', liveUri, p.document.uri, `${name}: live ↔ edited`, { preview: true, preserveFocus: true });
    const requestUri = await this.showRequest(p.target, p.patch, { dryRun: false });
    // One line: the dialog does not keep indentation, and the request tab shows it formatted.
    const body = JSON.stringify(p.patch.body);
    const choice = await vscode.window.showInformationMessage(
      `Send this patch to pod ${namespace}/${name}?`,
      { modal: true, detail: `Context ${context} · ${p.patch.contentType}\n\n${body.length > 1500 ? body.slice(0, 1500) + '\n…' : body}` },
      'Send',
    );
    await closeTabs((input) => (input instanceof vscode.TabInputTextDiff && input.original.toString() === liveUri.toString()) || (input instanceof vscode.TabInputText && input.uri.toString() === requestUri.toString()));
    await vscode.window.showTextDocument(p.document, { preview: false });
    return choice === 'Send';
  }

  /** Opens the request (method, path, content type, body) beside the editor. */
  async showRequest(target: { context: string; namespace: string; name: string }, patch: PodPatch, opts: { dryRun: boolean }): Promise<vscode.Uri> {
    const uri = this.content.set(previewUri('patch', target.context, target.namespace, `${target.name}.${patchLanguageId}`), renderPatchRequest(target.namespace, target.name, patch, opts));
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== patchLanguageId) await vscode.languages.setTextDocumentLanguage(doc, patchLanguageId).then(undefined, () => undefined);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return uri;
  }

  /** The pod as the server would store it after the dry-run patch, against the live one. */
  async showDryRun(p: PreviewInput, result: Pod): Promise<void> {
    const { context, namespace, name } = p.target;
    const liveUri = this.content.showPod('live', context, namespace, name, p.target.base);
    const resultUri = this.content.showPod('dry-run', context, namespace, name, result);
    await vscode.commands.executeCommand('vscode.diff', liveUri, resultUri, `${name}: live ↔ after dry run`, { preview: true });
  }

  /** The latest live pod against the buffer (after a rebase). */
  async showLiveDiff(document: vscode.TextDocument, context: string, namespace: string, name: string, live: Pod): Promise<void> {
    const liveUri = this.content.showPod('live', context, namespace, name, live);
    await vscode.commands.executeCommand('vscode.diff', liveUri, document.uri, `${name}: live ↔ edited`, { preview: true });
  }
}

async function closeTabs(match: (input: unknown) => boolean): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => match(t.input));
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
}
