// /api/v1/namespaces/{ns}/pods/{name}/resize (served where the release serves it): GET answers the
// pod; PATCH (all three patch types) and PUT go through the update path with the resize strategy
// and that release's ValidatePodResize, then the status simulator plays the kubelet's resize.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPlainObject } from '../core/pod';
import type { SandboxContext } from './sandboxContext';
import { contentTypeOf, parseJsonBody, readBody, readJsonRequest } from './httpIo';
import { parseFieldValidation } from './fieldValidation';
import { applyPatch, assertPatchedPodDecodes, assertPatchType, updatePod } from './podUpdate';
import { getPod, parseDryRun, sendPod } from './podRoutes';
import { badRequest, methodNotAllowed, notFound } from './statusErrors';

export async function resizeRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string, name: string): Promise<void> {
  if (req.method === 'GET') return getPod(ctx, req, res, q, ns, name);
  if (req.method !== 'PATCH' && req.method !== 'PUT') throw methodNotAllowed();
  const dryRun = parseDryRun(q);
  const fieldValidation = parseFieldValidation(q.get('fieldValidation'));
  let body: Record<string, unknown>;
  if (req.method === 'PATCH') {
    const contentType = contentTypeOf(req);
    const text = await readBody(req);
    assertPatchType(contentType);
    const old = ctx.pods.get(ns, name);
    if (!old) throw notFound('pods', name);
    const patch = parseJsonBody(text);
    body = applyPatch(old, contentType, patch);
    assertPatchedPodDecodes(body, contentType, () => patch);
  } else {
    const parsed = await readJsonRequest(req);
    if (!isPlainObject(parsed)) throw badRequest('the body of the request is not a Pod object');
    body = structuredClone(parsed);
  }
  const result = updatePod(ctx.pods, ns, name, body, { profile: 'kubernetes', dryRun, fieldValidation, server: ctx.server, subresource: 'resize' });
  if (!dryRun && result.changed && result.previous && result.pod !== result.previous) ctx.simulator.podResized(result.previous, result.pod, ctx.rules);
  sendPod(ctx, req, res, q, 200, result.pod, result.warnings);
}
