// spec.activeDeadlineSeconds on update: may be set from nil, or lowered; never raised, never unset.
import { invalid, type Finding } from './finding';
import type { UpdateContext } from './ruleContext';

const MAX_INT32 = 2147483647;

export function validateActiveDeadlineUpdate(ctx: UpdateContext): { findings: Finding[]; stop: boolean } {
  const path = 'spec.activeDeadlineSeconds';
  const next = ctx.newSpec.activeDeadlineSeconds;
  const prev = ctx.oldSpec.activeDeadlineSeconds;
  const fix = { kind: 'revert' as const, path, original: prev ?? undefined };
  if (next !== undefined && next !== null) {
    if (typeof next !== 'number' || !Number.isInteger(next) || next < 0 || next > MAX_INT32) {
      return { findings: [invalid(path, next, `must be between 0 and ${MAX_INT32}, inclusive`, { rule: 'activeDeadlineSeconds.range', fix })], stop: true };
    }
    if (typeof prev === 'number' && prev < next) {
      return { findings: [invalid(path, next, 'must be less than or equal to previous value', { rule: 'activeDeadlineSeconds.increase', fix })], stop: true };
    }
  } else if (prev !== undefined && prev !== null) {
    return { findings: [invalid(path, null, 'must not update from a positive integer to nil value', { rule: 'activeDeadlineSeconds.unset', fix })], stop: false };
  }
  return { findings: [], stop: false };
}

/** ValidatePodSpec's own range (1..MaxInt32), checked on every new pod. */
export function validateActiveDeadlineRange(value: unknown, oldValue: unknown): Finding[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_INT32) return [];
  const path = 'spec.activeDeadlineSeconds';
  const fix = value !== oldValue ? { kind: 'revert' as const, path, original: oldValue ?? undefined } : undefined;
  return [invalid(path, value, `must be between 1 and ${MAX_INT32}, inclusive`, { rule: 'activeDeadlineSeconds.range', fix })];
}
