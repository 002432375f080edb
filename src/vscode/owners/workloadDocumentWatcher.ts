// Follows the workload behind each open workload document with a watch of its own (core's
// followWorkload: one object, by name), as podDocumentWatcher follows pods through the pod watch:
// a clean document is read again; a dirty one keeps its edits and is marked stale, which the status
// bar and the editor title show with Rebase; a deletion marks it deleted. News that arrives while
// the document's own save, patch or rebase is in flight is checked once it settled.
import * as vscode from 'vscode';
import { isNewer } from '../../core/cluster/resourceVersion';
import { followWorkload, type WorkloadNews } from '../../core/cluster/workloadWatch';
import type { ClusterService } from '../cluster/clusterService';
import { messageOf } from '../cluster/clusterService';
import { DeletedNotices } from '../documents/deletedNotices';
import type { PodDocuments } from '../documents/podDocuments';
import type { PodFileSystem } from '../documents/podFileSystem';
import { resourceVersionOf, type TrackedPodDocument } from '../documents/trackedPodDocument';
import { DisposableBase } from '../lifecycle/disposableBase';
import { ResourceMap } from '../lifecycle/resourceMap';

/** One document's watch: aborted when the document closes; `latest` is the newest news it brought. */
type Follow = { abort: AbortController; latest?: WorkloadNews };

export class WorkloadDocumentWatcher extends DisposableBase {
  private readonly follows = new ResourceMap<Follow>();
  private readonly deletions: DeletedNotices;

  constructor(private readonly clusters: ClusterService, private readonly documents: PodDocuments, private readonly fs: PodFileSystem, private readonly log: vscode.LogOutputChannel) {
    super();
    this.deletions = this.register(new DeletedNotices(documents, log));
    this.register(documents.onDidChange((e) => {
      if (e.reason === 'closed') return this.stop(e.uri);
      if (!e.document?.workload) return;
      // 'opened' comes again on every re-read: the watch that is running goes on.
      if (e.reason === 'opened') this.start(e.document);
      // Settled: its own patch is no news (not newer than the new base); a later change is.
      else if (e.reason === 'busy') this.apply(e.document);
    }));
    for (const doc of documents.all()) if (doc.workload) this.start(doc);
  }

  private start(doc: TrackedPodDocument): void {
    if (this.follows.has(doc.uri) || !doc.workload) return;
    const follow: Follow = { abort: new AbortController() };
    this.follows.set(doc.uri, follow);
    const what = `${doc.workload} ${doc.label} of ${doc.context}`;
    // From the version the document was read at: a change between the read and the watch is not missed.
    followWorkload(() => this.clusters.getClient(doc.context).transport, doc.workload, doc.namespace, doc.name, {
      resourceVersion: doc.resourceVersion,
      signal: follow.abort.signal,
      onNews: (news) => {
        follow.latest = news;
        const current = this.documents.get(doc.uri);
        if (current) this.apply(current);
      },
      onError: (err) => this.log.warn(`The watch of ${what} failed; it reconnects: ${messageOf(err)}`),
    }).catch((err: unknown) => this.log.error(`The watch of ${what} stopped: ${messageOf(err)}`));
  }

  private stop(uri: vscode.Uri): void {
    this.follows.get(uri)?.abort.abort();
    this.follows.delete(uri);
  }

  private apply(doc: TrackedPodDocument): void {
    const news = this.follows.get(doc.uri)?.latest;
    // In flight, or a save whose follow-up has not run yet: checked again when it settles.
    if (!news || doc.busy || doc.afterSave) return;
    if (news.type === 'deleted') {
      this.deletions.noteDeleted(doc);
      return;
    }
    const rv = resourceVersionOf(news.object);
    if (!isNewer(rv, doc.resourceVersion)) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString());
    this.log.info(`${doc.workload} ${doc.label} of ${doc.context} changed on the cluster: resourceVersion ${doc.resourceVersion} → ${rv}`);
    if (!open?.isDirty) this.fs.reload(doc.uri); // nothing to lose: show the live object
    else if (doc.noteLive(rv)) doc.noteLivePod(news.object); // the watch brings the whole object
  }

  override dispose(): void {
    for (const f of this.follows.values()) f.abort.abort();
    this.follows.clear();
    super.dispose();
  }
}
