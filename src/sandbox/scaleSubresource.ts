// The `scale` subresource of Deployments, ReplicaSets and StatefulSets (autoscaling/v1 Scale), which
// `kubectl scale` reads and patches: spec.replicas maps to the owner's spec.replicas; the status
// carries the observed replicas and the selector as a label query (pkg/registry/apps/deployment
// storage ScaleREST).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../core/pod';
import { isPlainObject } from '../core/pod';
import { selectorQuery } from '../core/rules/workloads/labelSelector';
import { contentTypeOf, isPretty, parseJsonBody, readBody, readJsonRequest, sendJson } from './httpIo';
import type { StoredObject } from './resourceStore';
import { updateObject, type ResourceType } from './resourceRoutes';
import { assertPatchType } from './podUpdate';
import { applyWorkloadPatch } from './workloadPatch';
import { badRequest, invalid, methodNotAllowed, notFound } from './statusErrors';

export const SCALABLE = new Set(['deployments', 'replicasets', 'statefulsets']);

function scaleOf(o: StoredObject): StoredObject {
  const spec = (o.spec ?? {}) as JsonObject;
  const status = (o.status ?? {}) as JsonObject;
  const m = o.metadata;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector: selectorQuery(spec.selector) },
  } as StoredObject;
}

export async function scaleRoute(t: ResourceType, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string, name: string): Promise<void> {
  const current = t.store.get(ns, name);
  if (!current) throw notFound(`${t.resource}.${t.group}`, name);
  let wanted: JsonObject;
  switch (req.method) {
    case 'GET': return sendJson(res, 200, scaleOf(current), isPretty(q));
    case 'PUT': {
      const body = await readJsonRequest(req);
      if (!isPlainObject(body)) throw badRequest('the body of the request is not a Scale object');
      wanted = body;
      break;
    }
    case 'PATCH': {
      const contentType = contentTypeOf(req);
      const text = await readBody(req);
      assertPatchType(contentType);
      wanted = applyWorkloadPatch(scaleOf(current), contentType, parseJsonBody(text));
      break;
    }
    default: throw methodNotAllowed();
  }
  const replicas = (wanted.spec as JsonObject | undefined)?.replicas;
  // ValidateScale, refused as the Scale it is (NewInvalid(autoscaling.Kind("Scale"), ...)).
  if (typeof replicas === 'number' && replicas < 0) throw invalid('Scale.autoscaling', name, [{ field: 'spec.replicas', type: 'FieldValueInvalid', body: `Invalid value: ${replicas}: must be greater than or equal to 0` }]);
  const rv = (wanted.metadata as JsonObject | undefined)?.resourceVersion;
  const next = { ...current, metadata: { ...current.metadata, resourceVersion: rv ?? current.metadata.resourceVersion }, spec: { ...(current.spec as JsonObject), replicas } };
  sendJson(res, 200, scaleOf(updateObject(t, ns, name, next)), isPretty(q));
}
