// Maps API paths to handlers: discovery, OpenAPI, health, namespaces, pods and pods/resize.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './sandboxContext';
import { API_GROUP_LIST, apiV1Resources, apiVersions, assertPlainJsonAccepted, serverVersion } from './discovery';
import { resizeRoute } from './resizeRoutes';
import { apiV1Document, openapiV3Root } from './openapi';
import { isPretty, sendJson, sendJsonText } from './httpIo';
import { podCollectionRoute, podItemRoute, getPod } from './podRoutes';
import { namespaceCollectionRoute, namespaceItemRoute } from './namespaceRoutes';
import { badRequest, methodNotAllowed, pathNotFound } from './statusErrors';
import { podLogRoute } from './logRoutes';
import { routeRegisteredResource } from './resourcePaths';
import { apiGroup, RESOURCE_LISTS } from './workloadDiscovery';
import { workloadOpenapiDocument } from './workloadOpenapi';

function getOnly(req: IncomingMessage): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
}

/**
 * The path as Go's net/http hands it to the apiserver's router: percent-decoded (a malformed escape
 * is 400), so an encoded slash splits a name into two segments and matches no route; an empty
 * segment (`namespaces//pods`) names no namespace and matches no route either (404), rather than
 * "every namespace".
 */
export function decodeApiPath(pathname: string): string {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    throw badRequest(`invalid URL escape in path ${JSON.stringify(pathname.slice(0, 200))}`);
  }
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (path.includes('//')) throw pathNotFound();
  return path;
}

export async function routeApiRequest(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL, serverUrl: string): Promise<void> {
  const q = url.searchParams;
  const path = decodeApiPath(url.pathname);
  switch (path) {
    case '/version': getOnly(req); return sendJson(res, 200, serverVersion(ctx.rules), isPretty(q));
    case '/api': getOnly(req); assertPlainJsonAccepted(req.headers.accept); return sendJson(res, 200, apiVersions(new URL(serverUrl).host), isPretty(q));
    case '/apis': getOnly(req); assertPlainJsonAccepted(req.headers.accept); return sendJson(res, 200, API_GROUP_LIST, isPretty(q));
    case '/api/v1': getOnly(req); return sendJson(res, 200, apiV1Resources(ctx.rules), isPretty(q));
    case '/openapi/v3': getOnly(req); return sendJson(res, 200, openapiV3Root());
    case '/openapi/v3/api/v1': getOnly(req); return sendJsonText(res, 200, apiV1Document().json, false, { etag: `"${apiV1Document().hash}"` });
    case '/healthz': case '/livez': case '/readyz':
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    case '/api/v1/pods': return podCollectionRoute(ctx, req, res, q);
    case '/api/v1/namespaces': return namespaceCollectionRoute(ctx, req, res, q);
  }
  const segments = path.split('/').slice(1);
  const workloadDoc = path.startsWith('/openapi/v3/apis/') ? workloadOpenapiDocument(path.slice('/openapi/v3/apis/'.length)) : undefined;
  if (workloadDoc) { getOnly(req); return sendJsonText(res, 200, workloadDoc.json, false, { etag: `"${workloadDoc.hash}"` }); }
  if (segments[0] === 'apis' && segments.length === 2 && RESOURCE_LISTS[`${segments[1]}/v1`]) { getOnly(req); return sendJson(res, 200, apiGroup(segments[1]), isPretty(q)); }
  if (segments[0] === 'apis' && segments.length === 3 && RESOURCE_LISTS[`${segments[1]}/${segments[2]}`]) { getOnly(req); return sendJson(res, 200, RESOURCE_LISTS[`${segments[1]}/${segments[2]}`], isPretty(q)); }
  if (segments[0] === 'api' && segments[1] === 'v1' && segments[2] === 'namespaces' && segments.length >= 4) {
    const ns = segments[3];
    if (segments.length === 4) return namespaceItemRoute(ctx, req, res, q, ns);
    if (segments[4] === 'pods') {
      if (segments.length === 5) return podCollectionRoute(ctx, req, res, q, ns);
      if (segments.length === 6) return podItemRoute(ctx, req, res, q, ns, segments[5]);
      if (segments.length === 7 && segments[6] === 'status') { getOnly(req); return getPod(ctx, req, res, q, ns, segments[5]); }
      if (segments.length === 7 && segments[6] === 'log') return podLogRoute(ctx, req, res, q, ns, segments[5]);
      if (segments.length === 7 && segments[6] === 'resize' && ctx.rules.servesResize) return resizeRoute(ctx, req, res, q, ns, segments[5]);
    }
  }
  if (await routeRegisteredResource(ctx, req, res, q, segments)) return;
  throw pathNotFound();
}
