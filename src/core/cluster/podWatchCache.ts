// An informer for pods: list, then watch from the list's resourceVersion; resume from the last
// seen resourceVersion (events and bookmarks) after a dropped stream; relist on 410 Gone; back off
// on repeated failures; deliver changes to subscribers in batches (one per `batchMs`). A list
// arrives page by page and each page is delivered at once, so a view can show the first pods while
// the rest stream. With a transform (client-go's cache.TransformFunc) the cache keeps only what the
// transform makes of each pod: the whole pod is let go on arrival, list pages included.
import type { Pod } from '../pod';
import { AbortedError, ApiError, apiErrorFromResponse } from './apiError';
import { backoffDelay, sleep } from './backoff';
import { PodChangeAccumulator, type PodChangeBatch } from './podChangeBatch';
import type { PodClient } from './podClient';
import type { WatchEvent } from './watchDecoder';

/** What the cache keeps of each pod, and how to read the resourceVersion back (watch bookkeeping). */
export type PodTransform<T> = { apply(pod: Pod): T; resourceVersion(kept: T): string };

const keepWholePods: PodTransform<Pod> = { apply: (pod) => pod, resourceVersion: (pod) => pod.metadata?.resourceVersion ?? '' };

export type PodWatchCacheOptions<T = Pod> = {
  /** What to keep of each pod; the whole pod when absent. */
  transform?: PodTransform<T>;
  /** Watch one namespace; all namespaces when absent. */
  namespace?: string;
  /** Only the pods this label selector matches (list and watch alike). */
  labelSelector?: string;
  batchMs?: number;
  pageSize?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Server-side watch timeout; random 5-10 min by default, like client-go's reflector. */
  watchTimeoutSeconds?: number;
};

export type Disposable = { dispose(): void };

export type PodWatchCacheStats = { lists: number; relists: number; watches: number; events: number; bookmarks: number };

class GoneError extends Error {}

function keyOf(pod: Pod): [string, string] {
  return [pod.metadata?.namespace ?? '', pod.metadata?.name ?? ''];
}

export class PodWatchCache<T = Pod> {
  private readonly byNamespace = new Map<string, Map<string, T>>();
  private readonly pending = new PodChangeAccumulator<T>();
  private readonly changeListeners = new Set<(batch: PodChangeBatch<T>) => void>();
  private readonly transform: PodTransform<T>;
  private readonly errorListeners = new Set<(err: unknown) => void>();
  private readonly abort = new AbortController();
  private flushTimer?: NodeJS.Timeout;
  private started?: Promise<void>;
  private rv = '';
  private watchProgressed = false;
  private podCount = 0;
  readonly stats: PodWatchCacheStats = { lists: 0, relists: 0, watches: 0, events: 0, bookmarks: 0 };

  constructor(private readonly client: PodClient, private readonly opts: PodWatchCacheOptions<T> = {}) {
    this.transform = opts.transform ?? (keepWholePods as unknown as PodTransform<T>);
  }

  /** The resourceVersion the cache is synced to. */
  get resourceVersion(): string {
    return this.rv;
  }

  get size(): number {
    return this.podCount;
  }

  /** Lists and starts watching; resolves once the first list is in the cache (rejects if that list fails). */
  start(): Promise<void> {
    if (!this.started) {
      this.started = new Promise((resolve, reject) => {
        this.run(resolve, reject).catch((err) => this.emitError(err));
      });
    }
    return this.started;
  }

  onDidChange(listener: (batch: PodChangeBatch<T>) => void): Disposable {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  onDidError(listener: (err: unknown) => void): Disposable {
    this.errorListeners.add(listener);
    return { dispose: () => this.errorListeners.delete(listener) };
  }

  pods(namespace?: string): T[] {
    if (namespace !== undefined) return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    const out: T[] = [];
    for (const m of this.byNamespace.values()) for (const p of m.values()) out.push(p);
    return out;
  }

  get(ns: string, name: string): T | undefined {
    return this.byNamespace.get(ns)?.get(name);
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  dispose(): void {
    this.abort.abort();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.changeListeners.clear();
    this.errorListeners.clear();
  }

  private get disposed(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(synced: () => void, failed: (err: unknown) => void): Promise<void> {
    let first = true;
    let needList = true;
    let failures = 0;
    while (!this.disposed) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
          if (first) { first = false; synced(); }
        }
        const progressed = await this.watchOnce();
        // A normal end (server timeout) re-watches at once; a stream that ends without any
        // progress again and again is a failure worth backing off from.
        failures = progressed ? 0 : failures + 1;
        if (failures > 1) await sleep(this.delay(failures - 2), this.abort.signal);
      } catch (err) {
        if (this.disposed || err instanceof AbortedError) return;
        if (first) { failed(err); this.dispose(); return; }
        if (err instanceof GoneError || (err instanceof ApiError && err.code === 410)) {
          // Our resourceVersion is older than the server's history: list again.
          needList = true;
          this.stats.relists++;
          failures++;
          if (failures > 1) await sleep(this.delay(failures - 2), this.abort.signal).catch(() => undefined);
          continue;
        }
        this.emitError(err);
        // A stream that worked for a while before it broke starts the backoff over.
        if (this.watchProgressed) failures = 0;
        const wait = failures === 0 ? 0 : this.delay(failures - 1);
        failures++;
        await sleep(wait, this.abort.signal).catch(() => undefined);
      }
    }
  }

