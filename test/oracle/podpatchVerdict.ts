// The ONE place the differential tests and bench ask podpatch for its verdict, in the oracle's
// terms (Status cause reason, field, ErrorBody). `release`, `op` and `gates` are accepted so that
// the kubernetes profile's server version and feature gates can be wired here alone; today's
// profile models 1.33-era pod updates and has no pods/resize rules, so they are not passed on yet.
import { checkPodUpdate } from '../../src/core/rules/checkPodUpdate';
import { causeReason, upstreamErrorBody } from '../../src/core/rules/finding';
import type { Pod } from '../../src/core/pod';

export type PodpatchVerdict = {
  valid: boolean;
  /** The request fails in decoding (a wrongly typed field), before validation. */
  decodeError: boolean;
  errors: { field: string; type: string; message: string }[];
};

export function podpatchVerdict(oldPod: Pod, newPod: Pod, _op: 'update' | 'resize', _release: string, _gates?: Record<string, boolean>): PodpatchVerdict {
  // spec.fieldChanged findings are podpatch's own pointers at the exact fields behind upstream's spec
  // catch-all (which is itself reported): not errors of their own on the server.
  const errors = checkPodUpdate(oldPod, newPod, 'kubernetes').filter((f) => f.severity === 'error' && f.rule !== 'spec.fieldChanged');
  return {
    valid: errors.length === 0,
    decodeError: errors.some((f) => f.rule === 'types'),
    errors: errors.map((f) => ({ field: f.path, type: causeReason(f.type), message: upstreamErrorBody(f) })),
  };
}
