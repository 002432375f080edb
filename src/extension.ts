// Wiring only: creates the services, providers and commands and hands them to VS Code.
import * as vscode from 'vscode';
import { clusterBackend } from './vscode/clusterBackend';
import { ClusterService } from './vscode/clusterService';
import { createLogChannel } from './vscode/logChannel';
import { registerPatchFeatures, type PatchFeatures } from './vscode/patchFeatures';
import { registerPodCommands } from './vscode/podCommands';
import { PodDocumentStore } from './vscode/podDocumentStore';
import { PodDocumentWatcher } from './vscode/podDocumentWatcher';
import { PodFileSystem } from './vscode/podFileSystem';
import { PodTreeProvider } from './vscode/podTreeProvider';
import { SandboxLauncher } from './vscode/sandboxLauncher';
import { PodStatusBar } from './vscode/statusBar';
import { registerViewCommands } from './vscode/viewCommands';

/** What the extension returns from activate(): used by the extension-host tests. */
export type PodpatchApi = {
  clusters: ClusterService;
  documents: PodDocumentStore;
  tree: PodTreeProvider;
  patch: PatchFeatures;
  activationMs: number;
};

export async function activate(context: vscode.ExtensionContext): Promise<PodpatchApi> {
  const started = performance.now();
  const log = createLogChannel();
  const clusters = new ClusterService(clusterBackend, log, context.globalState);
  const documents = new PodDocumentStore(clusters);
  const patch = registerPatchFeatures(context, { clusters, documents, log });
  const fs = new PodFileSystem(clusters, documents, log, (uri, content) => patch.savePodDocument(uri, content));
  const tree = new PodTreeProvider(clusters);
  const sandbox = new SandboxLauncher(context, clusters, log);
  context.subscriptions.push(
    clusters,
    documents,
    fs,
    PodFileSystem.register(fs),
    tree,
    tree.createView('podpatch.pods'),
    new PodDocumentWatcher(clusters, documents, fs, log, (uri) => patch.rebaseDocument(uri)),
    new PodStatusBar(clusters, documents),
    sandbox,
    ...registerPodCommands(clusters, documents, log),
    ...registerViewCommands({ clusters, tree, log, sandbox }),
    log, // last: the others may still log while they are disposed
  );
  await clusters.reload();
  const activationMs = performance.now() - started;
  log.info(`podpatch activated in ${activationMs.toFixed(1)} ms`);
  return { clusters, documents, tree, patch, activationMs };
}

export function deactivate(): void {
  // Everything is in context.subscriptions (the sandbox child process included).
}
