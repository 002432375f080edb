// metav1.LabelSelector as the workload rules need it: Go's %#v rendering (field.Invalid prints the
// struct that way: `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"},
// MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`) and matching labels against it.
import { GoValue } from '../goValue';
import { list, obj, str } from '../ruleContext';

function q(s: string): string {
  return JSON.stringify(s);
}

function goMap(v: unknown): string {
  if (v === undefined || v === null) return 'map[string]string(nil)';
  const entries = Object.entries(obj(v)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${entries.map(([k, x]) => `${q(k)}:${q(str(x))}`).join(', ')}}`;
}

function goStrings(v: unknown): string {
  if (v === undefined || v === null) return '[]string(nil)';
  return `[]string{${list(v).map((x) => q(str(x))).join(', ')}}`;
}

export function goLabelSelector(v: unknown): GoValue {
  if (v === undefined || v === null) return new GoValue('"null"');
  const s = obj(v);
  const exprs = s.matchExpressions === undefined || s.matchExpressions === null
    ? '[]v1.LabelSelectorRequirement(nil)'
    : `[]v1.LabelSelectorRequirement{${list(s.matchExpressions).map((r) => {
      const e = obj(r);
      return `v1.LabelSelectorRequirement{Key:${q(str(e.key))}, Operator:${q(str(e.operator))}, Values:${goStrings(e.values)}}`;
    }).join(', ')}}`;
  return new GoValue(`v1.LabelSelector{MatchLabels:${goMap(s.matchLabels)}, MatchExpressions:${exprs}}`);
}

/** Whether `labels` satisfy the selector (LabelSelectorAsSelector(...).Matches); an empty selector matches all. */
export function selectorMatches(selector: unknown, labels: unknown): boolean {
  const s = obj(selector);
  const l = obj(labels);
  for (const [k, v] of Object.entries(obj(s.matchLabels))) if (l[k] !== v) return false;
  for (const r of list(s.matchExpressions)) {
    const e = obj(r);
    const key = str(e.key);
    const has = Object.prototype.hasOwnProperty.call(l, key);
    const values = list(e.values).map(str);
    switch (str(e.operator)) {
      case 'In': if (!has || !values.includes(str(l[key]))) return false; break;
      case 'NotIn': if (has && values.includes(str(l[key]))) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** The selector as a `labelSelector` query parameter value. */
export function selectorQuery(selector: unknown): string {
  const s = obj(selector);
  const parts = Object.entries(obj(s.matchLabels)).map(([k, v]) => `${k}=${str(v)}`);
  for (const r of list(s.matchExpressions)) {
    const e = obj(r);
    const values = list(e.values).map(str).join(',');
    switch (str(e.operator)) {
      case 'In': parts.push(`${str(e.key)} in (${values})`); break;
      case 'NotIn': parts.push(`${str(e.key)} notin (${values})`); break;
      case 'Exists': parts.push(str(e.key)); break;
      case 'DoesNotExist': parts.push(`!${str(e.key)}`); break;
    }
  }
  return parts.join(',');
}
