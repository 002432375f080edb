// Server-side field validation (`fieldValidation=Strict|Warn|Ignore`, default Warn since v1.27):
// fields the Pod schema does not declare are refused (400 `strict decoding error: unknown field
// "spec.foo"`), warned about (a `Warning: 299` header) or silently dropped; in every mode they are
// not stored, since a real server decodes into typed structs. Type mismatches are decode errors.
import type { JsonObject } from '../core/pod';
import { POD_TYPES, type TypeRef } from './podSchema';
import { goTypeOf } from '../core/patch/goValues';
import { badRequest } from './statusErrors';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(v: string | null): FieldValidation {
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${v}"`);
}

/** How a mismatch is worded: encoding/json's decode (create, update, merge and JSON patches) or
 * runtime.DefaultUnstructuredConverter.FromUnstructured (a strategic merge patch's result). */
type Decoder = 'json' | 'unstructured';
type Problems = { unknown: string[]; typeError?: string; decoder: Decoder; strip: boolean };

function goType(t: TypeRef): string {
  switch (t) {
    case 'integer': return 'int64';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'string': case 'time': return 'string';
    default: return t.startsWith('[]') ? `[]${goType(t.slice(2))}` : t.startsWith('map<') ? 'map[string]string' : `v1.${t}`;
  }
}

// The Go types behind the schema's 'open' fields (k8s.io/api/core/v1 types.go), for a decode error's "of type".
const OPEN_GO_TYPES: Record<string, string> = {
  'PodSpec.affinity': 'v1.Affinity', 'PodSpec.dnsConfig': 'v1.PodDNSConfig', 'PodSpec.securityContext': 'v1.PodSecurityContext',
  'Container.securityContext': 'v1.SecurityContext', 'Container.lifecycle': 'v1.Lifecycle', 'Container.livenessProbe': 'v1.Probe',
  'Container.readinessProbe': 'v1.Probe', 'Container.startupProbe': 'v1.Probe', 'EnvVar.valueFrom': 'v1.EnvVarSource',
  'ContainerStatus.state': 'v1.ContainerState', 'ContainerStatus.lastState': 'v1.ContainerState', 'ContainerStatus.user': 'v1.ContainerUser',
};

/** encoding/json's name for a JSON value in an UnmarshalTypeError ("number 1.5" into an integer). */
function jsonKind(v: unknown, into: TypeRef): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return into === 'integer' && !Number.isInteger(v) ? `number ${v}` : 'number';
  return typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
}

// FromUnstructured's errors (apimachinery v0.37.2 pkg/runtime/converter.go fromUnstructured,
// mapFromUnstructured, sliceFromUnstructured, structFromUnstructured), as a v1.37.2 server words them.
function unstructuredMismatch(v: unknown, type: TypeRef): string {
  const kind = goTypeOf(v); // never nil here: walk skips null
  if (type.startsWith('[]')) return `cannot restore slice from ${kind}`;
  if (type.startsWith('map<')) return `cannot restore map from ${kind}`;
  switch (type) {
    case 'string': case 'time': return kind === 'int64' ? 'cannot convert int64 to string' : 'unrecognized type: string';
    case 'integer': return kind === 'float64' ? 'cannot convert float64 to int64' : 'unrecognized type: int64';
    case 'number': return 'unrecognized type: float64';
    case 'boolean': return 'unrecognized type: bool';
    default: return `cannot restore struct from: ${kind}`;
  }
}

