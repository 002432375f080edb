// Commands about one pod: Open Pod, Copy Pod Name, Delete Pod.
import * as vscode from 'vscode';
import { AbortedError, ApiError } from '../../core/cluster/apiError';
import type { ClusterService } from '../cluster/clusterService';
import { messageOf } from '../cluster/clusterService';
import { toAbortSignal } from '../cluster/cancellation';
import type { PodDocuments } from '../documents/podDocuments';
import { isNewer } from '../../core/cluster/resourceVersion';
import { podFromArgument } from './podPicker';
import { podUri, type PodAddress } from '../documents/podUri';

export function registerPodCommands(clusters: ClusterService, documents: PodDocuments, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('podpatch.openPod', async (arg?: unknown) => {
      const pod = await podFromArgument(arg, clusters);
      if (pod) await openPod(pod, clusters, documents);
    }),
    vscode.commands.registerCommand('podpatch.copyPodName', async (arg?: unknown) => {
      const pod = await podFromArgument(arg, clusters);
      if (!pod) return;
      await vscode.env.clipboard.writeText(pod.name);
      vscode.window.setStatusBarMessage(`Copied ${pod.name}`, 3000);
    }),
    vscode.commands.registerCommand('podpatch.deletePod', async (arg?: unknown) => {
      const pod = await podFromArgument(arg, clusters);
      if (pod) await deletePod(pod, clusters, log);
    }),
  ];
}

/** Opens a pod's document, or a workload's when the address names one (`workload`). */
export async function openPod(pod: PodAddress, clusters: ClusterService, documents: PodDocuments): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(podUri(pod.context, pod.namespace, pod.name, pod.workload));
  if (doc.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  // VS Code hands back a document it still holds without reading it again: when that one is
  // clean but older than the live pod the watch has seen (its summary's resourceVersion), read it now.
  const entry = documents.get(doc.uri);
  const live = pod.workload ? undefined : clusters.getWatchCache(pod.context)?.get(pod.namespace, pod.name);
  if (entry && live && !doc.isDirty && isNewer(live.resourceVersion, entry.resourceVersion)) {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  return editor;
}

async function deletePod(pod: PodAddress, clusters: ClusterService, log: vscode.LogOutputChannel): Promise<void> {
  const label = `${pod.namespace}/${pod.name}`;
  const live = clusters.getWatchCache(pod.context)?.get(pod.namespace, pod.name);
  const owner = live?.owner;
  const detail = owner
    ? `${owner.kind}/${owner.name} manages this pod and will create a replacement (with a new name and IP).`
    : 'No controller manages this pod: it will not come back. Its status, IP and restart history are lost.';
  const choice = await vscode.window.showWarningMessage(`Delete pod ${label} from ${pod.context}?`, { modal: true, detail }, 'Delete');
  if (choice !== 'Delete') return;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deleting pod ${label}`, cancellable: true },
      (_progress, token) => clusters.getClient(pod.context).deletePod(pod.namespace, pod.name, { signal: toAbortSignal(token) }),
    );
    log.info(`Deleted pod ${label} of ${pod.context}`);
    vscode.window.setStatusBarMessage(`Deleted pod ${label}`, 5000);
  } catch (err) {
    if (err instanceof AbortedError || err instanceof vscode.CancellationError) return;
    const gone = err instanceof ApiError && err.code === 404;
    log.error(`Delete of ${label} failed: ${messageOf(err)}`);
    void vscode.window.showErrorMessage(gone ? `The pod ${label} no longer exists.` : `Could not delete pod ${label}: ${messageOf(err)}`);
  }
}
