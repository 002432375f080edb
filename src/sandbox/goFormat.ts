// Go's fmt `%v` of a value decoded from JSON into interface{} (map[string]interface{}, []interface{},
// string, int64/float64, bool, nil), as an upstream error message quotes a strategic merge patch:
// "map[metadata:map[labels:map[v:1]]]". Maps print with sorted keys, as fmt does since Go 1.12.
export function goFormatValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormatValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goFormatValue(o[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number') return goFloat(v);
  return String(v);
}

/** strconv.FormatFloat(f, 'g', -1, 64): the shortest form, exponent from 1e21 on with a signed two-digit exponent. */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  return m ? `${m[1]}e${m[2]}${m[3].padStart(2, '0')}` : s;
}
