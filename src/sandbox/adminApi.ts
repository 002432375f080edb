// The admin/fault-injection API under the reserved prefix `/_podpatch/` (only with `--admin`):
// faults, changing a pod behind clients' backs, dropping watches, compaction, churn for watch
// benchmarks, the request log, and a reset to the initial state.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../core/pod';
import type { SandboxContext } from './sandboxContext';
import type { FaultInjector } from './faultInjector';
import { parseFaultSpec } from './faultInjector';
import { parseJsonBody, readBody, sendJson, sendJsonText } from './httpIo';
import type { StoredObject } from './resourceStore';
import { badRequest, methodNotAllowed, notFound, pathNotFound } from './statusErrors';

export const ADMIN_PREFIX = '/_podpatch/';

/** `aborted`: the connection closed before the answer was complete (a stream the client cut off). */
export type RecordedRequest = { method: string; path: string; query?: string; contentType?: string; status: number; aborted?: true };

export type AdminDeps = {
  ctx: SandboxContext;
  faults: FaultInjector;
  requests: RecordedRequest[];
  reset(): Promise<void>;
};

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (!text.trim()) return {};
  const v = parseJsonBody(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest('expected a JSON object');
  return v as Record<string, unknown>;
}

function touch(ctx: SandboxContext, pod: StoredObject, annotation: string, value: string): StoredObject {
  const annotations = { ...((pod.metadata.annotations as Record<string, string>) ?? {}), [annotation]: value };
  return ctx.pods.put({ ...pod, metadata: { ...pod.metadata, annotations } });
}

const CHURN_WRITES_PER_TURN = 4000;

/** N modifications, as fast as possible or paced at `perSecond`; resolves when all are made. */
async function churn(ctx: SandboxContext, events: number, perSecond: number | undefined, namespace: string | undefined): Promise<number> {
  const keys = ctx.pods.keys().filter((k) => !namespace || k.startsWith(`${namespace}/`));
  if (keys.length === 0) throw badRequest('no pods to churn');
  const started = Date.now();
  let made = 0;
  while (made < events) {
    // Batches keep the event loop responsive so watch streams flush while churning. Each event is
    // written to every open watch, so a batch is sized by event x watch writes (issue 13: 200
    // events to 200 watches, 40,000 writes in one turn, kept GETs waiting over a second).
    const batch = Math.max(1, Math.min(200, Math.floor(CHURN_WRITES_PER_TURN / Math.max(1, ctx.watches.count))));
    const due = perSecond ? Math.min(events, Math.floor(((Date.now() - started) / 1000) * perSecond) + 1, made + batch) : Math.min(events, made + batch);
    for (; made < due; made++) {
      const pod = ctx.pods.entry(keys[made % keys.length])?.object;
      if (pod) touch(ctx, pod, 'sandbox.podpatch.dev/churn', String(made));
    }
    await new Promise<void>((r) => (perSecond ? setTimeout(r, Math.max(1, Math.floor(1000 / perSecond))) : setImmediate(r)));
    await ctx.watches.drained();
  }
  return Date.now() - started;
}

export async function adminRoute(deps: AdminDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const rest = path.slice(ADMIN_PREFIX.length);
  const { ctx } = deps;
  const post = () => { if (req.method !== 'POST') throw methodNotAllowed(); };
  if (rest === 'faults') {
    post();
    let spec;
    try { spec = parseFaultSpec(await jsonBody(req)); } catch (err) { throw badRequest((err as Error).message); }
    deps.faults.add(spec);
    return sendJson(res, 200, { ok: true });
  }
  const m = /^pods\/([^/]+)\/([^/]+)\/touch$/.exec(rest);
  if (m) {
    post();
    await jsonBody(req);
    let ns: string, name: string;
    try { [ns, name] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])]; } catch { throw badRequest('invalid URL escape in path'); }
    const pod = ctx.pods.get(ns, name);
    if (!pod) throw notFound('pods', name);
    return sendJsonText(res, 200, JSON.stringify(touch(ctx, pod, 'sandbox.podpatch.dev/touched', new Date().toISOString())));
  }
  switch (rest) {
    case 'watches/drop': {
      post();
      const count = ctx.watches.count;
      ctx.watches.dropAll();
      return sendJson(res, 200, { dropped: count });
    }
    case 'compact':
      post();
      ctx.pods.compact();
      ctx.namespaces.compact();
      for (const t of ctx.resources.values()) t.store.compact();
      return sendJson(res, 200, { compactedTo: String(ctx.pods.clock.current) });
    case 'churn': {
      post();
      const body = await jsonBody(req) as JsonObject;
      const events = Number(body.events ?? 0);
      if (!Number.isInteger(events) || events < 1) throw badRequest('events must be a positive integer');
      const durationMs = await churn(ctx, events, body.perSecond ? Number(body.perSecond) : undefined, body.namespace as string | undefined);
      return sendJson(res, 200, { events, durationMs });
    }
    case 'requests':
      if (req.method !== 'GET') throw methodNotAllowed();
      return sendJson(res, 200, deps.requests);
    case 'reset':
      post();
      await deps.reset();
      return sendJson(res, 200, { ok: true });
    default:
      throw pathNotFound();
  }
}
