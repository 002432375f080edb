// "podpatch: Undo Last Patch": every patch sent from a pod document keeps its inverse and the
// resourceVersion it produced. Undo sends the inverse with that resourceVersion as precondition,
// so it never overwrites a later change by someone else: on a 409 it says so and changes nothing.
import * as vscode from 'vscode';
import { patchTarget } from '../../core/edit/sendEdit';
import { ApiError } from '../../core/cluster/apiError';
import { toAbortSignal } from '../cluster/cancellation';
import type { TrackedPodDocument } from '../documents/trackedPodDocument';
import type { DocumentSync } from './documentSync';
import type { PatchNotices } from './patchNotices';
import type { PatchDeps } from './patchDeps';
import { classifyFailure } from './patchErrors';

export type UndoOutcome = 'undone' | 'nothing' | 'conflict' | 'failed';

export async function undoLastPatch(document: vscode.TextDocument, tracked: TrackedPodDocument | undefined, parts: { deps: PatchDeps; sync: DocumentSync; notices: PatchNotices }): Promise<UndoOutcome> {
  const last = tracked?.lastPatch;
  if (!tracked || !last) {
    void parts.notices.show('info', 'Nothing to undo: no patch was sent from this editor since it was opened.');
    return 'nothing';
  }
  if (document.isDirty) {
    void parts.notices.show('warning', `Undo Last Patch replaces the editor's text with the pod it produces: save or revert your unsaved edits of ${tracked.label} first.`);
    return 'nothing';
  }
  const label = tracked.label;
  const sentText = document.getText();
  try {
    const pod = await tracked.track(async () => vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Undoing the last patch of ${tracked.noun} ${label}…`, cancellable: true },
      (_p, token) => patchTarget(parts.deps.clusters.getClient(tracked.context), tracked, last.inverse.body, { type: last.inverse.type, signal: toAbortSignal(token) }),
    ));
    parts.deps.log.info(`Undid the last patch of ${label} (${last.paths.join(', ')}): resourceVersion ${pod.metadata?.resourceVersion ?? '?'}`);
    tracked.lastPatch = undefined;
    await parts.sync.adopt(tracked, document, pod, sentText, tracked.base);
    void parts.notices.show('info', `Undid the last patch of ${tracked.noun} ${label}${last.paths.length ? ` (${last.paths.join(', ')})` : ''}.`);
    return 'undone';
  } catch (err) {
    if (err instanceof ApiError && err.code === 409) {
      void parts.notices.show('warning', `Not undone: pod ${label} changed on the cluster after your patch (resourceVersion ${last.producedResourceVersion} is no longer current). Nothing was changed.`);
      return 'conflict';
    }
    const f = classifyFailure(err);
    if (f.kind !== 'cancelled') void parts.notices.show('error', `Could not undo the last patch of ${label}: ${'message' in f ? f.message : ''}. Nothing was changed.`);
    return 'failed';
  }
}
