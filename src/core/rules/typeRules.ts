// JSON types the API server's decoder insists on. A YAML `version: 1` label is a number, and the
// server refuses the whole request before any validation runs ("cannot unmarshal number into Go
// struct field ... of type string"), so say so on the field itself.
import { invalid, type Finding } from './finding';
import { list, obj, findingsInKeyOrder, type UpdateContext } from './ruleContext';

// [path, Go struct holding the field (encoding/json names it in the error), value]
const STRING_MAPS: [string, string, (ctx: UpdateContext) => unknown][] = [
  ['metadata.labels', 'ObjectMeta', (ctx) => ctx.newMeta.labels],
  ['metadata.annotations', 'ObjectMeta', (ctx) => ctx.newMeta.annotations],
  ['spec.nodeSelector', 'PodSpec', (ctx) => ctx.newSpec.nodeSelector],
];

/** encoding/json's name for a JSON value's kind in an UnmarshalTypeError. */
function jsonKind(v: unknown): string {
  return Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v === 'object' ? 'object' : typeof v;
}
const INTEGER_FIELDS = ['activeDeadlineSeconds', 'terminationGracePeriodSeconds'] as const;
const CONTAINER_STRINGS = ['name', 'image', 'imagePullPolicy', 'terminationMessagePolicy'];

export function validateJsonTypes(ctx: UpdateContext): Finding[] {
  const out: Finding[] = [];
  const rule = { rule: 'types' };
  for (const [path, owner, get] of STRING_MAPS) {
    const raw = get(ctx);
    if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
      // The whole request fails to decode (400), with the decoder's words: not a field error, but it belongs here.
      out.push(invalid(path, raw, `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal ${jsonKind(raw)} into Go struct field ${owner}.${path} of type map[string]string`, rule));
      continue;
    }
    const map = obj(raw);
    out.push(...findingsInKeyOrder(map, (k) => {
      const v = map[k];
      if (v === null || v === undefined || typeof v === 'string') return [];
      return [invalid(`${path}[${k}]`, v, `must be a string; quote it in YAML (${JSON.stringify(String(JSON.stringify(v)))})`, rule)];
    }));
  }
  for (const field of INTEGER_FIELDS) {
    const v = ctx.newSpec[field];
    if (v !== null && v !== undefined && (typeof v !== 'number' || !Number.isInteger(v))) out.push(invalid(`spec.${field}`, v, 'must be an integer', rule));
  }
  for (const field of ['containers', 'initContainers'] as const) {
    list(ctx.newSpec[field]).forEach((c, i) => {
      for (const k of CONTAINER_STRINGS) {
        const v = obj(c)[k];
        if (v !== null && v !== undefined && typeof v !== 'string') out.push(invalid(`spec.${field}[${i}].${k}`, v, 'must be a string', rule));
      }
    });
  }
  return out;
}
