// List/watch, get, create, replace, patch and delete for the kinds other than pods and namespaces
// (core/v1 events, apps/v1 and batch/v1 workloads): one descriptor per kind says where it is
// stored, which fields select it, its defaults and its create/update validation (controllers
// react to the stores' events). Follows the pod routes' update path (genericregistry.Store.Update):
// name/namespace checks (400), resourceVersion precondition (409), status and server-owned
// metadata kept, generation bumped on a spec change, the kind's update rules (422).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../core/pod';
import { isPlainObject } from '../core/pod';
import { deepEqualJson } from '../core/patch/jsonEquality';
import type { Finding } from '../core/rules/finding';
import { causeReason, upstreamErrorBody } from '../core/rules/finding';
import { isDNS1123Subdomain } from '../core/rules/nameValidation';
import type { SandboxContext } from './sandboxContext';
import type { ResourceStore, StoredObject } from './resourceStore';
import { contentTypeOf, isPretty, negotiate, parseJsonBody, readBody, readJsonRequest, sendJson, sendJsonText } from './httpIo';
import { combine, parseFieldSelector, parseLabelSelector, type FieldGetters } from './selectors';
import { serveList } from './listResponse';
import { serveWatch } from './watchStream';
import { parseIncludeObject, table, tableRow } from './podTable';
import { assertPatchType } from './podUpdate';
import { applyWorkloadPatch } from './workloadPatch';
import { generateNameSuffix } from './podDefaults';
import { alreadyExists, badRequest, conflict, invalid, methodNotAllowed, notFound } from './statusErrors';

export type ResourceType = {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  kind: string;
  listKind: string;
  store: ResourceStore;
  fields: FieldGetters;
  /** Create-time defaults (after metadata is filled); returns the object to store. */
  defaults?(obj: JsonObject): JsonObject;
  /** Create-time validation errors, upstream's field.Errors as findings. */
  validateCreate?(obj: JsonObject): Finding[];
  /** Update validation (e.g. ValidateDeploymentUpdate): findings with severity 'error' refuse it. */
  validateUpdate?(oldObj: JsonObject, newObj: JsonObject): Finding[];
  /** Whether updates bump metadata.generation on a spec change (workloads do, events do not). */
  generation: boolean;
};

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** metadata.name and metadata.namespace, which every kind's field selectors accept. */
export const OBJECT_META_FIELDS: FieldGetters = {
  'metadata.name': (o) => String((o.metadata as JsonObject)?.name ?? ''),
  'metadata.namespace': (o) => String((o.metadata as JsonObject)?.namespace ?? ''),
};

function isWatch(q: URLSearchParams): boolean {
  const w = q.get('watch');
  return w === '1' || w === 'true';
}

function dryRunOf(q: URLSearchParams): boolean {
  for (const v of q.getAll('dryRun')) if (v !== 'All') throw badRequest(`Invalid dry run value: ${JSON.stringify(v)}; supported values are "All"`);
  return q.getAll('dryRun').length > 0;
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function send(t: ResourceType, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, code: number, obj: StoredObject): void {
  if (negotiate(req.headers.accept, true) === 'table') {
    sendJson(res, code, table(t.resource, [tableRow(t.resource, obj, parseIncludeObject(q.get('includeObject')))], { resourceVersion: obj.metadata.resourceVersion }), isPretty(q));
  } else {
    sendJsonText(res, code, JSON.stringify(obj), isPretty(q));
  }
}

function refuse(t: ResourceType, name: string, findings: Finding[]): void {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length) throw invalid(t.kind, name, errors.map((f) => ({ field: f.path, type: causeReason(f.type), body: upstreamErrorBody(f) })));
}

/** What a collection GET needs to know of its kind. */
export type Collection = { store: ResourceStore; resource: string; kind: string; listKind: string; apiVersion: string; fields: 'pods' | 'namespaces' | FieldGetters };

