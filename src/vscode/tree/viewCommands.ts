// Commands about the view and the clusters: Refresh, Switch Context, Select Namespaces, Filter
// Pods, Retry (the error node), Show Output (podpatch's own log), Start Sandbox Cluster.
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/clusterService';
import { messageOf } from '../cluster/clusterService';
import { toAbortSignalWithTimeout } from '../cluster/cancellation';
import type { PodTreeProvider, TreeNode } from './podTreeProvider';
import type { SandboxLauncher } from '../cluster/sandboxLauncher';

export type ViewCommandDeps = { clusters: ClusterService; tree: PodTreeProvider; log: vscode.LogOutputChannel; sandbox: SandboxLauncher };

export function registerViewCommands({ clusters, tree, log, sandbox }: ViewCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('podpatch.refresh', async () => {
      await clusters.reload();
      tree.refreshAll();
    }),
    vscode.commands.registerCommand('podpatch.switchContext', async (arg?: unknown) => {
      const fromNode = contextOf(arg);
      const name = fromNode ?? (await pickContext(clusters));
      if (name) await clusters.setCurrentContext(name);
    }),
    vscode.commands.registerCommand('podpatch.selectNamespaces', (arg?: unknown) => selectNamespaces(clusters, contextOf(arg) ?? clusters.currentContext)),
    vscode.commands.registerCommand('podpatch.filterPods', async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter pods',
        prompt: 'Show only pods whose name contains this text (empty shows all)',
        value: tree.filter,
      });
      if (text !== undefined) tree.setFilter(text);
    }),
    vscode.commands.registerCommand('podpatch.clearFilter', () => tree.setFilter('')),
    vscode.commands.registerCommand('podpatch.retry', async (arg?: unknown) => {
      const context = contextOf(arg);
      if (context) await clusters.retry(context);
      else await clusters.reload();
    }),
    vscode.commands.registerCommand('podpatch.showOutput', () => log.show()),
    vscode.commands.registerCommand('podpatch.startSandbox', async () => {
      try {
        const url = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Starting the podpatch sandbox cluster', cancellable: true },
          (_progress, token) => sandbox.start(token),
        );
        vscode.window.setStatusBarMessage(`podpatch sandbox listening on ${url}`, 5000);
        await vscode.commands.executeCommand('podpatch.pods.focus');
      } catch (err) {
        log.error(`Sandbox: ${messageOf(err)}`);
        const choice = await vscode.window.showErrorMessage(`Could not start the sandbox cluster: ${messageOf(err)}`, 'Show Output');
        if (choice) log.show();
      }
    }),
  ];
}

function contextOf(arg: unknown): string | undefined {
  const node = arg as Partial<TreeNode> | undefined;
  return node && typeof node === 'object' && 'context' in node && typeof node.context === 'string' ? node.context : undefined;
}

async function pickContext(clusters: ClusterService): Promise<string | undefined> {
  const current = clusters.currentContext;
  const items = clusters.contexts.map((c) => ({
    label: c.name,
    description: [c.name === current ? 'current' : '', c.cluster, c.namespace ? `namespace ${c.namespace}` : ''].filter((p) => p).join(' · '),
    iconPath: new vscode.ThemeIcon(c.name === current ? 'vm-active' : 'vm'),
  }));
  if (!items.length) {
    const choice = await vscode.window.showInformationMessage(clusters.kubeconfigError ?? 'The kubeconfig has no contexts.', 'Start Sandbox Cluster');
    if (choice) await vscode.commands.executeCommand('podpatch.startSandbox');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Switch Kubernetes context', placeHolder: current ? `Current: ${current}` : 'Pick a context' });
  return picked?.label;
}

async function selectNamespaces(clusters: ClusterService, context: string | undefined): Promise<void> {
  if (!context) {
    void vscode.window.showErrorMessage('No Kubernetes context to pick namespaces from.');
    return;
  }
  const names = new Set(clusters.getWatchCache(context)?.namespaces() ?? []);
  try {
    // Namespaces without pods exist too; the list call may be forbidden, then the cache's ones do.
    const listed = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Listing namespaces of ${context}` },
      () => clusters.getClient(context).listNamespaces({ signal: toAbortSignalWithTimeout(undefined, 15_000) }),
    );
    for (const ns of listed) if (ns.metadata?.name) names.add(ns.metadata.name);
  } catch (err) {
    if (!names.size) {
      void vscode.window.showErrorMessage(`Cannot list namespaces of ${context}: ${messageOf(err)}`);
      return;
    }
  }
  const selected = new Set(clusters.selectedNamespaces(context) ?? []);
  const items = [...names].sort().map((ns) => ({ label: ns, picked: selected.has(ns) }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Namespaces shown for ${context}`,
    placeHolder: 'Pick the namespaces to show; pick none to show all',
    canPickMany: true,
  });
  if (!picked) return;
  await clusters.setSelectedNamespaces(context, picked.length ? picked.map((p) => p.label) : undefined);
}
