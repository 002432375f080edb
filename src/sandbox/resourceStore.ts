// An in-memory store of one kind of object (pods or namespaces) with etcd-like semantics: every
// write gets the next resourceVersion from a shared clock, every change is kept in a bounded event
// history so a watch can resume from a resourceVersion, and forgetting that history (compaction)
// makes older resourceVersions "too old" (410 Gone) exactly as clients must handle.
import type { JsonObject } from '../core/pod';
import { KeyedWriteQueue, runStepsNow, runStepsYielding, type WriteSteps } from './stagedWrite';

export type StoredObject = JsonObject & { metadata: JsonObject & { name: string; namespace?: string; resourceVersion?: string } };

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type StoreEvent = {
  type: WatchEventType;
  rv: number;
  object: StoredObject;
  /** The object before this change (MODIFIED/DELETED), for selector transitions. */
  previous?: StoredObject;
  /** Serialized `{"type":...,"object":...}\n` line, built once and shared by every plain watcher. */
  line: string;
};

/** `buf` is the JSON as UTF-8 bytes: lists are concatenated from it without re-encoding strings. */
type Entry = { object: StoredObject; json: string; buf: Buffer };

function entryOf(object: StoredObject): Entry {
  const json = JSON.stringify(object);
  return { object, json, buf: Buffer.from(json) };
}

/** The one resourceVersion counter of a sandbox, shared by all its stores. */
export class RvClock {
  constructor(public current = 1000) {}
  next(): number { return ++this.current; }
}

export class ResourceStore {
  private readonly entries = new Map<string, Entry>();
  private sortedKeys: string[] | undefined;
  /** Events in rv order from `historyStart` on (a head index: dropping the oldest is O(1)). */
  private history: StoreEvent[] = [];
  private historyStart = 0;
  private historyBytes = 0;
  /** Events with rv <= this are forgotten; a watch from an older rv gets 410. */
  private compactedRv: number;
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  /** Staged PUT/PATCH requests queue here per object key (stagedWrite.ts). */
  readonly writes = new KeyedWriteQueue();

  /**
   * The history keeps at most `maxHistory` events and `maxHistoryBytes` of their serialized lines
   * (each event also pins its object and the previous one: a few times that in memory), like the
   * apiserver's watch cache, which is a window too: a watch from before it gets 410 Expired.
   */
  constructor(readonly clock: RvClock, private readonly maxHistory = 20_000, private readonly maxHistoryBytes = 32 * 1024 * 1024) {
    this.compactedRv = clock.current;
  }

  static key(namespace: string | undefined, name: string): string {
    return namespace ? `${namespace}/${name}` : name;
  }

  get size(): number { return this.entries.size; }
  get oldestResumableRv(): number { return this.compactedRv; }

  get(namespace: string | undefined, name: string): StoredObject | undefined {
    return this.entries.get(ResourceStore.key(namespace, name))?.object;
  }

  getJson(namespace: string | undefined, name: string): string | undefined {
    return this.entries.get(ResourceStore.key(namespace, name))?.json;
  }

  /** Keys in list order (namespace, then name), as etcd returns them. */
  keys(): string[] {
    if (!this.sortedKeys) this.sortedKeys = [...this.entries.keys()].sort();
    return this.sortedKeys;
  }

  entry(key: string): Entry | undefined { return this.entries.get(key); }

  /** Loads objects as they are (startup, state file): no events, resourceVersions kept. */
  load(objects: StoredObject[]): void {
    for (const o of objects) {
      if (!o.metadata.resourceVersion) o.metadata.resourceVersion = String(this.clock.next());
      this.entries.set(ResourceStore.key(o.metadata.namespace, o.metadata.name), entryOf(o));
    }
    this.sortedKeys = undefined;
  }

