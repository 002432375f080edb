// spec.terminationGracePeriodSeconds is immutable, except that a negative value may be set to 1
// (upstream relaxes the catch-all for that one change by munging the old value back).
import type { PodSpec } from '../pod';

export function mungeTerminationGracePeriod(munged: PodSpec, oldSpec: PodSpec): void {
  const prev = oldSpec.terminationGracePeriodSeconds;
  if (typeof prev === 'number' && prev < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = prev;
  }
}
