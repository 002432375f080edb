// The findings of an edit of a workload document: upstream's update errors (checkWorkloadUpdate),
// with the one error upstream puts on a whole block also put on each field that changed in it, so
// each changed line is flagged: a StatefulSet's `spec` Forbidden on each forbidden spec field, a
// Job's immutable `spec.template` on each field changed inside the template. Each keeps upstream's
// message; revert fixes put the field back.
import { changedPaths } from '../../patch/rebase';
import { formatFieldPath } from '../../yaml/fieldPath';
import type { Finding } from '../finding';
import { obj } from '../ruleContext';
import { checkWorkloadUpdate, type WorkloadKind } from './checkWorkloadUpdate';
import { forbiddenStatefulSetChanges } from './statefulSetRules';

type Obj = Record<string, unknown>;

/** More changed fields than this inside one block: flag the block alone. */
const maxSpread = 20;

export function workloadEditFindings(kind: WorkloadKind, oldObj: Obj, newObj: Obj): Finding[] {
  const out: Finding[] = [];
  for (const f of checkWorkloadUpdate(kind, oldObj, newObj)) {
    if (f.rule === 'statefulset.spec.forbidden') {
      const oldSpec = obj(oldObj.spec);
      const fields = forbiddenStatefulSetChanges(oldSpec, obj(newObj.spec));
      out.push(...fields.map((k): Finding => ({ ...f, path: `spec.${k}`, rule: 'statefulset.spec.fieldChanged', detail: `upstream reports this on spec`, fix: { kind: 'revert', path: `spec.${k}`, original: oldSpec[k] } })));
      if (!fields.length) out.push(f);
      continue;
    }
    if (f.rule === 'job.immutable' && f.path === 'spec.template') {
      const changes = changedPaths(obj(oldObj.spec).template, obj(newObj.spec).template);
      if (changes.length && changes.length <= maxSpread) {
        const oldTemplate = obj(oldObj.spec).template;
        out.push(...changes.map((c): Finding => {
          const path = formatFieldPath(['spec', 'template', ...c.segments]);
          return { ...f, path, detail: 'upstream reports this on spec.template', fix: { kind: 'revert', path, original: valueAt(oldTemplate, c.segments) } };
        }));
        continue;
      }
    }
    out.push(f);
  }
  return out;
}

function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let cur: unknown = root;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}
