// spec.tolerations: existing tolerations stay (only their tolerationSeconds may change), new ones may
// be added anywhere (validateOnlyAddedTolerations); every toleration must be valid (ValidateTolerations).
// 1.35 added the Lt/Gt operators (TaintTolerationComparisonOperators, alpha): scheduler-plugins@2117d3e3
// vendor/k8s.io/kubernetes/pkg/apis/core/validation/validation.go `ValidateTolerations`.
import { forbidden, invalid, notSupported, type Finding } from './finding';
import { isQualifiedName, isValidLabelValue } from './nameValidation';
import { list, obj, str, type UpdateContext } from './ruleContext';
import { goToleration } from './goValue';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const INT64_MAX = 9223372036854775807n;

/** How ValidateTolerations treats Lt/Gt: unknown operators (≤1.34), known but refused, or allowed (1.35+). */
export type ComparisonOperators = 'unknown' | 'refused' | 'allowed';

export function comparisonMode(ctx: UpdateContext): ComparisonOperators {
  if (!ctx.rules.tolerationComparisonOperators) return 'unknown';
  return ctx.opts.allowTaintTolerationComparisonOperators ? 'allowed' : 'refused';
}

export function usesComparisonOperators(tolerations: unknown): boolean {
  return list(tolerations).some((t) => ['Lt', 'Gt'].includes(str(obj(t).operator)));
}

export function validateOnlyAddedTolerations(newTolerations: unknown, oldTolerations: unknown, comparison: ComparisonOperators = 'unknown'): Finding[] {
  const path = 'spec.tolerations';
  const next = list(newTolerations).map(obj);
  for (const old of list(oldTolerations).map(obj)) {
    // reflect.DeepEqual after copying tolerationSeconds: key, operator, value and effect must match exactly.
    if (!next.some((n) => sameExceptSeconds(old, n))) {
      return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds', {
        rule: 'tolerations.onlyAdditions', fix: { kind: 'revert', path, original: oldTolerations ?? undefined },
      })];
    }
  }
  return validateTolerations(newTolerations, path, comparison);
}

function sameExceptSeconds(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return (['key', 'operator', 'value', 'effect'] as const).every((k) => str(a[k]) === str(b[k]));
}

export function validateTolerations(tolerations: unknown, path: string, comparison: ComparisonOperators = 'unknown'): Finding[] {
  const out: Finding[] = [];
  list(tolerations).forEach((raw, i) => {
    const t = obj(raw);
    const at = `${path}[${i}]`;
    const rule = { rule: 'tolerations.valid' };
    const key = str(t.key);
    const operator = str(t.operator);
    const value = str(t.value);
    const effect = str(t.effect);
    if (key) for (const msg of isQualifiedName(key)) out.push(invalid(`${at}.key`, key, msg, rule));
    if (!key && operator !== 'Exists') {
      out.push(invalid(`${at}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"', rule));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
      out.push(invalid(`${at}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set", rule));
    }
    if (operator === 'Equal' || operator === '') {
      const errs = isValidLabelValue(value);
      if (errs.length) out.push(invalid(`${at}.operator`, value, errs.join(';'), rule));
    } else if (operator === 'Exists') {
      if (value) out.push(invalid(`${at}.operator`, goToleration(t), "value must be empty when `operator` is 'Exists'", rule));
    } else if ((operator === 'Lt' || operator === 'Gt') && comparison !== 'unknown') {
      if (comparison === 'refused') out.push(notSupported(`${at}.operator`, operator, ['Equal', 'Exists', 'Lt', 'Gt'], rule));
      else out.push(...validateDecimalValue(`${at}.value`, value, rule));
    } else {
      out.push(notSupported(`${at}.operator`, operator, ['Equal', 'Exists'], rule));
    }
    if (effect && !EFFECTS.includes(effect)) out.push(notSupported(`${at}.effect`, effect, EFFECTS, rule));
  });
  return out;
}

/** content.IsDecimalInteger, then strconv.ParseInt's range check (both upstream errors can appear). */
function validateDecimalValue(path: string, value: string, rule: { rule: string }): Finding[] {
  const out: Finding[] = [];
  if (value === '') out.push(invalid(path, value, 'must be non-empty', rule));
  else if (!/^(0|-?[1-9][0-9]*)$/.test(value)) out.push(invalid(path, value, 'must be a valid decimal integer in canonical form', rule));
  if (!/^[+-]?[0-9]+$/.test(value)) out.push(invalid(path, value, `strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`, rule));
  else if (BigInt(value) > INT64_MAX || BigInt(value) < -INT64_MAX - 1n) out.push(invalid(path, value, `strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`, rule));
  return out;
}
