// Discovery documents (`/version`, `/api`, `/api/v1`, `/apis`). kubectl 1.32 asks for aggregated
// discovery (apidiscovery.k8s.io/v2) first with `application/json` as a fallback; this server
// declines it the way a pre-aggregation server does, by answering the plain documents (and 406
// when the client accepts nothing else).
import { parseAccept } from './httpIo';
import { notAcceptable } from './statusErrors';
import { WORKLOAD_GROUPS } from './workloadDiscovery';
import type { ServerRules } from '../core/rules/serverReleases';

/** Go toolchains the releases were built with (their go.mod `go`/toolchain lines, rounded). */
const GO_VERSIONS: Record<number, string> = { 29: 'go1.21.5', 30: 'go1.22.2', 31: 'go1.22.5', 32: 'go1.23.3', 33: 'go1.24.2', 34: 'go1.24.6', 35: 'go1.25.3', 36: 'go1.25.7', 37: 'go1.26.1' };

/** `GET /version` of the release the sandbox plays; emulationMajor/Minor exist from 1.33 (apimachinery a78ae8bc). */
export function serverVersion(rules: ServerRules): Record<string, string> {
  const minor = String(rules.minor);
  return {
    major: '1',
    minor,
    ...(rules.minor >= 33 ? { emulationMajor: '1', emulationMinor: minor, minCompatibilityMajor: '1', minCompatibilityMinor: String(rules.minor - 1) } : {}),
    gitVersion: `v1.${minor}.0-podpatch-sandbox`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: GO_VERSIONS[rules.minor] ?? 'go1.26.1',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export const API_GROUP_LIST = { kind: 'APIGroupList', apiVersion: 'v1', groups: WORKLOAD_GROUPS as unknown[] };

const POD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** `GET /api/v1`: pods/resize is listed where the release serves it (storage_core.go registers it then). */
export function apiV1Resources(rules: ServerRules): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'], storageVersionHash: 'Q3oi5N2YM8M=' },
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: POD_VERBS, shortNames: ['po'], categories: ['all'], storageVersionHash: 'xPOwRZ+Yhw8=' },
      ...(rules.servesResize ? [{ name: 'pods/resize', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] }] : []),
      { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
      { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
      { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ev'], storageVersionHash: 'r2yiGXH7wu8=' },
    ],
  };
}

/**
 * Throws 406 when the Accept header lists only representations this server cannot produce (for
 * example only the aggregated discovery types); otherwise the caller answers plain JSON.
 */
export function assertPlainJsonAccepted(accept: string | undefined): void {
  const ok = parseAccept(accept).some((m) => (m.type === 'application/json' || m.type === '*/*' || m.type === 'application/*') && !m.params.as);
  if (!ok) throw notAcceptable();
}
