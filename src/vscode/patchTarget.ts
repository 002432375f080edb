// What a buffer is edited against: for a `podpatch:` document, the pod it was opened from (the
// document store); for a local YAML file holding a Pod, the live pod with the same namespace and
// name in the current context (the watch cache). Shared by diagnostics, code actions and commands.
import * as vscode from 'vscode';
import type { Pod } from '../core/pod';
import type { Profile } from '../core/rules/profile';
import { isPlainObject } from '../core/pod';
import { parsePodManifest } from '../core/yaml/manifestParser';
import type { PodDocumentStore } from './podDocumentStore';
import type { PodWatchCacheLike, WatchBatch } from './clusterBackend';

/** The calls the patch features make on a context's pod client (satisfied by core's PodClient). */
export interface PatchClientLike {
  getPod(ns: string, name: string, opts: { signal?: AbortSignal }): Promise<Pod>;
  patchPod(ns: string, name: string, patch: unknown, opts: { type?: 'merge' | 'strategic' | 'json'; dryRun?: boolean; signal?: AbortSignal }): Promise<Pod>;
  createPod(ns: string, pod: Pod, opts: { signal?: AbortSignal }): Promise<Pod>;
  deletePod(ns: string, name: string, opts: { signal?: AbortSignal }): Promise<unknown>;
}

/** The slice of ClusterService the patch features use. */
export interface PatchClusters {
  readonly currentContext: string | undefined;
  getClient(context?: string): PatchClientLike;
  getWatchCache(context?: string): PodWatchCacheLike | undefined;
  profileFor(context: string | undefined): Profile;
  defaultNamespace(context?: string): string;
  readonly onDidChangePods: vscode.Event<{ context: string; batch: WatchBatch }>;
  readonly onDidChangeContext: vscode.Event<string | undefined>;
}

export type PatchDeps = {
  clusters: PatchClusters;
  documents: PodDocumentStore;
  log: vscode.LogOutputChannel;
};

export type PatchTarget = {
  uri: vscode.Uri;
  /** 'pod': a podpatch: document (base from the store); 'file': a local manifest (base = live pod). */
  kind: 'pod' | 'file';
  context: string;
  namespace: string;
  name: string;
  base: Pod;
  profile: Profile;
};

export function isYamlDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' || /\.ya?ml$/i.test(document.uri.path);
}

/** The base of a document, or why there is none (for commands to tell the user). */
export function resolvePatchTarget(document: vscode.TextDocument, deps: PatchDeps, editedPod?: Pod): PatchTarget | { error: string } {
  const entry = deps.documents.get(document.uri);
  if (entry) {
    return { uri: document.uri, kind: 'pod', context: entry.context, namespace: entry.namespace, name: entry.name, base: entry.base, profile: deps.clusters.profileFor(entry.context) };
  }
  if (document.uri.scheme === 'podpatch') return { error: 'This pod document has no base yet: open it again from the Pods view.' };
  const pod = editedPod ?? podInText(document.getText());
  if (!pod) return { error: 'This file does not hold a Pod manifest (kind: Pod).' };
  const name = pod.metadata?.name;
  if (!name) return { error: 'The Pod manifest has no metadata.name: cannot tell which pod to compare it with.' };
  const context = deps.clusters.currentContext;
  if (!context) return { error: 'No Kubernetes context: set up a kubeconfig, or run "podpatch: Start Sandbox Cluster".' };
  const namespace = pod.metadata?.namespace ?? deps.clusters.defaultNamespace(context);
  const base = deps.documents.baseForLocalFile(namespace, name);
  if (!base) return { error: `There is no pod ${namespace}/${name} in the context ${context} (or it is not loaded yet).` };
  return { uri: document.uri, kind: 'file', context, namespace, name, base, profile: deps.clusters.profileFor(context) };
}

export function isTarget(t: PatchTarget | { error: string }): t is PatchTarget {
  return !('error' in t);
}

/** A cheap look for "kind: Pod" before paying for a parse of every YAML file the user opens. */
export function mayHoldPod(text: string): boolean {
  return /^kind:\s*["']?Pod["']?\s*(#.*)?$/m.test(text) || /"kind"\s*:\s*"Pod"/.test(text);
}

function podInText(text: string): Pod | undefined {
  if (!mayHoldPod(text)) return undefined;
  const parsed = parsePodManifest(text);
  return parsed.ok && isPlainObject(parsed.pod) ? parsed.pod : undefined;
}
