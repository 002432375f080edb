// The pod tree: kubeconfig contexts → namespaces → pods. Pods come from each context's watch cache
// (live, no polling) through a PodTreeModel of pod summaries (PodTreeFeed), from the first list page
// on; refreshes are coalesced and aimed at the nodes that changed, and a namespace's children are
// built only when it is expanded. A long list (a namespace's, or an owner group's when grouped by
// owner) opens into page nodes (podPages.ts).
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/clusterService';
import type { WatchBatch } from '../cluster/clusterBackend';
import type { PodTreeModel } from './podTreeModel';
import { PodTreeFeed } from './podTreeFeed';
import { pageTreeItem, podDescription, podTooltip, podTreeItem } from './podTreeItems';
import type { OwnerGrouping, OwnerNode } from './ownerGrouping';
import { appendLatestWarning } from '../observe/podWarningTooltip';
import { RefreshThrottle, type RefreshTarget } from './podTreeRefresh';
import { pagedChildren, pageOf, pageRow, podsOnPage } from './podPages';
import type { PodSummary } from '../../core/podSummary';

export type ContextNode = { kind: 'context'; id: string; context: string };
export type NamespaceNode = { kind: 'namespace'; id: string; context: string; namespace: string };
/** A page of a namespace's pods, or of an owner group's (`owner`) when grouped by owner. */
export type PageNode = { kind: 'page'; id: string; context: string; namespace: string; owner?: { kind: string; name: string }; index: number };
export type PodNode = { kind: 'pod'; id: string; context: string; namespace: string; name: string };
export type ErrorNode = { kind: 'error'; id: string; context?: string; title: string; message: string };
export type MessageNode = { kind: 'message'; id: string; context: string; text: string; icon: string };
export type TreeNode = ContextNode | NamespaceNode | PageNode | PodNode | ErrorNode | MessageNode | OwnerNode;

/** At most one refresh per this interval (the watch cache batches too): 1,000 events/s make ~20 refreshes/s. */
const refreshIntervalMs = 50;

