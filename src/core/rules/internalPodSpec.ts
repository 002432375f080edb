// A v1 pod spec (wire JSON) as upstream's catch-all sees it: decoded with v1 defaults, converted to
// the INTERNAL core.PodSpec, and written by json.MarshalIndent(x, "", " ") (apimachinery
// pkg/util/diff.Diff). Internal types have no json tags, so every field appears by its Go name, in
// struct order, with Go's zero values (null, "", 0, false). The field list per release is
// internalPodSpecLayout.<release>.json, written by test/oracle/layout from the release's
// k8s.io/kubernetes module (see its header; regenerate: README, "Upstream as the judge").
// Conversion v1 -> internal is by Go field name (zz_generated.conversion.go), plus
// Convert_v1_PodSpec_To_core_PodSpec where the internal PodSpec differs (up to 1.35: host
// namespaces in PodSecurityContext, no DeprecatedServiceAccount; 1.37's internal PodSpec is v1's).
import { isPlainObject, type JsonObject, type PodSpec } from '../pod';
import { compareGoStrings } from '../patch/goValues';
import { canonicalQuantity } from './quantityString';
import { defaultPodSpec } from './podSpecDefaults';
import layout134 from './internalPodSpecLayout.1.34.json';
import layout135 from './internalPodSpecLayout.1.35.json';
import layout136 from './internalPodSpecLayout.1.36.json';
import layout137 from './internalPodSpecLayout.1.37.json';

type LayoutField = { go: string; type: string; v1: string; json?: string; embedded?: boolean; omitempty?: boolean; omitzero?: boolean };
type LayoutType = { kind: string; fields?: LayoutField[]; v1Only?: string[]; key?: string; elem?: string };
export type InternalLayout = { module: string; root: string; types: Record<string, LayoutType> };

const LAYOUTS: Record<number, unknown> = { 34: layout134, 35: layout135, 36: layout136, 37: layout137 };

/** The layout of a release with the unified diff (1.34+); newer releases take the newest read. */
export function internalLayout(minor: number): InternalLayout {
  return LAYOUTS[Math.min(Math.max(minor, 34), 37)] as InternalLayout;
}

/** A Go map: encoding/json writes its entries sorted by key (bytewise). */
export class GoMap {
  constructor(readonly entries: readonly [string, unknown][]) {}
}

/** The internal PodSpec of a v1 spec, defaulted as the decoder does, ready for goMarshalIndent. */
export function internalPodSpec(spec: PodSpec, minor: number, defaulted = false): unknown {
  const layout = internalLayout(minor);
  const v1 = defaulted ? spec : defaultPodSpec(spec, defaultingOptions(minor));
  return toInternal(v1, layout);
}

export function defaultingOptions(minor: number): { minor: number; syncsServiceAccount: boolean } {
  const fields = internalLayout(minor).types['core.PodSpec'].fields ?? [];
  return { minor, syncsServiceAccount: fields.some((f) => f.go === 'DeprecatedServiceAccount') };
}

export function toInternal(v1: PodSpec, layout: InternalLayout): unknown {
  const out = convert(v1, layout.root, layout) as JsonObject;
  const spec = layout.types[layout.root];
  const v1Only = new Set(spec.v1Only ?? []);
  // Convert_v1_PodSpec_To_core_PodSpec (releases whose internal PodSpec differs from v1's).
  if (v1Only.has('serviceAccount') && !(typeof v1.serviceAccountName === 'string' && v1.serviceAccountName)) {
    out.ServiceAccountName = typeof v1.serviceAccount === 'string' ? v1.serviceAccount : '';
  }
  const hostFields: [string, string][] = [['HostNetwork', 'hostNetwork'], ['HostPID', 'hostPID'], ['HostIPC', 'hostIPC'], ['ShareProcessNamespace', 'shareProcessNamespace'], ['HostUsers', 'hostUsers']];
  const moved = hostFields.filter(([, key]) => v1Only.has(key));
  if (moved.length) {
    const scType = spec.fields?.find((f) => f.go === 'SecurityContext')?.type.replace(/^\*/, '') ?? 'core.PodSecurityContext';
    const sc = (isPlainObject(out.SecurityContext) ? out.SecurityContext : convert({}, scType, layout)) as JsonObject;
    const scFields = layout.types[scType].fields ?? [];
    for (const [goName, key] of moved) {
      const f = scFields.find((x) => x.go === goName);
      if (f) sc[goName] = convert(v1[key], f.type, layout);
    }
    out.SecurityContext = sc;
  }
  return out;
}

