// One status bar item: the current context and namespace filter, and for an active pod document
// whether its buffer differs from the live pod (unsaved edits, or the pod changed on the cluster).
import * as vscode from 'vscode';
import type { ClusterService } from './clusterService';
import type { PodDocumentStore } from './podDocumentStore';

export class PodStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('podpatch.status', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly clusters: ClusterService, private readonly documents: PodDocumentStore) {
    this.item.name = 'podpatch';
    this.item.command = 'podpatch.switchContext';
    const update = () => this.update();
    this.disposables.push(
      clusters.onDidChangeContext(update),
      clusters.onDidChangeContexts(update),
      clusters.onDidChangeNamespaces(update),
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
    let text = `$(vm) ${context} · ${scope}`;
    const tooltip = [`podpatch: context ${context}, showing ${scope}. Select to switch context.`];
    this.item.backgroundColor = undefined;

    const doc = vscode.window.activeTextEditor?.document;
    const entry = doc && this.documents.get(doc.uri);
    if (doc && entry) {
      const states: string[] = [];
      if (doc.isDirty) {
        states.push('$(edit) edited');
        tooltip.push(`${entry.namespace}/${entry.name} has unsaved edits: saving patches the pod.`);
      }
      if (entry.deleted) {
        states.push('$(trash) pod deleted');
        tooltip.push(`${entry.namespace}/${entry.name} was deleted on the cluster: saving cannot patch it.`);
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      } else if (entry.live) {
        states.push('$(warning) live pod changed');
        tooltip.push(`${entry.namespace}/${entry.name} changed on the cluster (resourceVersion ${entry.resourceVersion} → ${entry.live.metadata?.resourceVersion ?? '?'}) since it was opened.`);
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      }
      if (!states.length) {
        states.push('$(check) same as live');
        tooltip.push(`${entry.namespace}/${entry.name} matches the live pod (resourceVersion ${entry.resourceVersion}).`);
      }
      text += ` · ${states.join(' ')}`;
    }
    this.item.text = text;
    this.item.tooltip = tooltip.join('\n');
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
