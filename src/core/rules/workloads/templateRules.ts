// The spec checks every pod-owning workload shares (pkg/apis/apps/validation: ValidateDeploymentSpec,
// ValidateReplicaSetSpec, ValidateDaemonSetSpec, ValidatePodTemplateSpecForReplicaSet): a selector
// that is present and not empty, a template whose labels it matches, restartPolicy Always and no
// activeDeadlineSeconds, replicas not negative; and the selector immutability the apps/v1 strategies
// add (ValidateImmutableField: "field is immutable").
import { deepEqualJson } from '../../patch/jsonEquality';
import { invalid, notSupported, required, type Finding } from '../finding';
import { goStringMap } from '../goValue';
import { obj } from '../ruleContext';
import { goLabelSelector, selectorMatches } from './labelSelector';

export function validateReplicas(value: unknown, path = 'spec.replicas'): Finding[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0', { rule: 'workload.replicas' })] : [];
}

/** spec.selector required and non-empty; `kind` words the empty case as upstream does per kind. */
export function validateSelector(spec: Record<string, unknown>, emptyDetail: string): Finding[] {
  const selector = spec.selector;
  if (selector === undefined || selector === null) return [required('spec.selector', '', { rule: 'workload.selector' })];
  const s = obj(selector);
  if (Object.keys(obj(s.matchLabels)).length + (Array.isArray(s.matchExpressions) ? s.matchExpressions.length : 0) === 0) {
    return [invalid('spec.selector', goLabelSelector(selector), emptyDetail, { rule: 'workload.selector' })];
  }
  return [];
}

/** ValidatePodTemplateSpecForReplicaSet: the selector must select the template's pods. */
export function validateTemplateForSelector(spec: Record<string, unknown>, opts: { restartAlways: boolean } = { restartAlways: true }): Finding[] {
  const out: Finding[] = [];
  const template = obj(spec.template);
  const labels = obj(template.metadata).labels;
  const s = obj(spec.selector);
  const empty = Object.keys(obj(s.matchLabels)).length + (Array.isArray(s.matchExpressions) ? s.matchExpressions.length : 0) === 0;
  if (!empty && !selectorMatches(spec.selector, labels)) {
    out.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`', { rule: 'workload.template.labels' }));
  }
  const podSpec = obj(template.spec);
  if (opts.restartAlways && podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== 'Always') {
    out.push(notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy, ['Always'], { rule: 'workload.template.restartPolicy' }));
  }
  if (opts.restartAlways && podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    out.push(invalid('spec.template.spec.activeDeadlineSeconds', podSpec.activeDeadlineSeconds, 'must not be specified', { rule: 'workload.template.activeDeadlineSeconds' }));
  }
  return out;
}

/** ValidateImmutableField(new.Spec.Selector, old.Spec.Selector, spec.selector). */
export function validateSelectorImmutable(newSpec: Record<string, unknown>, oldSpec: Record<string, unknown>): Finding[] {
  if (deepEqualJson(newSpec.selector ?? null, oldSpec.selector ?? null)) return [];
  return [invalid('spec.selector', goLabelSelector(newSpec.selector), 'field is immutable', { rule: 'workload.selector.immutable', fix: { kind: 'revert', path: 'spec.selector', original: oldSpec.selector } })];
}
