// Discovery documents (`/version`, `/api`, `/api/v1`, `/apis`). kubectl 1.32 asks for aggregated
// discovery (apidiscovery.k8s.io/v2) first with `application/json` as a fallback; this server
// declines it the way a pre-aggregation server does, by answering the plain documents (and 406
// when the client accepts nothing else).
import { parseAccept } from './httpIo';
import { notAcceptable } from './statusErrors';
import { WORKLOAD_GROUPS } from './workloadDiscovery';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-podpatch-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T00:00:00Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export const API_GROUP_LIST = { kind: 'APIGroupList', apiVersion: 'v1', groups: WORKLOAD_GROUPS as unknown[] };

const POD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const API_V1_RESOURCES = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'], storageVersionHash: 'Q3oi5N2YM8M=' },
    { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: POD_VERBS, shortNames: ['po'], categories: ['all'], storageVersionHash: 'xPOwRZ+Yhw8=' },
    { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
    { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
    { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ev'], storageVersionHash: 'r2yiGXH7wu8=' },
  ],
};

/**
 * Throws 406 when the Accept header lists only representations this server cannot produce (for
 * example only the aggregated discovery types); otherwise the caller answers plain JSON.
 */
export function assertPlainJsonAccepted(accept: string | undefined): void {
  const ok = parseAccept(accept).some((m) => (m.type === 'application/json' || m.type === '*/*' || m.type === 'application/*') && !m.params.as);
  if (!ok) throw notAcceptable();
}
