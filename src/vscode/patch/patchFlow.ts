// Sending a document's changes to the cluster, from a save or from Patch Pod from Editor alike:
// the document analyzer's plan (refused changes are not sent), the preview when
// podpatch.confirmBeforePatch is on, core sendEdit, and one podpatch message per outcome:
// patched → the document shows the server's pod; conflict → the edits laid over the live pod;
// refused (by the rules or a 422) → the problems marked, the buffer as typed; network → Retry.
import * as vscode from 'vscode';
import { restrictedSetting } from '../cluster/restrictedSettings';
import type { Finding } from '../../core/rules/finding';
import type { Pod } from '../../core/pod';
import type { ResizeSplit } from '../../core/rules/resizeSplit';
import type { PatchPlan } from '../../core/edit/analyzeEdit';
import type { SendOutcome } from '../../core/edit/sendEdit';
import { resizePatch, resizeSplitPlan, restartedContainers, sendSplitEdit } from '../../core/edit/resizeSplitPlan';
import type { PodPatch } from '../../core/patch/podPatch';
import { serverRules } from '../../core/rules/serverReleases';
import { describeServerChanges } from '../../core/edit/rebaseText';
import type { PodPatchType } from '../../core/patch/patchTypes';
import { computePodPatch } from '../../core/patch/podPatch';
import { StrategicMergePatchError } from '../../core/patch/strategicMergeErrors';
import { changedPaths } from '../../core/patch/rebase';
import { isServerOwnedPath } from '../../core/patch/serverOwnedFields';
import { toAbortSignal } from '../cluster/cancellation';
import { DisposableBase } from '../lifecycle/disposableBase';
import { configuredPatchType, type DocumentAnalysis, type DocumentAnalyzer, type DocumentTarget } from '../documents/documentAnalyzer';
import type { TrackedPodDocument } from '../documents/trackedPodDocument';
import type { DiagnosticsPublisher } from '../diagnostics/diagnosticsPublisher';
import { applyTextEdit, type DocumentSync } from './documentSync';
import { renderPodYaml } from '../documents/podYaml';
import type { PatchNotices } from './patchNotices';
import type { PatchPreview } from './patchPreview';
import type { PatchDeps } from './patchDeps';
import type { ResizeFollower } from './resizeFollower';
import { reportResizeFailure } from './resizeInPlace';

/**
 * `plan` is the main write; where the server serves pods/resize and the edit changes container
 * resources, `resize` is the second write (PATCH .../resize) and `edited` the whole edit.
 */
export type Prepared = { document: vscode.TextDocument; analysis: DocumentAnalysis; target: DocumentTarget; plan: PatchPlan; patchType: PodPatchType; resize?: { edited: Pod; patch: PodPatch; split: ResizeSplit }; resent?: boolean };
export type CommandOutcome = 'sent' | 'unchanged' | 'cancelled' | 'failed';
/** What the refusal message offers; set by the feature wiring (revert and recreate live beside this). */
export type RefusalActions = { revertRefused(document: vscode.TextDocument): Promise<unknown>; recreate(document: vscode.TextDocument): Promise<unknown> };

export class PatchFlow extends DisposableBase {
  refusalActions?: RefusalActions;

  constructor(
    private readonly deps: PatchDeps,
    private readonly analyzer: DocumentAnalyzer,
    private readonly publisher: DiagnosticsPublisher,
    private readonly preview: PatchPreview,
    private readonly sync: DocumentSync,
    private readonly notices: PatchNotices,
    private readonly follower: ResizeFollower,
  ) {
    super();
    // A save's follow-up runs once VS Code has finished it (its own stat and dirty state settled).
    this.register(vscode.workspace.onDidSaveTextDocument((document) => {
      const tracked = deps.documents.get(document.uri);
      const after = tracked?.afterSave;
      if (!tracked || !after) return;
      tracked.afterSave = undefined;
      void tracked.track(() => after(document)).catch((err: unknown) => deps.log.error(`After saving ${tracked.label}: ${String(err)}`));
    }));
  }

