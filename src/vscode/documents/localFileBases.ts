// The live pods behind local YAML files (the bases their diagnostics compare with). The watch keeps
// only summaries, so a file's pod is fetched by GET the first time it is asked for, kept while the
// watch's summary has its resourceVersion, and fetched again when the watch sees it change. Only
// the few pods open files name are held (the most recent `maxPods`).
import * as vscode from 'vscode';
import type { Pod } from '../../core/pod';
import { DisposableBase } from '../lifecycle/disposableBase';
import { isNewer } from '../../core/cluster/resourceVersion';
import { resourceVersionOf } from './trackedPodDocument';

/** What the bases need from the cluster service (satisfied by ClusterService). */
export interface LivePodSource {
  readonly currentContext: string | undefined;
  getWatchCache(context?: string): { get(ns: string, name: string): { resourceVersion: string } | undefined } | undefined;
  getClient(context?: string): { getPod(ns: string, name: string, opts: { signal?: AbortSignal }): Promise<Pod> };
}

const maxPods = 32;
const fetchTimeoutMs = 15_000;

type Held = { pod?: Pod; failedAt?: string; fetching?: Promise<void> };

export class LocalFileBases extends DisposableBase {
  private readonly held = new Map<string, Held>();
  private readonly abort = new AbortController();
  private readonly fetchedEmitter = this.register(new vscode.EventEmitter<void>());
  /** A fetch finished: local files may have a (new) base. */
  readonly onDidFetch = this.fetchedEmitter.event;

  constructor(private readonly live: LivePodSource) {
    super();
  }

  /**
   * The live pod `namespace/name` of the current context: undefined when the watch has no such pod
   * (or fetching it failed), 'fetching' while its first GET is under way.
   */
  get(namespace: string, name: string): Pod | 'fetching' | undefined {
    const context = this.live.currentContext;
    const summary = context ? this.live.getWatchCache(context)?.get(namespace, name) : undefined;
    if (!context || !summary) return undefined;
    const key = JSON.stringify([context, namespace, name]);
    const held = this.held.get(key) ?? {};
    this.held.delete(key);
    this.held.set(key, held); // most recently used last
    for (const old of this.held.keys()) { if (this.held.size <= maxPods) break; this.held.delete(old); }
    const current = held.pod && !isNewer(summary.resourceVersion, resourceVersionOf(held.pod));
    if (!current && !held.fetching && held.failedAt !== summary.resourceVersion) held.fetching = this.fetch(context, namespace, name, held, summary.resourceVersion);
    // An older pod stands in while the newer one is fetched (the fetch re-lints).
    return held.pod ?? (held.fetching ? 'fetching' : undefined);
  }

  /** Resolves when every fetch under way has ended (commands wait for it before planning). */
  async settled(): Promise<void> {
    await Promise.all([...this.held.values()].map((h) => h.fetching));
  }

  override dispose(): void {
    this.abort.abort();
    this.held.clear();
    super.dispose();
  }

  private async fetch(context: string, namespace: string, name: string, held: Held, rv: string): Promise<void> {
    try {
      held.pod = await this.live.getClient(context).getPod(namespace, name, { signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(fetchTimeoutMs)]) });
      held.failedAt = undefined;
    } catch {
      held.pod = undefined;
      held.failedAt = rv; // not again until the watch sees a new version
    } finally {
      held.fetching = undefined;
    }
    if (!this.abort.signal.aborted) this.fetchedEmitter.fire();
  }
}
