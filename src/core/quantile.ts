// numpy.percentile's default (method 'linear') on sorted values: one rule for the calibration
// curve's quantile bins and the bootstrap's percentile intervals.

/**
 * The q-th percentile (q ∈ [0, 100]) of ascending `sorted`: the value at rank q/100 · (n − 1),
 * interpolated between its neighbours as numpy does (a + (b − a)·t). NaN for no values. O(1).
 * Example: `percentile([1, 2, 3, 4], 50)` → 2.5.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (q / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  const t = rank - below;
  const a = sorted[below] as number;
  const b = sorted[above] as number;
  return a + (b - a) * t;
}
