// StatefulSet rules (pkg/apis/apps/validation ValidateStatefulSetSpec / ValidateStatefulSetUpdate):
// on update only replicas, ordinals, template, updateStrategy, revisionHistoryLimit,
// persistentVolumeClaimRetentionPolicy and minReadySeconds may change; any other spec change is one
// Forbidden error on `spec`, in upstream's words (v1.32).
import { deepEqualJson } from '../../patch/jsonEquality';
import { forbidden, type Finding } from '../finding';
import { obj } from '../ruleContext';
import { validateReplicas, validateSelector, validateTemplateForSelector } from './templateRules';

type Obj = Record<string, unknown>;

export const STATEFULSET_MUTABLE_FIELDS = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

const FORBIDDEN_MESSAGE = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

export function validateStatefulSet(sts: Obj): Finding[] {
  const spec = obj(sts.spec);
  return [...validateReplicas(spec.replicas), ...validateSelector(spec, 'empty selector is not valid for statefulset.'), ...validateTemplateForSelector(spec)];
}

/** The spec fields that changed and may not (for per-field diagnostics; the server sends one error). */
export function forbiddenStatefulSetChanges(oldSpec: Obj, newSpec: Obj): string[] {
  const keys = new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)]);
  return [...keys].filter((k) => !(STATEFULSET_MUTABLE_FIELDS as readonly string[]).includes(k) && !deepEqualJson(oldSpec[k] ?? null, newSpec[k] ?? null)).sort();
}

export function validateStatefulSetUpdate(oldSts: Obj, newSts: Obj): Finding[] {
  const out = validateStatefulSet(newSts);
  const changed = forbiddenStatefulSetChanges(obj(oldSts.spec), obj(newSts.spec));
  if (changed.length) {
    out.push(forbidden('spec', FORBIDDEN_MESSAGE, { rule: 'statefulset.spec.forbidden', fix: { kind: 'recreate' } }));
  }
  return out;
}
