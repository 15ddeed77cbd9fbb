// The entropy of a column of non-negative weights taken as one distribution over its rows, as
// sums that are added row by row, merged between parts of a file and finished once: the one road
// of the in-memory `distributionEntropy` and a streamed file. Plain data (structured-cloneable).

/** Buckets by binary exponent: a positive double w is m·2^e with m in [1, 2) and e in [−1074, 1023]. */
const MIN_EXPONENT = -1074;
const BUCKETS = 1023 - MIN_EXPONENT + 1;

/**
 * Running sums of weights w = m·2^e, kept per binary exponent e: Σ m and Σ m ln m, each a
 * Neumaier-compensated pair (hi + lo). Mantissas are in [1, 2), so no sum can overflow whatever the
 * weights (1e308 + 1e308 is 2 × 1.11… in the bucket of 2^1023), and the exponents enter the
 * entropy as small integers, never as logarithms near 709 that would cancel. Each bucket's pair
 * holds its sum to ~n·ε², so one pass, or two parts merged, or the rows in any order give the same
 * rounded buckets and so the same entropy to the bit.
 */
export interface EntropySums {
  /** Σ m per bucket (index e + 1074), compensated: the value is massHi[i] + massLo[i]. */
  massHi: Float64Array;
  massLo: Float64Array;
  /** Σ m ln m per bucket, compensated. */
  termsHi: Float64Array;
  termsLo: Float64Array;
  /** Lowest and highest bucket holding a weight (−1 for none): finishing and merging read only these. */
  low: number;
  high: number;
  /** Rows added (zeros included), and those with a positive weight. */
  n: number;
  positive: number;
}

/**
 * How a weight is normalised by the total: p = (w · 2^−exponent) / scaledTotal. Both exact powers of
 * two of the true values, so the total may exceed the largest double (1e308 twice) and p is still
 * w / Σ w rounded once.
 */
export interface WeightNormalizer {
  readonly exponent: number;
  readonly scaledTotal: number;
}

/** The finished entropy of the weights, in nats, with their total. */
export interface EntropyTotals {
  /** H = −Σ p ln p, p = w / Σ w; NaN when the total is 0 (no distribution). */
  readonly entropyNats: number;
  /** Σ w (+Infinity when beyond the largest double; the entropy is still exact). */
  readonly total: number;
  readonly n: number;
  /** What divides each weight by the total (scaledTotal 0 when the total is 0). */
  readonly normalizer: WeightNormalizer;
}

/** Sums of no rows. */
export function emptyEntropySums(): EntropySums {
  return {
    massHi: new Float64Array(BUCKETS),
    massLo: new Float64Array(BUCKETS),
    termsHi: new Float64Array(BUCKETS),
    termsLo: new Float64Array(BUCKETS),
    low: -1,
    high: -1,
    n: 0,
    positive: 0,
  };
}

const bits = new DataView(new ArrayBuffer(8));

/** e with w = m·2^e, m in [1, 2), for a finite w > 0 (subnormals included). */
function binaryExponent(w: number): number {
  bits.setFloat64(0, w);
  const biased = (bits.getUint16(0) >>> 4) & 0x7ff;
  if (biased !== 0) return biased - 1023;
  bits.setFloat64(0, w * 2 ** 64);
  return ((bits.getUint16(0) >>> 4) & 0x7ff) - 1023 - 64;
}

/** w · 2^−e exactly (in two steps for a subnormal w, whose 2^−e would overflow). */
function mantissaOf(w: number, e: number): number {
  return e >= -1022 ? w * 2 ** -e : w * 2 ** 64 * 2 ** (-e - 64);
}

/** Neumaier's step on the pair (hi[i], lo[i]). */
function addAt(hi: Float64Array, lo: Float64Array, i: number, v: number): void {
  const s = hi[i] as number;
  const t = s + v;
  lo[i] = (lo[i] as number) + (Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s);
  hi[i] = t;
}

/**
 * Adds one row's weight, a finite number ≥ 0 (callers report other values as problems first; a
 * zero counts as a row and adds nothing: 0 ln 0 = 0). O(1): one logarithm of the mantissa.
 */
