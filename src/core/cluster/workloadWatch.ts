// One workload object followed by a watch, as kubectl follows a single object (rollout status,
// wait): a ListWatch on the kind's collection narrowed by `fieldSelector=metadata.name=<name>`
// (kubernetes/kubectl@5be1f71cd159eb9417c8ca9447537dd902b9de6d, pkg/cmd/rollout/rollout_status.go),
// with bookmarks so a quiet object's resume point still moves. The follower resumes from the last
// resourceVersion it saw when a stream ends or is cut, backs off from streams that keep failing,
// and after 410 Gone lists the object again by the same selector, as a reflector relists: the
// list's resourceVersion is where the next watch can start (the object's own may be older than the
// server's history, and a watch from it would be Gone again).
import type { Pod } from '../pod';
import { AbortedError, ApiError, apiErrorFromResponse } from './apiError';
import { backoffDelay, sleep, type BackoffOptions } from './backoff';
import { isNewer } from './resourceVersion';
import type { ClusterTransport } from './transport';
import type { WatchEvent } from './watchDecoder';
import { watchEvents } from './watchEvents';
import { ownerPath, type OwnerKind } from './workloadResources';

export type WorkloadWatchOptions = { resourceVersion?: string; signal?: AbortSignal; timeoutSeconds?: number };

// fields.OneTermEqualSelector: object names are DNS subdomains, so nothing in one needs escaping.
function nameSelector(name: string): string {
  return `metadata.name=${name}`;
}

/**
 * One watch stream of the workload `name`, from `resourceVersion` (its events after it), yielding
 * the events of each received chunk. Ends when the server closes the stream; an abort is
 * AbortedError, a cut-off stream NetworkError; a 410 comes as an ERROR event (or an ApiError).
 */
export function watchWorkload(transport: ClusterTransport, kind: OwnerKind, namespace: string, name: string, opts: WorkloadWatchOptions = {}): AsyncGenerator<WatchEvent<Pod>[]> {
  return watchEvents<Pod>(transport, {
    method: 'GET',
    path: ownerPath(kind, namespace),
    query: {
      watch: 'true',
      fieldSelector: nameSelector(name),
      resourceVersion: opts.resourceVersion || undefined,
      allowWatchBookmarks: 'true',
      timeoutSeconds: opts.timeoutSeconds,
    },
    signal: opts.signal,
  }, `${kind} ${namespace}/${name}`);
}

/** The workload (undefined: it does not exist) and the list's resourceVersion, after which a watch misses nothing. */
export async function listWorkload(transport: ClusterTransport, kind: OwnerKind, namespace: string, name: string, opts: { signal?: AbortSignal } = {}): Promise<{ object?: Pod; resourceVersion: string }> {
  const list = await transport.requestJson<{ metadata?: { resourceVersion?: string }; items?: Pod[] }>({
    method: 'GET',
    path: ownerPath(kind, namespace),
    query: { fieldSelector: nameSelector(name) },
    signal: opts.signal,
  });
  return { object: list.items?.find((o) => o.metadata?.name === name), resourceVersion: list.metadata?.resourceVersion ?? '' };
}

/** What the follower reports: a newer version of the object (also its re-creation), or its deletion. */
export type WorkloadNews = { type: 'changed'; object: Pod } | { type: 'deleted'; object?: Pod };

export type FollowWorkloadOptions = {
  /** The version the caller holds: only later ones are news. Empty: the object is listed first. */
  resourceVersion: string;
  /** Ends the follow (the returned promise then resolves). */
  signal: AbortSignal;
  onNews(news: WorkloadNews): void;
  /** A failed stream or list; the follower goes on after a backoff. */
  onError?(err: unknown): void;
  backoff?: BackoffOptions;
  /** Server-side watch timeout; random 5-10 min by default, like client-go's reflector. */
  watchTimeoutSeconds?: number;
};

class GoneError extends Error {}

/**
 * Follows one workload until `signal` aborts, reporting each newer version and a deletion once.
 * `connect` is asked for the transport before every request, so a client replaced meanwhile
 * (a reloaded kubeconfig) is picked up by the next reconnect.
 */
