// Resolves which pod a command is about: a tree node, a pod document's URI, or else the user's
// pick from the current context's pods (all of them, from the watch cache's summaries).
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/clusterService';
import { messageOf } from '../cluster/clusterService';
import { podStatusText } from './podRow';
import { parsePodUri, type PodAddress } from '../documents/podUri';

export async function podFromArgument(arg: unknown, clusters: ClusterService): Promise<PodAddress | undefined> {
  if (isPodAddress(arg)) return { context: arg.context, namespace: arg.namespace, name: arg.name };
  if (arg instanceof vscode.Uri) return podAddressOf(arg);
  // From the palette while a pod document is active, that pod is the one meant.
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active && podAddressOf(active);
  return fromEditor || pickPod(clusters);
}

export async function pickPod(clusters: ClusterService): Promise<PodAddress | undefined> {
  const context = clusters.currentContext;
  if (!context) {
    void vscode.window.showErrorMessage('No Kubernetes context: set up a kubeconfig, or run "podpatch: Start Sandbox Cluster".');
    return undefined;
  }
  let cache;
  try {
    cache = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Listing pods of ${context}` },
      () => clusters.whenSynced(context),
    );
  } catch (err) {
    void vscode.window.showErrorMessage(`Cannot list pods of ${context}: ${messageOf(err)}`);
    return undefined;
  }
  const selected = clusters.selectedNamespaces(context);
  const pods = selected ? selected.flatMap((ns) => cache.pods(ns)) : cache.pods();
  const items = pods.map((s) => ({ label: s.name, description: `${s.namespace} · ${podStatusText(s)} · ${s.ready}/${s.total}`, address: { context, namespace: s.namespace, name: s.name } })).sort((a, b) => a.description.localeCompare(b.description) || a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { title: `Pods of ${context}`, placeHolder: 'Type to find a pod', matchOnDescription: true });
  return picked?.address;
}

/** A pod document's address (a workload document is not a pod). */
function podAddressOf(uri: vscode.Uri): PodAddress | undefined {
  const address = parsePodUri(uri);
  return address && !address.workload ? address : undefined;
}

function isPodAddress(arg: unknown): arg is PodAddress {
  if (typeof arg !== 'object' || arg === null) return false;
  const a = arg as Record<string, unknown>;
  return typeof a.context === 'string' && typeof a.namespace === 'string' && typeof a.name === 'string';
}