/** Walks `value` against `type`, dropping unknown keys in place (when `strip`) and collecting their paths. */
function walk(value: unknown, type: TypeRef, path: string, goPath: string, owner: string, problems: Problems): void {
  if (value === null || value === undefined || problems.typeError) return;
  // encoding/json names the field by its dotted path without map keys or list indexes
  // ("Container.spec.containers.image"), as a v1.37.2 server answered; strict decoding's unknown
  // fields keep them ("spec.containers[0].imagee").
  const mismatch = () => {
    problems.typeError ??= problems.decoder === 'unstructured' ? unstructuredMismatch(value, type)
      : `json: cannot unmarshal ${jsonKind(value, type)} into Go struct field ${owner}.${goPath} of type ${type === 'open' ? OPEN_GO_TYPES[`${owner}.${goPath.split('.').pop()}`] ?? 'struct' : goType(type)}`;
  };
  switch (type) {
    case 'string': case 'time': if (typeof value !== 'string') mismatch(); return;
    case 'integer': if (typeof value !== 'number' || !Number.isInteger(value)) mismatch(); return;
    case 'number': if (typeof value !== 'number') mismatch(); return;
    case 'boolean': if (typeof value !== 'boolean') mismatch(); return;
    case 'quantity': case 'intOrString': if (typeof value !== 'string' && typeof value !== 'number') mismatch(); return;
    case 'open': if (typeof value !== 'object' || Array.isArray(value)) mismatch(); return;
  }
  if (type.startsWith('[]')) {
    if (!Array.isArray(value)) return mismatch();
    value.forEach((item, i) => walk(item, type.slice(2), `${path}[${i}]`, goPath, owner, problems));
    return;
  }
  if (type.startsWith('map<')) {
    if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
    const inner = type.slice(4, -1);
    const map = value as JsonObject;
    for (const k of Object.keys(map)) {
      const v = map[k];
      // A string value (almost every label and annotation) needs no walk (issue 13: 100k labels).
      if (inner === 'string' && (typeof v === 'string' || v === null || v === undefined)) continue;
      walk(v, inner, `${path}[${k}]`, goPath, owner, problems);
    }
    return;
  }
  const def = POD_TYPES[type];
  if (!def) return;
  if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
  const obj = value as JsonObject;
  for (const key of Object.keys(obj)) {
    const childPath = path ? `${path}.${key}` : key;
    const childGoPath = goPath ? `${goPath}.${key}` : key;
    // Own fields only: a body's "constructor" or "__proto__" key must not find Object.prototype's.
    const childType = Object.hasOwn(def.fields, key) ? def.fields[key] : undefined;
    if (!childType) {
      problems.unknown.push(childPath);
      if (problems.strip) delete obj[key];
      continue;
    }
    walk(obj[key], childType, childPath, childGoPath, path ? type : 'Pod', problems);
  }
}

/** The decode error a server meets turning `pod` into its typed struct, if any. */
export function podDecodeError(pod: JsonObject, decoder: Decoder): string | undefined {
  const problems: Problems = { unknown: [], decoder, strip: false };
  walk(pod, 'Pod', '', '', 'Pod', problems);
  return problems.typeError;
}

export type ValidationOutcome = { warnings: string[] };

/**
 * Checks (and strips) the unknown fields of a pod about to be stored. Throws the 400 a real server
 * gives for Strict mode or an undecodable type; returns warnings for Warn mode.
 */
export function validatePodFields(pod: JsonObject, mode: FieldValidation): ValidationOutcome {
  const problems: Problems = { unknown: [], decoder: 'json', strip: true };
  walk(pod, 'Pod', '', '', 'Pod', problems);
  if (problems.typeError) throw badRequest(`Pod in version "v1" cannot be handled as a Pod: ${problems.typeError}`);
  if (problems.unknown.length === 0 || mode === 'Ignore') return { warnings: [] };
  const messages = problems.unknown.map((p) => `unknown field "${p}"`);
  if (mode === 'Strict') throw badRequest(`strict decoding error: ${messages.join(', ')}`);
  return { warnings: messages };
}

/** The `Warning` header value for a list of warnings (RFC 7234 warn-code 299, as the apiserver). */
export function warningHeader(warnings: string[]): string {
  // A header carries only visible ASCII: a field name from the body may hold anything, so the rest is \u-escaped.
  const ascii = (text: string) => text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return warnings.map((w) => `299 - ${ascii(JSON.stringify(w))}`).join(', ');
}
