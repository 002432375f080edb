// A pod's core/v1 events, asked for as kubectl describe asks (fieldSelector on involvedObject name,
// namespace and uid), newest last; and the latest warning, which is what a user wants to see first
// ("Failed to pull image ...: not found").
import type { ClusterTransport } from './transport';
import type { WatchEvent } from './watchDecoder';
import { watchEvents } from './watchEvents';

export type CoreEvent = {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  series?: { count?: number; lastObservedTime?: string };
  [k: string]: unknown;
};

export type PodRef = { namespace: string; name: string; uid?: string };

function eventsPath(ns: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(ns)}/events`;
}

/** The selector `kubectl describe` sends (GetFieldSelector with the object's name, namespace, kind and uid). */
export function podEventSelector(pod: PodRef): string {
  const parts = [`involvedObject.name=${pod.name}`, `involvedObject.namespace=${pod.namespace}`, 'involvedObject.kind=Pod'];
  if (pod.uid) parts.push(`involvedObject.uid=${pod.uid}`);
  return parts.join(',');
}

/** When the event last happened: series, lastTimestamp, eventTime, then firstTimestamp. */
export function lastSeen(e: CoreEvent): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

export function byLastSeen(a: CoreEvent, b: CoreEvent): number {
  return lastSeen(a) - lastSeen(b) || Number(a.metadata?.resourceVersion ?? 0) - Number(b.metadata?.resourceVersion ?? 0);
}

export async function listPodEvents(transport: ClusterTransport, pod: PodRef, opts: { signal?: AbortSignal } = {}): Promise<{ items: CoreEvent[]; resourceVersion: string }> {
  const list = await transport.requestJson<{ items?: CoreEvent[]; metadata?: { resourceVersion?: string } }>({
    method: 'GET', path: eventsPath(pod.namespace), query: { fieldSelector: podEventSelector(pod) }, signal: opts.signal,
  });
  return { items: (list.items ?? []).slice().sort(byLastSeen), resourceVersion: list.metadata?.resourceVersion ?? '' };
}

/** The most recent Warning, if any. */
export function latestWarning(events: CoreEvent[]): CoreEvent | undefined {
  let best: CoreEvent | undefined;
  for (const e of events) if (e.type === 'Warning' && (!best || byLastSeen(best, e) <= 0)) best = e;
  return best;
}

/** Watches the pod's events from `resourceVersion`; ends when the server ends the stream. */
export function watchPodEvents(transport: ClusterTransport, pod: PodRef, opts: { resourceVersion?: string; signal?: AbortSignal } = {}): AsyncGenerator<WatchEvent<CoreEvent>[]> {
  return watchEvents<CoreEvent>(transport, {
    method: 'GET', path: eventsPath(pod.namespace),
    query: { watch: 'true', fieldSelector: podEventSelector(pod), resourceVersion: opts.resourceVersion, allowWatchBookmarks: 'true' },
    signal: opts.signal,
  }, `the events of ${pod.namespace}/${pod.name}`);
}
