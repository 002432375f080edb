// resource.Quantity compared by value, as upstream's Semantic.DeepEqual does ("1000m" == "1",
// "1Gi" == "1073741824"). Values are exact: scaled to nano-units in a BigInt.

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** The quantity in nano-units, or undefined when the text is not a quantity. */
export function parseQuantity(text: unknown): bigint | undefined {
  if (typeof text === 'number') text = String(text);
  if (typeof text !== 'string') return undefined;
  const m = QUANTITY.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const [, sign, whole, frac = '', suffix, exponent] = m;
  let nanos = BigInt((whole || '0') + frac.padEnd(9, '0').slice(0, 9));
  // Digits beyond nano precision are dropped; upstream rounds them up, which never matters for equality of sane values.
  if (suffix && BINARY[suffix]) nanos *= BINARY[suffix];
  else {
    const exp = suffix !== undefined ? DECIMAL_EXP[suffix] : exponent !== undefined ? Number(exponent) : 0;
    if (Math.abs(exp) > 40) return undefined;
    if (exp >= 0) nanos *= 10n ** BigInt(exp);
    else nanos /= 10n ** BigInt(-exp);
  }
  return sign === '-' ? -nanos : nanos;
}

export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const qa = parseQuantity(a);
  return qa !== undefined && qa === parseQuantity(b);
}
