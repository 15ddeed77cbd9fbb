// Compensated summation for means over many rows, so a mean of 1e6 losses keeps ~1e-16 relative
// accuracy like numpy's pairwise sum (internal helper).

/**
 * Neumaier-compensated Σ values[i]; ±Infinity and NaN propagate as in plain addition. O(n).
 * Example: `compensatedSum([1e16, 1, -1e16])` → 1 (plain left-to-right addition gives 0).
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) c += sum - t + v;
    else c += v - t + sum;
    sum = t;
  }
  const total = sum + c;
  // Infinite terms make the compensation NaN; the plain sum is then the right answer.
  return Number.isFinite(sum) ? total : sum;
}

/**
 * Σ values of finite non-negative values as scale × sum with both finite: scale is 1 (so w / scale
 * is w, bit for bit) unless the compensated sum overflows, then the largest value, so dividing
 * each value by scale and then by sum normalises (1e308, 1e308) to (½, ½) instead of (0, 0).
 * Example: `scaledTotal([1e308, 1e308])` → { scale: 1e308, sum: 2 }; [1, 3] → { scale: 1, sum: 4 }.
 */
export function scaledTotal(values: ArrayLike<number>): { scale: number; sum: number } {
  const sum = compensatedSum(values);
  if (Number.isFinite(sum)) return { scale: 1, sum };
  let max = 0;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) > max) max = values[i] as number;
  const scaled = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) scaled[i] = (values[i] as number) / max;
  return { scale: max, sum: compensatedSum(scaled) };
}

/**
 * Adds v to the compensated pair (hi[i], lo[i]) in place: Neumaier's step of compensatedSum, for
 * sums kept in arrays (a stream's sums per label). hi + lo is then the sum to ~n·ε² relative, so
 * however the terms are grouped — one pass, two parts merged, or the rows of a table in order —
 * the rounded total is the same. O(1).
 */
export function addCompensatedAt(hi: Float64Array, lo: Float64Array, i: number, v: number): void {
  const s = hi[i] as number;
  const t = s + v;
  lo[i] = (lo[i] as number) + (Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s);
  hi[i] = t;
}

/**
 * The total of compensated pairs (his[k], los[k]): their compensated sum, or the plain sum of the
 * his when it is not finite (an infinite term makes the corrections NaN). O(k).
 * Example: `pairTotal([1e16, -1e16], [1, 0])` → 1.
 */
export function pairTotal(his: readonly number[], los: readonly number[]): number {
  let plain = 0;
  for (const h of his) plain += h;
  if (!Number.isFinite(plain)) return plain;
  return compensatedSum([...his, ...los]);
}

/**
 * A running Neumaier-compensated sum as plain data (structured-cloneable), for sums that are added
 * batch by batch and merged between parts of a file: adding values one by one takes exactly
 * compensatedSum's steps, so one pass gives compensatedSum's total to the bit, and a merge adds the
 * corrections instead of losing them.
 */
export interface CompensatedSum {
  sum: number;
  correction: number;
}

/** A sum of nothing. */
export function emptyCompensatedSum(): CompensatedSum {
  return { sum: 0, correction: 0 };
}

/** Adds v in place: compensatedSum's step. O(1). */
export function addCompensated(s: CompensatedSum, v: number): void {
  const t = s.sum + v;
  s.correction += Math.abs(s.sum) >= Math.abs(v) ? s.sum - t + v : v - t + s.sum;
  s.sum = t;
}

/** The sum one pass over `first`'s values then `second`'s would hold (to ~n·ε², far below a last bit). */
export function mergeCompensatedSums(first: CompensatedSum, second: CompensatedSum): CompensatedSum {
  const out = { sum: first.sum, correction: first.correction + second.correction };
  addCompensated(out, second.sum);
  return out;
}

/**
 * The total of a running sum, as compensatedSum returns it (the plain sum when it is not finite).
 * Example: after adding 1e16, 1 and −1e16, `compensatedTotal(s)` → 1.
 */
export function compensatedTotal(s: CompensatedSum): number {
  return Number.isFinite(s.sum) ? s.sum + s.correction : s.sum;
}
