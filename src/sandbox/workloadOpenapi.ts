// OpenAPI v3 documents for apps/v1 and batch/v1, as much as kubectl reads: each kind's schema with
// its x-kubernetes-group-version-kind (fields left open: the server checks them) and the PATCH
// operation with the `fieldValidation` parameter, whose presence tells kubectl edit/apply that the
// server validates fields, so it sends `fieldValidation=Strict` instead of validating client-side.
import { createHash } from 'node:crypto';

const KINDS: Record<string, { resource: string; kinds: string[] }[]> = {
  'apps/v1': [
    { resource: 'deployments', kinds: ['Deployment'] },
    { resource: 'replicasets', kinds: ['ReplicaSet'] },
    { resource: 'statefulsets', kinds: ['StatefulSet'] },
    { resource: 'daemonsets', kinds: ['DaemonSet'] },
  ],
  'batch/v1': [{ resource: 'jobs', kinds: ['Job'] }],
};

function buildDocument(gv: string): Record<string, unknown> {
  const [group, version] = gv.split('/');
  const pkg = `io.k8s.api.${group}.${version}`;
  const schemas: Record<string, unknown> = {
    'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
  };
  const paths: Record<string, unknown> = {};
  const param = (name: string, inPath = false) => (inPath ? { name, in: 'path', required: true, schema: { type: 'string', uniqueItems: true } } : { name, in: 'query', schema: { type: 'string', uniqueItems: true } });
  for (const { resource, kinds } of KINDS[gv]) {
    const kind = kinds[0];
    const gvk = { group, version, kind };
    const ref = { $ref: `#/components/schemas/${pkg}.${kind}` };
    schemas[`${pkg}.${kind}`] = {
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      'x-kubernetes-group-version-kind': [gvk],
    };
    const op = (action: string, id: string, body?: string[]) => ({
      operationId: `${id}${group.charAt(0).toUpperCase()}${group.slice(1)}V1Namespaced${kind}`,
      parameters: action === 'get' ? [] : [param('dryRun'), param('fieldManager'), param('fieldValidation')],
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      ...(body ? { requestBody: { required: true, content: Object.fromEntries(body.map((ct) => [ct, { schema: ct.includes('patch') ? { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } : ref }])) } } : {}),
    });
    paths[`/apis/${gv}/namespaces/{namespace}/${resource}`] = { post: op('post', 'create', ['*/*']), parameters: [param('namespace', true)] };
    paths[`/apis/${gv}/namespaces/{namespace}/${resource}/{name}`] = {
      get: op('get', 'read'),
      put: op('put', 'replace', ['*/*']),
      patch: op('patch', 'patch', ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml']),
      parameters: [param('name', true), param('namespace', true)],
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
}

const cache = new Map<string, { json: string; hash: string }>();

/** The document of `apps/v1` or `batch/v1`, or undefined for another group version. */
export function workloadOpenapiDocument(gv: string): { json: string; hash: string } | undefined {
  if (!KINDS[gv]) return undefined;
  let doc = cache.get(gv);
  if (!doc) {
    const json = JSON.stringify(buildDocument(gv));
    doc = { json, hash: createHash('sha512').update(json).digest('hex').slice(0, 128).toUpperCase() };
    cache.set(gv, doc);
  }
  return doc;
}

/** The `/openapi/v3` root entries of these documents. */
export function workloadOpenapiPaths(): Record<string, { serverRelativeURL: string }> {
  return Object.fromEntries(Object.keys(KINDS).map((gv) => [`apis/${gv}`, { serverRelativeURL: `/openapi/v3/apis/${gv}?hash=${workloadOpenapiDocument(gv)!.hash}` }]));
}
