// After podpatch sent a resize, the pod is followed through the watch until the server reports the
// resize done (no PodResize* condition, every container running with its spec) or refused by the
// node (PodResizePending, Infeasible): one message for that event, naming the resize. What the
// server reports meanwhile is shown by the tree, the document's lens and its diagnostics, which
// read the pod itself; this only speaks once per resize.
import * as vscode from 'vscode';
import type { Pod } from '../../core/pod';
import { describeResize, resizeProgress } from '../../core/resizeProgress';
import { DisposableBase } from '../lifecycle/disposableBase';
import type { PatchDeps } from './patchDeps';
import type { PatchNotices } from './patchNotices';
import { isNewer } from '../../core/cluster/resourceVersion';

/** Long enough for a kubelet to get to it; a follow that outlives it ends quietly (the views keep showing the state). */
const followMs = 10 * 60_000;

type Follow = { resourceVersion: string; stop: () => void };

export class ResizeFollower extends DisposableBase {
  private readonly follows = new Map<string, Follow>();
  private readonly outcomeEmitter = this.register(new vscode.EventEmitter<{ context: string; namespace: string; name: string; outcome: 'done' | 'infeasible' }>());
  /** A followed resize ended (tests wait on it). */
  readonly onDidEnd = this.outcomeEmitter.event;

  constructor(private readonly deps: PatchDeps, private readonly notices: PatchNotices) {
    super();
  }

  /** Follows the resize that produced `pod` (the PATCH .../resize answer). */
  follow(context: string, pod: Pod): void {
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const key = `${context}\u0000${namespace}\u0000${name}`;
    this.follows.get(key)?.stop();
    const label = `${namespace}/${name}`;
    // The watch keeps summaries: a newer version of the pod is fetched to read its containers.
    const abort = new AbortController();
    const fetchAndCheck = () => {
      this.deps.clusters.getClient(context).getPod(namespace, name, { signal: AbortSignal.any([abort.signal, AbortSignal.timeout(15_000)]) })
        .then((pod) => { if (this.follows.get(key) === entry && isNewer(pod.metadata?.resourceVersion ?? '', entry.resourceVersion)) this.check(context, label, pod, stop); }, () => undefined);
    };
    const subscription = this.deps.clusters.onDidChangePods(({ context: c, batch }) => {
      if (c !== context) return;
      if (batch.deleted.some((p) => p.namespace === namespace && p.name === name)) return stop();
      const latest = [...batch.modified, ...batch.added].filter((p) => p.namespace === namespace && p.name === name).pop();
      // The resize's own write is no news: what the kubelet reports comes after it.
      if (latest && isNewer(latest.resourceVersion, entry.resourceVersion)) fetchAndCheck();
    });
    const timer = setTimeout(() => stop(), followMs);
    const stop = () => {
      abort.abort();
      subscription.dispose();
      clearTimeout(timer);
      if (this.follows.get(key) === entry) this.follows.delete(key);
    };
    const entry: Follow = { resourceVersion: pod.metadata?.resourceVersion ?? '', stop };
    this.follows.set(key, entry);
    // The watch may have delivered the kubelet's report before the PATCH answered.
    const cached = this.deps.clusters.getWatchCache(context)?.get(namespace, name);
    if (cached && isNewer(cached.resourceVersion, entry.resourceVersion)) fetchAndCheck();
  }

  private check(context: string, label: string, pod: Pod, stop: () => void): void {
    const progress = resizeProgress(pod);
    const [namespace, name] = label.split('/');
    if (!progress) {
      stop();
      this.deps.log.info(`Resize of ${label} done: every container runs with its resources`);
      vscode.window.setStatusBarMessage(`Resize of pod ${label} done: the containers run with the new resources.`, 8000);
      this.outcomeEmitter.fire({ context, namespace, name, outcome: 'done' });
      return;
    }
    if (progress.summary?.state === 'Pending' && progress.summary.reason === 'Infeasible') {
      stop();
      this.deps.log.warn(`Resize of ${label}: ${describeResize(progress.summary)}`);
      void this.notices.show('error', `Resize of ${label} was refused by the node (Infeasible): ${progress.summary.message ?? 'the node cannot give the pod these resources'}. The pod keeps running with its old resources; the request is marked on the resources in its editor.`);
      this.outcomeEmitter.fire({ context, namespace, name, outcome: 'infeasible' });
    }
  }

  override dispose(): void {
    for (const f of [...this.follows.values()]) f.stop();
    super.dispose();
  }
}
