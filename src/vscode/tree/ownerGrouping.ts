// Owners in the pod tree: each pod row names the workload that makes it (`deploy/web`, from the
// pod's controller chain: ReplicaSet web-7d9c6b5f8 → Deployment web), its tooltip the whole chain,
// and "Group Pods by Owner" (podpatch.groupPodsByOwner, a user setting toggled from the view's
// title bar) puts a namespace's pods under owner nodes (Deployment web → its pods; pods without
// an owner directly under the namespace). The provider calls in here through a few small hooks.
import * as vscode from 'vscode';
import { describeChain, templateOwner, type OwnerLink } from '../../core/cluster/ownerChain';
import { isWorkloadKind, shortOwner } from '../../core/cluster/workloadResources';
import { DisposableBase } from '../lifecycle/disposableBase';
import type { OwnerLookup } from '../owners/ownerLookup';

export type OwnerNode = { kind: 'owner'; id: string; context: string; namespace: string; ownerKind: string; ownerName: string };

/** What grouping reads of a pod row (the tree's PodSummary has it). */
type PodRow = { namespace: string; name: string; owner?: { kind: string; name: string } };

const settingKey = 'groupPodsByOwner';
const lookupsInFlight = 8;
const contextKey = 'podpatch.groupedByOwner';

const kindIcons: Record<string, string> = { Deployment: 'layers', ReplicaSet: 'copy', StatefulSet: 'database', DaemonSet: 'server', Job: 'run-all', CronJob: 'watch' };

export class OwnerGrouping extends DisposableBase {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  /** Grouping was turned on or off (the whole tree is redrawn). */
  readonly onDidChange = this.changeEmitter.event;
  private on = readSetting();
  /** A chain was fetched: rows showing the direct owner can name the top one. */
  readonly onDidResolveOwner: vscode.Event<{ context: string; namespace: string }>;

