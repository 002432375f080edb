// Routes the paths of the kinds served through resourceRoutes (core/v1 events, apps/v1 and
// batch/v1 workloads): /api/v1/{resource}, /api/v1/namespaces/{ns}/{resource}[/{name}[/status]]
// and the same under /apis/{group}/{version}, with the scale subresource of the scalable kinds.
// Returns false for a path it does not serve.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './sandboxContext';
import { collectionRoute, itemRoute } from './resourceRoutes';
import { SCALABLE, scaleRoute } from './scaleSubresource';

export async function routeRegisteredResource(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, segments: string[]): Promise<boolean> {
  let gv: string;
  let rest: string[];
  if (segments[0] === 'api' && segments[1] === 'v1') { gv = 'v1'; rest = segments.slice(2); }
  else if (segments[0] === 'apis' && segments.length >= 3) { gv = `${segments[1]}/${segments[2]}`; rest = segments.slice(3); }
  else return false;
  if (rest.length === 1) {
    const t = ctx.resources.get(`${gv}/${rest[0]}`);
    if (!t) return false;
    await collectionRoute(ctx, t, req, res, q);
    return true;
  }
  if (rest[0] !== 'namespaces' || rest.length < 3 || rest.length > 5) return false;
  const t = ctx.resources.get(`${gv}/${rest[2]}`);
  if (!t) return false;
  if (rest.length === 3) await collectionRoute(ctx, t, req, res, q, rest[1]);
  else if (rest[4] === 'scale' && SCALABLE.has(t.resource)) await scaleRoute(t, req, res, q, rest[1], rest[3]);
  else await itemRoute(t, req, res, q, rest[1], rest[3], rest[4]);
  return true;
}