  /** The plan for the document, or undefined after saying (one message) why there is none. */
  prepare(document: vscode.TextDocument, opts: { patchType?: PodPatchType; allowRefused?: boolean; onRefused?: () => void } = {}): Prepared | undefined {
    const analysis = this.publisher.publishNow(document) ?? undefined;
    if (!analysis) {
      void this.notices.show('error', 'podpatch: this editor does not hold a Pod manifest.');
      return undefined;
    }
    const typed = opts.patchType ? this.analyzer.analyze(document, { patchType: opts.patchType }) ?? analysis : analysis;
    const yamlError = typed.analysis.diagnostics.find((d) => d.source !== 'rules' && d.severity === 'error');
    if (yamlError) {
      void this.notices.show('error', `The manifest cannot be read (line ${yamlError.range.start.line + 1}: ${yamlError.message}). Fix it before sending.`, { 'Show problems': showProblems });
      return undefined;
    }
    const whole = typed.analysis.plan;
    if (!typed.target || !whole) {
      void this.notices.show('error', `podpatch: ${typed.why ?? 'no pod to compare with.'}`);
      return undefined;
    }
    if (whole.refused.length && !opts.allowRefused) {
      this.explainRefusal(document, whole);
      opts.onRefused?.();
      return undefined;
    }
    const patchType = opts.patchType ?? configuredPatchType();
    const settings = typed.target.profile;
    // Container CPU/memory go through pods/resize where the server serves it: two writes.
    const { plan, split } = settings.splitResize && !typed.target.workload ? resizeSplitPlan(whole, serverRules(settings), patchType) : { plan: whole, split: undefined };
    let resize: Prepared['resize'];
    try {
      void plan.patch; // computed here so that a strategic patch upstream cannot express is said once
      const patch = split?.resized && resizePatch(whole.base, split, patchType, whole.precondition);
      if (split && patch) resize = { edited: whole.edited, patch, split };
    } catch (err) {
      if (!(err instanceof StrategicMergePatchError)) throw err;
      void this.notices.show('error', `No strategic merge patch can express this edit (${err.message}); kubectl edit refuses it too. Choose another patch type.`);
      return undefined;
    }
    return { document, analysis: typed, target: typed.target, plan, patchType, resize };
  }

  /** Patch Pod from Editor: preview (when asked for), send, adopt. */
  async patchFromEditor(document: vscode.TextDocument): Promise<CommandOutcome> {
    const prepared = this.prepare(document);
    if (!prepared) return 'failed';
    if (!prepared.plan.patch && !prepared.resize) {
      void this.notices.show('info', `Nothing to patch: the editor matches ${prepared.target.workload ?? 'pod'} ${prepared.target.namespace}/${prepared.target.name}.`);
      return 'unchanged';
    }
    if (confirmBeforePatch() && !(await this.preview.confirm(prepared))) return 'cancelled';
    const work = () => this.sendAndSettle(prepared, false);
    return prepared.target.tracked ? prepared.target.tracked.track(work) : work();
  }

