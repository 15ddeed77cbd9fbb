// Histogram of per-row losses: equal-width bins over the finite values, with the rows that
// could not be binned (+∞ from an unclipped zero probability, NaN) counted apart.

export interface Histogram {
  /** Bin edges, length bins + 1; bin i is [edges[i], edges[i+1]), the last bin closed. */
  readonly edges: Float64Array;
  readonly counts: Uint32Array;
  /** Row with the largest value in each bin (−1 when empty) — what a click reveals. */
  readonly worstRow: Int32Array;
  readonly infiniteCount: number;
  readonly nanCount: number;
}

/**
 * Bin the finite `values` into `binCount` equal-width bins from min to max (a single value gets
 * one bin of width 1 centred on it). When `binCount` is omitted, Sturges' rule ⌈log₂ n⌉ + 1,
 * capped to 10…60, picks it. O(n).
 * Example: [0, 1, 2, 3] in 2 bins → edges [0, 1.5, 3], counts [2, 2].
 */
export function histogram(values: Float64Array, binCount?: number): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  let finite = 0;
  let infiniteCount = 0;
  let nanCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) nanCount++;
    else if (!Number.isFinite(v)) infiniteCount++;
    else {
      finite++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const bins = Math.max(1, Math.floor(binCount ?? Math.min(60, Math.max(10, Math.ceil(Math.log2(Math.max(1, finite))) + 1))));
  if (finite === 0) {
    return { edges: Float64Array.of(0, 1), counts: new Uint32Array(1), worstRow: Int32Array.of(-1), infiniteCount, nanCount };
  }
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = lo + i * width;
  edges[bins] = hi;
  const counts = new Uint32Array(bins);
  const worstRow = new Int32Array(bins).fill(-1);
  for (let row = 0; row < values.length; row++) {
    const v = values[row]!;
    if (!Number.isFinite(v)) continue;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[bin]!++;
    const worst = worstRow[bin]!;
    if (worst < 0 || v > values[worst]!) worstRow[bin] = row;
  }
  return { edges, counts, worstRow, infiniteCount, nanCount };
}
