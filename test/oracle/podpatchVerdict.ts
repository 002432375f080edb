// The ONE place the differential tests and bench ask podpatch for its verdict, in the oracle's
// terms (Status cause reason, field, ErrorBody), for the release and feature gates the oracle ran:
// an update is validatePodChange; a resize is checkPodResize (the resize strategy, then
// ValidatePodResize), as the oracle runs pod.ResizeStrategy.
import { checkPodResize, validatePodChange } from '../../src/core/rules/checkPodUpdate';
import { causeReason, upstreamErrorBody } from '../../src/core/rules/finding';
import type { Pod } from '../../src/core/pod';

export type PodpatchVerdict = {
  valid: boolean;
  /** The request fails in decoding (a wrongly typed field), before validation. */
  decodeError: boolean;
  errors: { field: string; type: string; message: string }[];
};

export function podpatchVerdict(oldPod: Pod, newPod: Pod, op: 'update' | 'resize', release: string, gates?: Record<string, boolean>): PodpatchVerdict {
  const settings = { serverVersion: release, featureGates: gates };
  // spec.fieldChanged findings are podpatch's own pointers at the exact fields behind upstream's spec
  // catch-all (which is itself reported): not errors of their own on the server.
  const errors = op === 'resize'
    ? checkPodResize(oldPod, newPod, settings).filter((f) => f.severity === 'error' && f.rule !== 'spec.fieldChanged')
    : validatePodChange(oldPod, newPod, settings);
  return {
    valid: errors.length === 0,
    decodeError: errors.some((f) => f.rule === 'types'),
    errors: errors.map((f) => ({ field: f.path, type: causeReason(f.type), message: upstreamErrorBody(f) })),
  };
}
