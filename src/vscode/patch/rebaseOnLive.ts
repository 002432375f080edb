// "Rebase onto the live pod" (the status bar and the editor title offer it while a dirty
// document's pod or workload changed on the cluster): fetch the latest object, lay the user's edits
// over it, and make it the document's base. The edits stay unsaved; nothing is sent.
import * as vscode from 'vscode';
import { getTarget } from '../../core/edit/sendEdit';
import type { Pod } from '../../core/pod';
import { describeServerChanges } from '../../core/edit/rebaseText';
import { toAbortSignal } from '../cluster/cancellation';
import { classifyFailure } from './patchErrors';
import { applyTextEdit, type DocumentSync } from './documentSync';
import type { PatchNotices } from './patchNotices';
import type { PatchDeps } from './patchDeps';

export async function rebaseOnLive(document: vscode.TextDocument, parts: { deps: PatchDeps; sync: DocumentSync; notices: PatchNotices }): Promise<boolean> {
  const tracked = parts.deps.documents.get(document.uri);
  if (!tracked) return false;
  const label = tracked.label;
  return tracked.track(async () => {
    let latest: Pod;
    try {
      latest = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Fetching ${tracked.noun} ${label}`, cancellable: true }, (_p, token) =>
        getTarget(parts.deps.clusters.getClient(tracked.context), tracked, toAbortSignal(token)),
      );
    } catch (err) {
      const f = classifyFailure(err);
      if (f.kind !== 'cancelled') void parts.notices.show('error', `Could not fetch ${tracked.noun} ${label}: ${'message' in f ? f.message : ''}. The editor is unchanged.`);
      return false;
    }
    const text = document.getText();
    const wasDirty = document.isDirty;
    const rebase = parts.sync.rebaseOnto(document, tracked.base, latest);
    if (!rebase || (rebase.edit && !(await applyTextEdit(document, text, rebase.edit)))) {
      // Keep the old base (a new one would make the next patch undo the server's change).
      void parts.notices.show('warning', `Could not rebase ${label}: ${rebase ? 'the editor changed meanwhile; try again' : 'the manifest does not parse; fix it first'}.`);
      return false;
    }
    tracked.setBase(latest, { keepFileTime: true });
    if (!wasDirty) {
      if (document.isDirty) await document.save(); // the buffer now is the live pod: a save that sends nothing
      return true;
    }
    const both = rebase.conflicts.length ? ` Your values for ${rebase.conflicts.map((c) => c.path).join(', ')} differ from the server's and were kept.` : '';
    vscode.window.setStatusBarMessage(`Rebased ${label} onto the live ${tracked.noun} (${describeServerChanges(rebase)}); your edits are kept.${both}`, 8000);
    return true;
  });
}