  private delay(attempt: number): number {
    return backoffDelay(attempt, this.opts.backoff ?? { baseMs: 500, maxMs: 30_000 });
  }

  private async relist(): Promise<void> {
    let seen = new Set<string>();
    let resourceVersion = '';
    const pages = this.client.listPodPages(this.opts.namespace, { signal: this.abort.signal, pageSize: this.opts.pageSize, labelSelector: this.opts.labelSelector });
    for await (const page of pages) {
      if (page.restarted) seen = new Set();
      for (const pod of page.items) {
        const [ns, name] = keyOf(pod);
        seen.add(`${ns}/${name}`);
        this.put(ns, name, pod);
      }
      resourceVersion = page.resourceVersion;
      // Delivered page by page: the first rows show before the last page arrives.
      if (!page.last) this.flush();
    }
    this.stats.lists++;
    for (const [ns, pods] of this.byNamespace) {
      for (const [name, kept] of pods) if (!seen.has(`${ns}/${name}`)) this.removeKept(ns, name, kept);
    }
    this.rv = resourceVersion;
    this.flush();
  }

  /** One watch connection; true when it delivered anything (events or bookmarks). */
  private async watchOnce(): Promise<boolean> {
    this.stats.watches++;
    const timeoutSeconds = this.opts.watchTimeoutSeconds ?? Math.round(300 * (1 + Math.random()));
    let progressed = (this.watchProgressed = false);
    for await (const events of this.client.watchPods(this.opts.namespace, { resourceVersion: this.rv, signal: this.abort.signal, allowBookmarks: true, timeoutSeconds, labelSelector: this.opts.labelSelector })) {
      for (const ev of events) this.apply(ev);
      progressed = this.watchProgressed = true;
      this.scheduleFlush();
    }
    return progressed;
  }

  private apply(ev: WatchEvent<Pod>): void {
    if (ev.type === 'ERROR') {
      const status = ev.object as unknown as { code?: number };
      if (status.code === 410) throw new GoneError('resourceVersion too old');
      throw apiErrorFromResponse(status.code ?? 500, JSON.stringify(ev.object), 'GET', 'watch');
    }
    const pod = ev.object;
    const rv = pod.metadata?.resourceVersion;
    if (ev.type === 'BOOKMARK') {
      this.stats.bookmarks++;
      if (rv) this.rv = rv;
      return;
    }
    this.stats.events++;
    const [ns, name] = keyOf(pod);
    if (ev.type === 'DELETED') this.remove(ns, name, pod);
    else this.put(ns, name, pod);
    if (rv) this.rv = rv;
  }

  private put(ns: string, name: string, pod: Pod): void {
    let m = this.byNamespace.get(ns);
    if (!m) { m = new Map(); this.byNamespace.set(ns, m); }
    const prev = m.get(name);
    const rv = pod.metadata?.resourceVersion;
    if (prev !== undefined && rv && this.transform.resourceVersion(prev) === rv) return;
    const kept = this.transform.apply(pod);
    m.set(name, kept);
    if (prev === undefined) this.podCount++;
    this.pending.record(`${ns}/${name}`, prev !== undefined ? 'modified' : 'added', kept);
  }

  private remove(ns: string, name: string, pod: Pod): void {
    if (this.byNamespace.get(ns)?.has(name)) this.removeKept(ns, name, this.transform.apply(pod));
  }

  private removeKept(ns: string, name: string, kept: T): void {
    const m = this.byNamespace.get(ns);
    if (!m?.has(name)) return;
    m.delete(name);
    this.podCount--;
    if (!m.size) this.byNamespace.delete(ns);
    this.pending.record(`${ns}/${name}`, 'deleted', kept);
  }

  private scheduleFlush(): void {
    if (this.flushTimer || !this.pending.size) return;
    this.flushTimer = setTimeout(() => { this.flushTimer = undefined; this.flush(); }, this.opts.batchMs ?? 50);
    this.flushTimer.unref?.();
  }

  private flush(): void {
    if (this.flushTimer) { clearTimeout(this.flushTimer); this.flushTimer = undefined; }
    if (!this.pending.size) return;
    const batch = this.pending.take();
    for (const l of [...this.changeListeners]) {
      try {
        l(batch);
      } catch (err) {
        this.emitError(err);
      }
    }
  }

  private emitError(err: unknown): void {
    for (const l of [...this.errorListeners]) l(err);
  }
}
