// Keeps one pod's description current while its document is open: gets the pod and lists its
// events (the selector kubectl describe sends, uid included), then watches both from those
// resourceVersions and renders on every change. A watch that ends (timeout, 410, a dropped
// connection) starts the round again after a capped backoff; a deletion is said at the top and
// ends the feed. Ages move on without events, so the text is also rendered again every 30 s.
import { AbortedError, ApiError } from '../../core/cluster/apiError';
import { backoffDelay, sleep } from '../../core/cluster/backoff';
import type { PodClient } from '../../core/cluster/podClient';
import { listPodEvents, watchPodEvents, type CoreEvent } from '../../core/cluster/podEvents';
import type { WatchEvent } from '../../core/cluster/watchDecoder';
import { describePodText } from '../../core/describe/podDescription';
import type { Pod } from '../../core/pod';
import type { PodAddress } from '../documents/podUri';

const ageRefreshMs = 30_000;

export class PodDescribeSession {
  private pod: Pod | undefined;
  private readonly events = new Map<string, CoreEvent>();
  private notice: string | undefined;
  private deleted = false;
  private readonly controller = new AbortController();
  private readonly ageTimer: NodeJS.Timeout;
  /** Rounds of get+list+watch so far (tests wait for a re-list). */
  rounds = 0;

  constructor(readonly address: PodAddress, private readonly client: PodClient, private readonly changed: () => void) {
    this.ageTimer = setInterval(() => { if (this.pod) this.changed(); }, ageRefreshMs);
    void this.run();
  }

  text(now = Date.now()): string {
    const head = this.notice ? `[podpatch] ${this.notice}\n\n` : '';
    if (!this.pod) return head || `[podpatch] Reading pod ${this.address.namespace}/${this.address.name}…\n`;
    return head + describePodText(this.pod, [...this.events.values()], { now });
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    this.controller.abort();
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    const { namespace, name } = this.address;
    for (let failures = 0; !signal.aborted;) {
      this.rounds++;
      const round = new AbortController();
      const roundSignal = AbortSignal.any([signal, round.signal]);
      try {
        const pod = await this.client.getPod(namespace, name, { signal: roundSignal });
        const listed = await listPodEvents(this.client.transport, { namespace, name, uid: pod.metadata?.uid }, { signal: roundSignal });
        this.pod = pod;
        this.events.clear();
        for (const e of listed.items) this.events.set(e.metadata?.name ?? '', e);
        this.notice = undefined;
        failures = 0;
        this.changed();
        // Both watches run until one ends; then the round starts again from a fresh list.
        await Promise.race([
          this.follow(this.client.watchPods(namespace, { fieldSelector: `metadata.name=${name}`, resourceVersion: pod.metadata?.resourceVersion, signal: roundSignal }), (e) => this.onPod(e)),
          this.follow(watchPodEvents(this.client.transport, { namespace, name, uid: pod.metadata?.uid }, { resourceVersion: listed.resourceVersion, signal: roundSignal }), (e) => this.onEvent(e)),
        ]);
        if (this.deleted) return;
      } catch (err) {
        if (signal.aborted || err instanceof AbortedError) return;
        if (err instanceof ApiError && err.code === 404) {
          this.deleted = true;
          this.notice = this.pod ? 'Pod deleted: this is its last known state.' : `The pod ${namespace}/${name} does not exist.`;
          this.changed();
          return;
        }
        failures++;
        const wait = backoffDelay(failures, { baseMs: 1000, maxMs: 30_000 });
        this.notice = `Cannot reach the cluster (${err instanceof Error ? err.message : String(err)}); trying again in ${Math.round(wait / 1000)} s. The text below may be out of date.`;
        this.changed();
        await sleep(wait, signal).catch(() => undefined);
      } finally {
        round.abort();
      }
    }
  }

  private async follow<T>(stream: AsyncGenerator<WatchEvent<T>[]>, apply: (e: WatchEvent<T>) => boolean): Promise<void> {
    for await (const batch of stream) {
      let any = false;
      for (const e of batch) any = apply(e) || any;
      if (any) this.changed();
      if (this.deleted) return;
    }
  }

  private onPod(e: WatchEvent<Pod>): boolean {
    if (e.type === 'DELETED') {
      this.pod = e.object;
      this.deleted = true;
      this.notice = 'Pod deleted: this is its last known state.';
      return true;
    }
    if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return false;
    this.pod = e.object;
    return true;
  }

  private onEvent(e: WatchEvent<CoreEvent>): boolean {
    const key = e.object.metadata?.name ?? '';
    if (e.type === 'DELETED') return this.events.delete(key);
    if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return false;
    this.events.set(key, e.object);
    return true;
  }
}
