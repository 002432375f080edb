// spec.tolerations: existing tolerations stay (only their tolerationSeconds may change), new ones may
// be added anywhere (validateOnlyAddedTolerations); every toleration must be valid (ValidateTolerations).
import { forbidden, invalid, notSupported, type Finding } from './finding';
import { isQualifiedName, isValidLabelValue } from './nameValidation';
import { list, obj, str } from './ruleContext';
import { goToleration } from './goValue';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateOnlyAddedTolerations(newTolerations: unknown, oldTolerations: unknown): Finding[] {
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
  return validateTolerations(newTolerations, path);
}

function sameExceptSeconds(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return (['key', 'operator', 'value', 'effect'] as const).every((k) => str(a[k]) === str(b[k]));
}

export function validateTolerations(tolerations: unknown, path: string): Finding[] {
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
    } else {
      out.push(notSupported(`${at}.operator`, operator, ['Equal', 'Exists'], rule));
    }
    if (effect && !EFFECTS.includes(effect)) out.push(notSupported(`${at}.effect`, effect, EFFECTS, rule));
  });
  return out;
}
