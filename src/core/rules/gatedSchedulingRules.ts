// Scheduling directives of a gated pod (KEP-3838): while the OLD pod has scheduling gates,
// spec.nodeSelector may gain keys and required node affinity terms may gain expressions; preferred
// node affinity is free. Both are then taken from the old pod for the final spec diff.
import { cloneJson } from '../pod';
import { invalid, type Finding } from './finding';
import { goNodeSelectorTerm, goNodeSelectorTerms, goStringMap } from './goValue';
import { list, obj, stringMap, setOrDelete } from './ruleContext';
import { semanticEqual } from './semanticEquality';
import type { PodSpec } from '../pod';

const AFFINITY = 'spec.affinity.nodeAffinity';
const TERMS = `${AFFINITY}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;

export function isGated(spec: PodSpec): boolean {
  return list(spec.schedulingGates).length > 0;
}

/**
 * Validates the gated-pod mutations and munges `munged` (a copy of the new spec) in place, the way
 * ValidatePodUpdate does, so that allowed changes do not reach the catch-all.
 */
export function validateAndMungeGatedScheduling(munged: PodSpec, oldSpec: PodSpec): Finding[] {
  const out: Finding[] = [];
  if (!semanticEqual(munged.nodeSelector, oldSpec.nodeSelector, 'nodeSelector')) {
    out.push(...validateNodeSelectorMutation(munged.nodeSelector, oldSpec.nodeSelector));
    setOrDelete(munged, 'nodeSelector', cloneJson(oldSpec.nodeSelector));
  }
  const oldNodeAffinity = obj(oldSpec.affinity).nodeAffinity;
  const mungedNodeAffinity = obj(munged.affinity).nodeAffinity;
  if (!semanticEqual(oldNodeAffinity, mungedNodeAffinity, 'nodeAffinity')) {
    out.push(...validateNodeAffinityMutation(mungedNodeAffinity, oldNodeAffinity));
    const affinity = munged.affinity;
    const hasAffinity = affinity !== undefined && affinity !== null;
    if (!hasAffinity && absent(oldNodeAffinity)) {
      // already effectively nil
    } else if (!hasAffinity) {
      munged.affinity = { nodeAffinity: cloneJson(oldNodeAffinity) };
    } else if (absent(oldSpec.affinity) && absent(obj(affinity).podAntiAffinity) && absent(obj(affinity).podAffinity)) {
      delete munged.affinity;
    } else {
      const copy = { ...obj(affinity) };
      setOrDelete(copy, 'nodeAffinity', cloneJson(oldNodeAffinity));
      munged.affinity = copy;
    }
  }
  return out;
}

function validateNodeSelectorMutation(newSelector: unknown, oldSelector: unknown): Finding[] {
  const next = stringMap(newSelector);
  for (const [k, v] of Object.entries(stringMap(oldSelector))) {
    if (!(k in next) || next[k] !== v) {
      return [invalid('spec.nodeSelector', goStringMap(newSelector), 'only additions to spec.nodeSelector are allowed (no mutations or deletions)', {
        rule: 'gated.nodeSelector', fix: { kind: 'revert', path: 'spec.nodeSelector', original: { ...next, ...stringMap(oldSelector) } },
      })];
    }
  }
  return [];
}

function validateNodeAffinityMutation(newAffinity: unknown, oldAffinity: unknown): Finding[] {
  const oldRequired = obj(oldAffinity).requiredDuringSchedulingIgnoredDuringExecution;
  if (absent(oldAffinity) || absent(oldRequired)) return [];
  const oldTerms = list(obj(oldRequired).nodeSelectorTerms);
  const rawNewTerms = obj(obj(newAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms;
  const newTerms = list(rawNewTerms);
  if (oldTerms.length > 0 && oldTerms.length !== newTerms.length) {
    return [invalid(TERMS, goNodeSelectorTerms(rawNewTerms), 'no additions/deletions to non-empty NodeSelectorTerms list are allowed', {
      rule: 'gated.nodeAffinity', fix: { kind: 'revert', path: TERMS, original: cloneJson(oldTerms) },
    })];
  }
  const out: Finding[] = [];
  oldTerms.forEach((oldTerm, i) => {
    if (!termHasOnlyAdditions(newTerms[i], oldTerm)) {
      out.push(invalid(`${TERMS}[${i}]`, goNodeSelectorTerm(newTerms[i]), 'only additions are allowed (no mutations or deletions)', {
        rule: 'gated.nodeAffinity', fix: { kind: 'revert', path: `${TERMS}[${i}]`, original: cloneJson(oldTerm) },
      }));
    }
  });
  return out;
}

function termHasOnlyAdditions(newTerm: unknown, oldTerm: unknown): boolean {
  const oldExpr = list(obj(oldTerm).matchExpressions);
  const oldFields = list(obj(oldTerm).matchFields);
  const newExpr = list(obj(newTerm).matchExpressions);
  const newFields = list(obj(newTerm).matchFields);
  if (!oldExpr.length && !oldFields.length && (newExpr.length || newFields.length)) return false;
  for (const [oldL, newL] of [[oldExpr, newExpr], [oldFields, newFields]]) {
    if (!oldL.length) continue;
    if (newL.length < oldL.length) return false;
    if (!semanticEqual(newL.slice(0, oldL.length), oldL)) return false;
  }
  return true;
}

function absent(v: unknown): boolean {
  return v === undefined || v === null;
}

