// The edit pipeline's first half for open documents: one parse per text version (ParsedTextCache)
// and one analyzeEdit per version and base, shared by the diagnostics, the quick fixes, the
// preview, the save and the 422 mapping. Also decides what a document is edited against: a
// `podpatch:` document its tracked base; a local YAML file holding a Pod the live pod of that
// namespace and name in the current context (fetched when the watch cache has it).
import * as vscode from 'vscode';
import { restrictedSetting } from '../cluster/restrictedSettings';
import type { Pod } from '../../core/pod';
import type { RuleSettings } from '../../core/rules/checkPodUpdate';
import { isPlainObject } from '../../core/pod';
import { isPodPatchType, type PodPatchType } from '../../core/patch/patchTypes';
import { analyzeEdit, type EditAnalysis, type EditTarget } from '../../core/edit/analyzeEdit';
import { ParsedTextCache } from '../../core/edit/parsedTextCache';
import { DisposableBase } from '../lifecycle/disposableBase';
import { ResourceMap } from '../lifecycle/resourceMap';
import type { PodDocuments } from './podDocuments';
import type { TrackedPodDocument } from './trackedPodDocument';
import type { PatchClusters } from '../patch/patchDeps';

export type DocumentTarget = EditTarget & {
  uri: vscode.Uri;
  /** 'pod': a podpatch: document (base = its tracked base; a pod, or a workload when `workload` is set); 'file': a local manifest (base = the live pod). */
  kind: 'pod' | 'file';
  base: Pod;
  /** The profile with the context's detected release (one object per context and inputs). */
  profile: RuleSettings;
  tracked?: TrackedPodDocument;
};

export type DocumentAnalysis = {
  version: number;
  analysis: EditAnalysis;
  target?: DocumentTarget;
  /** Why there is no target, in words for a command to say. */
  why?: string;
};

type Cached = DocumentAnalysis & { base?: Pod; profile: RuleSettings; patchType: PodPatchType };

export class DocumentAnalyzer extends DisposableBase {
  private readonly parses = new ParsedTextCache();
  private readonly results = new ResourceMap<Cached>();

  constructor(private readonly clusters: PatchClusters, private readonly documents: PodDocuments) {
    super();
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
  }

  /** Whether podpatch looks at this document at all (a pod document, or a YAML file that may hold a Pod). */
  wants(document: vscode.TextDocument): boolean {
    if (this.documents.get(document.uri)) return true;
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') return false;
    return isYamlDocument(document) && mayHoldPod(document.getText());
  }

  /** The analysis of the document's current version (computed once per version and base). */
  analyze(document: vscode.TextDocument, opts: { patchType?: PodPatchType } = {}): DocumentAnalysis | undefined {
    if (!this.wants(document)) return undefined;
    // A workload's edit is always a merge patch: strategic merge needs each kind's schema, which podpatch keeps for pods only.
    const patchType = this.documents.get(document.uri)?.workload ? 'merge' : opts.patchType ?? configuredPatchType();
    const text = document.getText();
    const key = document.uri.toString();
    const parsed = this.parses.get(key, document.version, text);
    const probe = this.resolveTarget(document, parsed.documents);
    const target = 'error' in probe ? undefined : probe;
    const profile = target?.profile ?? this.clusters.ruleSettingsFor(this.clusters.currentContext);
    const cached = this.results.get(document.uri);
    if (cached && cached.version === document.version && cached.base === target?.base && cached.profile === profile && cached.patchType === patchType && cached.target?.kind === target?.kind) {
      return cached;
    }
    const missing = 'error' in probe ? probe.missing : undefined;
    const analysis = analyzeEdit(text, target?.base, {
      profile,
      patchType,
      parsed,
      partial: target?.kind === 'file' || (!target && document.uri.scheme !== 'podpatch'),
      requirePod: document.uri.scheme === 'podpatch',
      target: target ?? missing,
    });
    const result: Cached = { version: document.version, analysis, target, why: 'error' in probe ? probe.error : undefined, base: target?.base, profile, patchType };
    this.results.set(document.uri, result);
    return result;
  }

  forget(uri: vscode.Uri): void {
    this.results.delete(uri);
    this.parses.forget(uri.toString());
  }

  private resolveTarget(document: vscode.TextDocument, parsedDocs: readonly { value: unknown }[]): DocumentTarget | { error: string; missing?: EditTarget } {
    const tracked = this.documents.get(document.uri);
    if (tracked) {
      const target: DocumentTarget = { uri: document.uri, kind: 'pod', context: tracked.context, namespace: tracked.namespace, name: tracked.name, base: tracked.base, profile: this.clusters.ruleSettingsFor(tracked.context), tracked };
      if (tracked.workload) target.workload = tracked.workload;
      return target;
    }
    if (document.uri.scheme === 'podpatch') return { error: 'This pod document has no base yet: open it again from the Pods view.' };
    const pod = parsedDocs.map((d) => d.value).find((v): v is Pod => isPlainObject(v) && v.kind === 'Pod');
    if (!pod) return { error: 'This file does not hold a Pod manifest (kind: Pod).' };
    const name = pod.metadata?.name;
    if (!name) return { error: 'The Pod manifest has no metadata.name: cannot tell which pod to compare it with.' };
    const context = this.clusters.currentContext;
    if (!context) return { error: 'No Kubernetes context: set up a kubeconfig, or run "podpatch: Start Sandbox Cluster".' };
    const namespace = typeof pod.metadata?.namespace === 'string' ? pod.metadata.namespace : this.clusters.defaultNamespace(context);
    const base = this.documents.baseForLocalFile(namespace, name);
    if (base === 'fetching') return { error: `Fetching the live pod ${namespace}/${name} from ${context}…` };
    if (!base) {
      // Only a watch that has listed every pod can say the pod is not there.
      const loaded = this.clusters.connectionState(context).status === 'ready';
      return { error: `There is no pod ${namespace}/${name} in the context ${context}${loaded ? '' : ' (or it is not loaded yet)'}.`, missing: loaded ? { context, namespace, name } : undefined };
    }
    return { uri: document.uri, kind: 'file', context, namespace, name, base, profile: this.clusters.ruleSettingsFor(context) };
  }
}

export function configuredPatchType(): PodPatchType {
  const t = restrictedSetting<string>(vscode.workspace.getConfiguration('podpatch'), 'patchType', 'merge', vscode.workspace.isTrusted);
  return isPodPatchType(t) ? t : 'merge';
}

export function isYamlDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' || /\.ya?ml$/i.test(document.uri.path);
}

/** A cheap look for "kind: Pod" before paying for a parse of every YAML file the user opens. */
export function mayHoldPod(text: string): boolean {
  return /^kind:\s*["']?Pod["']?\s*(#.*)?$/m.test(text) || /"kind"\s*:\s*"Pod"/.test(text);
}