  /** Stores a new or changed object under a fresh resourceVersion and publishes the event. */
  put(object: StoredObject): StoredObject {
    const key = ResourceStore.key(object.metadata.namespace, object.metadata.name);
    const previous = this.entries.get(key)?.object;
    const rv = this.clock.next();
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } } as StoredObject;
    const entry = entryOf(stored);
    if (!previous) this.sortedKeys = undefined;
    this.entries.set(key, entry);
    this.publish(previous ? 'MODIFIED' : 'ADDED', rv, stored, entry.json, previous);
    return stored;
  }

  delete(namespace: string | undefined, name: string): StoredObject | undefined {
    const key = ResourceStore.key(namespace, name);
    const previous = this.entries.get(key)?.object;
    if (!previous) return undefined;
    this.entries.delete(key);
    this.sortedKeys = undefined;
    const rv = this.clock.next();
    // Upstream's DELETED event carries the last state with the deletion's resourceVersion.
    const gone = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } } as StoredObject;
    this.publish('DELETED', rv, gone, JSON.stringify(gone), previous);
    return gone;
  }

  private publish(type: WatchEventType, rv: number, object: StoredObject, json: string, previous?: StoredObject): void {
    const event: StoreEvent = { type, rv, object, previous, line: `{"type":"${type}","object":${json}}\n` };
    this.history.push(event);
    this.historyBytes += event.line.length;
    while (this.history.length - this.historyStart > this.maxHistory || (this.historyBytes > this.maxHistoryBytes && this.history.length - this.historyStart > 1)) {
      const dropped = this.history[this.historyStart];
      this.history[this.historyStart++] = undefined as unknown as StoreEvent; // release it now
      this.historyBytes -= dropped.line.length;
      this.compactedRv = dropped.rv;
    }
    // Reclaim the dropped head once it is most of the array: amortized O(1) per event.
    if (this.historyStart > 1024 && this.historyStart * 2 > this.history.length) {
      this.history = this.history.slice(this.historyStart);
      this.historyStart = 0;
    }
    for (const l of this.listeners) l(event);
  }

  /**
   * Events after `rv`, or 'expired' when some of them were forgotten (the watch must get 410).
   */
  eventsSince(rv: number): StoreEvent[] | 'expired' {
    if (rv < this.compactedRv) return 'expired';
    // History is ordered by rv: binary search for the first event after rv.
    let lo = this.historyStart;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1; else hi = mid;
    }
    return this.history.slice(lo);
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Forgets the event history: any watch from an earlier resourceVersion now gets 410 Gone. */
  compact(): void {
    this.history = [];
    this.historyStart = 0;
    this.historyBytes = 0;
    this.compactedRv = this.clock.current;
  }

  /**
   * Brings the content back to `objects` (admin reset) through ordinary writes: objects that differ
   * are put, extra ones deleted, identical ones kept with their resourceVersion. Watchers see
   * exactly the changes, and resourceVersions keep increasing, so client caches stay consistent.
   */
  resetTo(objects: StoredObject[]): void {
    runStepsNow(this.resetSteps(objects));
  }

  /** resetTo with a turn of the event loop every few hundred objects (an admin reset of 2,000 pods). */
  resetInTurns(objects: StoredObject[]): Promise<void> {
    return runStepsYielding(() => this.resetSteps(objects));
  }

  private *resetSteps(objects: StoredObject[]): WriteSteps<void> {
    // `o` serialised with the stored object's resourceVersion in o's place equals the stored JSON
    // exactly when both are equal but for the resourceVersion: one serialisation per object.
    const same = (entry: Entry, o: StoredObject) => entry.json === JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: entry.object.metadata.resourceVersion } });
    const wanted = new Map(objects.map((o) => [ResourceStore.key(o.metadata.namespace, o.metadata.name), o]));
    let done = 0;
    for (const key of [...this.keys()]) {
      const entry = this.entries.get(key);
      if (entry && !wanted.has(key)) this.delete(entry.object.metadata.namespace, entry.object.metadata.name);
      if (++done % 500 === 0) yield;
    }
    for (const [key, o] of wanted) {
      const current = this.entries.get(key);
      if (!current || !same(current, o)) this.put(o);
      if (++done % 250 === 0) yield;
    }
  }

  all(): StoredObject[] {
    return this.keys().map((k) => this.entries.get(k)!.object);
  }
}
