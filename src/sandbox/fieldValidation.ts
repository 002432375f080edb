// Server-side field validation (`fieldValidation=Strict|Warn|Ignore`, default Warn since v1.27):
// fields the Pod schema does not declare are refused (400 `strict decoding error: unknown field
// "spec.foo"`), warned about (a `Warning: 299` header) or silently dropped; in every mode they are
// not stored, since a real server decodes into typed structs. Type mismatches are decode errors.
import type { JsonObject } from '../core/pod';
import { POD_TYPES, type TypeRef } from './podSchema';
import { badRequest } from './statusErrors';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(v: string | null): FieldValidation {
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${v}"`);
}

type Problems = { unknown: string[]; typeError?: string };

function goType(t: TypeRef): string {
  switch (t) {
    case 'integer': return 'int64';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'string': case 'time': return 'string';
    default: return t.startsWith('[]') ? `[]${goType(t.slice(2))}` : t.startsWith('map<') ? 'map[string]string' : `v1.${t}`;
  }
}

function jsType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Walks `value` against `type`, dropping unknown keys in place and collecting their paths. */
function walk(value: unknown, type: TypeRef, path: string, owner: string, problems: Problems): void {
  if (value === null || value === undefined || problems.typeError) return;
  const mismatch = () => {
    problems.typeError ??= `json: cannot unmarshal ${jsType(value)} into Go struct field ${owner}.${path} of type ${goType(type)}`;
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
    value.forEach((item, i) => walk(item, type.slice(2), `${path}[${i}]`, owner, problems));
    return;
  }
  if (type.startsWith('map<')) {
    if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
    const inner = type.slice(4, -1);
    const map = value as JsonObject;
    for (const k of Object.keys(map)) {
      const v = map[k];
      // A string value (almost every label and annotation) needs no walk: with 100k labels, building
      // each entry's path string was a large part of a write's cost (issue 13).
      if (inner === 'string' && (typeof v === 'string' || v === null || v === undefined)) continue;
      walk(v, inner, `${path}[${k}]`, owner, problems);
    }
    return;
  }
  const def = POD_TYPES[type];
  if (!def) return;
  if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
  const obj = value as JsonObject;
  for (const key of Object.keys(obj)) {
    const childPath = path ? `${path}.${key}` : key;
    // Own fields only: a body's "constructor" or "__proto__" key must not find Object.prototype's.
    const childType = Object.hasOwn(def.fields, key) ? def.fields[key] : undefined;
    if (!childType) {
      problems.unknown.push(childPath);
      delete obj[key];
      continue;
    }
    walk(obj[key], childType, childPath, path ? type : 'Pod', problems);
  }
}

export type ValidationOutcome = { warnings: string[] };

/**
 * Checks (and strips) the unknown fields of a pod about to be stored. Throws the 400 a real server
 * gives for Strict mode or an undecodable type; returns warnings for Warn mode.
 */
export function validatePodFields(pod: JsonObject, mode: FieldValidation): ValidationOutcome {
  const problems: Problems = { unknown: [] };
  walk(pod, 'Pod', '', 'Pod', problems);
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
