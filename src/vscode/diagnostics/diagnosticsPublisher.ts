// Publishes podpatch diagnostics for pod documents and local YAML files holding a Pod, from the
// document analyzer's result: re-analyzed after a debounce (podpatch.diagnosticsDebounceMs) on
// every edit, the pending run cancelled by the next keystroke. Also when a base changes (patch,
// rebase, watch) or the profile does. The server's 422 causes are shown next to the client's
// findings until the text changes. Own collection, so it sits beside Red Hat YAML; YAML syntax
// errors are left to Red Hat YAML when it is installed.
import * as vscode from 'vscode';
import type { PlacedCause } from '../../core/lint/statusCauses';
import { DisposableBase } from '../lifecycle/disposableBase';
import { ResourceMap } from '../lifecycle/resourceMap';
import type { DocumentAnalysis, DocumentAnalyzer, DocumentTarget } from '../documents/documentAnalyzer';
import type { PatchDeps } from '../patch/patchDeps';
import type { WatchBatch } from '../cluster/clusterBackend';
import { toVsDiagnostic, toVsRange, diagnosticSource } from './diagnosticsMapping';
import type { RuleLinks } from './diagnosticsRuleLinks';
import { locateInRendered, type PreviewContentProvider } from '../patch/previewContent';
import { resizeProgress } from '../../core/resizeProgress';
import { rangeForPath } from '../../core/lint/lintPodText';

const redHatYaml = 'redhat.vscode-yaml';

export class DiagnosticsPublisher extends DisposableBase {
  readonly collection = this.register(vscode.languages.createDiagnosticCollection(diagnosticSource));
  private readonly pending = new ResourceMap<NodeJS.Timeout>();
  /** 422 causes of local files (pod documents keep theirs in their tracked state). */
  private readonly fileCauses = new ResourceMap<{ version: number; causes: PlacedCause[] }>();
  private readonly publishedEmitter = this.register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a document's diagnostics were published (tests and the status bar wait on it). */
  readonly onDidPublish = this.publishedEmitter.event;