function convert(v: unknown, type: string, layout: InternalLayout): unknown {
  if (type.startsWith('*')) return v === undefined || v === null ? null : convert(v, type.slice(1), layout);
  if (type.startsWith('[]')) return Array.isArray(v) ? v.map((x) => convert(x, type.slice(2), layout)) : null;
  if (type.startsWith('map[')) return convertMap(v, type.slice(type.indexOf(']') + 1), layout);
  const t = layout.types[type];
  if (!t) throw new Error(`internal layout ${layout.module}: no type ${type}`);
  switch (t.kind) {
    case 'string': return typeof v === 'string' ? v : '';
    case 'int': case 'float': return typeof v === 'number' ? v : 0;
    case 'bool': return typeof v === 'boolean' ? v : false;
    case 'map': return convertMap(v, t.elem ?? 'string', layout);
    case 'slice': return Array.isArray(v) ? v.map((x) => convert(x, t.elem ?? 'string', layout)) : null;
    case 'marshaler': return marshaler(type, v);
    case 'struct': return convertStruct(isPlainObject(v) ? v : {}, t, layout, {});
  }
  throw new Error(`internal layout ${layout.module}: cannot render ${type} (${t.kind})`);
}

function convertMap(v: unknown, elem: string, layout: InternalLayout): GoMap | null {
  if (!isPlainObject(v)) return null;
  const keys = Object.keys(v).sort(compareGoStrings);
  return new GoMap(keys.map((k) => [k, convert(v[k], elem, layout)]));
}

function convertStruct(v: JsonObject, t: LayoutType, layout: InternalLayout, out: JsonObject): JsonObject {
  for (const f of t.fields ?? []) {
    // An embedded struct's fields are written in its place; v1 inlines it too, or has it under a key
    // (PersistentVolumeClaimTemplate's ObjectMeta is v1's "metadata").
    if (f.embedded) {
      const from = f.v1 ? v[f.v1] : v;
      convertStruct(isPlainObject(from) ? from : {}, layout.types[f.type.replace(/^\*/, '')], layout, out);
      continue;
    }
    const value = convert(f.v1 ? v[f.v1] : undefined, f.type, layout);
    if (f.omitempty && isEmptyValue(value)) continue;
    if (f.omitzero && (value === null || value === '' || value === 0 || value === false)) continue;
    out[f.json || f.go] = value;
  }
  return out;
}

/** The json.Marshaler types under a PodSpec, written the way their MarshalJSON does. */
function marshaler(type: string, v: unknown): unknown {
  switch (type) {
    case 'resource.Quantity': return canonicalQuantity(v) ?? '0';
    case 'intstr.IntOrString': return typeof v === 'number' || typeof v === 'string' ? v : 0;
    case 'v1.Time': return typeof v === 'string' && v ? new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
    default: return v === undefined ? null : v; // v1.FieldsV1: its raw JSON
  }
}

function isEmptyValue(v: unknown): boolean {
  if (v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return v instanceof GoMap && v.entries.length === 0;
}

/** json.MarshalIndent(v, "", " ") of a converted value. */
export function goMarshalIndent(v: unknown): string {
  const out: string[] = [];
  write(v, '', out);
  return out.join('');
}

function write(v: unknown, indent: string, out: string[]): void {
  if (v === null || v === undefined) { out.push('null'); return; }
  if (typeof v === 'string') { out.push(goQuote(v)); return; }
  if (typeof v === 'number' || typeof v === 'boolean') { out.push(String(v)); return; }
  const inner = indent + ' ';
  if (Array.isArray(v)) {
    if (!v.length) { out.push('[]'); return; }
    out.push('[\n');
    v.forEach((x, i) => { out.push(inner); write(x, inner, out); out.push(i < v.length - 1 ? ',\n' : '\n'); });
    out.push(indent, ']');
    return;
  }
  const entries = v instanceof GoMap ? v.entries : Object.entries(v as JsonObject);
  if (!entries.length) { out.push('{}'); return; }
  out.push('{\n');
  entries.forEach(([k, x], i) => { out.push(inner, goQuote(k), ': '); write(x, inner, out); out.push(i < entries.length - 1 ? ',\n' : '\n'); });
  out.push(indent, '}');
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/;

/** encoding/json's string escaping: JSON.stringify's, plus <, >, &, U+2028 and U+2029 as \u escapes. */
export function goQuote(s: string): string {
  const text = JSON.stringify(s);
  if (!HTML_UNSAFE.test(text)) return text;
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
