// Logarithm bases and units: the core computes in nats; this is the one place values change base.

/** Base of the logarithm a result is reported in: 2 (bits), e (nats) or 10 (dits / hartleys). */
export type LogBase = 2 | 'e' | 10;

/** Unit name for a base. */
export type InformationUnit = 'bits' | 'nats' | 'dits';

/**
 * Unit name of a base: 2 → 'bits', 'e' → 'nats', 10 → 'dits'.
 * Example: `unitOf(2)` → `'bits'`.
 */
export function unitOf(base: LogBase): InformationUnit {
  return base === 2 ? 'bits' : base === 10 ? 'dits' : 'nats';
}

/**
 * ln(b) for a base, the divisor that converts nats to that base (Math.LN2, 1, Math.LN10).
 * Example: `lnOfBase(2)` → 0.6931471805599453.
 */
export function lnOfBase(base: LogBase): number {
  return base === 2 ? Math.LN2 : base === 10 ? Math.LN10 : 1;
}

/**
 * A value in nats expressed in base b: value / ln(b). Division by the exact constant keeps the
 * conversion correctly rounded in one step (no log(e) detours). Infinity and NaN pass through.
 * Example: `fromNats(Math.log(2), 2)` → 1; `fromNats(0.5623351446188083, 2)` → 0.8112781244591328
 * (scipy.stats.entropy([1, 3], base=2)).
 */
export function fromNats(valueNats: number, base: LogBase): number {
  return base === 'e' ? valueNats : valueNats / lnOfBase(base);
}

/** Element-wise `fromNats` into a new array (O(n)). Example: `fromNatsArray([Math.LN2], 2)` → [1]. */
export function fromNatsArray(valuesNats: ArrayLike<number>, base: LogBase): Float64Array {
  const out = new Float64Array(valuesNats.length);
  const divisor = lnOfBase(base);
  for (let i = 0; i < out.length; i++) out[i] = (valuesNats[i] as number) / divisor;
  return out;
}

/**
 * Parses a base from user text or a setting: '2' | 'e' | '10' (also 2, 10, 'bits', 'nats', 'dits').
 * Returns undefined for anything else so callers can report it in their own terms.
 * Example: `parseLogBase('bits')` → 2.
 */
export function parseLogBase(text: string | number): LogBase | undefined {
  const t = String(text).trim().toLowerCase();
  if (t === '2' || t === 'bits' || t === 'bit') return 2;
  if (t === 'e' || t === 'nats' || t === 'nat' || t === 'ln') return 'e';
  if (t === '10' || t === 'dits' || t === 'dit' || t === 'hartleys') return 10;
  return undefined;
}