  constructor(private readonly owners: OwnerLookup) {
    super();
    this.onDidResolveOwner = owners.onDidResolve;
    void vscode.commands.executeCommand('setContext', contextKey, this.on);
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`podpatch.${settingKey}`) || readSetting() === this.on) return;
      this.on = readSetting();
      void vscode.commands.executeCommand('setContext', contextKey, this.on);
      this.changeEmitter.fire();
    }));
    this.register(vscode.commands.registerCommand('podpatch.groupByOwner', () => setGrouped(true)));
    this.register(vscode.commands.registerCommand('podpatch.ungroupByOwner', () => setGrouped(false)));
  }

  get enabled(): boolean {
    return this.on;
  }

  /** The row's owner, short: `deploy/web` once the chain is known, else its direct owner. */
  describeOwner(context: string, pod: PodRow): string | undefined {
    if (!pod.owner) return undefined;
    const chain = this.owners.cached(context, pod.namespace, pod.owner);
    if (!chain) void this.owners.resolve(context, pod.namespace, pod.owner); // the row is redrawn when it arrives
    const top = chain ? templateOwner(chain) ?? chain[chain.length - 1] : pod.owner;
    return shortOwner(top.kind, top.name);
  }

  /** The tooltip line: the chain from the top owner down to the pod. */
  ownerTooltip(context: string, pod: PodRow): string | undefined {
    if (!pod.owner) return undefined;
    const chain = this.owners.cached(context, pod.namespace, pod.owner) ?? [pod.owner];
    return `Managed by ${describeChain([...chain].reverse())}: a change made to the pod lasts until the controller replaces it; edit the owner's pod template instead.`;
  }

  /** The namespace's children when grouped: owner nodes (by kind, then name), then pods without an owner. */
  async group<R extends PodRow, P>(context: string, namespace: string, pods: readonly R[], podNode: (row: R) => P, ownerNode: (owner: OwnerLink) => OwnerNode): Promise<(P | OwnerNode)[]> {
    const owners = new Map<string, OwnerLink>();
    const loose: P[] = [];
    const tops = await this.topOwners(context, namespace, pods);
    for (const pod of pods) {
      const top = pod.owner && tops.get(refKey(pod.owner));
      if (!top) loose.push(podNode(pod));
      else owners.set(refKey(top), top);
    }
    const sorted = [...owners.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    return [...sorted.map(ownerNode), ...loose];
  }

  /** The pods under an owner node, in the order of `pods` (their owners looked up first). */
  async podsOf<R extends PodRow>(node: OwnerNode, pods: readonly R[]): Promise<R[]> {
    const tops = await this.topOwners(node.context, node.namespace, pods);
    return pods.filter((p) => isOf(node, p.owner && tops.get(refKey(p.owner))));
  }

  /** The pods under an owner node as far as the owner cache knows now (for a row's text, a count, reveal: no await). */
  cachedPodsOf<R extends PodRow>(node: OwnerNode, pods: readonly R[]): R[] {
    // One cache lookup per direct owner (a ReplicaSet's thousands of pods share theirs).
    const tops = new Map<string, OwnerLink | undefined>();
    return pods.filter((p) => {
      if (!p.owner) return false;
      const k = refKey(p.owner);
      if (!tops.has(k)) tops.set(k, this.parentOwner(node.context, p));
      return isOf(node, tops.get(k));
    });
  }

  /** The owner node a pod sits under, from the cache (for reveal); undefined: directly under its namespace. */
  parentOwner(context: string, pod: PodRow): OwnerLink | undefined {
    if (!pod.owner) return undefined;
    const chain = this.owners.cached(context, pod.namespace, pod.owner);
    return chain ? templateOwner(chain) ?? chain[chain.length - 1] : undefined;
  }

  ownerItem(node: OwnerNode, podCount: number): vscode.TreeItem {
    const item = new vscode.TreeItem(node.ownerName, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.description = `${node.ownerKind} · ${podCount} pod${podCount === 1 ? '' : 's'}`;
    item.iconPath = new vscode.ThemeIcon(kindIcons[node.ownerKind] ?? 'symbol-class');
    item.contextValue = isWorkloadKind(node.ownerKind) ? 'owner.editable' : 'owner';
    item.accessibilityInformation = { label: `${node.ownerKind} ${node.ownerName}, ${podCount} pod${podCount === 1 ? '' : 's'}` };
    item.tooltip = new vscode.MarkdownString(`**${node.ownerKind} ${node.ownerName}** in ${node.namespace}\n\n${isWorkloadKind(node.ownerKind) ? `Its pods are made from its pod template: right-click → Edit Owner to change it.` : ''}`);
    return item;
  }

  /** The top owner of each distinct direct owner among `pods` (one lookup each, cached). */
  private async topOwners(context: string, namespace: string, pods: readonly PodRow[]): Promise<Map<string, OwnerLink>> {
    const direct = new Map<string, OwnerLink>();
    for (const p of pods) if (p.owner) direct.set(refKey(p.owner), p.owner);
    const out = new Map<string, OwnerLink>();
    const queue = [...direct];
    // At most `lookupsInFlight` GETs at once: a namespace of many ReplicaSets must not flood the API server.
    const worker = async () => {
      for (let next = queue.pop(); next; next = queue.pop()) {
        const [k, ref] = next;
        const chain = this.owners.cached(context, namespace, ref) ?? (await this.owners.resolve(context, namespace, ref));
        out.set(k, templateOwner(chain) ?? chain[chain.length - 1]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(lookupsInFlight, queue.length) }, worker));
    return out;
  }
}

function isOf(node: OwnerNode, top: OwnerLink | undefined): boolean {
  return !!top && top.kind === node.ownerKind && top.name === node.ownerName;
}

function refKey(ref: OwnerLink): string {
  return `${ref.kind}/${ref.name}`;
}

function readSetting(): boolean {
  return vscode.workspace.getConfiguration('podpatch').get<boolean>(settingKey, false);
}

async function setGrouped(on: boolean): Promise<void> {
  // A view preference: the user's settings, like VS Code's own view toggles (e.g. explorer.compactFolders).
  await vscode.workspace.getConfiguration('podpatch').update(settingKey, on, vscode.ConfigurationTarget.Global);
}
