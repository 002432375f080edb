// JSON types the API server's decoder insists on. A YAML `version: 1` label is a number, and the
// server refuses the whole request before any validation runs ("cannot unmarshal number into Go
// struct field ... of type string"), so say so on the field itself.
import { invalid, type Finding } from './finding';
import { list, obj, sortedKeys, type UpdateContext } from './ruleContext';

const STRING_MAPS: [string, (ctx: UpdateContext) => unknown][] = [
  ['metadata.labels', (ctx) => ctx.newMeta.labels],
  ['metadata.annotations', (ctx) => ctx.newMeta.annotations],
  ['spec.nodeSelector', (ctx) => ctx.newSpec.nodeSelector],
];
const INTEGER_FIELDS = ['activeDeadlineSeconds', 'terminationGracePeriodSeconds'] as const;
const CONTAINER_STRINGS = ['name', 'image', 'imagePullPolicy', 'terminationMessagePolicy'];

export function validateJsonTypes(ctx: UpdateContext): Finding[] {
  const out: Finding[] = [];
  const rule = { rule: 'types' };
  for (const [path, get] of STRING_MAPS) {
    const map = obj(get(ctx));
    for (const k of sortedKeys(map)) {
      const v = map[k];
      if (v !== null && v !== undefined && typeof v !== 'string') {
        out.push(invalid(`${path}[${k}]`, v, `must be a string; quote it in YAML (${JSON.stringify(String(JSON.stringify(v)))})`, rule));
      }
    }
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