  constructor(private readonly deps: PatchDeps, private readonly analyzer: DocumentAnalyzer, private readonly links: RuleLinks, private readonly preview: PreviewContentProvider) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) this.schedule(e.document); }));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this.register(deps.documents.onDidChange((e) => {
      if (e.reason === 'busy') return;
      const d = findOpen(e.uri);
      if (d) this.schedule(d, 0);
    }));
    this.register(deps.clusters.onDidChangePods((e) => this.relintLocalFiles(e.context, e.batch)));
    this.register(deps.documents.localBases.onDidFetch(() => this.relintLocalFiles(deps.clusters.currentContext ?? '')));
    this.register(deps.clusters.onDidChangeContext(() => this.relintAll()));
    this.register(deps.clusters.onDidChangeRules(() => this.relintAll()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('podpatch.profile') || e.affectsConfiguration('podpatch.featureGates') || e.affectsConfiguration('podpatch.patchType')) this.relintAll(); }));
    this.register(vscode.extensions.onDidChange(() => this.relintAll()));
    this.relintAll();
  }

  /** Analyzes now (cached per version), publishes, and returns the result: for commands and code actions. */
  publishNow(document: vscode.TextDocument): DocumentAnalysis | undefined {
    this.cancelPending(document.uri);
    return this.run(document);
  }

  /** Puts the server's 422 causes on the buffer next to the client-side findings. */
  setServerCauses(document: vscode.TextDocument, causes: PlacedCause[]): void {
    const tracked = this.deps.documents.get(document.uri);
    if (tracked) tracked.setServerCauses(document.version, causes); // its change event re-publishes
    else {
      this.fileCauses.set(document.uri, { version: document.version, causes });
      this.run(document);
    }
  }

  private schedule(document: vscode.TextDocument, delay?: number): void {
    if (!this.analyzer.wants(document)) {
      if (this.collection.has(document.uri)) this.forget(document.uri);
      return;
    }
    this.cancelPending(document.uri);
    const ms = delay ?? vscode.workspace.getConfiguration('podpatch').get<number>('diagnosticsDebounceMs', 300);
    this.pending.set(document.uri, setTimeout(() => {
      this.pending.delete(document.uri);
      if (!document.isClosed) this.run(document);
    }, Math.max(0, ms)));
  }

  private cancelPending(uri: vscode.Uri): void {
    const t = this.pending.get(uri);
    if (t) clearTimeout(t);
    this.pending.delete(uri);
  }

  private run(document: vscode.TextDocument): DocumentAnalysis | undefined {
    let result: DocumentAnalysis | undefined;
    try {
      result = this.analyzer.analyze(document);
    } catch (err) {
      this.deps.log.error(`Analyzing ${document.uri.toString(true)} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return undefined;
    }
    if (!result) return undefined;
    // Red Hat YAML already squiggles syntax errors in every YAML editor; one squiggle per problem.
    const skipYaml = vscode.extensions.getExtension(redHatYaml) !== undefined;
    const locate = result.target ? this.originalLocator(result.target) : undefined;
    const diagnostics = result.analysis.diagnostics.filter((d) => !(skipYaml && d.source === 'yaml')).map((d) => toVsDiagnostic(d, this.links, locate, result.target?.workload));
    this.collection.set(document.uri, [...diagnostics, ...this.serverDiagnostics(document), ...this.resizeDiagnostics(document, result)]);
    this.publishedEmitter.fire(document.uri);
    return result;
  }

  private serverDiagnostics(document: vscode.TextDocument): vscode.Diagnostic[] {
    const tracked = this.deps.documents.get(document.uri);
    const held = tracked ? tracked.serverCauses : this.fileCauses.get(document.uri);
    if (!held) return [];
    if (held.version !== document.version) {
      if (tracked) tracked.serverCauses = undefined;
      else this.fileCauses.delete(document.uri);
      return [];
    }
    return held.causes.map((c) => {
      const d = new vscode.Diagnostic(toVsRange(c.range), `${c.field ? c.field + ': ' : ''}${c.message} (refused by the server)`, vscode.DiagnosticSeverity.Error);
      d.source = diagnosticSource;
      d.code = c.reason || 'server';
      return d;
    });
  }

  /**
   * A resize the node will not apply now (PodResizePending, or PodResizeInProgress with an Error), on
   * the resources of the containers it concerns, from the newest pod known: it stays while the server
   * says so, whoever asked for the resize.
   */
  private resizeDiagnostics(document: vscode.TextDocument, result: DocumentAnalysis): vscode.Diagnostic[] {
    const tracked = this.deps.documents.get(document.uri);
    const pod = tracked ? tracked.live ?? tracked.base : result.target?.base;
    const parsed = result.analysis.document;
    const progress = pod && parsed ? resizeProgress(pod) : undefined;
    const s = progress?.summary;
    if (!progress || !s || (s.state === 'InProgress' && s.reason !== 'Error')) return [];
    const label = `${pod!.metadata?.namespace ?? ''}/${pod!.metadata?.name ?? ''}`;
    const what = s.reason === 'Infeasible' ? 'was refused by the node (Infeasible)' : s.state === 'Pending' ? `is pending (${s.reason ?? 'Deferred'})` : 'is failing on the node';
    const message = `Resize of ${label} ${what}${s.message ? `: ${s.message}` : ''}`;
    const paths = progress.containers.length ? progress.containers.map((c) => c.path) : ['spec'];
    return paths.map((path) => {
      const d = new vscode.Diagnostic(toVsRange(rangeForPath(result.analysis.text, parsed!, path)), message, s.reason === 'Infeasible' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = diagnosticSource;
      d.code = s.state === 'Pending' ? 'PodResizePending' : 'PodResizeInProgress';
      return d;
    });
  }

  /** Related-information links go to the live pod's YAML, rendered once per base. */
  private originalLocator(target: DocumentTarget): (path: string) => vscode.Location | undefined {
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

  /** A watch batch: re-lint the local files whose live pod is in it (or that have none yet); without one (a base fetched), all of them. */
  private relintLocalFiles(context: string, batch?: WatchBatch): void {
    if (context !== this.deps.clusters.currentContext) return;
    let touched: Set<string> | undefined;
    for (const d of vscode.workspace.textDocuments) {
      if (this.deps.documents.get(d.uri) || !this.collection.has(d.uri)) continue;
      const target = this.analyzer.analyze(d)?.target;
      if (target && batch) {
        touched ??= new Set([...batch.added, ...batch.modified, ...batch.deleted].map((p) => `${p.namespace}/${p.name}`));
        if (!touched.has(`${target.namespace}/${target.name}`)) continue;
      }
      // Already waiting: leave the timer alone so a stream of events cannot postpone it forever.
      if (!this.pending.has(d.uri)) this.schedule(d);
    }
  }

  private forget(uri: vscode.Uri): void {
    this.cancelPending(uri);
    this.fileCauses.delete(uri);
    this.collection.delete(uri);
  }

  override dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    super.dispose();
  }
}

function findOpen(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}
