// Sending a buffer's changes to the cluster: refuse what the rules say the server will refuse,
// compute the patch against the base, preview and confirm, send with a cancellable progress
// notification, and on failure keep every edit: 409 → rebase onto the latest pod and offer to
// send again, 422 → the server's causes as diagnostics, network → Retry.
import * as vscode from 'vscode';
import { restrictedSetting } from './restrictedSettings';
import type { Pod } from '../core/pod';
import type { Finding } from '../core/rules/finding';
import { computePodPatch, isPodPatchType, type PodPatch, type PodPatchType } from '../core/lint/podPatch';
import { placeStatusCauses } from '../core/lint/statusCauses';
import { toAbortSignal } from './cancellation';
import { classifyFailure, type PatchFailure } from './patchErrors';
import { rebaseBuffer, describeServerChanges } from './conflictRebase';
import { toVsRange, diagnosticSource } from './diagnosticsMapping';
import type { DiagnosticsPublisher, DocumentLint } from './diagnosticsPublisher';
import { resolvePatchTarget, type PatchDeps, type PatchTarget } from './patchTarget';
import { PatchPreview } from './patchPreview';

export type Prepared = { document: vscode.TextDocument; lint: DocumentLint; target: PatchTarget; edited: Pod; patch: PodPatch | undefined };

export type SendOutcome = 'sent' | 'unchanged' | 'cancelled' | 'failed';
export type SendResult = { outcome: SendOutcome; failure?: PatchFailure['kind'] };

export class PatchSender {
  /** Documents with a patch, rebase or recreate in flight (the watch should not call their pod's changes news). */
  private readonly busy = new Map<string, number>();
  private readonly syncSaves = new Set<string>();

  constructor(private readonly deps: PatchDeps, private readonly publisher: DiagnosticsPublisher, private readonly preview: PatchPreview) {}

  isBusy(uri: vscode.Uri): boolean {
    return (this.busy.get(uri.toString()) ?? 0) > 0;
  }