export class PodTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly feed = new PodTreeFeed({
    filtering: () => !!this.filterText,
    isResolved: (context, namespace) => this.resolved.has(this.namespaceNode(context, namespace).id),
    refresh: (targets) => this.schedule(targets.map((t) => this.nodeFor(t))),
    ownerGroupOf: (context, row) => (this.grouping?.enabled ? this.grouping.parentOwner(context, row) : undefined),
  });
  private readonly nodes = new Map<string, TreeNode>();
  /** Namespaces whose children the view has asked for (only their rows are worth refreshing). */
  private readonly resolved = new Set<string>();
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly throttle = new RefreshThrottle<TreeNode>((nodes) => this.changeEmitter.fire(nodes === 'all' ? undefined : nodes), refreshIntervalMs);
  private filterText = '';
  private view: vscode.TreeView<TreeNode> | undefined;

  constructor(private readonly clusters: ClusterService, private readonly grouping?: OwnerGrouping) {
    if (grouping) this.disposables.push(grouping.onDidChange(() => this.refreshAll()), grouping.onDidResolveOwner((e) => this.onOwnerResolved(e.context, e.namespace)));
    this.disposables.push(
      clusters.onDidChangeContexts(() => { this.feed.clear(); this.resolved.clear(); this.refreshAll(); }),
      clusters.onDidChangeContext(() => this.refreshAll()),
      clusters.onDidChangeNamespaces((context) => this.schedule([this.contextNode(context)])),
      clusters.onDidChangeRules((context) => this.schedule([this.contextNode(context)])),
      clusters.onDidChangeConnection((context) => this.onConnection(context)),
      clusters.onDidChangePods(({ context, batch }) => {
        for (const gone of batch.deleted) this.nodes.delete(key('pod', context, gone.namespace, gone.name));
        this.feed.onBatch(context, batch, this.clusters.getWatchCache(context));
      }),
    );
    // Ages in descriptions move on without any event: redraw the open namespaces once a minute.
    const ageTimer = setInterval(() => {
      if (this.view?.visible) this.schedule([...this.resolved].map((key) => this.nodes.get(key)).filter((n): n is TreeNode => !!n));
    }, 60_000);
    this.disposables.push({ dispose: () => clearInterval(ageTimer) });
  }

  /** Creates the view for this provider (the view title shows the active filter). */
  createView(viewId: string): vscode.TreeView<TreeNode> {
    this.view = vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view);
    return this.view;
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    if (this.view) this.view.description = this.filterText ? `filter: ${this.filterText}` : undefined;
    void vscode.commands.executeCommand('setContext', 'podpatch.filtered', !!this.filterText);
    this.refreshAll();
  }

  /** The model of a context (undefined until its watch cache delivered its first list page); exposed for tests and commands. */
  model(context: string): PodTreeModel | undefined {
    return this.feed.model(context);
  }

  refreshAll(): void {
    this.throttle.addAll();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'context': return this.contextItem(node);
      case 'namespace': return this.namespaceItem(node);
      case 'page': return pageTreeItem(node.id, pageRow(this.listOf(node), node.index));
      case 'pod': {
        const s = this.feed.model(node.context)?.get(node.namespace, node.name);
        if (!s) return new vscode.TreeItem(node.name); // deleted between refresh and render
        const item = podTreeItem(s, node.id, { title: 'Open Pod', command: 'podpatch.openPod', arguments: [node] });
        if (this.grouping) item.description = podDescription(s, this.grouping.enabled ? null : this.grouping.describeOwner(node.context, s));
        return item;
      }
      case 'owner': return this.grouping!.ownerItem(node, this.grouping!.cachedPodsOf(node, this.podsIn(node)).length);
      case 'error': {
        const item = new vscode.TreeItem(node.title);
        item.id = node.id;
        item.description = node.message;
        item.tooltip = new vscode.MarkdownString(`**${node.title}**\n\n${node.message}\n\nSelect to retry.`);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.contextValue = 'error';
        item.command = { title: 'Retry', command: 'podpatch.retry', arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = 'message';
        return item;
      }
    }
  }

  /** Tooltips are built on hover only: a namespace of 10,000 pods asks for 10,000 items at once. The latest warning event is asked for then too. */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode, token?: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind === 'pod' && !item.tooltip) {
      const s = this.feed.model(node.context)?.get(node.namespace, node.name);
      if (s) {
        const tooltip = podTooltip(s, this.grouping?.ownerTooltip(node.context, s));
        // By uid as well: a StatefulSet's replacement pod has its predecessor's name, not its events.
        await appendLatestWarning(tooltip, this.clusters, { ...node, uid: s.uid || undefined }, token);
        item.tooltip = tooltip;
      }
    }
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.rootChildren();
    if (node.kind === 'context') return this.contextChildren(node.context);
    if (node.kind !== 'owner' && node.kind !== 'namespace' && node.kind !== 'page') return [];
    const pod = (s: PodSummary): TreeNode => this.podNode(node.context, s.namespace, s.name);
    if (node.kind === 'owner') {
      // Owners looked up (and cached) here: the page rows and getParent read the cache.
      const pods = await this.grouping!.podsOf(node, this.podsIn(node));
      return pagedChildren(pods, pod, (index) => this.pageNode(node.context, node.namespace, index, { kind: node.ownerKind, name: node.ownerName }));
    }
    if (node.kind === 'namespace') {
      this.resolved.add(node.id);
      const pods = this.podsIn(node);
      if (this.grouping?.enabled) return this.grouping.group(node.context, node.namespace, pods, pod, (o) => this.ownerNode(node.context, node.namespace, o.kind, o.name));
      return pagedChildren(pods, pod, (index) => this.pageNode(node.context, node.namespace, index));
    }
    const pods = node.owner ? await this.grouping!.podsOf(this.ownerNode(node.context, node.namespace, node.owner.kind, node.owner.name), this.podsIn(node)) : this.podsIn(node);
    return podsOnPage(pods, node.index).map(pod);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'owner') return this.namespaceNode(node.context, node.namespace);
    if (node.kind === 'pod') {
      // Under its owner group when grouped (and the owner is known), else its namespace; under a page of that when the list is long.
      const s = this.grouping?.enabled ? this.feed.model(node.context)?.get(node.namespace, node.name) : undefined;
      const top = s && this.grouping!.parentOwner(node.context, s);
      const owner = top ? { kind: top.kind, name: top.name } : undefined;
      const list = owner ? this.ownerNode(node.context, node.namespace, owner.kind, owner.name) : this.namespaceNode(node.context, node.namespace);
      const page = pageOf(this.listOf({ ...node, owner }), node.name);
      return page === undefined ? list : this.pageNode(node.context, node.namespace, page, owner);
    }
    if (node.kind === 'page') return node.owner ? this.ownerNode(node.context, node.namespace, node.owner.kind, node.owner.name) : this.namespaceNode(node.context, node.namespace);
    if (node.kind === 'namespace' || node.kind === 'message') return this.contextNode(node.context);
    if (node.kind === 'error' && node.context) return this.contextNode(node.context);
    return undefined;
  }

  /** The tree node of a pod (for reveal), whether or not the view has shown it yet. */
  podNode(context: string, namespace: string, name: string): PodNode {
    return this.node(key('pod', context, namespace, name), (id) => ({ kind: 'pod', id, context, namespace, name }));
  }

  /** An owner node (grouped by owner). */
  ownerNode(context: string, namespace: string, ownerKind: string, ownerName: string): OwnerNode {
    return this.node(key('owner', context, namespace, ownerKind, ownerName), (id) => ({ kind: 'owner', id, context, namespace, ownerKind, ownerName }));
  }

  dispose(): void {
    this.throttle.dispose();
    for (const d of this.disposables) d.dispose();
    this.changeEmitter.dispose();
  }

  private rootChildren(): TreeNode[] {
    const contexts = this.clusters.contexts;
    if (!contexts.length) {
      const error = this.clusters.kubeconfigError;
      // No error and no contexts: the view's welcome content offers the sandbox instead.
      return error ? [this.node(key('error'), (id) => ({ kind: 'error', id, title: 'Cannot load the kubeconfig', message: error }))] : [];
    }
    return contexts.map((c) => this.contextNode(c.name));
  }

  private contextChildren(context: string): TreeNode[] {
    const state = this.clusters.connectionState(context);
    if (state.status === 'error') {
      return [this.node(key('error', context), (id) => ({ kind: 'error', id, context, title: `Cannot list pods of ${context}`, message: state.error ?? 'unknown error' }))];
    }
    // A synced context whose model went (a kubeconfig reload) gets one from its cache again.
    const model = this.feed.model(context) ?? (state.status === 'ready' ? this.attachSynced(context) : undefined);
    const listing = this.clusters.connectionState(context).status !== 'ready';
    // Connecting starts here, when the context is first expanded; onConnection refreshes it.
    if (listing || !model) void this.clusters.whenSynced(context).catch(() => undefined);
    const loading = this.node(key('loading', context), (id): MessageNode => ({ kind: 'message', id, context, text: 'Loading pods…', icon: 'loading~spin' }));
    if (!model || (listing && !model.namespaceList().length)) return [loading];
    let namespaces = this.clusters.selectedNamespaces(context) ?? model.namespaceList();
    if (this.filterText) namespaces = namespaces.filter((ns) => model.pods(ns, this.filterText).length > 0);
    const rows: TreeNode[] = namespaces.map((ns) => this.namespaceNode(context, ns));
    // While the list streams in, the pods of the pages so far show above the loading row.
    if (listing) return [...rows, loading];
    if (!rows.length) {
      const text = this.filterText ? `No pods match "${this.filterText}"` : 'No pods';
      return [this.node(key('empty', context, text), (id) => ({ kind: 'message', id, context, text, icon: 'info' }))];
    }
    return rows;
  }

  private contextItem(node: ContextNode): vscode.TreeItem {
    const current = node.context === this.clusters.currentContext;
    const item = new vscode.TreeItem(node.context, current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    const selected = this.clusters.selectedNamespaces(node.context);
    const parts = [current ? 'current' : '', this.clusters.servers.label(node.context) ?? '', selected ? `${selected.length} namespace${selected.length === 1 ? '' : 's'}` : ''];
    item.description = parts.filter((p) => p).join(' · ') || undefined;
    item.tooltip = this.clusters.servers.describe(node.context);
    item.iconPath = new vscode.ThemeIcon(current ? 'vm-active' : 'vm');
    item.contextValue = current ? 'context.current' : 'context';
    return item;
  }

  private namespaceItem(node: NamespaceNode): vscode.TreeItem {
    const model = this.feed.model(node.context);
    const total = model?.podCount(node.namespace) ?? 0;
    // The context's own namespace opens by itself (cheap at any size: big ones open into pages).
    const own = node.namespace === this.clusters.defaultNamespace(node.context);
    const item = new vscode.TreeItem(node.namespace, own ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    const shown = this.filterText ? model?.pods(node.namespace, this.filterText).length ?? 0 : total;
    item.description = this.filterText ? `${shown} of ${total} pods` : `${total} pod${total === 1 ? '' : 's'}`;
    item.iconPath = new vscode.ThemeIcon('symbol-namespace');
    item.contextValue = 'namespace';
    return item;
  }

  /** The namespace's pods the view shows (those the filter keeps), sorted by name. */
  private podsIn(node: { context: string; namespace: string }): readonly PodSummary[] {
    return this.feed.model(node.context)?.pods(node.namespace, this.filterText) ?? [];
  }

  /** The list a page belongs to: its namespace's pods, or its owner group's as far as the owner cache knows. */
  private listOf(node: { context: string; namespace: string; owner?: { kind: string; name: string } }): readonly PodSummary[] {
    const pods = this.podsIn(node);
    return node.owner ? this.grouping!.cachedPodsOf(this.ownerNode(node.context, node.namespace, node.owner.kind, node.owner.name), pods) : pods;
  }

  private attachSynced(context: string): PodTreeModel | undefined {
    const cache = this.clusters.getWatchCache(context);
    return this.feed.model(context) ?? (cache && this.clusters.connectionState(context).status === 'ready' ? this.feed.attach(context, cache) : undefined);
  }

  private onConnection(context: string): void {
    const { status } = this.clusters.connectionState(context);
    // Connecting: the cache has not listed anything yet (and asking the service for it now would
    // start another connection), so the model starts empty and its list pages fill it.
    if (status === 'connecting') this.feed.begin(context);
    else if (status === 'ready') this.feed.attach(context, this.clusters.getWatchCache(context));
    else this.feed.detach(context);
  }

  /** A pod chain arrived: the rows of that namespace name their owner (or regroup). */
  private onOwnerResolved(context: string, namespace: string): void {
    const ns = this.namespaceNode(context, namespace);
    if (this.resolved.has(ns.id)) this.schedule([ns]);
  }

  private schedule(nodes: TreeNode[]): void {
    this.throttle.add(nodes);
  }

  private nodeFor(t: RefreshTarget): TreeNode {
    if (t.kind === 'context') return this.contextNode(t.context);
    if (t.kind === 'namespace') return this.namespaceNode(t.context, t.namespace);
    if (t.kind === 'owner') return this.ownerNode(t.context, t.namespace, t.ownerKind, t.ownerName);
    return this.podNode(t.context, t.namespace, t.name);
  }

  private contextNode(context: string): ContextNode {
    return this.node(key('ctx', context), (id) => ({ kind: 'context', id, context }));
  }

  private pageNode(context: string, namespace: string, index: number, owner?: { kind: string; name: string }): PageNode {
    // An owner group's pages have ids of their own: the namespace's page 0 is another node.
    const id = owner ? key('page', context, namespace, owner.kind, owner.name, String(index)) : key('page', context, namespace, String(index));
    return this.node(id, (id) => ({ kind: 'page', id, context, namespace, ...(owner ? { owner } : {}), index }));
  }

  private namespaceNode(context: string, namespace: string): NamespaceNode {
    return this.node(key('ns', context, namespace), (id) => ({ kind: 'namespace', id, context, namespace }));
  }

  // Node objects are kept so that the same pod is the same object for every refresh VS Code receives.
  private node<T extends TreeNode>(id: string, make: (id: string) => T): T {
    let n = this.nodes.get(id) as T | undefined;
    if (!n) {
      n = make(id);
      this.nodes.set(id, n);
    }
    return n;
  }
}

/** A tree item id: readable, and unambiguous whatever characters context names hold. */
function key(kind: string, ...parts: string[]): string {
  return `${kind}:${JSON.stringify(parts)}`;
}
