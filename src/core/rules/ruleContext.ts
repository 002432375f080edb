// What every rule sees: both pods (wire JSON), the profile, and the validation options upstream
// derives from the old pod (ratcheting: a value that was already invalid stays allowed).
import { isPlainObject, type Pod, type PodMetadata, type PodSpec } from '../pod';
import type { Finding } from './finding';
import type { Profile } from './profile';
import type { ServerRules } from './serverReleases';

export type ValidationOptions = {
  /** Old pod already had an invalid label value in required node affinity (hasInvalidLabelValueInRequiredNodeAffinity). */
  allowInvalidLabelValueInRequiredNodeAffinity: boolean;
  /** Old pod's pod-deletion-cost annotation was already not an int32. */
  allowInvalidPodDeletionCost: boolean;
  /** 1.35+: Lt/Gt tolerations allowed (TaintTolerationComparisonOperators, or the old pod has one). */
  allowTaintTolerationComparisonOperators: boolean;
};

export type UpdateContext = {
  oldPod: Pod;
  newPod: Pod;
  oldMeta: PodMetadata;
  newMeta: PodMetadata;
  oldSpec: PodSpec;
  newSpec: PodSpec;
  profile: Profile;
  opts: ValidationOptions;
  /** The server release and gates the rules answer for. */
  rules: ServerRules;
  /**
   * ValidateObjectMetaUpdate and ValidateObjectMeta both validate the new labels and annotations
   * upstream (the twin findings are aggregated into one): computed once per context, since a
   * 100k-label write paid for each pass (issue 13).
   */
  memo?: { labels?: Finding[]; annotations?: Finding[] };
};

export function obj(v: unknown): Record<string, unknown> {
  return isPlainObject(v) ? v : {};
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (x !== undefined && x !== null) out[k] = str(x);
  return out;
}

/** Sets a key, or removes it when the value is undefined (an absent field, not a null one). */
export function setOrDelete(o: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete o[key];
  else o[key] = value;
}

/**
 * Runs `check` on every key of `o` and returns the findings in key order (UTF-16 code units, as
 * upstream's sorted walk reports them). Only keys that have findings are sorted: a body with 100k
 * valid labels costs one pass, not a 100k-key sort per rule (issue 13: those sorts stalled the sandbox).
 */
export function findingsInKeyOrder(o: Record<string, unknown>, check: (key: string) => Finding[]): Finding[] {
  const hits: Array<[string, Finding[]]> = [];
  for (const k of Object.keys(o)) {
    const found = check(k);
    if (found.length) hits.push([k, found]);
  }
  hits.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return hits.flatMap(([, found]) => found);
}
