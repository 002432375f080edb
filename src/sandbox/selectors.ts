// Label and field selectors as the API server parses them (k8s.io/apimachinery/pkg/labels and
// pkg/fields): equality (`=`, `==`, `!=`) and set-based (`in`, `notin`, `key`, `!key`) label
// requirements; field selectors on the fields the pod registry indexes.
import type { JsonObject } from '../core/pod';
import { badRequest } from './statusErrors';

export type Matcher = (obj: JsonObject) => boolean;

type LabelRequirement = { key: string; op: 'in' | 'notin' | 'exists' | '!exists' | '=' | '!='; values: string[] };

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parseLabelRequirement(part: string, whole: string): LabelRequirement {
  let m = /^!\s*([A-Za-z0-9_.\-/]+)$/.exec(part);
  if (m) return { key: m[1], op: '!exists', values: [] };
  m = /^([A-Za-z0-9_.\-/]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
  if (m) return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter(Boolean) };
  m = /^([A-Za-z0-9_.\-/]+)\s*(==|=|!=)\s*([A-Za-z0-9_.\-]*)$/.exec(part);
  if (m) return { key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] };
  m = /^([A-Za-z0-9_.\-/]+)$/.exec(part);
  if (m) return { key: m[1], op: 'exists', values: [] };
  throw badRequest(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt (selector "${whole}")`);
}

export function parseLabelSelector(selector: string | null): Matcher | undefined {
  if (!selector || !selector.trim()) return undefined;
  const reqs = splitTopLevel(selector).map((p) => parseLabelRequirement(p, selector));
  return (obj) => {
    const labels = ((obj.metadata as JsonObject | undefined)?.labels ?? {}) as Record<string, string>;
    return reqs.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const v = labels[r.key];
      switch (r.op) {
        case 'exists': return has;
        case '!exists': return !has;
        case '=': return has && v === r.values[0];
        case '!=': return !has || v !== r.values[0];
        case 'in': return has && r.values.includes(v);
        case 'notin': return !has || !r.values.includes(v);
      }
    });
  };
}

/** Field selectors the pod registry supports (pkg/registry/core/pod/strategy.go ToSelectableFields). */
const POD_FIELDS: Record<string, (pod: JsonObject) => string> = {
  'metadata.name': (p) => String((p.metadata as JsonObject)?.name ?? ''),
  'metadata.namespace': (p) => String((p.metadata as JsonObject)?.namespace ?? ''),
  'spec.nodeName': (p) => String((p.spec as JsonObject | undefined)?.nodeName ?? ''),
  'spec.restartPolicy': (p) => String((p.spec as JsonObject | undefined)?.restartPolicy ?? ''),
  'spec.schedulerName': (p) => String((p.spec as JsonObject | undefined)?.schedulerName ?? ''),
  'spec.serviceAccountName': (p) => String((p.spec as JsonObject | undefined)?.serviceAccountName ?? ''),
  'spec.hostNetwork': (p) => String(Boolean((p.spec as JsonObject | undefined)?.hostNetwork)),
  'status.phase': (p) => String((p.status as JsonObject | undefined)?.phase ?? ''),
  'status.podIP': (p) => String((p.status as JsonObject | undefined)?.podIP ?? ''),
  'status.nominatedNodeName': (p) => String((p.status as JsonObject | undefined)?.nominatedNodeName ?? ''),
};

const NAMESPACE_FIELDS: Record<string, (ns: JsonObject) => string> = {
  'metadata.name': (p) => String((p.metadata as JsonObject)?.name ?? ''),
  'status.phase': (p) => String((p.status as JsonObject | undefined)?.phase ?? ''),
};

export type FieldGetters = Record<string, (obj: JsonObject) => string>;

/** `kind` names the pod or namespace fields; other kinds pass their own getters (events, workloads). */
export function parseFieldSelector(selector: string | null, kind: 'pods' | 'namespaces' | FieldGetters): Matcher | undefined {
  if (!selector || !selector.trim()) return undefined;
  const fields = kind === 'pods' ? POD_FIELDS : kind === 'namespaces' ? NAMESPACE_FIELDS : kind;
  const reqs = splitTopLevel(selector).map((part) => {
    const m = /^([A-Za-z0-9_.\-]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const get = fields[m[1]];
    if (!get) throw badRequest(`field label not supported: ${m[1]}`);
    return { get, negate: m[2] === '!=', value: m[3].trim() };
  });
  return (obj) => reqs.every((r) => (r.get(obj) === r.value) !== r.negate);
}

export function combine(...matchers: (Matcher | undefined)[]): Matcher | undefined {
  const ms = matchers.filter((m): m is Matcher => !!m);
  if (ms.length === 0) return undefined;
  if (ms.length === 1) return ms[0];
  return (o) => ms.every((m) => m(o));
}