/** GET of a collection: a list (selectors, paging, Table) or, with `watch`, a watch stream. */
export function serveCollection(ctx: SandboxContext, c: Collection, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, namespace?: string): void {
  const label = parseLabelSelector(q.get('labelSelector'));
  const field = parseFieldSelector(q.get('fieldSelector'), c.fields);
  const representation = negotiate(req.headers.accept, true);
  if (isWatch(q)) {
    const timeout = q.get('timeoutSeconds');
    serveWatch(req, res, {
      store: c.store, kind: c.resource, objectKind: c.kind, apiVersion: c.apiVersion, namespace, matcher: combine(label, field),
      resourceVersion: q.get('resourceVersion'), representation, includeObject: parseIncludeObject(q.get('includeObject')),
      timeoutSeconds: timeout ? Number(timeout) : undefined,
      allowBookmarks: q.get('allowWatchBookmarks') === 'true' || q.get('allowWatchBookmarks') === '1',
      sendInitialEvents: q.has('sendInitialEvents') ? q.get('sendInitialEvents') === 'true' : undefined,
      bookmarkIntervalMs: ctx.bookmarkIntervalMs,
    }, ctx.watches);
    return;
  }
  serveList(res, {
    store: c.store, kind: c.resource, listKind: c.listKind, apiVersion: c.apiVersion, namespace, matcher: combine(label, field),
    hasSelector: !!(label || field), query: q, representation,
  });
}

function listOrWatch(ctx: SandboxContext, t: ResourceType, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, namespace?: string): void {
  serveCollection(ctx, { store: t.store, resource: t.resource, kind: t.kind, listKind: t.listKind, apiVersion: apiVersionOf(t), fields: t.fields }, req, res, q, namespace);
}

