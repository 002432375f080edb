// The v1 Pod's strategic merge patch metadata (patchStrategy / patchMergeKey struct tags of
// k8s.io/api core/v1, see podPatchSchema.json for how it was read), looked up the way upstream's
// PatchMetaFromStruct does (k8s.io/apimachinery/pkg/util/strategicpatch/meta.go and
// third_party/forked/golang/json/fields.go): by the Go struct a value belongs to, field by field.
import schemaData from './podPatchSchema.json';

/** A Go type: a struct name, `[]<elem>`, `map`, or a scalar kind (string, int32, bool, ...). */
export type SchemaType = string;
type FieldEntry = string | string[];

const TYPES = schemaData.types as Record<string, Record<string, FieldEntry>>;

export const POD_SCHEMA: SchemaType = schemaData.root;

export type PatchMeta = { strategies: string[]; mergeKey: string };

/** A field lookup that upstream fails (answered 500 by the API server: not a Status error). */
export class SchemaLookupError extends Error {}

function kindOf(t: SchemaType): string {
  if (t.startsWith('[]')) return 'slice';
  if (t === 'map') return 'map';
  return TYPES[t] ? 'struct' : t;
}

/** LookupPatchMetadataForStruct: the field's type and tags; upstream matches names case-insensitively as a fallback. */
export function lookupField(t: SchemaType, key: string): { type: SchemaType; meta: PatchMeta } {
  const fields = TYPES[t];
  if (!fields) throw new SchemaLookupError(`merging an object in json but data type is not struct, instead is: ${kindOf(t)}`);
  let entry = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
  if (entry === undefined) {
    const folded = key.toLowerCase();
    const match = Object.keys(fields).find((name) => name.toLowerCase() === folded);
    if (match !== undefined) entry = fields[match];
  }
  if (entry === undefined) throw new SchemaLookupError(`unable to find api field in struct ${t} for the json field "${key}"`);
  const [type, strategy = '', mergeKey = ''] = typeof entry === 'string' ? [entry] : entry;
  return { type, meta: { strategies: strategy.split(','), mergeKey } };
}

/** LookupPatchMetadataForSlice: as lookupField, answering the list's element type. */
export function lookupListField(t: SchemaType, key: string): { type: SchemaType; meta: PatchMeta } {
  const { type, meta } = lookupField(t, key);
  if (!type.startsWith('[]')) throw new SchemaLookupError('expected slice or array type, but got: struct');
  const elem = type.slice(2);
  if (elem.startsWith('[]')) throw new SchemaLookupError('unexpected slice of slice');
  return { type: elem, meta };
}

/** The type's kind as upstream's error "cannot merge lists without merge key for %s" names it. */
export function schemaKindName(t: SchemaType): string {
  return kindOf(t);
}

/** extractRetainKeysPatchStrategy: whether retainKeys is set, and the other strategy ('' | merge | replace). */
export function splitStrategies(strategies: string[]): { retainKeys: boolean; strategy: string } {
  if (strategies.length === 1) {
    return strategies[0] === 'retainKeys' ? { retainKeys: true, strategy: '' } : { retainKeys: false, strategy: strategies[0] };
  }
  if (strategies.length === 2 && (strategies[0] === 'retainKeys' || strategies[1] === 'retainKeys')) {
    return { retainKeys: true, strategy: strategies[0] === 'retainKeys' ? strategies[1] : strategies[0] };
  }
  if (strategies.length === 0) return { retainKeys: false, strategy: '' };
  throw new SchemaLookupError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}