  /** Marks the document busy while `work` runs. */
  async track<T>(uri: vscode.Uri, work: () => Promise<T>): Promise<T> {
    const key = uri.toString();
    this.busy.set(key, (this.busy.get(key) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const n = (this.busy.get(key) ?? 1) - 1;
      if (n > 0) this.busy.set(key, n);
      else this.busy.delete(key);
    }
  }

  patchType(): PodPatchType {
    const t = restrictedSetting<string>(vscode.workspace.getConfiguration('podpatch'), 'patchType', 'merge', vscode.workspace.isTrusted);
    return isPodPatchType(t) ? t : 'merge';
  }

  /**
   * Lints the document and computes its patch; says why not (and returns undefined) when the
   * buffer has YAML errors, has no base, or holds changes the server will refuse.
   */
  async prepare(document: vscode.TextDocument, opts: { type?: PodPatchType; allowRefused?: boolean; quiet?: (message: string) => void } = {}): Promise<Prepared | undefined> {
    // From a save the reason goes into the save error instead: one notification, not two.
    const say = (message: string, withProblems = false) => {
      if (opts.quiet) opts.quiet(message);
      else if (withProblems) void this.explain(message, document);
      else void vscode.window.showErrorMessage(`podpatch: ${message}`);
    };
    const lint = this.publisher.lintNow(document);
    if (!lint) {
      say('this editor does not hold a Pod manifest.');
      return undefined;
    }
    const yamlErrors = lint.result.diagnostics.filter((d) => d.source !== 'rules' && d.severity === 'error');
    if (yamlErrors.length) {
      const first = yamlErrors[0];
      say(`The manifest cannot be read (line ${first.range.start.line + 1}: ${first.message}). Fix it before sending.`, true);
      return undefined;
    }
    if (!lint.target || !lint.result.pod) {
      const why = resolvePatchTarget(document, this.deps);
      say('error' in why ? why.error : 'no pod to compare with.');
      return undefined;
    }
    const refused = refusedFindings(lint.result.findings);
    if (refused.length && !opts.allowRefused) {
      void this.explainRefusal(document, refused.map((f) => `${f.path}: ${f.message.split('\n')[0]}`));
      return undefined;
    }
    const target = lint.target;
    const patch = computePodPatch(target.base, lint.result.pod, opts.type ?? this.patchType(), target.base.metadata?.resourceVersion);
    return { document, lint, target, edited: lint.result.pod, patch };
  }

  /** The Patch Pod command: preview, confirm, send. */
  async patchFromEditor(document: vscode.TextDocument): Promise<SendOutcome> {
    const prepared = await this.prepare(document);
    if (!prepared) return 'failed';
    if (!prepared.patch) {
      void vscode.window.showInformationMessage(`Nothing to patch: the editor matches pod ${prepared.target.namespace}/${prepared.target.name}.`);
      return 'unchanged';
    }
    if (confirmBeforePatch() && !(await this.preview.confirm(prepared))) return 'cancelled';
    return (await this.send(prepared, { fromSave: false })).outcome;
  }

  /** Sends a prepared patch; on success updates the base (and the buffer's server-owned values). */
  async send(prepared: Prepared, opts: { fromSave: boolean }): Promise<SendResult> {
    return this.track(prepared.document.uri, () => this.sendNow(prepared, opts));
  }

  private async sendNow(prepared: Prepared, opts: { fromSave: boolean }): Promise<SendResult> {
    const { target, patch, document } = prepared;
    if (!patch) return { outcome: 'unchanged' };
    const label = `${target.namespace}/${target.name}`;
    this.deps.log.info(`PATCH pod ${label} in ${target.context} (${patch.contentType}): ${JSON.stringify(patch.body)}`);
    let updated: Pod;
    try {
      updated = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Patching pod ${label}…`, cancellable: true },
        (_progress, token) => this.deps.clusters.getClient(target.context).patchPod(target.namespace, target.name, patch.body, { type: patch.type, signal: toAbortSignal(token) }),
      );
    } catch (err) {
      let failure = classifyFailure(err);
      // A JSON patch's resourceVersion precondition is a `test` op: a stale base fails it with a 422, not a 409.
      if (failure.kind === 'invalid' && patch.type === 'json' && (await this.baseIsStale(target))) {
        failure = { kind: 'conflict', message: 'the resourceVersion test of the JSON patch failed' };
      }
      await this.handleFailure(prepared, failure, opts);
      return { outcome: failure.kind === 'cancelled' ? 'cancelled' : 'failed', failure: failure.kind };
    }
    this.deps.log.info(`Patched pod ${label}: resourceVersion ${updated.metadata?.resourceVersion ?? '?'}`);
    await this.adoptServerPod(document, target, updated, { save: !opts.fromSave });
    void vscode.window.showInformationMessage(`Patched pod ${label} (resourceVersion ${updated.metadata?.resourceVersion ?? '?'}).`);
    return { outcome: 'sent' };
  }

  private async baseIsStale(target: PatchTarget): Promise<boolean> {
    try {
      const live = await this.deps.clusters.getClient(target.context).getPod(target.namespace, target.name, { signal: AbortSignal.timeout(15_000) });
      return live.metadata?.resourceVersion !== target.base.metadata?.resourceVersion;
    } catch {
      return false;
    }
  }

  /** Dry Run Patch: the server's verdict and resulting pod, nothing changed. */
  async dryRun(document: vscode.TextDocument): Promise<void> {
    const prepared = await this.prepare(document, { allowRefused: true });
    if (!prepared) return;
    const { target, patch } = prepared;
    if (!patch) {
      void vscode.window.showInformationMessage(`Nothing to patch: the editor matches pod ${target.namespace}/${target.name}.`);
      return;
    }
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Dry run: patching pod ${target.namespace}/${target.name}…`, cancellable: true },
        (_p, token) => this.deps.clusters.getClient(target.context).patchPod(target.namespace, target.name, patch.body, { type: patch.type, dryRun: true, signal: toAbortSignal(token) }),
      );
      await this.preview.showDryRun(prepared, result);
      void vscode.window.showInformationMessage(`Dry run: the server accepts this patch of ${target.namespace}/${target.name}. Nothing was changed.`);
    } catch (err) {
      await this.handleFailure(prepared, classifyFailure(err), { fromSave: false, dryRun: true });
    }
  }

  /**
   * The server's pod becomes the document's base; for pod documents the values only the server
   * sets (resourceVersion, status, defaults) are carried into the buffer, which is then saved
   * (an empty patch, so no request) to leave the editor clean.
   */
  async adoptServerPod(document: vscode.TextDocument, target: PatchTarget, pod: Pod, opts: { save: boolean }): Promise<void> {
    if (target.kind !== 'pod') return;
    if (opts.save) {
      // Buffer first, then a save that sends nothing (isSyncSave), then the new base: a new base
      // first would give the file a newer mtime and VS Code would refuse the save ("modified since").
      const rebased = await rebaseBuffer(document, target.base, pod);
      if (rebased?.applied && document.isDirty) await this.syncSave(document);
    }
    this.deps.documents.updateBase(document.uri, pod);
  }

  /**
   * A new base for a document whose buffer stays dirty: the mtime VS Code sees is kept, or its
   * next save would be refused as "modified since" (the store's updateBase moves the mtime so
   * that clean documents reload).
   */
  rebaseDirtyDocument(uri: vscode.Uri, pod: Pod): void {
    const old = this.deps.documents.get(uri);
    if (!old) return;
    this.deps.documents.set(uri, { context: old.context, namespace: old.namespace, name: old.name, base: pod, resourceVersion: pod.metadata?.resourceVersion ?? '', baseTime: old.baseTime });
  }

  /** Saves a buffer that already matches the base's pod: writeFile sends nothing. */
  async syncSave(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    this.syncSaves.add(key);
    try {
      await document.save();
    } finally {
      this.syncSaves.delete(key);
    }
  }

  /** True while adoptServerPod saves a buffer that already matches the server: writeFile must not patch. */
  isSyncSave(uri: vscode.Uri): boolean {
    return this.syncSaves.has(uri.toString());
  }

  private async handleFailure(prepared: Prepared, failure: PatchFailure, opts: { fromSave: boolean; dryRun?: boolean }): Promise<void> {
    const { target, document } = prepared;
    const label = `${target.namespace}/${target.name}`;
    switch (failure.kind) {
      case 'cancelled':
        this.deps.log.info(`Patch of ${label} cancelled; the editor keeps its changes.`);
        return;
      case 'conflict':
        this.deps.log.warn(`Patch of ${label}: 409 Conflict (${failure.message}); rebasing the edits onto the latest pod.`);
        // From a save: the save must fail first (buffer stays dirty), then the buffer is rebased.
        if (opts.fromSave) void this.resolveConflict(prepared);
        else await this.resolveConflict(prepared);
        return;
      case 'invalid': {
        this.deps.log.warn(`Patch of ${label}: 422 Invalid: ${failure.message}`);
        this.showServerCauses(document, failure.causes);
        const first = failure.causes[0];
        const what = first ? `${first.field ? first.field + ': ' : ''}${first.message.split('\n')[0]}` : failure.message;
        const more = failure.causes.length > 1 ? ` (and ${failure.causes.length - 1} more)` : '';
        // Not awaited: a save must not hang until the notification is dismissed.
        void vscode.window.showErrorMessage(`The server refused the ${opts.dryRun ? 'dry-run ' : ''}patch of ${label}: ${what}${more}`, 'Show Problems').then((choice) => {
          if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
        return;
      }
      case 'network': {
        this.deps.log.error(`Patch of ${label}: ${failure.message}`);
        void vscode.window.showErrorMessage(`Could not reach the cluster to patch ${label}: ${failure.message}. Your edits are still in the editor.`, 'Retry').then((choice) => {
          if (choice !== 'Retry') return;
          if (opts.fromSave) void document.save();
          else if (opts.dryRun) void this.dryRun(document);
          else void this.patchFromEditor(document);
        });
        return;
      }
      default: {
        const message = failure.message;
        this.deps.log.error(`Patch of ${label} failed: ${message}`);
        void vscode.window.showErrorMessage(`Patching ${label} failed: ${message.split('\n')[0].replace(/\.$/, '')}. Your edits are still in the editor; the podpatch log has the details.`, 'Show Logs').then((choice) => {
          if (choice === 'Show Logs') void vscode.commands.executeCommand('podpatch.showLogs');
        });
      }
    }
  }

  /** 409: fetch the latest pod, re-apply the user's edits on top, say what the server changed. */
  async resolveConflict(prepared: Prepared): Promise<void> {
    return this.track(prepared.document.uri, () => this.resolveConflictNow(prepared));
  }

  private async resolveConflictNow(prepared: Prepared): Promise<void> {
    const { target, document } = prepared;
    const label = `${target.namespace}/${target.name}`;
    let latest: Pod;
    try {
      latest = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Pod ${label} changed on the server: fetching the latest version…`, cancellable: true },
        (_p, token) => this.deps.clusters.getClient(target.context).getPod(target.namespace, target.name, { signal: toAbortSignal(token) }),
      );
    } catch (err) {
      const f = classifyFailure(err);
      if (f.kind !== 'cancelled') void vscode.window.showErrorMessage(`Pod ${label} changed on the server and the latest version could not be fetched: ${'message' in f ? f.message : ''}. Your edits are still in the editor.`);
      return;
    }
    const offer = (message: string) => void vscode.window.showWarningMessage(message, 'Send Again', 'Open Diff').then((choice) => {
      if (choice === 'Send Again') void this.patchFromEditor(document);
      else if (choice === 'Open Diff') void this.preview.showLiveDiff(document, target.context, target.namespace, target.name, latest);
    });
    if (target.kind === 'file') {
      // A local manifest names only the fields it wants: its base is the live pod itself, so the
      // next send is computed against the latest version; the file is not touched.
      offer(`Pod ${label} changed on the server while you edited ${document.uri.path.split('/').pop()}; nothing was sent. The next send compares with the latest version.`);
      return;
    }
    const rebased = await rebaseBuffer(document, target.base, latest);
    if (!rebased?.applied) {
      // Keep the old base: with the buffer not rebased, a new base would make the next patch
      // silently undo what the server changed.
      void vscode.window.showWarningMessage(`Pod ${label} changed on the server; nothing was sent. Your edits could not be re-applied automatically (${rebased ? 'the editor changed meanwhile' : 'the manifest does not parse'}): use "Open Diff" to compare with the live pod.`, 'Open Diff').then((choice) => {
        if (choice === 'Open Diff') void this.preview.showLiveDiff(document, target.context, target.namespace, target.name, latest);
      });
      return;
    }
    this.rebaseDirtyDocument(document.uri, latest);
    const conflicts = rebased.conflicts.length
      ? ` Both you and the server changed ${rebased.conflicts.map((c) => `\`${c.path}\``).join(', ')}: your value is kept.`
      : '';
    this.deps.log.info(`Rebased ${label} onto resourceVersion ${latest.metadata?.resourceVersion}: ${describeServerChanges(rebased)}.`);
    offer(`Pod ${label} changed on the server while you edited it (${describeServerChanges(rebased)}). Your edits were re-applied on top of the latest version; nothing was sent.${conflicts}`);
  }

  private showServerCauses(document: vscode.TextDocument, causes: { reason: string; message: string; field: string }[]): void {
    const placed = placeStatusCauses(document.getText(), causes);
    const diagnostics = placed.map((c) => {
      const d = new vscode.Diagnostic(toVsRange(c.range), `${c.field ? c.field + ': ' : ''}${c.message} (refused by the server)`, vscode.DiagnosticSeverity.Error);
      d.source = diagnosticSource;
      d.code = c.reason || 'server';
      return d;
    });
    this.publisher.setServerCauses(document, diagnostics);
  }

  private async explain(message: string, document: vscode.TextDocument): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Show Problems');
    if (choice === 'Show Problems') {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
  }

  private async explainRefusal(document: vscode.TextDocument, refused: string[]): Promise<void> {
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : '';
    const choice = await vscode.window.showErrorMessage(
      `Not sent: the server would refuse this change. ${refused[0]}${more}`,
      'Revert Refused Changes',
      'Recreate Pod…',
      'Show Problems',
    );
    if (choice === 'Revert Refused Changes') await vscode.commands.executeCommand('podpatch.revertAllRefused', document.uri);
    else if (choice === 'Recreate Pod…') await vscode.commands.executeCommand('podpatch.recreatePod', document.uri);
    else if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
}

/** The errors to name to a person: the per-field ones rather than the spec-wide catch-all that sums them up. */
export function refusedFindings(findings: readonly Finding[]): Finding[] {
  const errors = findings.filter((f) => f.severity === 'error');
  const specific = errors.filter((f) => f.rule !== 'spec.catchAll');
  return specific.length ? specific : errors;
}

export function confirmBeforePatch(): boolean {
  return restrictedSetting(vscode.workspace.getConfiguration('podpatch'), 'confirmBeforePatch', true, vscode.workspace.isTrusted);
}