/** Stores a new object as the API server's create does: generateName, uid, timestamps, defaults. */
export function createObject(ctx: SandboxContext, t: ResourceType, ns: string, body: JsonObject, dryRun = false): StoredObject {
  const obj = structuredClone(body);
  const meta = isPlainObject(obj.metadata) ? { ...obj.metadata } : {};
  if (meta.namespace && meta.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (!ctx.namespaces.get(undefined, ns)) throw notFound('namespaces', ns);
  if (!meta.name && typeof meta.generateName === 'string' && meta.generateName) meta.name = `${meta.generateName}${generateNameSuffix()}`;
  const name = String(meta.name ?? '');
  if (!name) throw invalid(t.kind, '', [{ field: 'metadata.name', type: 'FieldValueRequired', body: 'Required value: name or generateName is required' }]);
  const nameProblems = isDNS1123Subdomain(name);
  if (nameProblems.length) throw invalid(t.kind, name, nameProblems.map((m) => ({ field: 'metadata.name', type: 'FieldValueInvalid', body: `Invalid value: ${JSON.stringify(name)}: ${m}` })));
  if (t.store.get(ns, name)) throw alreadyExists(t.group ? `${t.resource}.${t.group}` : t.resource, name);
  delete meta.resourceVersion;
  Object.assign(meta, { name, namespace: ns, uid: randomUUID(), creationTimestamp: timestamp() });
  if (t.generation) meta.generation = 1;
  let created: JsonObject = { ...obj, kind: t.kind, apiVersion: apiVersionOf(t), metadata: meta };
  if (t.defaults) created = t.defaults(created);
  if (t.validateCreate) refuse(t, name, t.validateCreate(created));
  if (dryRun) return created as StoredObject;
  return t.store.put(created as StoredObject);
}

/** The update path for a PUT body or a patched object. */
export function updateObject(t: ResourceType, ns: string, name: string, next: JsonObject, dryRun = false): StoredObject {
  const old = t.store.get(ns, name);
  if (!old) throw notFound(t.group ? `${t.resource}.${t.group}` : t.resource, name);
  const m: JsonObject = isPlainObject(next.metadata) ? { ...next.metadata } : {};
  if (m.name !== name) throw badRequest(`the name of the object (${String(m.name ?? '')}) does not match the name on the URL (${name})`);
  if (m.namespace !== undefined && m.namespace !== '' && m.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (m.resourceVersion !== undefined && m.resourceVersion !== '' && m.resourceVersion !== old.metadata.resourceVersion) {
    throw conflict(t.group ? `${t.resource}.${t.group}` : t.resource, name);
  }
  const candidate: JsonObject = { ...next, kind: t.kind, apiVersion: apiVersionOf(t), metadata: m };
  m.namespace = ns;
  // Server-owned: the status (its own subresource), uid, creationTimestamp, generation.
  if (old.status !== undefined && t.generation) candidate.status = old.status;
  m.uid = old.metadata.uid;
  m.creationTimestamp = old.metadata.creationTimestamp;
  m.resourceVersion = old.metadata.resourceVersion;
  if (old.metadata.generation !== undefined) m.generation = old.metadata.generation;
  if (old.metadata.deletionTimestamp !== undefined) m.deletionTimestamp = old.metadata.deletionTimestamp;
  // Defaulting runs on every decode, so a patch that drops a defaulted field gets it back.
  if (t.defaults) Object.assign(candidate, t.defaults(candidate));
  if (t.generation && !deepEqualJson(candidate.spec, old.spec)) m.generation = Number(old.metadata.generation ?? 0) + 1;
  if (t.validateUpdate) refuse(t, name, t.validateUpdate(old, candidate));
  if (deepEqualJson(candidate, old) || dryRun) return (deepEqualJson(candidate, old) ? old : candidate) as StoredObject;
  return t.store.put(candidate as StoredObject);
}

export async function collectionRoute(ctx: SandboxContext, t: ResourceType, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns?: string): Promise<void> {
  if (req.method === 'GET') return listOrWatch(ctx, t, req, res, q, ns);
  if (req.method === 'POST' && ns !== undefined) {
    const dryRun = dryRunOf(q);
    const body = await readJsonRequest(req);
    if (!isPlainObject(body)) throw badRequest(`the body of the request is not a ${t.kind} object`);
    return send(t, req, res, q, 201, createObject(ctx, t, ns, body, dryRun));
  }
  throw methodNotAllowed();
}

export async function itemRoute(t: ResourceType, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string, name: string, subresource?: string): Promise<void> {
  const resourceName = t.group ? `${t.resource}.${t.group}` : t.resource;
  if (subresource !== undefined && (subresource !== 'status' || req.method !== 'GET')) throw methodNotAllowed();
  switch (req.method) {
    case 'GET': {
      const obj = t.store.get(ns, name);
      if (!obj) throw notFound(resourceName, name);
      return send(t, req, res, q, 200, obj);
    }
    case 'PUT': {
      const dryRun = dryRunOf(q);
      const body = await readJsonRequest(req);
      if (!isPlainObject(body)) throw badRequest(`the body of the request is not a ${t.kind} object`);
      return send(t, req, res, q, 200, updateObject(t, ns, name, body, dryRun));
    }
    case 'PATCH': {
      const dryRun = dryRunOf(q);
      const contentType = contentTypeOf(req);
      const text = await readBody(req);
      assertPatchType(contentType);
      const old = t.store.get(ns, name);
      if (!old) throw notFound(resourceName, name);
      return send(t, req, res, q, 200, updateObject(t, ns, name, applyWorkloadPatch(old, contentType, parseJsonBody(text)), dryRun));
    }
    case 'DELETE': {
      await readBody(req);
      const obj = t.store.get(ns, name);
      if (!obj) throw notFound(resourceName, name);
      if (dryRunOf(q)) return send(t, req, res, q, 200, obj);
      t.store.delete(ns, name); // controllers watching the store cascade the deletion
      // Upstream answers a delete of a kind with finalizers/GC with the Status of success.
      return sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: t.group, kind: t.resource, uid: obj.metadata.uid } });
    }
    default: throw methodNotAllowed();
  }
}