export function addEntropyWeight(s: EntropySums, w: number): void {
  s.n++;
  if (!(w > 0)) return;
  s.positive++;
  const e = binaryExponent(w);
  const m = mantissaOf(w, e);
  const i = e - MIN_EXPONENT;
  addAt(s.massHi, s.massLo, i, m);
  addAt(s.termsHi, s.termsLo, i, m * Math.log(m));
  if (s.low < 0 || i < s.low) s.low = i;
  if (i > s.high) s.high = i;
}

/** The sums one pass over `first`'s rows then `second`'s would hold (bucket pairs added pair to pair). */
export function mergeEntropySums(first: EntropySums, second: EntropySums): EntropySums {
  const out: EntropySums = {
    massHi: Float64Array.from(first.massHi),
    massLo: Float64Array.from(first.massLo),
    termsHi: Float64Array.from(first.termsHi),
    termsLo: Float64Array.from(first.termsLo),
    low: first.low < 0 ? second.low : second.low < 0 ? first.low : Math.min(first.low, second.low),
    high: Math.max(first.high, second.high),
    n: first.n + second.n,
    positive: first.positive + second.positive,
  };
  if (second.low < 0) return out;
  for (let i = second.low; i <= second.high; i++) {
    addAt(out.massHi, out.massLo, i, second.massHi[i] as number);
    out.massLo[i] = (out.massLo[i] as number) + (second.massLo[i] as number);
    addAt(out.termsHi, out.termsLo, i, second.termsHi[i] as number);
    out.termsLo[i] = (out.termsLo[i] as number) + (second.termsLo[i] as number);
  }
  return out;
}

/** Neumaier-compensated Σ f(i) over the used buckets, lowest first (a fixed order: the same doubles give the same total). */
function bucketSum(s: EntropySums, f: (i: number) => number): number {
  let sum = 0;
  let c = 0;
  for (let i = s.low; i <= s.high; i++) {
    const v = f(i);
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

/**
 * H = −Σ p ln p over p = w / Σ w, in nats, from the bucket sums. With E the highest exponent,
 * T = Σ w = T'·2^E, T' = m_T·2^(e_T) (T' ≥ 1, m_T in [1, 2)) and ln w = ln m + e ln 2:
 *   H = −(Σ_e 2^(e−E) Σ m ln m − T' ln m_T) / T' + ln 2 · (e_T + Σ_e 2^(e−E) (E − e) Σ m / T').
 * The exponent part has no negative term, so nothing cancels there; the mantissa part is a
 * difference of numbers below T'·ln 2. Two equal weights give exactly ln 2 (1e308 twice too), one
 * positive weight exactly 0. Example: weights [1, 3] → 0.5623351446188083 (scipy.stats.entropy([1, 3])).
 * O(buckets used).
 */
export function finishEntropySums(s: EntropySums): EntropyTotals {
  if (s.positive === 0) return { entropyNats: Number.NaN, total: 0, n: s.n, normalizer: { exponent: 0, scaledTotal: 0 } };
  const high = s.high;
  const exponent = high + MIN_EXPONENT;
  const mass = (i: number): number => (s.massHi[i] as number) + (s.massLo[i] as number);
  const scaledTotal = bucketSum(s, (i) => mass(i) * 2 ** (i - high));
  const total = scaledTotal * 2 ** exponent;
  const normalizer = { exponent, scaledTotal };
  if (s.positive === 1) return { entropyNats: 0, total, n: s.n, normalizer };
  const terms = bucketSum(s, (i) => ((s.termsHi[i] as number) + (s.termsLo[i] as number)) * 2 ** (i - high));
  const spread = bucketSum(s, (i) => mass(i) * 2 ** (i - high) * (high - i));
  const totalExponent = binaryExponent(scaledTotal);
  const totalMantissa = mantissaOf(scaledTotal, totalExponent);
  const h = -(terms - scaledTotal * Math.log(totalMantissa)) / scaledTotal + Math.LN2 * (totalExponent + spread / scaledTotal);
  // Rounding can leave −1e-17 where the entropy is 0.
  return { entropyNats: Math.max(0, h), total, n: s.n, normalizer };
}

/** w / Σ w under a normalizer from finishEntropySums (0 for a weight too small to register beside the total). */
export function normalizedWeight(w: number, normalizer: WeightNormalizer): number {
  const e = normalizer.exponent;
  return (e >= -1022 ? w * 2 ** -e : w * 2 ** 64 * 2 ** (-e - 64)) / normalizer.scaledTotal;
}
