// /api/v1/namespaces[/{name}]: list/watch, get and create (what podpatch's tree and tests need).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../core/pod';
import { isPlainObject } from '../core/pod';
import { isDNS1123Label } from '../core/rules/nameValidation';
import type { SandboxContext } from './sandboxContext';
import type { StoredObject } from './resourceStore';
import { contentTypeOf, isPretty, negotiate, readBodyBuffer, readJsonRequest, sendJson, sendJsonText } from './httpIo';
import { combine, parseFieldSelector, parseLabelSelector } from './selectors';
import { serveList } from './listResponse';
import { serveWatch } from './watchStream';
import { parseIncludeObject, table, tableRow } from './podTable';
import { namespaceObject } from './seedPods';
import { decodeNamespace, PROTOBUF } from './protobufNamespace';
import { alreadyExists, badRequest, invalid, methodNotAllowed, notFound } from './statusErrors';

function send(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, code: number, ns: StoredObject): void {
  if (negotiate(req.headers.accept, true) === 'table') {
    sendJson(res, code, table('namespaces', [tableRow('namespaces', ns, parseIncludeObject(q.get('includeObject')))], { resourceVersion: ns.metadata.resourceVersion }), isPretty(q));
  } else {
    sendJsonText(res, code, JSON.stringify(ns), isPretty(q));
  }
}

export async function namespaceCollectionRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
  if (req.method === 'GET') {
    const label = parseLabelSelector(q.get('labelSelector'));
    const field = parseFieldSelector(q.get('fieldSelector'), 'namespaces');
    const representation = negotiate(req.headers.accept, true);
    const watch = q.get('watch');
    if (watch === '1' || watch === 'true') {
      const timeout = q.get('timeoutSeconds');
      serveWatch(req, res, {
        store: ctx.namespaces, kind: 'namespaces', objectKind: 'Namespace', matcher: combine(label, field),
        resourceVersion: q.get('resourceVersion'), representation, includeObject: parseIncludeObject(q.get('includeObject')),
        timeoutSeconds: timeout ? Number(timeout) : undefined, allowBookmarks: q.get('allowWatchBookmarks') === 'true',
        bookmarkIntervalMs: ctx.bookmarkIntervalMs,
      }, ctx.watches);
      return;
    }
    serveList(res, { store: ctx.namespaces, kind: 'namespaces', listKind: 'NamespaceList', matcher: combine(label, field), hasSelector: !!(label || field), query: q, representation });
    return;
  }
  if (req.method !== 'POST') throw methodNotAllowed();
  let body: unknown;
  if (contentTypeOf(req) === PROTOBUF) {
    try { body = decodeNamespace(await readBodyBuffer(req)); } catch (err) { throw badRequest((err as Error).message); }
  } else body = await readJsonRequest(req);
  if (!isPlainObject(body)) throw badRequest('the body of the request is not a Namespace object');
  const meta = (isPlainObject(body.metadata) ? body.metadata : {}) as JsonObject;
  const name = String(meta.name ?? '');
  if (!name) throw invalid('Namespace', '', [{ field: 'metadata.name', type: 'FieldValueRequired', body: 'Required value: name or generateName is required' }]);
  const problems = isDNS1123Label(name);
  if (problems.length) throw invalid('Namespace', name, problems.map((m) => ({ field: 'metadata.name', type: 'FieldValueInvalid', body: `Invalid value: ${JSON.stringify(name)}: ${m}` })));
  if (ctx.namespaces.get(undefined, name)) throw alreadyExists('namespaces', name);
  const ns = namespaceObject(name, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
  const labels = { ...((meta.labels as Record<string, string>) ?? {}), 'kubernetes.io/metadata.name': name };
  const created = { ...ns, metadata: { ...ns.metadata, uid: randomUUID(), labels, ...(meta.annotations ? { annotations: meta.annotations } : {}) } } as StoredObject;
  const dry = q.getAll('dryRun').includes('All');
  send(req, res, q, 201, dry ? created : ctx.namespaces.put(created));
}

export function namespaceItemRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, name: string): void {
  if (req.method !== 'GET') throw methodNotAllowed();
  const ns = ctx.namespaces.get(undefined, name);
  if (!ns) throw notFound('namespaces', name);
  send(req, res, q, 200, ns);
}
