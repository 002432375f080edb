// A container's probes as `kubectl describe pod` prints them: kubernetes/kubectl
// pkg/describe/describe.go at dee3483a3d6a64c07fdf746caf80af446dee99ac (describeContainerProbe,
// DescribeProbe), with the URL of an http-get probe built as Go's net/url URL.String() builds it.
// kubectl before 5c1c16b0 (June 2026, so 1.32) said `#success=1 #failure=3` where it now says
// `successThreshold=1 failureThreshold=3`.
import { obj, str } from '../rules/ruleContext';
import { put } from './prefixWriter';
import type { TabWriter } from './tabWriter';

type Obj = Record<string, unknown>;

/** The Liveness, Readiness and Startup lines, after the container's resources. */
export function describeContainerProbes(w: TabWriter, container: Obj, legacy: boolean): void {
  for (const [key, title] of [['livenessProbe', 'Liveness'], ['readinessProbe', 'Readiness'], ['startupProbe', 'Startup']] as const) {
    if (container[key] !== undefined && container[key] !== null) put(w, 2, `${title}:\t${describeProbe(obj(container[key]), legacy)}\n`);
  }
}

/** DescribeProbe: the handler, then the timings (a field the server left unset is Go's zero). */
export function describeProbe(probe: Obj, legacy = false): string {
  const n = (key: string) => (typeof probe[key] === 'number' ? Math.trunc(probe[key] as number) : 0);
  const thresholds = legacy
    ? `#success=${n('successThreshold')} #failure=${n('failureThreshold')}`
    : `successThreshold=${n('successThreshold')} failureThreshold=${n('failureThreshold')}`;
  const attrs = `delay=${n('initialDelaySeconds')}s timeout=${n('timeoutSeconds')}s period=${n('periodSeconds')}s ${thresholds}`;
  if (isSet(probe.exec)) return `exec [${(Array.isArray(obj(probe.exec).command) ? (obj(probe.exec).command as unknown[]) : []).map(str).join(' ')}] ${attrs}`;
  if (isSet(probe.httpGet)) {
    const h = obj(probe.httpGet);
    const port = intOrString(h.port);
    const host = port.length ? joinHostPort(str(h.host), port) : str(h.host);
    return `http-get ${urlString(str(h.scheme).toLowerCase(), host, str(h.path))} ${attrs}`;
  }
  if (isSet(probe.tcpSocket)) return `tcp-socket ${str(obj(probe.tcpSocket).host)}:${intOrString(obj(probe.tcpSocket).port)} ${attrs}`;
  // kubectl dereferences grpc.service, which the server defaults to "".
  if (isSet(probe.grpc)) return `grpc <pod>:${Number(obj(probe.grpc).port ?? 0)} ${str(obj(probe.grpc).service)} ${attrs}`;
  return `unknown ${attrs}`;
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** intstr.IntOrString.String(): a number in decimal, a string as it is; unset is the int 0. */
function intOrString(v: unknown): string {
  return typeof v === 'string' ? v : String(typeof v === 'number' ? Math.trunc(v) : 0);
}

/** net.JoinHostPort: a host with a colon (IPv6) goes in brackets. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

// The bytes Go's url package leaves as they are in a host (encodeHost) and in a path (encodePath).
const hostSafe = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;
const pathSafe = /[A-Za-z0-9\-_.~$&+,/:;=@]/;

function escape(s: string, safe: RegExp): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && safe.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** url.URL{Scheme, Host, Path}.String(), for the fields DescribeProbe sets. */
export function urlString(scheme: string, host: string, path: string): string {
  let out = scheme ? `${scheme}:` : '';
  if (scheme || host) {
    if (host || path) out += '//';
    out += escape(host, hostSafe);
  }
  const escapedPath = path === '*' ? '*' : escape(path, pathSafe);
  if (escapedPath && !escapedPath.startsWith('/') && host) out += '/';
  // A relative path whose first segment has a colon would read as a scheme.
  if (!out && escapedPath.split('/')[0].includes(':')) out += './';
  return out + escapedPath;
}
