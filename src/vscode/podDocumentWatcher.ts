// Notices when the pod behind an open document changes on the cluster (the watch): a clean
// document is simply read again; a document with unsaved edits keeps them, the store marks it
// stale, and the user is offered a rebase of the edits onto the live pod.
import * as vscode from 'vscode';
import type { Pod } from '../core/pod';
import type { ClusterService } from './clusterService';
import { messageOf } from './clusterService';
import type { PodFileSystem } from './podFileSystem';
import { isNewer, resourceVersionOf, type PodDocumentStore } from './podDocumentStore';

export type RebaseDocument = (uri: vscode.Uri) => Promise<void>;

const deletedNoticeDelayMs = 3000;

export class PodDocumentWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pendingNotices = new Set<NodeJS.Timeout>();

  constructor(
    clusters: ClusterService,
    private readonly documents: PodDocumentStore,
    private readonly fs: PodFileSystem,
    private readonly log: vscode.LogOutputChannel,
    private readonly rebase: RebaseDocument,
  ) {
    this.disposables.push(
      clusters.onDidChangePods(({ context, batch }) => {
        if (!documents.all().size) return;
        for (const pod of batch.modified) this.onLive(context, pod, false);
        for (const pod of batch.added) this.onLive(context, pod, false);
        for (const pod of batch.deleted) this.onLive(context, pod, true);
      }),
      // Live changes seen during a save are checked once the save settled (one may be the save itself).
      fs.onDidFinishSave((uri) => {
        const entry = documents.get(uri);
        const live = entry && clusters.getWatchCache(entry.context)?.get(entry.namespace, entry.name);
        if (live) this.onLive(entry.context, live, false);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (!documents.get(doc.uri)) return;
        documents.delete(doc.uri);
        fs.forget(doc.uri);
      }),
    );
  }

  private onLive(context: string, pod: Pod, deleted: boolean): void {
    const uri = this.documents.uriFor(context, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
    const entry = this.documents.get(uri);
    if (!entry || this.fs.isSaving(uri)) return;
    if (!deleted && !isNewer(resourceVersionOf(pod), entry.resourceVersion)) return;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const label = `${entry.namespace}/${entry.name}`;
    if (deleted) {
      if (!this.documents.notePodDeleted(uri)) return;
      this.log.warn(`Pod ${label} of ${context} was deleted on the cluster while open`);
      // A recreate (delete + create) brings it back at once: only speak up if it stays gone.
      const timer = setTimeout(() => {
        this.pendingNotices.delete(timer);
        if (this.documents.get(uri)?.deleted) {
          void vscode.window.showWarningMessage(`The pod ${label} was deleted on the cluster. Your editor keeps its text, but saving it cannot patch a pod that no longer exists: use File > Save As… to keep a copy.`);
        }
      }, deletedNoticeDelayMs);
      this.pendingNotices.add(timer);
      return;
    }
    const wasStale = !!entry.live;
    if (!this.documents.noteLive(uri, pod)) return;
    this.log.info(`Pod ${label} of ${context} changed on the cluster: resourceVersion ${entry.resourceVersion} → ${resourceVersionOf(pod)}`);
    if (!doc?.isDirty) {
      this.fs.reload(uri); // nothing to lose: show the live pod
      return;
    }
    if (wasStale) return; // already told; the store and status bar track further changes
    void this.offerRebase(uri, label);
  }

  private async offerRebase(uri: vscode.Uri, label: string): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      `The pod ${label} changed on the cluster while you were editing it. Rebase your edits onto the live pod? (Saving without a rebase may be refused with a conflict.)`,
      'Rebase',
      'Later',
    );
    if (choice !== 'Rebase') return;
    try {
      await this.rebase(uri);
    } catch (err) {
      this.log.error(`Rebase of ${label} failed: ${messageOf(err)}`);
      void vscode.window.showErrorMessage(`Could not rebase ${label}: ${messageOf(err)}. Your edits are still in the editor; saving sends them as they are (the server may answer with a conflict).`);
    }
  }

  dispose(): void {
    for (const t of this.pendingNotices) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
