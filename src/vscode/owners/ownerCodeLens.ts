// At the top of a controlled pod's document: who manages the pod and what that means for edits
// here, and a lens that opens the owner whose pod template makes it (the Deployment of a
// ReplicaSet's pod, the StatefulSet, DaemonSet or Job; a bare ReplicaSet itself).
import * as vscode from 'vscode';
import { controllerRef, describeChain, templateOwner } from '../../core/cluster/ownerChain';
import { DisposableBase } from '../lifecycle/disposableBase';
import type { PodDocuments } from '../documents/podDocuments';
import type { PodAddress } from '../documents/podUri';
import type { OwnerLookup } from './ownerLookup';

export class OwnerCodeLensProvider extends DisposableBase implements vscode.CodeLensProvider {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(private readonly documents: PodDocuments, private readonly owners: OwnerLookup) {
    super();
    // A new base may name another owner (the pod was replaced under the same name: a StatefulSet's).
    this.register(documents.onDidChange((e) => { if (e.reason === 'opened' || e.reason === 'base') this.changeEmitter.fire(); }));
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const tracked = this.documents.get(document.uri);
    if (!tracked || tracked.workload) return [];
    const ref = controllerRef(tracked.base.metadata?.ownerReferences);
    if (!ref) return [];
    // Not cancelled with the lens request (typing cancels it): other askers share the same GETs, bounded by the lookup's timeout.
    const chain = await this.owners.resolve(tracked.context, tracked.namespace, ref);
    if (token.isCancellationRequested) return [];
    const top = chain[chain.length - 1];
    const owner = templateOwner(chain);
    const top0 = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top0, {
        title: `$(info) Managed by ${top.kind} ${top.name}: changes here last until the pod is replaced`,
        tooltip: `${describeChain([...chain].reverse())} → pod ${tracked.name}. The controller makes new pods from its own template, so a change made to this pod is gone when the pod is replaced.`,
        command: '',
      }),
    ];
    if (owner) {
      const address: PodAddress = { context: tracked.context, namespace: tracked.namespace, name: owner.name, workload: owner.kind };
      lenses.push(new vscode.CodeLens(top0, {
        title: `Edit ${owner.kind} ${owner.name}'s pod template`,
        tooltip: `Open ${owner.kind} ${tracked.namespace}/${owner.name} as YAML; saving it patches the ${owner.kind}, and its controller replaces the pods.`,
        command: 'podpatch.openOwner',
        arguments: [address],
      }));
    }
    return lenses;
  }
}
