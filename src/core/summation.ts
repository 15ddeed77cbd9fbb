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
