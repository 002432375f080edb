// Publishes podpatch diagnostics for pod documents and local YAML files holding a Pod: re-linted
// after a debounce (podpatch.diagnosticsDebounceMs) on every edit, with the pending run cancelled
// by the next keystroke and stale results (older document versions) dropped. Also re-lints when
// a base changes (patch, rebase, watch) or the profile setting does. Own collection, so it sits
// beside Red Hat YAML; YAML syntax errors are left to Red Hat YAML when it is installed.
import * as vscode from 'vscode';
import { lintPodText, type LintResult } from '../core/lint/lintPodText';
import { isTarget, isYamlDocument, mayHoldPod, resolvePatchTarget, type PatchDeps, type PatchTarget } from './patchTarget';
import { toVsDiagnostic, toVsRange, diagnosticSource } from './diagnosticsMapping';
import type { RuleLinks } from './diagnosticsRuleLinks';
import { locateInRendered, type PreviewContentProvider } from './previewContent';
import type { WatchBatch } from './clusterBackend';

export type DocumentLint = { version: number; result: LintResult; target?: PatchTarget; diagnostics: vscode.Diagnostic[] };

const redHatYaml = 'redhat.vscode-yaml';

export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(diagnosticSource);
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; cts: vscode.CancellationTokenSource }>();
  private readonly cache = new Map<string, DocumentLint>();
  /** 422 causes from the server, shown until the next edit of that document. */
  private readonly serverCauses = new Map<string, { version: number; diagnostics: vscode.Diagnostic[] }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changedEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics were published (tests and the status bar wait on it). */
  readonly onDidPublish = this.changedEmitter.event;

  constructor(private readonly deps: PatchDeps, private readonly links: RuleLinks, private readonly preview: PreviewContentProvider) {
    this.disposables.push(
      this.collection,
      this.changedEmitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) this.schedule(e.document); }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      deps.documents.onDidChange((e) => { const d = findOpen(e.uri); if (d) this.schedule(d, 0); }),
      deps.clusters.onDidChangePods((e) => this.relintLocalFiles(e.context, e.batch)),
      deps.clusters.onDidChangeContext(() => this.relintAll()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('podpatch.profile')) this.relintAll(); }),
      vscode.extensions.onDidChange(() => this.relintAll()),
    );
    this.relintAll();
  }

  /** Lints now (synchronously), publishes, and returns the result: for commands and code actions. */
  lintNow(document: vscode.TextDocument): DocumentLint | undefined {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached;
    this.cancelPending(key);
    return this.run(document);
  }

  /** Puts the server's 422 causes on the buffer next to the client-side findings. */
  setServerCauses(document: vscode.TextDocument, diagnostics: vscode.Diagnostic[]): void {
    this.serverCauses.set(document.uri.toString(), { version: document.version, diagnostics });
    this.publish(document.uri, this.cache.get(document.uri.toString())?.diagnostics ?? []);
  }

  private schedule(document: vscode.TextDocument, delay?: number): void {
    if (!this.wants(document)) {
      if (this.cache.has(document.uri.toString())) this.forget(document.uri);
      return;
    }
    const key = document.uri.toString();
    this.cancelPending(key);
    const cts = new vscode.CancellationTokenSource();
    const ms = delay ?? vscode.workspace.getConfiguration('podpatch').get<number>('diagnosticsDebounceMs', 250);
    // A newer keystroke cancels this run (clearTimeout + cancel); a version bump without a change
    // event (a reload with the same text) must still be linted, so the version is not compared.
    const timer = setTimeout(() => {
      this.pending.delete(key);
      const cancelled = cts.token.isCancellationRequested;
      cts.dispose();
      if (cancelled || document.isClosed) return;
      this.run(document);
    }, Math.max(0, ms));
    this.pending.set(key, { timer, cts });
  }

  private cancelPending(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    p.cts.cancel();
    p.cts.dispose();
    this.pending.delete(key);
  }

  private wants(document: vscode.TextDocument): boolean {
    if (this.deps.documents.get(document.uri)) return true;
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') return false;
    return isYamlDocument(document) && mayHoldPod(document.getText());
  }

  private run(document: vscode.TextDocument): DocumentLint | undefined {
    if (!this.wants(document)) return undefined;
    const text = document.getText();
    const isPodDocument = Boolean(this.deps.documents.get(document.uri));
    const probe = resolvePatchTarget(document, this.deps);
    const target = isTarget(probe) ? probe : undefined;
    const profile = target?.profile ?? this.deps.clusters.profileFor(this.deps.clusters.currentContext);
    let result: LintResult;
    try {
      result = lintPodText(text, target?.base, profile, { requirePod: isPodDocument, partial: target?.kind === 'file' });
    } catch (err) {
      this.deps.log.error(`Linting ${document.uri.toString(true)} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return undefined;
    }
    // Red Hat YAML already squiggles syntax errors in every YAML editor; one squiggle per problem.
    const skipYaml = vscode.extensions.getExtension(redHatYaml) !== undefined;
    const locate = target ? this.originalLocator(target) : undefined;
    const diagnostics = result.diagnostics.filter((d) => !(skipYaml && d.source === 'yaml')).map((d) => toVsDiagnostic(d, this.links, locate));
    const lint: DocumentLint = { version: document.version, result, target, diagnostics };
    this.cache.set(document.uri.toString(), lint);
    this.publish(document.uri, diagnostics, document.version);
    return lint;
  }

  private publish(uri: vscode.Uri, diagnostics: vscode.Diagnostic[], version?: number): void {
    const key = uri.toString();
    const server = this.serverCauses.get(key);
    if (server && version !== undefined && server.version !== version) this.serverCauses.delete(key);
    const extra = this.serverCauses.get(key)?.diagnostics ?? [];
    this.collection.set(uri, [...diagnostics, ...extra]);
    this.changedEmitter.fire(uri);
  }

  /** Related-information links go to the live pod's YAML, rendered once per base. */
  private originalLocator(target: PatchTarget): (path: string) => vscode.Location | undefined {
    let rendered: { uri: vscode.Uri; text: string } | undefined;
    return (path) => {
      if (!rendered) {
        const uri = this.preview.showPod('base', target.context, target.namespace, target.name, target.base);
        rendered = { uri, text: this.preview.provideTextDocumentContent(uri) };
      }
      const range = locateInRendered(rendered.text, path);
      return range ? new vscode.Location(rendered.uri, toVsRange(range)) : new vscode.Location(rendered.uri, new vscode.Position(0, 0));
    };
  }

  private relintAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** A watch batch: re-lint the local files whose live pod is in it (or that have none yet). */
  private relintLocalFiles(context: string, batch: WatchBatch): void {
    if (context !== this.deps.clusters.currentContext) return;
    let touched: Set<string> | undefined;
    for (const d of vscode.workspace.textDocuments) {
      if (this.deps.documents.get(d.uri)) continue;
      const cached = this.cache.get(d.uri.toString());
      if (!cached) continue;
      if (cached.target) {
        touched ??= new Set([...batch.added, ...batch.modified, ...batch.deleted].map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
        if (!touched.has(`${cached.target.namespace}/${cached.target.name}`)) continue;
      }
      // Already waiting: leave the timer alone so a stream of events cannot postpone it forever.
      if (!this.pending.has(d.uri.toString())) this.schedule(d);
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancelPending(key);
    this.cache.delete(key);
    this.serverCauses.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancelPending(key);
    for (const d of this.disposables) d.dispose();
    this.cache.clear();
  }
}

function findOpen(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}
