// One status bar item: the current context and namespace filter, and for an active pod or workload
// document whether its buffer differs from the live object (unsaved edits, or it changed on the cluster).
// "Changed on the cluster" shows (and offers Rebase, here and in the editor title) exactly while
// the buffer is dirty and the live object is newer than its base, and goes away by itself after.
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/clusterService';
import type { PodDocuments } from './podDocuments';

export class PodStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('podpatch.status', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private stale = false;

  constructor(private readonly clusters: ClusterService, private readonly documents: PodDocuments) {
    this.item.name = 'podpatch';
    this.item.command = 'podpatch.switchContext';
    const update = () => this.update();
    this.disposables.push(
      clusters.onDidChangeContext(update),
      clusters.onDidChangeContexts(update),
      clusters.onDidChangeNamespaces(update),
      clusters.onDidChangeRules(update),
      documents.onDidChange(update),
      vscode.window.onDidChangeActiveTextEditor(update),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === vscode.window.activeTextEditor?.document) update(); }),
      vscode.workspace.onDidSaveTextDocument(update),
    );
    this.update();
  }

  private update(): void {
    const context = this.clusters.currentContext;
    if (!context) {
      this.item.hide();
      return;
    }
    const selected = this.clusters.selectedNamespaces(context);
    const scope = !selected ? 'all namespaces' : selected.length === 1 ? selected[0] : `${selected.length} namespaces`;
    const release = this.clusters.servers.label(context);
    let text = `$(vm) ${context}${release ? ` · ${release}` : ''} · ${scope}`;
    const tooltip = [`podpatch: context ${context}, showing ${scope}. Select to switch context.`];
    const server = this.clusters.servers.describe(context);
    if (server) tooltip.push(server);
    this.item.backgroundColor = undefined;
    this.item.command = 'podpatch.switchContext';
    let stale = false;

    const doc = vscode.window.activeTextEditor?.document;
    const entry = doc && this.documents.get(doc.uri);
    if (doc && entry) {
      const noun = entry.noun;
      const states: string[] = [];
      if (doc.isDirty) {
        states.push('$(edit) edited');
        tooltip.push(`${entry.namespace}/${entry.name} has unsaved edits: saving patches the ${noun}.`);
      }
      if (entry.deleted) {
        states.push(`$(trash) ${noun} deleted`);
        tooltip.push(`${entry.namespace}/${entry.name} was deleted on the cluster: saving cannot patch it.`);
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      } else if (entry.stale && doc.isDirty && entry.liveResourceVersion) {
        stale = true;
        states.push('$(warning) changed on the cluster: Rebase');
        tooltip.push(`${entry.namespace}/${entry.name} changed on the cluster (resourceVersion ${entry.resourceVersion} → ${entry.liveResourceVersion}) while you edit it. Select to lay your edits over the live ${noun}.`);
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        this.item.command = { title: 'Rebase', command: 'podpatch.rebaseOnLive', arguments: [doc.uri] };
      }
      if (!states.length) {
        states.push('$(check) same as live');
        tooltip.push(`${entry.namespace}/${entry.name} matches the live ${noun} (resourceVersion ${entry.resourceVersion}).`);
      }
      text += ` · ${states.join(' ')}`;
    }
    if (stale !== this.stale) {
      this.stale = stale;
      void vscode.commands.executeCommand('setContext', 'podpatch.activeDocumentStale', stale);
    }
    this.item.text = text;
    this.item.tooltip = tooltip.join('\n');
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
