// /api/v1/pods and /api/v1/namespaces/{ns}/pods[/{name}]: list/watch, get, create, replace,
// patch and delete, with `pretty`, `dryRun=All`, `fieldValidation` and `fieldManager` (accepted).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../core/pod';
import { isPlainObject } from '../core/pod';
import { isDNS1123Subdomain } from '../core/rules/nameValidation';
import type { SandboxContext } from './sandboxContext';
import { ResourceStore, type StoredObject } from './resourceStore';
import { contentTypeOf, isPretty, negotiate, parseJsonBody, parseJsonBodyInTurns, readBody, readJsonRequestInTurns, sendJson, sendJsonBuffer, sendJsonText } from './httpIo';
import { parseIncludeObject, table, tableRow } from './podTable';
import { parseFieldValidation, validatePodFields, warningHeader } from './fieldValidation';
import { applyCreateDefaults } from './podDefaults';
import { applyPatch, assertPatchedPodDecodes, assertPatchType, updatePodSteps, type WriteResult } from './podUpdate';
import { nextTurn, runStepsYielding, type WriteSteps } from './stagedWrite';
import { serveCollection } from './resourceRoutes';
import { alreadyExists, badRequest, conflict, conflictWith, invalid, methodNotAllowed, notFound } from './statusErrors';

export function parseDryRun(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`Invalid dry run value: ${JSON.stringify(v)}; supported values are "All"`);
  return values.length > 0;
}

export function listOrWatchPods(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, namespace?: string): void {
  serveCollection(ctx, { store: ctx.pods, resource: 'pods', kind: 'Pod', listKind: 'PodList', apiVersion: 'v1', fields: 'pods' }, req, res, q, namespace);
}

export function sendPod(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, code: number, pod: StoredObject, warnings: string[] = []): void {
  const headers: Record<string, string> = warnings.length ? { warning: warningHeader(warnings) } : {};
  const representation = negotiate(req.headers.accept, true);
  if (representation === 'table') {
    sendJson(res, code, table('pods', [tableRow('pods', pod, parseIncludeObject(q.get('includeObject')))], { resourceVersion: pod.metadata.resourceVersion }), isPretty(q), headers);
    return;
  }
  // The stored object's serialization is cached; anything else (dry run, deleted) is encoded here.
  const entry = ctx.pods.entry(ResourceStore.key(pod.metadata.namespace, pod.metadata.name));
  if (entry?.object === pod && !isPretty(q)) sendJsonBuffer(res, code, entry.buf, headers);
  else sendJsonText(res, code, JSON.stringify(pod), isPretty(q), headers);
}

export function getPod(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string, name: string): void {
  const pod = ctx.pods.get(ns, name);
  if (!pod) throw notFound('pods', name);
  sendPod(ctx, req, res, q, 200, pod);
}

/** Create-time validation of the fields a sandbox user can get wrong (upstream's messages). */
function validateNewPod(pod: JsonObject): void {
  const meta = pod.metadata as JsonObject;
  const errs: { field: string; type: string; body: string }[] = [];
  const name = meta.name as string | undefined;
  if (!name) errs.push({ field: 'metadata.name', type: 'FieldValueRequired', body: 'Required value: name or generateName is required' });
  else for (const m of isDNS1123Subdomain(name)) errs.push({ field: 'metadata.name', type: 'FieldValueInvalid', body: `Invalid value: ${JSON.stringify(name)}: ${m}` });
  const containers = (pod.spec as JsonObject | undefined)?.containers;
  if (!Array.isArray(containers) || containers.length === 0) errs.push({ field: 'spec.containers', type: 'FieldValueRequired', body: 'Required value' });
  else {
    const seen = new Set<string>();
    containers.forEach((c: JsonObject, i) => {
      if (!c.name) errs.push({ field: `spec.containers[${i}].name`, type: 'FieldValueRequired', body: 'Required value' });
      else if (seen.has(c.name as string)) errs.push({ field: `spec.containers[${i}].name`, type: 'FieldValueDuplicate', body: `Duplicate value: ${JSON.stringify(c.name)}` });
      seen.add(c.name as string);
      if (!c.image) errs.push({ field: `spec.containers[${i}].image`, type: 'FieldValueRequired', body: 'Required value' });
    });
  }
  if (errs.length) throw invalid('Pod', name ?? '', errs);
}

