// The controller chains of pods, per context (core's OwnerChains over the context's client): the
// tree, the CodeLens and Edit Owner ask here. Answers are cached briefly by core; a context switch
// or a new kubeconfig drops them, and a pod batch naming an owner not seen before is simply a miss.
import * as vscode from 'vscode';
import { OwnerChains, templateOwner, type OwnerLink } from '../../core/cluster/ownerChain';
import type { ClusterService } from '../cluster/clusterService';
import { DisposableBase } from '../lifecycle/disposableBase';

const lookupTimeoutMs = 15_000;

export class OwnerLookup extends DisposableBase {
  private readonly chains = new Map<string, OwnerChains>();
  private readonly resolvedEmitter = this.register(new vscode.EventEmitter<{ context: string; namespace: string }>());
  /** A chain arrived that was not cached before (the tree regroups that namespace). */
  readonly onDidResolve = this.resolvedEmitter.event;

  constructor(private readonly clusters: ClusterService, private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(clusters.onDidChangeContexts(() => this.chains.clear()));
  }

  /** The chain above `ref` from the cache, or undefined (then `resolve` fetches it). */
  cached(context: string, namespace: string, ref: OwnerLink): OwnerLink[] | undefined {
    return this.chainsOf(context).cached(namespace, ref);
  }

  /** The chain above `ref`; on failure the chain known so far (at least `ref`) and a log line. */
  async resolve(context: string, namespace: string, ref: OwnerLink, signal?: AbortSignal): Promise<OwnerLink[]> {
    const chains = this.chainsOf(context);
    const known = chains.cached(namespace, ref);
    if (known) return known;
    const timeout = AbortSignal.timeout(lookupTimeoutMs);
    try {
      const chain = await chains.resolve(namespace, ref, signal ? AbortSignal.any([signal, timeout]) : timeout);
      this.resolvedEmitter.fire({ context, namespace });
      return chain;
    } catch (err) {
      this.log.warn(`Cannot read the owners of ${ref.kind} ${namespace}/${ref.name} in ${context}: ${err instanceof Error ? err.message : String(err)}`);
      return [ref];
    }
  }

  /** The workload whose pod template makes pods of `ref` (a Deployment for its ReplicaSet's pods). */
  async templateOwner(context: string, namespace: string, ref: OwnerLink, signal?: AbortSignal): Promise<{ chain: OwnerLink[]; owner: ReturnType<typeof templateOwner> }> {
    const chain = await this.resolve(context, namespace, ref, signal);
    return { chain, owner: templateOwner(chain) };
  }

  /** Drops every cached answer (Refresh). */
  clear(): void {
    for (const c of this.chains.values()) c.clear();
  }

  private chainsOf(context: string): OwnerChains {
    let chains = this.chains.get(context);
    if (!chains) {
      chains = new OwnerChains((kind, ns, name, signal) => this.clusters.getClient(context).getWorkload(kind, ns, name, { signal }));
      this.chains.set(context, chains);
    }
    return chains;
  }
}
