// Job rules (pkg/apis/batch/validation ValidateJobSpecUpdate, validateCompletions and validatePodTemplateUpdate, with the
// options pkg/registry/batch/job/strategy.go derives): spec.completions (an Indexed Job may change
// it in tandem with parallelism), spec.selector, completionMode,
// podFailurePolicy, backoffLimitPerIndex, managedBy and successPolicy are immutable, and so is
// spec.template, except that a Job that is suspended and has never started may change its
// template's node affinity, node selector, tolerations, scheduling gates, labels and annotations
// (AllowMutableSchedulingDirectives).
import { deepEqualJson } from '../../patch/jsonEquality';
import { invalid, notSupported, type Finding } from '../finding';
import { GoValue } from '../goValue';
import { obj } from '../ruleContext';
import { goLabelSelector } from './labelSelector';

type Obj = Record<string, unknown>;

/** Upstream prints the whole internal core.PodTemplateSpec with %#v; podpatch abbreviates it. */
const TEMPLATE_VALUE = new GoValue('core.PodTemplateSpec{...}');

function immutable(path: string, newValue: unknown, oldValue: unknown, shown: unknown): Finding[] {
  if (deepEqualJson(newValue ?? null, oldValue ?? null)) return [];
  return [invalid(path, shown, 'field is immutable', { rule: 'job.immutable', fix: { kind: 'revert', path, original: oldValue } })];
}

/** Whether scheduling directives of the template may change (suspended and never started). */
export function allowsMutableSchedulingDirectives(oldJob: Obj): boolean {
  return obj(oldJob.spec).suspend === true && !obj(oldJob.status).startTime;
}

/** validatePodTemplateUpdate: the template with the allowed fields taken from the new one. */
function templateWithAllowedChanges(oldTemplate: Obj, newTemplate: Obj): Obj {
  const t = structuredClone(oldTemplate);
  const meta = { ...obj(t.metadata) };
  const newMeta = obj(newTemplate.metadata);
  for (const k of ['labels', 'annotations']) { if (newMeta[k] === undefined) delete meta[k]; else meta[k] = newMeta[k]; }
  t.metadata = meta;
  const spec = { ...obj(t.spec) };
  const newSpec = obj(newTemplate.spec);
  for (const k of ['nodeSelector', 'tolerations', 'schedulingGates']) { if (newSpec[k] === undefined) delete spec[k]; else spec[k] = newSpec[k]; }
  const oldAffinity = spec.affinity === undefined ? undefined : { ...obj(spec.affinity) };
  const newAffinity = newSpec.affinity === undefined ? undefined : obj(newSpec.affinity);
  if (newAffinity === undefined && oldAffinity !== undefined) {
    delete oldAffinity.nodeAffinity;
    if (Object.keys(oldAffinity).length === 0) delete spec.affinity; else spec.affinity = oldAffinity;
  } else if (newAffinity !== undefined && oldAffinity === undefined) {
    spec.affinity = newAffinity.nodeAffinity === undefined ? {} : { nodeAffinity: newAffinity.nodeAffinity };
  } else if (newAffinity !== undefined && oldAffinity !== undefined) {
    if (newAffinity.nodeAffinity === undefined) delete oldAffinity.nodeAffinity; else oldAffinity.nodeAffinity = newAffinity.nodeAffinity;
    spec.affinity = oldAffinity;
  }
  t.spec = spec;
  return t;
}

/** validateCompletions: immutable, except that an Indexed Job may change it together with parallelism. */
function validateCompletions(spec: Obj, old: Obj): Finding[] {
  if (spec.completionMode !== 'Indexed') return immutable('spec.completions', spec.completions, old.completions, spec.completions);
  if (deepEqualJson(spec.completions ?? null, old.completions ?? null) || spec.completions === undefined || spec.completions === null) return [];
  if (spec.completions !== spec.parallelism) return [invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism', { rule: 'job.completions' })];
  return [];
}

export function validateJob(job: Obj): Finding[] {
  const restart = obj(obj(obj(job.spec).template).spec).restartPolicy;
  if (restart !== undefined && restart !== 'OnFailure' && restart !== 'Never') {
    return [notSupported('spec.template.spec.restartPolicy', restart, ['OnFailure', 'Never'], { rule: 'job.template.restartPolicy' })];
  }
  return [];
}

export function validateJobUpdate(oldJob: Obj, newJob: Obj): Finding[] {
  const spec = obj(newJob.spec);
  const old = obj(oldJob.spec);
  const out = validateJob(newJob);
  out.push(...validateCompletions(spec, old));
  out.push(...immutable('spec.selector', spec.selector, old.selector, goLabelSelector(spec.selector)));
  const oldTemplate = allowsMutableSchedulingDirectives(oldJob) ? templateWithAllowedChanges(obj(old.template), obj(spec.template)) : old.template;
  out.push(...immutable('spec.template', spec.template, oldTemplate, TEMPLATE_VALUE).map((f) => ({ ...f, fix: { kind: 'revert' as const, path: 'spec.template', original: old.template } })));
  out.push(...immutable('spec.completionMode', spec.completionMode, old.completionMode, spec.completionMode));
  for (const k of ['podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    const shown = typeof spec[k] === 'object' && spec[k] !== null ? new GoValue(`&batch.${k.charAt(0).toUpperCase()}${k.slice(1)}{...}`) : spec[k];
    out.push(...immutable(`spec.${k}`, spec[k], old[k], shown));
  }
  return out;
}
