// Wiring only: creates the services, providers and commands and hands them to VS Code.
// activate() awaits nothing: the kubeconfig loads in the background and the views follow it.
import * as vscode from 'vscode';
import type { PodpatchApi } from './vscode/api';
import { clusterBackend } from './vscode/cluster/clusterBackend';
import { ClusterService } from './vscode/cluster/clusterService';
import { createLogChannel } from './vscode/cluster/logChannel';
import { SandboxLauncher } from './vscode/cluster/sandboxLauncher';
import { PodDocuments } from './vscode/documents/podDocuments';
import { PodDocumentWatcher } from './vscode/documents/podDocumentWatcher';
import { PodFileSystem } from './vscode/documents/podFileSystem';
import { PodStatusBar } from './vscode/documents/statusBar';
import { registerObserveFeatures } from './vscode/observe/observeFeatures';
import { registerPatchFeatures } from './vscode/patch/patchFeatures';
import { registerPodCommands } from './vscode/tree/podCommands';
import { PodTreeProvider } from './vscode/tree/podTreeProvider';
import { registerViewCommands } from './vscode/tree/viewCommands';
import { OwnerLookup } from './vscode/owners/ownerLookup';
import { OwnerCodeLensProvider } from './vscode/owners/ownerCodeLens';
import { WorkloadDocumentWatcher } from './vscode/owners/workloadDocumentWatcher';
import { registerOwnerCommands } from './vscode/owners/ownerCommands';
import { OwnerGrouping } from './vscode/tree/ownerGrouping';

export function activate(context: vscode.ExtensionContext): PodpatchApi {
  const started = performance.now();
  const log = createLogChannel();
  const clusters = new ClusterService(clusterBackend, log, context.globalState);
  const documents = new PodDocuments(clusters);
  const fs = new PodFileSystem(clusters, documents, log);
  const patch = registerPatchFeatures(context, { clusters, documents, log }, fs);
  const owners = new OwnerLookup(clusters, log);
  const grouping = new OwnerGrouping(owners);
  const ownerLenses = new OwnerCodeLensProvider(documents, owners);
  const tree = new PodTreeProvider(clusters, grouping);
  const observe = registerObserveFeatures(clusters, log);
  const sandbox = new SandboxLauncher(context, clusters, log);
  context.subscriptions.push(
    clusters,
    documents,
    fs,
    owners,
    grouping,
    ownerLenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'podpatch' }, ownerLenses),
    ...registerOwnerCommands(clusters, documents, owners, log),
    tree,
    tree.createView('podpatch.pods'),
    new PodDocumentWatcher(clusters, documents, fs, log),
    new WorkloadDocumentWatcher(clusters, documents, fs, log),
    new PodStatusBar(clusters, documents),
    sandbox,
    ...registerPodCommands(clusters, documents, log),
    ...registerViewCommands({ clusters, tree, log, sandbox }),
    ...observe.disposables,
    log, // last: the others may still log while they are disposed
  );
  // The kubeconfig loads in the background: the views and documents follow its events.
  const ready = clusters.reload();
  const activationMs = performance.now() - started;
  log.info(`podpatch activated in ${activationMs.toFixed(1)} ms`);
  return { clusters, documents, tree, patch, owners, observe, activationMs, ready };
}

export function deactivate(): void {
  // Everything is in context.subscriptions (the sandbox child process included).
}
