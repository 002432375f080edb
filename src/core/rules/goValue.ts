// Go's %#v rendering of the few internal structs upstream puts in error messages (field.Invalid
// falls back to %#v for structs), so that those messages read exactly like the API server's.
import { list, obj, str } from './ruleContext';

/** A value already rendered the way Go prints it; formatValue prints it as is. */
export class GoValue {
  constructor(readonly text: string) {}
}

function q(s: string): string {
  return JSON.stringify(s);
}

function stringSlice(v: unknown): string {
  if (v === undefined || v === null) return '[]string(nil)';
  return `[]string{${list(v).map((x) => q(str(x))).join(', ')}}`;
}

function requirement(v: unknown): string {
  const r = obj(v);
  return `core.NodeSelectorRequirement{Key:${q(str(r.key))}, Operator:${q(str(r.operator))}, Values:${stringSlice(r.values)}}`;
}

function requirements(v: unknown): string {
  if (v === undefined || v === null) return '[]core.NodeSelectorRequirement(nil)';
  return `[]core.NodeSelectorRequirement{${list(v).map(requirement).join(', ')}}`;
}

export function goNodeSelectorTerm(v: unknown): GoValue {
  const t = obj(v);
  return new GoValue(`core.NodeSelectorTerm{MatchExpressions:${requirements(t.matchExpressions)}, MatchFields:${requirements(t.matchFields)}}`);
}

export function goNodeSelectorTerms(v: unknown): GoValue {
  if (v === undefined || v === null) return new GoValue('[]core.NodeSelectorTerm(nil)');
  return new GoValue(`[]core.NodeSelectorTerm{${list(v).map((t) => goNodeSelectorTerm(t).text).join(', ')}}`);
}

export function goToleration(v: unknown): GoValue {
  const t = obj(v);
  const seconds = typeof t.tolerationSeconds === 'number' ? `(*int64)(${t.tolerationSeconds})` : '(*int64)(nil)';
  return new GoValue(`core.Toleration{Key:${q(str(t.key))}, Operator:${q(str(t.operator))}, Value:${q(str(t.value))}, Effect:${q(str(t.effect))}, TolerationSeconds:${seconds}}`);
}

/** metav1.Time through fmt.Stringer (time.Time.String), e.g. "2025-01-01 00:00:00 +0000 UTC". */
export function goTime(v: unknown): GoValue | unknown {
  if (typeof v !== 'string') return v;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const iso = d.toISOString();
  return new GoValue(`${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`);
}

export function goStringMap(v: unknown): GoValue | Record<string, string> {
  if (v === undefined || v === null) return new GoValue('map[string]string(nil)');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) out[k] = str(x);
  return out;
}
