// The quick fix "Resize in place" (a resources change where the server serves pods/resize): sends
// only the resize request now (core planResizeInPlace: PATCH .../pods/{name}/resize with exactly the
// resource change), after the preview when podpatch.confirmBeforePatch is on. Afterwards the
// document shows the server's pod, with the user's other edits (if any) laid over it and unsaved;
// the follower speaks when the node refuses it. Also the resize's own messages, shared with the
// save: a refusal names the resize and lands on the resources lines.
import * as vscode from 'vscode';
import type { PlacedCause } from '../../core/lint/statusCauses';
import type { SendOutcome } from '../../core/edit/sendEdit';
import { describeResizeChanges, planResizeInPlace } from '../../core/edit/resizeInPlace';
import { sendResize } from '../../core/edit/resizeSplitPlan';
import { toAbortSignal } from '../cluster/cancellation';
import { applyTextEdit } from './documentSync';
import { confirmBeforePatch, type CommandOutcome } from './patchFlow';
import type { Parts } from './patchCommands';
import type { PatchNotices } from './patchNotices';
import type { DiagnosticsPublisher } from '../diagnostics/diagnosticsPublisher';

export const resizeInPlaceCommand = 'podpatch.resizeInPlace';

export async function resizeInPlace(document: vscode.TextDocument, parts: Parts): Promise<CommandOutcome> {
  const { deps, flow, preview, sync, notices, publisher } = parts;
  const prepared = flow.prepare(document, { allowRefused: true });
  const whole = prepared?.analysis.analysis.plan;
  if (!prepared || !whole) return 'failed';
  const { target } = prepared;
  const label = `${target.namespace}/${target.name}`;
  const fix = planResizeInPlace(whole, target.profile, prepared.patchType);
  if (!fix) {
    void notices.show('info', `Nothing to resize in place: the editor changes no container CPU or memory of pod ${label}, or the server does not serve pods/resize.`);
    return 'unchanged';
  }
  if (fix.refused.length) {
    const first = fix.refused[0];
    void notices.show('error', `Not sent: the server would refuse this resize of ${label}. ${first.path}: ${first.message.split('\n')[0]}`);
    return 'failed';
  }
  const resized = fix.split.resized!;
  if (confirmBeforePatch() && !(await preview.confirm({ document, target, plan: { edited: resized, patch: undefined }, resize: { edited: resized, patch: fix.patch } }))) return 'cancelled';
  const tracked = target.tracked;
  const work = async (): Promise<CommandOutcome> => {
    deps.log.info(`PATCH pod ${label}/resize in ${target.context} (${fix.patch.contentType}): ${JSON.stringify(fix.patch.body)}`);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Resizing pod ${label} in place…`, cancellable: true },
      (_p, token) => sendResize(deps.clusters.getClient(target.context), whole, fix.split, fix.patch, toAbortSignal(token)),
    );
    if (outcome.kind !== 'patched') {
      reportResizeFailure(parts, document, label, outcome);
      return outcome.kind === 'cancelled' ? 'cancelled' : 'failed';
    }
    const pod = outcome.pod;
    deps.log.info(`Resized pod ${label} in place (pods/resize): resourceVersion ${pod.metadata?.resourceVersion ?? '?'}`);
    if (tracked) {
      if (!fix.otherChanges) await sync.adopt(tracked, document, pod, whole.text, whole.base);
      else {
        // Only the resources went out: the other edits stay, laid over the server's pod.
        const rebase = sync.rebaseOnto(document, whole.base, pod);
        tracked.setBase(pod, { keepFileTime: true });
        if (rebase?.edit) await applyTextEdit(document, whole.text, rebase.edit);
      }
    }
    parts.follower.follow(target.context, pod);
    vscode.window.setStatusBarMessage(`Resize of pod ${label} accepted (${describeResizeChanges(fix.split)}), the kubelet applies it next (resourceVersion ${pod.metadata?.resourceVersion ?? '?'}).${fix.otherChanges ? ' Your other edits are still unsaved.' : ''}`, 8000);
    publisher.publishNow(document);
    return 'sent';
  };
  return tracked ? tracked.track(work) : work();
}

/** One message for a resize that did not go through, naming the resize; a refusal also lands on the resources lines. */
export function reportResizeFailure(parts: { deps: Parts['deps']; notices: PatchNotices; publisher: DiagnosticsPublisher }, document: vscode.TextDocument, label: string, outcome: SendOutcome, opts: { afterSave?: (run: (d: vscode.TextDocument) => Promise<void>) => void } = {}): void {
  const { deps, notices, publisher } = parts;
  const kept = 'Your resource changes are still in the editor.';
  switch (outcome.kind) {
    case 'refused': {
      deps.log.warn(`Resize of ${label} (pods/resize) refused: ${outcome.message}`);
      const mark = (d: vscode.TextDocument) => publisher.setServerCauses(d, outcome.causes);
      // After a save the buffer is made dirty again first (a new version): mark it after that.
      if (opts.afterSave) opts.afterSave(async (d) => mark(d));
      else mark(document);
      const marked = outcome.causes.length > 1 ? ` (marked on ${outcome.causes.length} lines)` : '';
      void notices.show('error', `Resize of ${label} was refused: ${describeCause(outcome.causes[0], outcome.message)}${marked}. ${kept}`, { 'Show problems': () => showProblems(document) });
      return;
    }
    case 'cancelled':
      deps.log.info(`Resize of ${label} cancelled; the editor keeps its changes.`);
      return;
    case 'unchanged':
      return;
    case 'patched':
      return;
    default:
      deps.log.error(`Resize of ${label} (pods/resize): ${outcome.message}`);
      void notices.show('error', `Resize of ${label} failed: ${outcome.message.split('\n')[0].replace(/\.$/, '')}. ${kept}`);
  }
}

function describeCause(first: PlacedCause | undefined, fallback: string): string {
  if (!first) return fallback;
  return `${first.field ? first.field + ': ' : ''}${first.message.split('\n')[0]}`;
}

async function showProblems(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
}
