// What the editing features need from the rest of the extension: the cluster service's slice
// they call, the open pod documents, and the log.
import type * as vscode from 'vscode';
import type { Pod } from '../../core/pod';
import type { Profile } from '../../core/rules/profile';
import type { RuleSettings } from '../../core/rules/checkPodUpdate';
import type { PodPatchType } from '../../core/patch/patchTypes';
import type { PodDocuments } from '../documents/podDocuments';
import type { WorkloadKind } from '../../core/cluster/workloadResources';
import type { PodWatchCacheLike, WatchBatch } from '../cluster/clusterBackend';
import type { ConnectionState } from '../cluster/clusterService';

/** The calls the patch features make on a context's pod client (satisfied by core's PodClient). */
export interface PatchClientLike {
  getPod(ns: string, name: string, opts: { signal?: AbortSignal }): Promise<Pod>;
  patchPod(ns: string, name: string, patch: unknown, opts: { type?: PodPatchType; dryRun?: boolean; signal?: AbortSignal }): Promise<Pod>;
  createPod(ns: string, pod: Pod, opts: { signal?: AbortSignal }): Promise<Pod>;
  deletePod(ns: string, name: string, opts: { signal?: AbortSignal }): Promise<unknown>;
  getWorkload(kind: WorkloadKind, ns: string, name: string, opts: { signal?: AbortSignal }): Promise<Pod>;
  patchWorkload(kind: WorkloadKind, ns: string, name: string, patch: unknown, opts: { type?: PodPatchType; dryRun?: boolean; signal?: AbortSignal }): Promise<Pod>;
}

/** The slice of ClusterService the patch features use. */
export interface PatchClusters {
  readonly currentContext: string | undefined;
  getClient(context?: string): PatchClientLike;
  getWatchCache(context?: string): PodWatchCacheLike | undefined;
  profileFor(context: string | undefined): Profile;
  /** The profile with the context's detected release, feature gates and resize split. */
  ruleSettingsFor(context: string | undefined): RuleSettings;
  /** A context's detected release arrived: its rules changed. */
  readonly onDidChangeRules: vscode.Event<string>;
  defaultNamespace(context?: string): string;
  connectionState(context: string): ConnectionState;
  readonly onDidChangePods: vscode.Event<{ context: string; batch: WatchBatch }>;
  readonly onDidChangeContext: vscode.Event<string | undefined>;
}

export type PatchDeps = {
  clusters: PatchClusters;
  documents: PodDocuments;
  log: vscode.LogOutputChannel;
};
