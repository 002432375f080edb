// Edit Owner (podpatch.openOwner): opens the workload whose pod template makes a pod, as a YAML
// document that saving patches. From the CodeLens (the owner's address), an owner node of the
// tree, a pod node, or the palette (the active pod document, else a picked pod).
import * as vscode from 'vscode';
import { controllerRef } from '../../core/cluster/ownerChain';
import { isWorkloadKind } from '../../core/cluster/workloadResources';
import type { ClusterService } from '../cluster/clusterService';
import { messageOf } from '../cluster/clusterService';
import type { PodDocuments } from '../documents/podDocuments';
import type { PodAddress } from '../documents/podUri';
import { openPod } from '../tree/podCommands';
import { podFromArgument } from '../tree/podPicker';
import type { OwnerLookup } from './ownerLookup';

export function registerOwnerCommands(clusters: ClusterService, documents: PodDocuments, owners: OwnerLookup, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('podpatch.openOwner', async (arg?: unknown) => {
      const owner = ownerAddress(arg) ?? (await ownerOfPod(arg, clusters, documents, owners));
      if (!owner) return undefined;
      try {
        const editor = await openPod(owner, clusters, documents);
        revealTemplate(editor);
        return editor;
      } catch (err) {
        log.error(`Cannot open ${owner.workload} ${owner.namespace}/${owner.name}: ${messageOf(err)}`);
        void vscode.window.showErrorMessage(`Cannot open ${owner.workload} ${owner.namespace}/${owner.name}: ${messageOf(err)}`);
        return undefined;
      }
    }),
  ];
}

/** The argument names an owner already: the CodeLens's address or an owner node of the tree. */
function ownerAddress(arg: unknown): PodAddress | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  if (typeof a.context !== 'string' || typeof a.namespace !== 'string') return undefined;
  if (isWorkloadKind(a.workload) && typeof a.name === 'string') return { context: a.context, namespace: a.namespace, name: a.name, workload: a.workload };
  if (a.kind === 'owner' && isWorkloadKind(a.ownerKind) && typeof a.ownerName === 'string') return { context: a.context, namespace: a.namespace, name: a.ownerName, workload: a.ownerKind };
  return undefined;
}

async function ownerOfPod(arg: unknown, clusters: ClusterService, documents: PodDocuments, owners: OwnerLookup): Promise<PodAddress | undefined> {
  const pod = await podFromArgument(arg, clusters);
  if (!pod) return undefined;
  // The open document's pod, else the watch's summary (which keeps the controller owner).
  const base = documents.get(documents.uriFor(pod.context, pod.namespace, pod.name))?.base;
  const ref = base ? controllerRef(base.metadata?.ownerReferences) : clusters.getWatchCache(pod.context)?.get(pod.namespace, pod.name)?.owner ?? null;
  if (!ref) {
    void vscode.window.showInformationMessage(`No controller manages pod ${pod.namespace}/${pod.name}: edit the pod itself.`);
    return undefined;
  }
  const { chain, owner } = await owners.templateOwner(pod.context, pod.namespace, ref);
  if (!owner) {
    const top = chain[chain.length - 1];
    void vscode.window.showInformationMessage(`Pod ${pod.namespace}/${pod.name} is managed by ${top.kind} ${top.name}, which podpatch cannot edit (it edits Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs).`);
    return undefined;
  }
  return { context: pod.context, namespace: pod.namespace, name: owner.name, workload: owner.kind };
}

/** Puts the cursor on `template:` under spec, where the pod template starts. */
function revealTemplate(editor: vscode.TextEditor): void {
  const lines = editor.document.getText().split('\n');
  const spec = lines.findIndex((l) => /^spec:\s*$/.test(l));
  const template = spec < 0 ? -1 : lines.findIndex((l, i) => i > spec && /^ {2}template:\s*$/.test(l));
  if (template < 0) return;
  const at = new vscode.Position(template, 2);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