export function followWorkload(connect: () => ClusterTransport, kind: OwnerKind, namespace: string, name: string, opts: FollowWorkloadOptions): Promise<void> {
  return new WorkloadFollower(connect, kind, namespace, name, opts).run();
}

class WorkloadFollower {
  /** Where the next watch starts: the last event or bookmark seen. */
  private resumeFrom: string;
  /** The newest version reported (at first the caller's). */
  private known: string;
  private exists = true;
  private progressed = false;

  constructor(
    private readonly connect: () => ClusterTransport,
    private readonly kind: OwnerKind,
    private readonly namespace: string,
    private readonly name: string,
    private readonly opts: FollowWorkloadOptions,
  ) {
    this.resumeFrom = opts.resourceVersion;
    this.known = opts.resourceVersion;
  }

  private get signal(): AbortSignal {
    return this.opts.signal;
  }

  async run(): Promise<void> {
    let needList = !this.resumeFrom;
    let failures = 0;
    while (!this.signal.aborted) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        // A normal end (the server's timeout) re-watches at once; streams that end again and
        // again without delivering anything are a failure worth backing off from.
        failures = (await this.watchOnce()) ? 0 : failures + 1;
        if (failures > 1) await sleep(this.delay(failures - 2), this.signal);
      } catch (err) {
        if (this.signal.aborted || err instanceof AbortedError) return;
        if (err instanceof GoneError || (err instanceof ApiError && err.code === 410)) {
          needList = true; // our resume point is older than the server's history
        } else {
          this.opts.onError?.(err);
          // A stream that worked for a while before it broke starts the backoff over.
          if (this.progressed) failures = 0;
        }
        const wait = failures === 0 ? 0 : this.delay(failures - 1);
        failures++;
        await sleep(wait, this.signal).catch(() => undefined);
      }
    }
  }

  private delay(attempt: number): number {
    return backoffDelay(attempt, this.opts.backoff ?? { baseMs: 500, maxMs: 30_000 });
  }

  private async relist(): Promise<void> {
    this.progressed = false;
    const { object, resourceVersion } = await listWorkload(this.connect(), this.kind, this.namespace, this.name, { signal: this.signal });
    if (object) this.changed(object);
    else this.deleted(undefined);
    this.resumeFrom = resourceVersion;
  }

  /** One watch connection; true when it delivered anything (events or bookmarks). */
  private async watchOnce(): Promise<boolean> {
    this.progressed = false;
    const timeoutSeconds = this.opts.watchTimeoutSeconds ?? Math.round(300 * (1 + Math.random()));
    const stream = watchWorkload(this.connect(), this.kind, this.namespace, this.name, { resourceVersion: this.resumeFrom, signal: this.signal, timeoutSeconds });
    for await (const events of stream) {
      for (const ev of events) this.apply(ev);
      this.progressed = true;
    }
    return this.progressed;
  }

  private apply(ev: WatchEvent<Pod>): void {
    if (ev.type === 'ERROR') {
      const status = ev.object as unknown as { code?: number };
      if (status.code === 410) throw new GoneError('resourceVersion too old');
      throw apiErrorFromResponse(status.code ?? 500, JSON.stringify(ev.object), 'GET', ownerPath(this.kind, this.namespace));
    }
    const rv = ev.object.metadata?.resourceVersion;
    if (rv) this.resumeFrom = rv;
    if (ev.type === 'BOOKMARK') return;
    // The selector narrows the stream to our name; a server that ignores it must not mislead us.
    if (ev.object.metadata?.name !== this.name) return;
    if (ev.type === 'DELETED') this.deleted(ev.object);
    else this.changed(ev.object);
  }

  private changed(object: Pod): void {
    const rv = object.metadata?.resourceVersion ?? '';
    if (this.exists && !isNewer(rv, this.known)) return; // what the caller (or an earlier event) had
    this.exists = true;
    this.known = rv;
    this.opts.onNews({ type: 'changed', object });
  }

  private deleted(object: Pod | undefined): void {
    if (!this.exists) return;
    this.exists = false;
    const rv = object?.metadata?.resourceVersion;
    if (rv) this.known = rv;
    this.opts.onNews(object ? { type: 'deleted', object } : { type: 'deleted' });
  }
}
