// apiequality.Semantic.DeepEqual over wire JSON: a missing field equals its zero value (omitempty),
// nil equals an empty list or map, quantities compare by value, lists compare by index. Pointer
// fields are the exception: upstream tells nil from a pointer to zero, so for the known pointer
// scalars only null and absent are alike.
import { isPlainObject } from '../pod';
import { quantitiesEqual } from './quantity';

/** Scalar fields that are pointers in the core API (nil differs from 0/false/""). */
const POINTER_SCALARS = new Set([
  'activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'priority', 'enableServiceLinks', 'runAsUser',
  'runAsGroup', 'runAsNonRoot', 'privileged', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'fsGroup',
  'shareProcessNamespace', 'automountServiceAccountToken', 'hostUsers', 'tolerationSeconds', 'setHostnameAsFQDN',
  'preemptionPolicy', 'runtimeClassName', 'procMount', 'fsGroupChangePolicy', 'hostProcess',
  'optional', 'defaultMode', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'mode', 'expirationSeconds', 'seLinuxChangePolicy',
]);
/** Map fields holding resource quantities. */
const QUANTITY_MAPS = new Set(['limits', 'requests', 'overhead', 'allocatedResources', 'capacity']);
const QUANTITY_FIELDS = new Set(['sizeLimit']);

export function isPointerField(name: string | undefined): boolean {
  return name !== undefined && POINTER_SCALARS.has(name);
}

/** Whether a value is the zero value of its (unknown) type: absent, null, "", 0, false, [] or {}. */
export function isZeroValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.values(v).every((x) => x === undefined);
  return false;
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}

/**
 * `name` is the field the values sit in (used for pointer and quantity handling); `parentName` the
 * field of the enclosing object (a quantity map's name for its entries).
 */
export function semanticEqual(a: unknown, b: unknown, name?: string, parentName?: string): boolean {
  if (a === b) return true;
  if (isPointerField(name)) {
    if (isAbsent(a) || isAbsent(b)) return isAbsent(a) && isAbsent(b);
  } else if (isZeroValue(a) || isZeroValue(b)) {
    // Zero vs zero of another shape (absent vs [] vs {}): equal. Zero vs non-zero: not.
    if (isZeroValue(a) && isZeroValue(b)) return true;
    if (!isPlainObject(a) && !isPlainObject(b)) return false;
  }
  if ((parentName !== undefined && QUANTITY_MAPS.has(parentName)) || (name !== undefined && QUANTITY_FIELDS.has(name))) {
    if (quantitiesEqual(a, b)) return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    const la = Array.isArray(a) ? a : [];
    const lb = Array.isArray(b) ? b : [];
    if (la.length !== lb.length) return false;
    for (let i = 0; i < la.length; i++) if (!semanticEqual(la[i], lb[i], undefined, name)) return false;
    return true;
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    // A struct compared with an absent one: equal only if every field is zero.
    const oa = isPlainObject(a) ? a : {};
    const ob = isPlainObject(b) ? b : {};
    if (!isPlainObject(a) && !isAbsent(a)) return false;
    if (!isPlainObject(b) && !isAbsent(b)) return false;
    for (const k of Object.keys(oa)) if (!semanticEqual(oa[k], ob[k], k, name)) return false;
    for (const k of Object.keys(ob)) if (!(k in oa) && !semanticEqual(undefined, ob[k], k, name)) return false;
    return true;
  }
  return false;
}
