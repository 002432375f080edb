// Deployment, ReplicaSet and DaemonSet rules (pkg/apis/apps/validation/validation.go and the apps/v1
// strategies in pkg/registry/apps/{deployment,replicaset,daemonset}/strategy.go): the spec checks on
// create and update, plus the selector that apps/v1 forbids changing. Everything else in the spec
// of these kinds may change (the controller rolls the pods out).
import type { Finding } from '../finding';
import { invalid } from '../finding';
import { obj } from '../ruleContext';
import { validateReplicas, validateSelector, validateSelectorImmutable, validateTemplateForSelector } from './templateRules';

type Obj = Record<string, unknown>;

/** ValidateDeploymentSpec's checks on the fields users edit. */
export function validateDeployment(d: Obj): Finding[] {
  const spec = obj(d.spec);
  const out = [...validateReplicas(spec.replicas), ...validateSelector(spec, 'empty selector is invalid for deployment'), ...validateTemplateForSelector(spec)];
  if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 0) out.push(invalid('spec.revisionHistoryLimit', spec.revisionHistoryLimit, 'must be greater than or equal to 0', { rule: 'deployment.revisionHistoryLimit' }));
  if (typeof spec.progressDeadlineSeconds === 'number' && typeof spec.minReadySeconds === 'number' && spec.progressDeadlineSeconds <= spec.minReadySeconds) {
    out.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds', { rule: 'deployment.progressDeadlineSeconds' }));
  }
  return out;
}

/** deploymentStrategy.ValidateUpdate for apps/v1: ValidateDeploymentUpdate plus the immutable selector. */
export function validateDeploymentUpdate(oldD: Obj, newD: Obj): Finding[] {
  return [...validateDeployment(newD), ...validateSelectorImmutable(obj(newD.spec), obj(oldD.spec))];
}

export function validateReplicaSet(rs: Obj): Finding[] {
  const spec = obj(rs.spec);
  return [...validateReplicas(spec.replicas), ...validateSelector(spec, 'empty selector is invalid for deployment'), ...validateTemplateForSelector(spec)];
}

export function validateReplicaSetUpdate(oldRs: Obj, newRs: Obj): Finding[] {
  return [...validateReplicaSet(newRs), ...validateSelectorImmutable(obj(newRs.spec), obj(oldRs.spec))];
}

export function validateDaemonSet(ds: Obj): Finding[] {
  const spec = obj(ds.spec);
  return [...validateSelector(spec, 'empty selector is invalid for daemonset'), ...validateTemplateForSelector(spec)];
}

export function validateDaemonSetUpdate(oldDs: Obj, newDs: Obj): Finding[] {
  return [...validateDaemonSet(newDs), ...validateSelectorImmutable(obj(newDs.spec), obj(oldDs.spec))];
}
