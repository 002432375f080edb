// resource.Quantity as encoding/json writes it (MarshalJSON -> String): the parsed text itself when
// ParseQuantity kept it (its "canonical form" fast path), else CanonicalizeBytes. Read in
// k8s.io/apimachinery@v0.37.2 pkg/api/resource (quantity.go ParseQuantity, CanonicalizeBytes, RoundUp;
// amount.go AsCanonicalBytes, AsCanonicalBase1024Bytes; suffix.go). Values are exact BigInt nano-units.

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
export type ParsedQuantity = { nanos: bigint; format: Format; kept?: string; scale?: number };

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?([a-zA-Z]*|[eE][+-]?\d+)$/;
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL).map(([k, v]) => [v, k]));
const BINARY_SUFFIX = new Map([[0, ''], ...Object.entries(BINARY).map(([k, v]): [number, string] => [v / 10, k])]);
const INT64_MAX = (1n << 63n) - 1n;
const NANO = 1_000_000_000n;

/** ParseQuantity; undefined where it fails (the body would not decode). */
export function parseQuantityText(input: unknown): ParsedQuantity | undefined {
  const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim() : undefined;
  if (!text) return undefined;
  if (text === '0') return { nanos: 0n, format: 'DecimalSI', kept: '0' };
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, digitsText, denom = '', suffix] = m;
  // parseQuantityString strips leading zeros from the whole part ("" becomes "0").
  const num = digitsText.replace(/^0+/, '') || '0';
  let format: Format;
  let exponent: number;
  if (Object.hasOwn(DECIMAL, suffix)) { format = 'DecimalSI'; exponent = DECIMAL[suffix]; }
  else if (Object.hasOwn(BINARY, suffix)) { format = 'BinarySI'; exponent = BINARY[suffix]; }
  else if (/^[eE][+-]?\d+$/.test(suffix)) { format = 'DecimalExponent'; exponent = Number(suffix.slice(1)); }
  else return undefined;
  const negative = sign === '-';
  const digits = BigInt((num + denom) || '0');
  // Exact value in units of 10^-(denom length), then nano-units rounded away from zero (inf.RoundUp).
  const numerator = format === 'BinarySI' ? digits * (1n << BigInt(exponent)) : digits;
  const tenExp = (format === 'BinarySI' ? 0 : exponent) - denom.length + 9;
  if (Math.abs(tenExp) > 400) return undefined;
  let nanos: bigint;
  if (tenExp >= 0) nanos = numerator * 10n ** BigInt(tenExp);
  else {
    const d = 10n ** BigInt(-tenExp);
    nanos = numerator / d + (numerator % d === 0n ? 0n : 1n);
  }
  // BinarySI values are capped at the int64 maximum (maxAllowed).
  if (format === 'BinarySI' && nanos > INT64_MAX * NANO) nanos = INT64_MAX * NANO;
  const out: ParsedQuantity = { nanos: negative ? -nanos : nanos, format };
  const kept = keptText(text, format, exponent, num, denom, digits);
  if (kept) { out.kept = kept.text; out.scale = kept.scale; }
  return out;
}

/** ParseQuantity's fast path: the int64 cases whose text it stores and MarshalJSON then writes as is. */
function keptText(text: string, format: Format, exponent: number, num: string, denom: string, digits: bigint): { text: string; scale: number } | undefined {
  const shifted = num + denom;
  if (format === 'BinarySI') {
    if (denom.length) return undefined;
    const precision = 15 - num.length - Math.trunc(Math.fround(exponent) * 3 / 10) - 1;
    if (precision < 0 || digits << BigInt(exponent) > INT64_MAX) return undefined;
    return exponent % 10 === 0 && (digits & 7n) !== 0n ? { text, scale: 0 } : undefined;
  }
  const precision = 18 - (num.length + denom.length);
  const scale = exponent - denom.length;
  if (precision < 0 || scale < -9 || digits > INT64_MAX) return undefined;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0' ? { text, scale } : undefined;
}

/** Quantity.RoundUp(-3), as SetDefaults_ResourceList does to every request and limit. */
export function roundUpToMilli(q: ParsedQuantity): ParsedQuantity {
  if (q.kept !== undefined && q.scale !== undefined && q.scale >= -3) return q;
  const step = 1_000_000n;
  const rem = q.nanos % step;
  const nanos = rem === 0n ? q.nanos : q.nanos - rem + (q.nanos < 0n ? -step : step);
  return { nanos, format: q.format };
}

/** Quantity.String(): the kept text, else CanonicalizeBytes. */
export function quantityString(q: ParsedQuantity): string {
  if (q.kept !== undefined) return q.kept;
  if (q.nanos === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const abs = q.nanos < 0n ? -q.nanos : q.nanos;
    if (abs < 1024n * NANO || q.nanos % NANO !== 0n) format = 'DecimalSI';
    else {
      let amount = q.nanos / NANO;
      let e = 0;
      while (amount % 1024n === 0n) { amount /= 1024n; e++; }
      return `${amount}${BINARY_SUFFIX.get(e) ?? ''}`;
    }
  }
  let amount = q.nanos;
  let exp = -9;
  while (amount % 10n === 0n) { amount /= 10n; exp++; }
  const r = ((exp % 3) + 3) % 3;
  if (r === 1) { amount *= 10n; exp -= 1; }
  else if (r === 2) { amount *= 100n; exp -= 2; }
  if (format === 'DecimalExponent') return exp === 0 ? `${amount}` : `${amount}e${exp}`;
  return `${amount}${DECIMAL_SUFFIX.get(exp) ?? ''}`;
}

/** The text a quantity marshals to, or undefined when it does not parse. */
export function canonicalQuantity(input: unknown, roundToMilli = false): string | undefined {
  const q = parseQuantityText(input);
  if (!q) return undefined;
  return quantityString(roundToMilli ? roundUpToMilli(q) : q);
}
