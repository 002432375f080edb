// core/v1 Events as client-go's event recorder writes them (tools/record/events_cache.go's
// EventCorrelator): an event identical to an earlier one (same source, object, type, reason and
// message) updates that event's count and lastTimestamp instead of creating another; once 10
// events with the same source, object, type and reason but different messages arrive within 10
// minutes, further ones are folded into one "(combined from similar events): ..." event. Names are
// `<object name>.<hex of the Unix nanoseconds>`, as record.makeEvent makes them. The token-bucket
// spam filter is left out: the sandbox's simulator never floods.
import type { JsonObject } from '../core/pod';
import { ageColumn } from '../core/podStatusColumns';
import type { ResourceStore, StoredObject } from './resourceStore';
import type { FieldGetters } from './selectors';
import { registerTablePrinter } from './podTable';
import type { ResourceType } from './resourceRoutes';

export type EventSource = { component: string; host?: string };
export type EventInput = { type: 'Normal' | 'Warning'; reason: string; message: string; source: EventSource; fieldPath?: string };

/** events_cache.go: maxLruCacheEntries is 4096; aggregation after 10 similar events in 600 s. */
const MAX_SIMILAR = 10;
const AGGREGATE_WINDOW_MS = 600_000;
const MAX_KEYS = 4096;

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function objectReference(o: StoredObject, fieldPath?: string): JsonObject {
  const ref: JsonObject = {
    kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid,
    apiVersion: o.apiVersion, resourceVersion: o.metadata.resourceVersion,
  };
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

function aggregateKey(ref: JsonObject, e: EventInput): string {
  return [e.source.component, e.source.host ?? '', ref.kind, ref.namespace, ref.name, ref.uid, ref.apiVersion, e.type, e.reason].join('\u0000');
}

function eventKey(ref: JsonObject, e: EventInput): string {
  return [e.source.component, e.source.host ?? '', ref.kind, ref.namespace, ref.name, ref.fieldPath ?? '', ref.uid, ref.apiVersion, e.type, e.reason, e.message].join('\u0000');
}

export class EventRecorder {
  /** getEventKey → the stored event's namespace/name (eventLogger's cache). */
  private readonly seen = new Map<string, { namespace: string; name: string }>();
  /** aggregateKey → messages seen in the window (EventAggregator's cache). */
  private readonly similar = new Map<string, { messages: Set<string>; last: number }>();
  private lastNanos = 0n;

  constructor(private readonly store: ResourceStore, private readonly now: () => number = Date.now) {}

  private bounded<K, V>(m: Map<K, V>, k: K, v: V): void {
    if (m.size >= MAX_KEYS && !m.has(k)) m.delete(m.keys().next().value as K);
    m.set(k, v);
  }

  private uniqueNanos(at: number): bigint {
    let n = BigInt(at) * 1_000_000n;
    if (n <= this.lastNanos) n = this.lastNanos + 1n;
    this.lastNanos = n;
    return n;
  }

  /** Records `e` about `about`, at `at` (ms; now by default), correlated as client-go does. */
  record(about: StoredObject, e: EventInput, at = this.now()): StoredObject {
    const ref = objectReference(about, e.fieldPath);
    let input = e;
    const aggKey = aggregateKey(ref, e);
    const group = this.similar.get(aggKey);
    const fresh = group && at - group.last <= AGGREGATE_WINDOW_MS ? group : { messages: new Set<string>(), last: at };
    fresh.messages.add(e.message);
    fresh.last = at;
    this.bounded(this.similar, aggKey, fresh);
    let key = eventKey(ref, e);
    if (fresh.messages.size >= MAX_SIMILAR) {
      fresh.messages.delete(fresh.messages.values().next().value as string); // record.localKeys.PopAny()
      input = { ...e, message: `(combined from similar events): ${e.message}` };
      key = aggKey;
    }
    const known = this.seen.get(key);
    const existing = known && this.store.get(known.namespace, known.name);
    if (existing) {
      // eventObserve: the same event again is a PATCH of count, lastTimestamp and message.
      return this.store.put({ ...existing, message: input.message, count: Number(existing.count ?? 1) + 1, lastTimestamp: timestamp(at) } as StoredObject);
    }
    const namespace = about.metadata.namespace || 'default';
    const name = `${about.metadata.name}.${this.uniqueNanos(at).toString(16)}`;
    const event = {
      kind: 'Event', apiVersion: 'v1',
      metadata: { name, namespace, uid: '', resourceVersion: '', creationTimestamp: timestamp(at) },
      involvedObject: ref,
      reason: input.reason,
      message: input.message,
      source: input.source.host ? { component: input.source.component, host: input.source.host } : { component: input.source.component },
      firstTimestamp: timestamp(at),
      lastTimestamp: timestamp(at),
      count: 1,
      type: input.type,
      eventTime: null,
      reportingComponent: input.source.component,
      reportingInstance: input.source.host ?? '',
    } as unknown as StoredObject;
    event.metadata.uid = `${name}-uid`;
    this.bounded(this.seen, key, { namespace, name });
    return this.store.put(event);
  }

  /** Forgets the correlation caches (an admin reset empties the store too). */
  clear(): void {
    this.seen.clear();
    this.similar.clear();
  }
}

/** pkg/registry/core/event/strategy.go ToSelectableFields. */
export const EVENT_FIELDS: FieldGetters = {
  'metadata.name': (e) => String((e.metadata as JsonObject)?.name ?? ''),
  'metadata.namespace': (e) => String((e.metadata as JsonObject)?.namespace ?? ''),
  ...Object.fromEntries(['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']
    .map((f) => [`involvedObject.${f}`, (e: JsonObject) => String((e.involvedObject as JsonObject | undefined)?.[f] ?? '')])),
  reason: (e) => String(e.reason ?? ''),
  reportingComponent: (e) => String(e.reportingComponent ?? ''),
  source: (e) => String((e.source as JsonObject | undefined)?.component || e.reportingComponent || ''),
  type: (e) => String(e.type ?? ''),
};

// printEvent (pkg/printers/internalversion), all columns as the server generates them (Wide).
registerTablePrinter('events', {
  columns: [
    { name: 'Last Seen', type: 'string', format: '', description: 'The time at which the most recent occurrence of this event was recorded.', priority: 0 },
    { name: 'Type', type: 'string', format: '', description: 'Type of this event (Normal, Warning), new types could be added in the future', priority: 0 },
    { name: 'Reason', type: 'string', format: '', description: 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.', priority: 0 },
    { name: 'Object', type: 'string', format: '', description: 'The object that this event is about.', priority: 0 },
    { name: 'Subobject', type: 'string', format: '', description: 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', priority: 1 },
    { name: 'Source', type: 'string', format: '', description: 'The component reporting this event. Should be a short machine understandable string.', priority: 1 },
    { name: 'Message', type: 'string', format: '', description: 'A human-readable description of the status of this operation.', priority: 0 },
    { name: 'First Seen', type: 'string', format: '', description: 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', priority: 1 },
    { name: 'Count', type: 'string', format: '', description: 'The number of times this event has occurred.', priority: 1 },
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 1 },
  ],
  cells(e, now) {
    const ref = (e.involvedObject ?? {}) as JsonObject;
    const source = (e.source ?? {}) as JsonObject;
    const first = ageColumn(e.firstTimestamp, now);
    const last = e.lastTimestamp ? ageColumn(e.lastTimestamp, now) : first;
    const component = String(source.component || e.reportingComponent || '');
    const host = String(source.host || e.reportingInstance || '');
    const target = ref.name ? `${String(ref.kind ?? '').toLowerCase()}/${String(ref.name)}` : String(ref.kind ?? '').toLowerCase();
    return [
      last, String(e.type ?? ''), String(e.reason ?? ''), target, String(ref.fieldPath ?? ''),
      component ? (host ? `${component}, ${host}` : component) : '<unknown>',
      String(e.message ?? '').trim(), first, Number(e.count ?? 1) || 1, String((e.metadata as JsonObject).name),
    ];
  },
});

/** core/v1 events as a served kind (clients may create events too, as controllers do). */
export function eventResourceType(store: ResourceStore): ResourceType {
  return { group: '', version: 'v1', resource: 'events', kind: 'Event', listKind: 'EventList', store, fields: EVENT_FIELDS, generation: false };
}