  /**
   * A save of a pod document (the file system's writeFile, inside the document's busy time). Never
   * throws: every outcome is answered here, and what must stay unsaved is made dirty again after.
   */
  async saveText(tracked: TrackedPodDocument, text: string): Promise<void> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === tracked.uri.toString());
    const keepDirty = () => { tracked.afterSave = (d) => this.sync.keepDirty(d); };
    // The text is the base as rendered: nothing to send, whatever the buffer holds by now. This is
    // the follow-up's own save of the server's pod (DocumentSync.adopt), which a keystroke in the
    // moment between its edit and its save must not turn into a warning about a save nobody made.
    if (text === renderPodYaml(tracked.base, tracked.context)) return;
    if (!document || document.getText() !== text) {
      keepDirty();
      void this.notices.show('warning', `${capitalized(tracked.noun)} ${tracked.label}: the editor changed while it was being saved; nothing was sent. Save again.`);
      return;
    }
    const prepared = this.prepare(document, { onRefused: keepDirty });
    if (!prepared) {
      keepDirty();
      return;
    }
    if (!prepared.plan.patch && !prepared.resize) return; // nothing the server keeps changed: a save without a request
    if (confirmBeforePatch() && !(await this.preview.confirm(prepared))) {
      keepDirty();
      vscode.window.setStatusBarMessage(`podpatch: not sent; ${tracked.label} keeps your edits.`, 5000);
      return;
    }
    await this.sendAndSettle(prepared, true);
  }

  /** Sends with a cancellable progress notification; the outcome's follow-up runs now (command) or after the save. */
  private async sendAndSettle(prepared: Prepared, fromSave: boolean): Promise<CommandOutcome> {
    const { target, plan, document } = prepared;
    const label = `${target.namespace}/${target.name}`;
    const noun = target.workload ?? 'pod';
    if (plan.patch) this.deps.log.info(`PATCH ${noun} ${label} in ${target.context} (${plan.patch.contentType}): ${JSON.stringify(plan.patch.body)}`);
    if (prepared.resize) this.deps.log.info(`then PATCH pod ${label}/resize (${prepared.resize.patch.contentType}): ${JSON.stringify(prepared.resize.patch.body)}`);
    const sent = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Patching ${noun} ${label} in ${target.context}…`, cancellable: true },
      (_p, token) => sendSplitEdit(this.deps.clusters.getClient(target.context), { plan, split: prepared.resize?.split ?? { main: plan.edited, changes: [] } }, prepared.patchType, toAbortSignal(token)),
    );
    const tracked = target.tracked;
    const settle = (run: (d: vscode.TextDocument) => Promise<void>) => {
      if (fromSave && tracked) tracked.afterSave = run;
      else void run(document);
    };
    let outcome = sent.main;
    if (sent.resize) {
      if (sent.main.kind === 'patched') this.deps.log.info(`Patched pod ${label}: resourceVersion ${sent.main.pod.metadata?.resourceVersion ?? '?'}`);
      if (sent.resize.kind === 'patched') {
        const restarts = restartedContainers(prepared.resize!.split);
        this.deps.log.info(`Resized pod ${label} in place (pods/resize)${restarts.length ? `, restarting container ${restarts.join(', ')}` : ''}: ${prepared.resize!.split.changes.map((c) => c.path).join(', ')}`);
        this.follower.follow(target.context, sent.resize.pod);
      } else if (sent.resize.kind !== 'conflict') {
        // Two events, two messages: the main write is stored (its base followed), the resize is not.
        if (sent.main.kind === 'patched') {
          if (tracked) tracked.setBase(sent.main.pod, { keepFileTime: true });
          void this.notices.show('info', `Patched pod ${label}: ${mainPaths(plan).join(', ')} (resourceVersion ${sent.main.pod.metadata?.resourceVersion ?? '?'}).`);
        }
        if (fromSave) settle((d) => this.sync.keepDirty(d));
        reportResizeFailure({ deps: this.deps, notices: this.notices, publisher: this.publisher }, document, label, sent.resize, {
          afterSave: fromSave && tracked ? (run) => { const keep = tracked.afterSave; tracked.afterSave = async (d) => { await keep?.(d); await run(d); }; } : undefined,
        });
        return sent.resize.kind === 'cancelled' ? 'cancelled' : 'failed';
      } else if (sent.main.kind === 'patched' && tracked) tracked.setBase(sent.main.pod, { keepFileTime: true });
      outcome = sent.resize;
    }
    switch (outcome.kind) {
      case 'unchanged':
        return 'unchanged';
      case 'patched': {
        this.deps.log.info(`Patched ${noun} ${label}: resourceVersion ${outcome.pod.metadata?.resourceVersion ?? '?'}`);
        if (tracked) {
          this.rememberInverse(tracked, plan, outcome.pod);
          if (fromSave) {
            tracked.setBase(outcome.pod, { keepFileTime: true }); // at once: the save's own stat is unaffected
            settle((d) => this.sync.adopt(tracked, d, outcome.pod, plan.text, plan.base));
          } else await this.sync.adopt(tracked, document, outcome.pod, plan.text, plan.base);
        }
        // A resize the API server took is the kubelet's to apply next (the follower says how it ends).
        const rv = `resourceVersion ${outcome.pod.metadata?.resourceVersion ?? '?'}`;
        vscode.window.setStatusBarMessage(!sent.resize ? `Patched ${noun} ${label} (${rv})` : `${sent.main.kind === 'patched' ? `Patched pod ${label}; its resize` : `Resize of pod ${label}`} accepted, the kubelet applies it next (${rv})`, 8000);
        return 'sent';
      }
      case 'conflict':
        if (fromSave) settle((d) => this.onConflict(prepared, outcome, d));
        else await this.onConflict(prepared, outcome, document);
        return 'failed';
      default:
        if (fromSave) settle((d) => this.sync.keepDirty(d));
        this.onFailure(prepared, outcome, fromSave);
        return outcome.kind === 'cancelled' ? 'cancelled' : 'failed';
    }
  }

  private rememberInverse(tracked: TrackedPodDocument, plan: PatchPlan, pod: import('../../core/pod').Pod): void {
    const produced = pod.metadata?.resourceVersion;
    // The inverse takes the pod back to the base for the fields this patch changed (merge patch,
    // the produced resourceVersion as precondition so a later change by someone else wins).
    const inverse = produced ? computePodPatch(pod, plan.base, 'merge', produced) : undefined;
    const paths = changedPaths(plan.base, pod).map((c) => c.path).filter((p) => !isServerOwnedPath(p) && !p.startsWith('metadata.managedFields'));
    tracked.lastPatch = inverse && produced ? { inverse, producedResourceVersion: produced, paths } : undefined;
  }

  private async onConflict(prepared: Prepared, outcome: Extract<SendOutcome, { kind: 'conflict' }>, document: vscode.TextDocument): Promise<void> {
    const { target, plan } = prepared;
    const label = `${target.namespace}/${target.name}`;
    const noun = target.workload ?? 'pod';
    const Noun = capitalized(noun);
    this.deps.log.warn(`Patch of ${label}: conflict (${outcome.message})`);
    const latest = outcome.latest;
    const showChanges = () => (latest ? this.preview.showServerChanges(target, plan.base, latest) : undefined);
    const sendAgain = () => this.patchFromEditor(document);
    if (!latest) {
      void this.notices.show('warning', `${Noun} ${label} changed on the server and the latest version could not be fetched; nothing was sent. Your edits are still in the editor.`, { 'Send again': sendAgain });
      return;
    }
    if (target.kind === 'file' || !target.tracked) {
      void this.notices.show('warning', `${Noun} ${label} changed on the server while you edited ${document.uri.path.split('/').pop()}; nothing was sent. Your edits are kept; the next send compares with the latest version.`, { 'Send again': sendAgain, 'Show what changed on the server': showChanges });
      return;
    }
    const tracked = target.tracked;
    const rebase = outcome.rebase;
    const applied = rebase && (!rebase.edit || (await applyTextEdit(document, plan.text, rebase.edit)));
    if (!rebase || !applied) {
      // Keep the old base: with the buffer not rebased, a new base would make the next patch undo the server's change.
      void this.notices.show('warning', `${Noun} ${label} changed on the server; nothing was sent. Your edits are kept but could not be laid over the live ${noun} (${rebase ? 'the editor changed meanwhile' : 'the manifest could not be edited'}).`, { 'Show what changed on the server': showChanges });
      return;
    }
    tracked.setBase(latest, { keepFileTime: true });
    if (!document.isDirty) await this.sync.keepDirty(document);
    // A workload's controller rewrites its status all through a rollout: when that is all the
    // server changed, nobody's intent is in the way, so the same change goes out once more
    // against the latest version instead of asking (what kubectl edit's retry does too).
    if (target.workload && !prepared.resent && !rebase.conflicts.length && rebase.serverChanges.every((c) => isServerOwnedPath(c.path))) {
      this.deps.log.info(`${Noun} ${label}: only the server's own fields changed since it was opened; sending again at resourceVersion ${latest.metadata?.resourceVersion ?? '?'}`);
      const again = this.prepare(document);
      if (again) {
        again.resent = true;
        await this.sendAndSettle(again, false);
      }
      return;
    }
    const both = rebase.conflicts.length ? ` You and the server both changed ${rebase.conflicts.map((c) => c.path).join(', ')}: your value is kept.` : '';
    void this.notices.show('warning', `${Noun} ${label} changed on the server while you edited it (${describeServerChanges(rebase)}). Your edits were kept and laid over the live ${noun}; nothing was sent.${both}`, { 'Send again': sendAgain, 'Show what changed on the server': showChanges });
  }

  private onFailure(prepared: Prepared, outcome: SendOutcome, fromSave: boolean): void {
    const { target, document } = prepared;
    const label = `${target.namespace}/${target.name}`;
    const again = () => (fromSave ? document.save() : this.patchFromEditor(document));
    switch (outcome.kind) {
      case 'cancelled':
        this.deps.log.info(`Patch of ${label} cancelled; the editor keeps its changes.`);
        return;
      case 'refused': {
        this.deps.log.warn(`Patch of ${label}: 422 ${outcome.message}`);
        this.publisher.setServerCauses(document, outcome.causes);
        const first = outcome.causes[0];
        const what = first ? `${first.field ? first.field + ': ' : ''}${first.message.split('\n')[0]}` : outcome.message;
        const marked = outcome.causes.length > 1 ? ` (${outcome.causes.length} problems marked in the editor)` : '';
        void this.notices.show('error', `The server refused the patch of ${label}: ${what}${marked}. Nothing was changed; your edits are in the editor.`, { 'Show problems': showProblems });
        return;
      }
      case 'network':
        this.deps.log.error(`Patch of ${label}: ${outcome.message}`);
        void this.notices.show('error', `Could not reach the cluster to patch ${label}: ${outcome.message}. Your edits are still in the editor.`, { Retry: again });
        return;
      case 'failed':
        this.deps.log.error(`Patch of ${label} failed: ${outcome.message}`);
        void this.notices.show('error', `Patching ${label} failed: ${outcome.message.split('\n')[0].replace(/\.$/, '')}. Your edits are still in the editor.`, { 'Show logs': () => this.deps.log.show() });
        return;
    }
  }

  /** One message for changes the server will refuse: the first problem, and what can be done. */
  explainRefusal(document: vscode.TextDocument, plan: PatchPlan): void {
    const refused = plan.refused;
    const first = refused[0];
    const more = refused.length > 1 ? ` (${refused.length} refused changes are marked in the editor)` : '';
    const actions: Record<string, () => unknown> = { 'Show problems': () => showProblems(document) };
    if (this.refusalActions && refused.some((f) => f.fix?.kind === 'revert')) actions['Revert refused changes'] = () => this.refusalActions!.revertRefused(document);
    if (this.refusalActions && plan.recreateOnly.length && !plan.partial) actions['Recreate pod'] = () => this.refusalActions!.recreate(document);
    void this.notices.show('error', `Not sent: the server would refuse this change. ${describeFinding(first)}${more}`, actions);
  }
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The fields the main write changed, for its report. */
function mainPaths(plan: PatchPlan): string[] {
  return changedPaths(plan.base, plan.edited).map((c) => c.path).filter((p) => !isServerOwnedPath(p) && !p.startsWith('metadata.managedFields'));
}

function describeFinding(f: Finding): string {
  return `${f.path}: ${f.message.split('\n')[0]}`;
}

async function showProblems(document?: vscode.TextDocument): Promise<void> {
  if (document) await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
}

export function confirmBeforePatch(): boolean {
  return restrictedSetting(vscode.workspace.getConfiguration('podpatch'), 'confirmBeforePatch', true, vscode.workspace.isTrusted);
}