export async function createPod(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string): Promise<void> {
  const dryRun = parseDryRun(q);
  const mode = parseFieldValidation(q.get('fieldValidation'));
  const body = await readJsonRequestInTurns(req);
  if (!isPlainObject(body)) throw badRequest('the body of the request is not a Pod object');
  const pod = body; // this request's own parse: changed in place, no clone needed
  const meta = isPlainObject(pod.metadata) ? pod.metadata : {};
  pod.metadata = meta;
  if (meta.namespace && meta.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (!ctx.namespaces.get(undefined, ns)) throw notFound('namespaces', ns);
  await nextTurn(); // stages of a big body, as for updates (stagedWrite.ts)
  const { warnings } = validatePodFields(pod, mode);
  await nextTurn();
  // From here to the write in one turn: the name is checked free and taken together.
  const defaulted = applyCreateDefaults(pod, ns, ctx.profile, new Date(), ctx.rules.gates.PodLevelResources);
  validateNewPod(defaulted);
  const name = (defaulted.metadata as JsonObject).name as string;
  if (ctx.pods.get(ns, name)) throw alreadyExists('pods', name);
  if (dryRun) return sendPod(ctx, req, res, q, 201, defaulted as StoredObject, warnings);
  const stored = ctx.pods.put(defaulted as StoredObject);
  ctx.simulator.podCreated(stored);
  sendPod(ctx, req, res, q, 201, stored, warnings);
}

function afterWrite(ctx: SandboxContext, result: WriteResult): void {
  if (!result.changed || !result.previous || result.pod === result.previous) return;
  ctx.simulator.podUpdated(result.previous, result.pod);
  // Up to 1.31 with InPlacePodVerticalScaling the main resource itself carries resizes.
  if (ctx.rules.mainResourceResize) ctx.simulator.podResized(result.previous, result.pod, ctx.rules);
}

export async function replacePod(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string, name: string): Promise<void> {
  const dryRun = parseDryRun(q);
  const fieldValidation = parseFieldValidation(q.get('fieldValidation'));
  const body = await readJsonRequestInTurns(req);
  if (!isPlainObject(body)) throw badRequest('the body of the request is not a Pod object');
  // The parsed body is this request's own: the update path copies what it changes, no clone needed.
  const opts = { profile: ctx.profile, dryRun, fieldValidation, server: ctx.server };
  const result = await stagedPodWrite(ctx, ns, name, dryRun, function* () {
    // A PUT body's uid is a precondition (rest.defaultUpdatedObjectInfo.Preconditions): 409 on mismatch.
    const uid = isPlainObject(body.metadata) ? body.metadata.uid : undefined;
    const stored = ctx.pods.get(ns, name);
    if (uid && stored && uid !== stored.metadata.uid) {
      throw conflictWith('pods', name, `Precondition failed: UID in precondition: ${String(uid)}, UID in object meta: ${String(stored.metadata.uid)}`);
    }
    return yield* updatePodSteps(ctx.pods, ns, name, body, opts, stored);
  });
  sendPod(ctx, req, res, q, 200, result.pod, result.warnings);
}

export async function patchPod(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string, name: string): Promise<void> {
  const dryRun = parseDryRun(q);
  const fieldValidation = parseFieldValidation(q.get('fieldValidation'));
  const contentType = contentTypeOf(req);
  const text = await readBody(req);
  assertPatchType(contentType); // upstream checks the media type first: 415 wins over 404
  if (!ctx.pods.get(ns, name)) throw notFound('pods', name);
  let patch: unknown = await parseJsonBodyInTurns(text); // reading and parsing a big body: separate blocks
  const opts = { profile: ctx.profile, dryRun, fieldValidation, server: ctx.server };
  let attempts = 0;
  const result = await stagedPodWrite(ctx, ns, name, dryRun, function* () {
    const old = ctx.pods.get(ns, name);
    if (!old) throw notFound('pods', name);
    // Applying uses the parsed patch up (a strategic patch's directives): a redo parses it again,
    // and so does the decode error, which quotes the patch as sent.
    if (attempts++ > 0) patch = parseJsonBody(text);
    yield;
    const patched = applyPatch(old, contentType, patch, true);
    yield;
    assertPatchedPodDecodes(patched, contentType, () => parseJsonBody(text));
    return yield* updatePodSteps(ctx.pods, ns, name, patched, opts, old);
  });
  sendPod(ctx, req, res, q, 200, result.pod, result.warnings);
}

/**
 * A PUT/PATCH of one pod in stages (stagedWrite.ts), behind the writes to that pod before it; the
 * simulator hears of the change in the same turn as the commit, so its writes come after.
 */
async function stagedPodWrite(ctx: SandboxContext, ns: string, name: string, dryRun: boolean, make: () => WriteSteps<WriteResult>): Promise<WriteResult> {
  return ctx.pods.writes.run(ResourceStore.key(ns, name), async () => {
    const result = await runStepsYielding(make);
    if (!dryRun) afterWrite(ctx, result);
    return result;
  });
}

export async function deletePod(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string, name: string): Promise<void> {
  const dryRun = parseDryRun(q);
  const text = await readBody(req);
  const options = text.trim() ? await parseJsonBodyInTurns(text) as JsonObject : {};
  const pod = ctx.pods.get(ns, name);
  if (!pod) throw notFound('pods', name);
  const pre = isPlainObject(options.preconditions) ? options.preconditions : {};
  if (pre.uid && pre.uid !== pod.metadata.uid) throw conflict('pods', name);
  if (pre.resourceVersion && pre.resourceVersion !== pod.metadata.resourceVersion) throw conflict('pods', name);
  const graceParam = q.get('gracePeriodSeconds') ?? (options.gracePeriodSeconds !== undefined ? String(options.gracePeriodSeconds) : null);
  const spec = (pod.spec ?? {}) as JsonObject;
  const grace = graceParam !== null ? Number(graceParam) : Number(spec.terminationGracePeriodSeconds ?? 30);
  if (dryRun) return sendPod(ctx, req, res, q, 200, pod);
  // Unscheduled pods and gracePeriodSeconds=0 go at once; others terminate first, as on a node.
  if (!spec.nodeName || grace <= 0) {
    sendPod(ctx, req, res, q, 200, ctx.pods.delete(ns, name)!);
    return;
  }
  if (pod.metadata.deletionTimestamp) return sendPod(ctx, req, res, q, 200, pod);
  const deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const terminating = ctx.pods.put({ ...pod, metadata: { ...pod.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace } });
  ctx.simulator.podTerminating(terminating, grace);
  sendPod(ctx, req, res, q, 200, terminating);
}

export async function podItemRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string, name: string): Promise<void> {
  switch (req.method) {
    case 'GET': return getPod(ctx, req, res, q, ns, name);
    case 'PUT': return replacePod(ctx, req, res, q, ns, name);
    case 'PATCH': return patchPod(ctx, req, res, q, ns, name);
    case 'DELETE': return deletePod(ctx, req, res, q, ns, name);
    default: throw methodNotAllowed();
  }
}

export async function podCollectionRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns?: string): Promise<void> {
  if (req.method === 'GET') return listOrWatchPods(ctx, req, res, q, ns);
  if (req.method === 'POST' && ns !== undefined) return createPod(ctx, req, res, q, ns);
  throw methodNotAllowed();
}
