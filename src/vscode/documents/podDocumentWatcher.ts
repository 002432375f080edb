// Follows the pods behind open documents (the watch): a clean document is simply read again; a
// document with unsaved edits keeps them and its tracked state says it is stale, which the status
// bar and the editor title show (with Rebase) for exactly as long as it is true. The watch's news
// about a document's own patch (seen while the patch is in flight) is checked once it settled.
import * as vscode from 'vscode';
import type { PodSummary } from '../../core/podSummary';
import type { ClusterService } from '../cluster/clusterService';
import { DisposableBase } from '../lifecycle/disposableBase';
import type { PodFileSystem } from './podFileSystem';
import type { PodDocuments } from './podDocuments';
import { isNewer } from '../../core/cluster/resourceVersion';
import { DeletedNotices } from './deletedNotices';

export class PodDocumentWatcher extends DisposableBase {
  private readonly deletions: DeletedNotices;

  constructor(private readonly clusters: ClusterService, private readonly documents: PodDocuments, private readonly fs: PodFileSystem, private readonly log: vscode.LogOutputChannel) {
    super();
    this.deletions = this.register(new DeletedNotices(documents, log));
    this.register(clusters.onDidChangePods(({ context, batch }) => {
      if (!documents.size) return;
      for (const s of [...batch.modified, ...batch.added]) this.onLive(context, s, false);
      for (const s of batch.deleted) this.onLive(context, s, true);
    }));
    // Settled: compare with what the watch holds now (its own patch is no news; a later change is).
    this.register(documents.onDidChange((e) => {
      // Workload documents are followed by their own watch (owners/workloadDocumentWatcher.ts).
      if (e.reason !== 'busy' || !e.document || e.document.workload) return;
      const live = clusters.getWatchCache(e.document.context)?.get(e.document.namespace, e.document.name);
      if (live) this.onLive(e.document.context, live, false);
    }));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => documents.close(d.uri)));
  }

  // The watch keeps summaries: a clean document reads the pod again; a dirty one notes the version.
  private onLive(context: string, live: PodSummary, deleted: boolean): void {
    const doc = this.documents.get(this.documents.uriFor(context, live.namespace, live.name));
    // In flight, or a save whose follow-up has not run yet: checked again when it settles.
    if (!doc || doc.busy || doc.afterSave) return;
    if (deleted) {
      this.deletions.noteDeleted(doc);
      return;
    }
    if (!isNewer(live.resourceVersion, doc.resourceVersion)) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString());
    this.log.info(`Pod ${doc.label} of ${context} changed on the cluster: resourceVersion ${doc.resourceVersion} → ${live.resourceVersion}`);
    if (!open?.isDirty) this.fs.reload(doc.uri); // nothing to lose: show the live pod
    else if (doc.noteLive(live.resourceVersion)) {
      // The watch keeps summaries: the pod itself (for the resize lens and diagnostics) is fetched.
      this.clusters.getClient(context).getPod(doc.namespace, doc.name, { signal: AbortSignal.timeout(15_000) })
        .then((pod) => { if (this.documents.get(doc.uri) === doc) doc.noteLivePod(pod); }, () => undefined);
    }
  }
}
