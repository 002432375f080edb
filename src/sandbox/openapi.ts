// `/openapi/v3` and `/openapi/v3/api/v1`: the OpenAPI 3 document kubectl reads before `edit` (and
// `explain`). kubectl looks for the `fieldValidation` query parameter on the pod PATCH operation to
// decide that the server validates fields itself, so it can send `fieldValidation=Strict`.
import { createHash } from 'node:crypto';
import { FIELD_DESCRIPTIONS, POD_TYPES, type TypeRef } from './podSchema';
import { workloadOpenapiPaths } from './workloadOpenapi';

const META_PKG = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE_PKG = 'io.k8s.api.core.v1';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function schemaName(type: string): string {
  return type === 'ObjectMeta' || type === 'OwnerReference' ? `${META_PKG}.${type}` : `${CORE_PKG}.${type}`;
}

function schemaFor(t: TypeRef): Record<string, unknown> {
  switch (t) {
    case 'string': return { type: 'string', default: '' };
    case 'time': return { type: 'string', format: 'date-time' };
    case 'integer': return { type: 'integer', format: 'int64' };
    case 'number': return { type: 'number', format: 'double' };
    case 'boolean': return { type: 'boolean' };
    case 'quantity': return { $ref: `#/components/schemas/${QUANTITY}` };
    case 'intOrString': return { 'x-kubernetes-int-or-string': true };
    case 'open': return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
  if (t.startsWith('[]')) return { type: 'array', items: schemaFor(t.slice(2)) };
  if (t.startsWith('map<')) return { type: 'object', additionalProperties: schemaFor(t.slice(4, -1)) };
  return { allOf: [{ $ref: `#/components/schemas/${schemaName(t)}` }], default: {} };
}

const GVK = (kind: string) => ({ group: '', version: 'v1', kind });

function parameter(name: string, description: string, inPath = false): Record<string, unknown> {
  return inPath
    ? { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } }
    : { name, in: 'query', description, schema: { type: 'string', uniqueItems: true } };
}

function operation(id: string, action: string, kind: string, extraParams: Record<string, unknown>[], withBody?: string[]): Record<string, unknown> {
  const op: Record<string, unknown> = {
    tags: ['core_v1'],
    description: `${action} the specified ${kind}`,
    operationId: id,
    parameters: extraParams,
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${CORE_PKG}.${kind}` } } } },
      '401': { description: 'Unauthorized' },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': GVK(kind),
  };
  if (withBody) {
    op.requestBody = {
      content: Object.fromEntries(withBody.map((ct) => [ct, { schema: ct.includes('patch') ? { $ref: `#/components/schemas/${META_PKG}.Patch` } : { $ref: `#/components/schemas/${CORE_PKG}.${kind}` } }])),
      required: true,
    };
  }
  return op;
}

const writeParams = [
  parameter('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed'),
  parameter('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  parameter('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn (default) - Strict'),
];

function buildDocument(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {
    [QUANTITY]: { description: 'Quantity is a fixed-point representation of a number.', oneOf: [{ type: 'string' }, { type: 'number' }] },
    [`${META_PKG}.Patch`]: { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' },
    [`${META_PKG}.Status`]: { description: 'Status is a return value for calls that don\'t return other objects.', type: 'object', 'x-kubernetes-group-version-kind': [GVK('Status')] },
  };
  for (const [name, def] of Object.entries(POD_TYPES)) {
    const s: Record<string, unknown> = {
      description: def.description,
      type: 'object',
      properties: Object.fromEntries(Object.entries(def.fields).map(([k, t]) => {
        const description = FIELD_DESCRIPTIONS[`${name}.${k}`];
        return [k, description ? { ...schemaFor(t), description } : schemaFor(t)];
      })),
    };
    if (name === 'Container') s.required = ['name'];
    if (name === 'PodSpec') s.required = ['containers'];
    if (name === 'Pod') s['x-kubernetes-group-version-kind'] = [GVK('Pod')];
    schemas[schemaName(name)] = s;
  }
  schemas[`${CORE_PKG}.PodList`] = {
    description: 'PodList is a list of Pods.', type: 'object', required: ['items'],
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, items: { type: 'array', items: { $ref: `#/components/schemas/${CORE_PKG}.Pod` } } },
    'x-kubernetes-group-version-kind': [GVK('PodList')],
  };
  const ns = parameter('namespace', 'object name and auth scope, such as for teams and projects', true);
  const name = parameter('name', 'name of the Pod', true);
  const pretty = parameter('pretty', "If 'true', then the output is pretty printed.");
  const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: {
      '/api/v1/namespaces/{namespace}/pods': {
        get: { ...operation('listCoreV1NamespacedPod', 'list', 'Pod', []), 'x-kubernetes-group-version-kind': GVK('Pod') },
        post: operation('createCoreV1NamespacedPod', 'post', 'Pod', writeParams, ['*/*']),
        parameters: [ns, pretty],
      },
      '/api/v1/namespaces/{namespace}/pods/{name}': {
        get: operation('readCoreV1NamespacedPod', 'get', 'Pod', []),
        put: operation('replaceCoreV1NamespacedPod', 'put', 'Pod', writeParams, ['*/*']),
        patch: operation('patchCoreV1NamespacedPod', 'patch', 'Pod', [...writeParams, parameter('force', 'Force is going to "force" Apply requests.')], patchTypes),
        delete: operation('deleteCoreV1NamespacedPod', 'delete', 'Pod', [parameter('dryRun', 'dry run'), parameter('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.')]),
        parameters: [name, ns, pretty],
      },
      '/api/v1/pods': { get: operation('listCoreV1PodForAllNamespaces', 'list', 'Pod', []) },
    },
    components: { schemas },
  };
}

let cached: { json: string; hash: string } | undefined;

export function apiV1Document(): { json: string; hash: string } {
  if (!cached) {
    const json = JSON.stringify(buildDocument());
    cached = { json, hash: createHash('sha512').update(json).digest('hex').slice(0, 128).toUpperCase() };
  }
  return cached;
}

export function openapiV3Root(): Record<string, unknown> {
  const { hash } = apiV1Document();
  return { paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${hash}` }, ...workloadOpenapiPaths() } };
}
