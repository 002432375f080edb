// Owns the extension's view of the clusters: the kubeconfig (plus extra files such as the
// sandbox's), the current context and namespace selection (persisted), and one PodClient and
// one PodWatchCache per context, created on first use. Everything else asks this service.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { restrictedSetting } from './restrictedSettings';
import type { PodClient } from '../../core/cluster/podClient';
import { detectProfile } from '../../core/cluster/profileDetection';
import type { ClusterBackend, ContextEntry, KubeconfigLike, SummaryWatchCache, WatchBatch } from './clusterBackend';
import { clusterLogger } from './logChannel';
import { ServerVersions } from './serverVersions';
import type { RuleSettings } from '../../core/rules/checkPodUpdate';

export type { Profile } from '../../core/rules/profile';
import type { Profile } from '../../core/rules/profile';
export type ConnectionState = { status: 'idle' | 'connecting' | 'ready' | 'error'; error?: string };

type Source = { path?: string; kubeconfig: KubeconfigLike };
type Connection = { client: PodClient; cache?: SummaryWatchCache; synced?: Promise<SummaryWatchCache>; subs: { dispose(): void }[] };

const contextKey = 'podpatch.currentContext';
const namespacesKey = 'podpatch.namespaces';

export class ClusterService implements vscode.Disposable {
  private sources: Source[] = [];
  /** Kubeconfig files added at run time (the sandbox's); not persisted, their servers die with the window. */
  private extras: string[] = [];
  private loadError: string | undefined;
  private readonly connections = new Map<string, Connection>();
  private readonly states = new Map<string, ConnectionState>();
  private readonly disposables: vscode.Disposable[] = [];

  private readonly contextEmitter = new vscode.EventEmitter<string | undefined>();
  private readonly contextsEmitter = new vscode.EventEmitter<void>();
  private readonly namespacesEmitter = new vscode.EventEmitter<string>();
  private readonly podsEmitter = new vscode.EventEmitter<{ context: string; batch: WatchBatch }>();
  private readonly stateEmitter = new vscode.EventEmitter<string>();
  /** The current context changed (switch, or a kubeconfig reload that changed it). */
  readonly onDidChangeContext = this.contextEmitter.event;
  /** The list of contexts changed (kubeconfig reloaded, sandbox added). */
  readonly onDidChangeContexts = this.contextsEmitter.event;
  /** The namespace filter of a context changed. */
  readonly onDidChangeNamespaces = this.namespacesEmitter.event;
  /** A watch cache applied a batch of pod events. */
  readonly onDidChangePods = this.podsEmitter.event;
  /** A context's connection state changed (connecting, ready, error). */
  readonly onDidChangeConnection = this.stateEmitter.event;
  /** Each context's detected server release (status bar, tree, the rules diagnostics use). */
  readonly servers: ServerVersions;
  /** A context's detected release arrived: its rules changed. */
  readonly onDidChangeRules: vscode.Event<string>;

