// What the user looks at before and after a send. The confirm is not a modal over what it asks
// about: a diff of the live pod against the pod as the patch leaves it (so it shows exactly what
// the patch changes, also for a workspace manifest laid over the live pod), with Send and Cancel
// in the diff's title bar and in a non-modal notification, and the pretty-printed request beside
// it, naming the context, namespace and pod. Closing the diff is Cancel.
import * as vscode from 'vscode';
import type { Pod } from '../../core/pod';
import { applyMergePatch } from '../../core/patch/mergePatch';
import { computePodPatch, renderPatchRequest, type PodPatch } from '../../core/patch/podPatch';
import { DisposableBase } from '../lifecycle/disposableBase';
import { previewUri, type PreviewContentProvider } from './previewContent';
import type { WorkloadKind } from '../../core/cluster/workloadResources';

export const patchLanguageId = 'podpatch-patch';
const pendingKey = 'podpatch.previewPending';

type Where = { context: string; namespace: string; name: string; workload?: WorkloadKind };
/** `resize`: the second request (PATCH .../resize) where the edit is split; `edited` is then the whole edit. */
type PreviewInput = { document: vscode.TextDocument; target: Where & { base: Pod }; plan: { edited: Pod; patch: PodPatch | undefined }; resize?: { edited: Pod; patch: PodPatch } };

export class PatchPreview extends DisposableBase {
  private decide?: (send: boolean) => void;
  private requests = 0;
  private readonly shownEmitter = this.register(new vscode.EventEmitter<{ diff: vscode.Uri; request: vscode.Uri }>());
  /** A preview is waiting for Send or Cancel (tests decide through the title bar commands). */
  readonly onDidShow = this.shownEmitter.event;

  constructor(private readonly content: PreviewContentProvider) {
    super();
    this.register(vscode.commands.registerCommand('podpatch.preview.send', () => this.decide?.(true)));
    this.register(vscode.commands.registerCommand('podpatch.preview.cancel', () => this.decide?.(false)));
  }

  /** Shows live ↔ after the patch and the request; resolves true when the user chose Send. */
  async confirm(p: PreviewInput): Promise<boolean> {
    const patch = p.plan.patch ?? p.resize?.patch;
    if (!patch) return false;
    this.decide?.(false); // one preview at a time
    const { context, namespace, name } = p.target;
    const liveUri = this.content.showPod('live', context, namespace, name, p.target.base);
    const afterUri = this.content.showPod('after-patch', context, namespace, name, podAfterPatch(p.target.base, p.resize?.edited ?? p.plan.edited));
    const title = `Patch ${name} (namespace ${namespace}, context ${context}): live ↔ after patch`;
    const decided = new Promise<boolean>((resolve) => {
      const tabs = vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.closed.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === afterUri.toString())) finish(false);
      });
      const finish = (send: boolean) => {
        if (this.decide !== finish) return;
        this.decide = undefined;
        tabs.dispose();
        void vscode.commands.executeCommand('setContext', pendingKey, false);
        resolve(send);
      };
      this.decide = finish;
    });
    await vscode.commands.executeCommand('setContext', pendingKey, true);
    await vscode.commands.executeCommand('vscode.diff', liveUri, afterUri, title, { preview: false });
    const requestUri = await this.showRequest(p.target, p.plan.patch, { dryRun: false, resize: p.resize?.patch });
    this.shownEmitter.fire({ diff: afterUri, request: requestUri });
    // Non-modal, and gone by itself once decided: a notification whose Cancel is the preview's Cancel.
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Send this ${patch.type} patch to ${p.target.workload ?? 'pod'} ${namespace}/${name} in context ${context}? Send or Cancel in the preview's title bar.`, cancellable: true },
      (_p, token) => new Promise<void>((resolve) => {
        token.onCancellationRequested(() => this.decide?.(false));
        void decided.then(() => resolve());
      }),
    );
    const send = await decided;
    await closeTabs((input) => (input instanceof vscode.TabInputTextDiff && input.modified.toString() === afterUri.toString()) || (input instanceof vscode.TabInputText && input.uri.toString() === requestUri.toString()));
    await vscode.window.showTextDocument(p.document, { preview: false });
    return send;
  }

  /** Opens the request(s) (method, path, content type, pretty-printed body) beside the editor; `resize` is sent second. */
  async showRequest(target: Where, patch: PodPatch | undefined, opts: { dryRun: boolean; resize?: PodPatch }): Promise<vscode.Uri> {
    const header = `# ${opts.dryRun ? 'Dry run: ' : ''}patch of ${target.workload ?? 'pod'} ${target.name} in namespace ${target.namespace}, context ${target.context}\n`;
    const parts = patch ? [renderPatchRequest(target.namespace, target.name, patch, { ...opts, workload: target.workload })] : [];
    if (opts.resize) {
      const what = patch ? '# then, in place through the resize subresource (container CPU/memory):\n' : '# in place through the resize subresource (container CPU/memory):\n';
      parts.push(what + renderPatchRequest(target.namespace, target.name, opts.resize, { dryRun: opts.dryRun, subresource: 'resize' }));
    }
    // A new URI per request: an open document of an earlier request would show its old text until VS Code asks again.
    const uri = this.content.set(previewUri('patch', target.context, target.namespace, `${target.name}.${patchLanguageId}`).with({ query: String(++this.requests) }), header + parts.join('\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== patchLanguageId) await vscode.languages.setTextDocumentLanguage(doc, patchLanguageId).then(undefined, () => undefined);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return uri;
  }

  /** The pod as the server would store it after the dry-run patch, against the live one. */
  async showDryRun(p: { target: Where & { base: Pod } }, result: Pod): Promise<void> {
    const { context, namespace, name } = p.target;
    const liveUri = this.content.showPod('live', context, namespace, name, p.target.base);
    const resultUri = this.content.showPod('dry-run', context, namespace, name, result);
    await vscode.commands.executeCommand('vscode.diff', liveUri, resultUri, `${name}: live ↔ after dry run`, { preview: true });
  }

  /** What the server changed since the document's base (after a conflict). */
  async showServerChanges(target: Where, base: Pod, latest: Pod): Promise<void> {
    const baseUri = this.content.showPod('base', target.context, target.namespace, target.name, base);
    const liveUri = this.content.showPod('live', target.context, target.namespace, target.name, latest);
    await vscode.commands.executeCommand('vscode.diff', baseUri, liveUri, `${target.name}: your base ↔ live (changed on the server)`, { preview: true });
  }
}

/** The base with exactly what the patch changes (a merge patch of the same change: the result is the same for every type). */
export function podAfterPatch(base: Pod, edited: Pod): Pod {
  const merge = computePodPatch(base, edited, 'merge');
  return merge ? applyMergePatch<Pod>(base, merge.body as Pod) : base;
}

async function closeTabs(match: (input: unknown) => boolean): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => match(t.input));
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
}
