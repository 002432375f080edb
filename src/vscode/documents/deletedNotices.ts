// The object behind an open document was deleted on the cluster: the document is marked at once
// (the status bar says so), and a warning follows only when it stays gone and edits are at stake.
// Shared by the pod watch and the workload watches.
import * as vscode from 'vscode';
import type { PodDocuments } from './podDocuments';
import type { TrackedPodDocument } from './trackedPodDocument';

const deletedNoticeDelayMs = 3000;

export class DeletedNotices implements vscode.Disposable {
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly documents: PodDocuments, private readonly log: vscode.LogOutputChannel) {}

  /** Marks `doc` deleted; a no-op when it already is. */
  noteDeleted(doc: TrackedPodDocument): void {
    if (!doc.notePodDeleted()) return;
    const noun = doc.noun;
    this.log.warn(`${noun[0].toUpperCase()}${noun.slice(1)} ${doc.label} of ${doc.context} was deleted on the cluster while open`);
    // A recreate (delete + create) brings it back at once: only speak up if it stays gone.
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      // Only edits are at stake: a clean document of a deleted object says so in the status bar alone
      // (a rollout replaces every pod of a Deployment; one toast per replaced pod would be noise).
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString());
      if (this.documents.get(doc.uri)?.deleted && open?.isDirty) {
        void vscode.window.showWarningMessage(`The ${noun} ${doc.label} was deleted on the cluster. Your editor keeps its text, but saving it cannot patch a ${noun} that no longer exists: use File > Save As… to keep a copy.`);
      }
    }, deletedNoticeDelayMs);
    this.pending.add(timer);
  }

  dispose(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