  constructor(
    private readonly backend: ClusterBackend,
    private readonly log: vscode.LogOutputChannel,
    private readonly state: vscode.Memento,
  ) {
    this.servers = new ServerVersions(this, (line) => this.log.info(line));
    this.onDidChangeRules = this.servers.onDidChange;
    this.disposables.push(
      this.servers,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('podpatch.kubeconfig')) void this.reload();
        else if (e.affectsConfiguration('podpatch.context')) this.contextEmitter.fire(this.currentContext);
      }),
      // Trust allows exec credential plugins and a workspace-level kubeconfig setting: load again.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
    );
  }

  /** Loads the kubeconfig files; failures are kept in `kubeconfigError`, never thrown. */
  async reload(): Promise<void> {
    this.disposeConnections();
    const sources: Source[] = [];
    const errors: string[] = [];
    const trusted = vscode.workspace.isTrusted;
    const main = this.mainKubeconfigPath();
    if (main.error) errors.push(main.error);
    else {
      try {
        sources.push({ path: main.path, kubeconfig: await this.backend.loadKubeconfig({ path: main.path, env: process.env, allowExec: trusted }) });
      } catch (err) {
        errors.push(`Could not load the kubeconfig ${main.path ?? '(KUBECONFIG or ~/.kube/config)'}: ${messageOf(err)}`);
      }
    }
    for (const extra of this.extraKubeconfigs()) {
      try {
        sources.push({ path: extra, kubeconfig: await this.backend.loadKubeconfig({ path: extra, env: {}, allowExec: false }) });
      } catch (err) {
        this.log.warn(`Dropping the extra kubeconfig ${extra}: ${messageOf(err)}`);
        await this.removeKubeconfig(extra, false);
      }
    }
    this.sources = sources;
    // With some usable context, a missing default kubeconfig is not an error worth a node.
    this.loadError = errors.length && !this.contexts.length ? errors.join('\n') : undefined;
    for (const e of errors) this.log.warn(e);
    this.log.info(`Loaded ${this.contexts.length} context(s); current: ${this.currentContext ?? '(none)'}`);
    this.contextsEmitter.fire();
    this.contextEmitter.fire(this.currentContext);
  }

  /** Why no context could be loaded, in words for the tree's error node; undefined when fine. */
  get kubeconfigError(): string | undefined {
    return this.loadError;
  }

  get contexts(): ContextEntry[] {
    const seen = new Set<string>();
    const out: ContextEntry[] = [];
    for (const s of this.sources) for (const c of s.kubeconfig.contexts) if (!seen.has(c.name)) { seen.add(c.name); out.push(c); }
    return out;
  }

  /** The persisted choice, else the `podpatch.context` setting, else the kubeconfig's current-context. */
  get currentContext(): string | undefined {
    const names = new Set(this.contexts.map((c) => c.name));
    const chosen = this.state.get<string>(contextKey);
    if (chosen && names.has(chosen)) return chosen;
    const setting = restrictedSetting(vscode.workspace.getConfiguration('podpatch'), 'context', '', vscode.workspace.isTrusted);
    if (setting && names.has(setting)) return setting;
    for (const s of this.sources) if (s.kubeconfig.currentContext && names.has(s.kubeconfig.currentContext)) return s.kubeconfig.currentContext;
    return this.contexts[0]?.name;
  }

  async setCurrentContext(name: string): Promise<void> {
    if (!this.contexts.some((c) => c.name === name)) throw new Error(`There is no context "${name}" in the kubeconfig.`);
    await this.state.update(contextKey, name);
    this.log.info(`Current context: ${name}`);
    this.contextEmitter.fire(name);
  }

  /** The namespace a context defaults to (its kubeconfig entry), used for new documents and lookups. */
  defaultNamespace(context = this.currentContext): string {
    return this.contexts.find((c) => c.name === context)?.namespace ?? 'default';
  }

  /** The namespaces the tree shows for a context; undefined = all. */
  selectedNamespaces(context = this.currentContext): string[] | undefined {
    if (!context) return undefined;
    return this.state.get<Record<string, string[]>>(namespacesKey, {})[context];
  }

  async setSelectedNamespaces(context: string, namespaces: string[] | undefined): Promise<void> {
    const all = { ...this.state.get<Record<string, string[]>>(namespacesKey, {}) };
    if (namespaces && namespaces.length) all[context] = [...namespaces].sort();
    else delete all[context];
    await this.state.update(namespacesKey, all);
    this.namespacesEmitter.fire(context);
  }

  /** `podpatch.profile`, with `auto` resolved from the context's server. */
  get profile(): Profile {
    return this.profileFor(this.currentContext);
  }

  profileFor(context: string | undefined): Profile {
    const setting = restrictedSetting<string>(vscode.workspace.getConfiguration('podpatch'), 'profile', 'auto', vscode.workspace.isTrusted);
    if (setting === 'kubernetes' || setting === 'cci') return setting;
    if (!context) return 'kubernetes';
    try {
      return detectProfile(this.kubeconfigFor(context).resolveContext(context));
    } catch {
      return 'kubernetes';
    }
  }

  /** The profile with the context's detected release, gates and resize split: what diagnostics check with. */
  ruleSettingsFor(context: string | undefined): RuleSettings {
    return this.servers.ruleSettingsFor(context);
  }

  /** The context's PodClient, created on first use. Throws (with a message for people) when it cannot be resolved. */
  getClient(context = this.currentContext): PodClient {
    return this.connect(requireContext(context)).client;
  }

  /** The context's watch cache, created and started on first use (it may still be syncing; see `whenSynced`). */
  getWatchCache(context = this.currentContext): SummaryWatchCache | undefined {
    if (!context) return undefined;
    // After a failure only Retry (or Refresh) connects again: callers poll this on every keystroke.
    if (this.connectionState(context).status === 'error') return undefined;
    try {
      void this.whenSynced(context).catch(() => undefined);
      return this.connections.get(context)?.cache;
    } catch {
      return undefined;
    }
  }

  /** Resolves with the context's watch cache once it has listed every pod; rejects when it cannot. */
  whenSynced(context = this.currentContext): Promise<SummaryWatchCache> {
    const name = requireContext(context);
    const conn = this.connect(name);
    if (conn.synced) return conn.synced;
    const cache = this.backend.createWatchCache(conn.client);
    conn.cache = cache;
    conn.subs.push(
      cache.onDidChange((batch) => this.podsEmitter.fire({ context: name, batch })),
      cache.onDidError((err) => this.log.warn(`Watch on ${name}: ${messageOf(err)}`)),
    );
    this.setState(name, { status: 'connecting' });
    conn.synced = cache.start().then(
      () => {
        this.setState(name, { status: 'ready' });
        this.log.info(`Watching pods of ${name}: ${cache.size} pod(s)`);
        return cache;
      },
      (err: unknown) => {
        const message = messageOf(err);
        this.log.error(`Cannot list pods of ${name}: ${message}`);
        // Forget the failed connection so that Retry starts from scratch.
        if (this.connections.get(name) === conn) this.dropConnection(name);
        this.setState(name, { status: 'error', error: message });
        throw err;
      },
    );
    return conn.synced;
  }

  connectionState(context: string): ConnectionState {
    return this.states.get(context) ?? { status: 'idle' };
  }

  /** Drops a context's client and cache and connects again (the error node's Retry). */
  async retry(context: string): Promise<void> {
    this.dropConnection(context);
    this.states.delete(context);
    await this.whenSynced(context).catch(() => undefined);
  }

  /** Adds a kubeconfig file (the sandbox's) whose contexts join the list until the window closes. */
  async addKubeconfig(file: string): Promise<void> {
    this.extras = [...this.extras.filter((p) => p !== file), file];
    await this.reload();
  }

  async removeKubeconfig(file: string, reload = true): Promise<void> {
    this.extras = this.extras.filter((p) => p !== file);
    if (reload) await this.reload();
  }

  /** Contexts a given kubeconfig file contributes (to find the sandbox's context after adding it). */
  contextsOf(file: string): string[] {
    return this.sources.find((s) => s.path === file)?.kubeconfig.contexts.map((c) => c.name) ?? [];
  }

  dispose(): void {
    this.disposeConnections();
    for (const d of this.disposables) d.dispose();
    for (const e of [this.contextEmitter, this.contextsEmitter, this.namespacesEmitter, this.podsEmitter, this.stateEmitter]) e.dispose();
  }

  private extraKubeconfigs(): string[] {
    return this.extras;
  }

  /**
   * The kubeconfig path to load: the setting, or undefined for KUBECONFIG/~/.kube/config. In an
   * untrusted workspace only the user-level setting counts, and never a file inside the workspace.
   */
  private mainKubeconfigPath(): { path?: string; error?: string } {
    const inspected = vscode.workspace.getConfiguration('podpatch').inspect<string>('kubeconfig');
    const trusted = vscode.workspace.isTrusted;
    const raw = trusted ? vscode.workspace.getConfiguration('podpatch').get<string>('kubeconfig') : inspected?.globalValue;
    if (!raw) return {};
    const resolved = raw.startsWith('~') ? path.join(process.env.HOME ?? process.env.USERPROFILE ?? '', raw.slice(1)) : raw;
    if (!trusted && (vscode.workspace.workspaceFolders ?? []).some((f) => isInside(resolved, f.uri.fsPath))) {
      return { error: `The kubeconfig ${resolved} is inside this untrusted workspace; trust the workspace to use it.` };
    }
    return { path: resolved };
  }

  private kubeconfigFor(context: string): KubeconfigLike {
    const source = this.sources.find((s) => s.kubeconfig.contexts.some((c) => c.name === context));
    if (!source) throw new Error(`There is no context "${context}" in the kubeconfig.`);
    return source.kubeconfig;
  }

  private connect(context: string): Connection {
    let conn = this.connections.get(context);
    if (!conn) {
      const resolved = this.kubeconfigFor(context).resolveContext(context);
      conn = { client: this.backend.createPodClient(resolved, { logger: clusterLogger(this.log) }), subs: [] };
      this.connections.set(context, conn);
    }
    return conn;
  }

  private dropConnection(context: string): void {
    const conn = this.connections.get(context);
    if (!conn) return;
    this.connections.delete(context);
    for (const s of conn.subs) s.dispose();
    conn.cache?.dispose();
    conn.client.dispose();
  }

  private disposeConnections(): void {
    for (const name of [...this.connections.keys()]) this.dropConnection(name);
    this.states.clear();
  }

  private setState(context: string, state: ConnectionState): void {
    this.states.set(context, state);
    this.stateEmitter.fire(context);
  }
}

function requireContext(context: string | undefined): string {
  if (!context) throw new Error('No Kubernetes context: set up a kubeconfig, or run "podpatch: Start Sandbox Cluster".');
  return context;
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
