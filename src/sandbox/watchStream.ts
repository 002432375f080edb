// `?watch=1`: a chunked stream of one JSON WatchEvent per line, as the apiserver's WatchServer
// writes it. Starts with synthetic ADDED events (no resourceVersion, or "0"), or replays history
// after an exact resourceVersion, or sends a 410 `Expired` ERROR event when that history is gone.
// Events are re-typed for selectors (an object leaving the selection is DELETED, entering is ADDED).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../core/pod';
import type { ResourceStore, StoreEvent, StoredObject, WatchEventType } from './resourceStore';
import type { Matcher } from './selectors';
import { badRequest, gone } from './statusErrors';
import { table, tableRow, type IncludeObject } from './podTable';
import type { Representation } from './httpIo';

export type WatchRequest = {
  store: ResourceStore;
  kind: string;
  objectKind: string;
  /** apiVersion of bookmark objects (`v1` unless given). */
  apiVersion?: string;
  namespace?: string;
  matcher?: Matcher;
  resourceVersion: string | null;
  representation: Representation;
  includeObject: IncludeObject;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  bookmarkIntervalMs: number;
};

/** Slow clients are cut off rather than buffered without bound (upstream closes them too). */
const MAX_BUFFERED = 16 * 1024 * 1024;

export class WatchRegistry {
  /** Each open stream with the function that ends it (unsubscribes, stops its timers, ends it). */
  private readonly open = new Map<ServerResponse, () => void>();
  add(res: ServerResponse, end: () => void): void { this.open.set(res, end); res.once('close', () => this.open.delete(res)); }
  get count(): number { return this.open.size; }
  /** Ends every stream abruptly (connection destroyed), as a crashed apiserver or a proxy would. */
  dropAll(): void { for (const res of this.open.keys()) res.socket?.destroy(); this.open.clear(); }
  /**
   * Resolves once no open stream has more than `bytes` waiting to be sent: event producers that
   * can wait (the admin churn) pace themselves on their slowest reader instead of flooding it.
   */
  async drained(bytes = 1 << 20): Promise<void> {
    for (const res of this.open.keys()) {
      if (res.writableLength > bytes && !res.destroyed && !res.writableEnded) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
    }
  }
  /** Ends every stream cleanly (server shutdown). */
  endAll(): void { for (const end of [...this.open.values()]) end(); this.open.clear(); }
}

/** setTimeout's limit (about 24.8 days); a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * After the server ends a stream, a client that never reads it would keep the socket and its
 * buffered events forever; like the apiserver's write deadline, the connection is then cut.
 */
const ENDED_STREAM_GRACE_MS = 30_000;

function parseRv(rv: string | null): number | undefined {
  if (rv === null || rv === '' || rv === '0') return undefined;
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${rv}`);
  return Number(rv);
}

export function serveWatch(_req: IncomingMessage, res: ServerResponse, w: WatchRequest, registry: WatchRegistry): void {
  const startRv = parseRv(w.resourceVersion);
  const inScope = (o: StoredObject) => (!w.namespace || o.metadata.namespace === w.namespace) && (!w.matcher || w.matcher(o));
  let sentColumns = false;

  const encode = (type: WatchEventType | 'BOOKMARK', object: JsonObject, shared?: string): string => {
    if (w.representation === 'table' && type !== 'BOOKMARK') {
      const t = table(w.kind, [tableRow(w.kind, object, w.includeObject)], { resourceVersion: (object.metadata as JsonObject).resourceVersion }, !sentColumns);
      sentColumns = true;
      return `{"type":"${type}","object":${JSON.stringify(t)}}\n`;
    }
    if (w.representation === 'partialMetadata' && type !== 'BOOKMARK') {
      return `{"type":"${type}","object":${JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata })}}\n`;
    }
    return shared ?? `{"type":"${type}","object":${JSON.stringify(object)}}\n`;
  };

  const lineFor = (e: StoreEvent): string | undefined => {
    const now = inScope(e.object);
    const before = e.previous ? inScope(e.previous) : false;
    let type: WatchEventType = e.type;
    if (e.type === 'MODIFIED') {
      if (now && !before) type = 'ADDED';
      else if (!now && before) type = 'DELETED';
      else if (!now) return undefined;
    } else if (e.type === 'DELETED' && !before && !now) return undefined;
    else if (e.type === 'ADDED' && !now) return undefined;
    return encode(type, e.object, type === e.type ? e.line : undefined);
  };

  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
  res.flushHeaders();

  if (startRv !== undefined) {
    const backlog = w.store.eventsSince(startRv);
    if (backlog === 'expired') {
      // Clients relist on this: reflectors match reason Expired / code 410.
      const status = gone(`too old resource version: ${startRv} (${w.store.oldestResumableRv})`);
      res.end(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
      return;
    }
    const replay = backlog.map(lineFor).filter(Boolean).join('');
    if (replay) res.write(replay); // an empty chunk would end a chunked stream on some clients
  } else if (w.sendInitialEvents !== false) {
    const initial: string[] = [];
    for (const key of w.store.keys()) {
      const entry = w.store.entry(key)!;
      if (inScope(entry.object)) initial.push(encode('ADDED', entry.object, `{"type":"ADDED","object":${entry.json}}\n`));
    }
    if (initial.length) res.write(initial.join(''));
  }
  if (w.sendInitialEvents && w.allowBookmarks) {
    const bookmark = { kind: w.objectKind, apiVersion: w.apiVersion ?? 'v1', metadata: { resourceVersion: String(w.store.clock.current), annotations: { 'k8s.io/initial-events-end': 'true' } } };
    res.write(`{"type":"BOOKMARK","object":${JSON.stringify(bookmark)}}\n`);
  }

  // One subscription per stream, ended exactly once: whatever ends the stream (timeoutSeconds,
  // shutdown, the client leaving, a slow reader cut off) first stops every producer, so nothing
  // is ever written to an ended response (ERR_STREAM_WRITE_AFTER_END would kill the process).
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
  };
  const write = (line: string) => {
    if (stopped || res.writableEnded || res.destroyed) return;
    res.write(line);
    if (res.writableLength > MAX_BUFFERED) { stop(); res.destroy(); }
  };
  const end = () => {
    stop();
    if (res.writableEnded || res.destroyed) return;
    res.end();
    if (!res.writableFinished) setTimeout(() => res.destroy(), ENDED_STREAM_GRACE_MS).unref();
  };
  const unsubscribe = w.store.subscribe((e) => {
    const line = lineFor(e);
    if (line) write(line);
  });
  registry.add(res, end);
  if (w.timeoutSeconds && w.timeoutSeconds > 0) timers.push(setTimeout(end, Math.min(w.timeoutSeconds * 1000, MAX_TIMER_MS)));
  if (w.allowBookmarks) {
    timers.push(setInterval(() => {
      const bookmark = { kind: w.objectKind, apiVersion: w.apiVersion ?? 'v1', metadata: { resourceVersion: String(w.store.clock.current) } };
      write(`{"type":"BOOKMARK","object":${JSON.stringify(bookmark)}}\n`);
    }, Math.min(w.bookmarkIntervalMs, MAX_TIMER_MS)));
  }
  // The response's 'close' fires when the client goes away (the request's fires once its body is read).
  res.once('close', stop);
}
