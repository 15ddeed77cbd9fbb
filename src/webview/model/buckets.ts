// Pixel-bucket aggregation: n per-row values shown in at most `bucketCount` bars, each bar
// keeping the min and max of its rows (so no spike disappears) and the row that holds the max.

/** Per-bucket aggregate; index b covers display positions [start[b], start[b + 1]). */
export interface Buckets {
  readonly count: number;
  /** Position boundaries, length count + 1 (positions index `order`, or rows when no order). */
  readonly start: Uint32Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** Row holding the bucket's max (−1 if the bucket has no finite-or-infinite value). */
  readonly maxRow: Int32Array;
  /** Row holding the bucket's min. */
  readonly minRow: Int32Array;
}

/**
 * Aggregate `values` (read in `order` when given, else in row order) into
 * min(n, bucketCount) buckets of near-equal size: bucket b holds positions
 * ⌊b·n/B⌋ … ⌊(b+1)·n/B⌋ − 1. NaN values are skipped; +∞ counts as a maximum. O(n).
 * Example: values [1,4,2,8] in 2 buckets → min [1,2], max [4,8], maxRow [1,3].
 */
export function aggregateBuckets(values: Float64Array, bucketCount: number, order?: Uint32Array): Buckets {
  const n = values.length;
  const count = Math.max(0, Math.min(n, Math.floor(bucketCount)));
  const start = new Uint32Array(count + 1);
  const min = new Float64Array(count).fill(NaN);
  const max = new Float64Array(count).fill(NaN);
  const maxRow = new Int32Array(count).fill(-1);
  const minRow = new Int32Array(count).fill(-1);
  for (let b = 0; b <= count; b++) start[b] = count === 0 ? 0 : Math.floor((b * n) / count);
  for (let b = 0; b < count; b++) {
    let lo = Infinity;
    let hi = -Infinity;
    let loRow = -1;
    let hiRow = -1;
    for (let pos = start[b]!, end = start[b + 1]!; pos < end; pos++) {
      const row = order ? order[pos]! : pos;
      const v = values[row]!;
      if (Number.isNaN(v)) continue;
      if (hiRow < 0 || v > hi) {
        hi = v;
        hiRow = row;
      }
      if (loRow < 0 || v < lo) {
        lo = v;
        loRow = row;
      }
    }
    if (hiRow >= 0) {
      min[b] = lo;
      max[b] = hi;
      maxRow[b] = hiRow;
      minRow[b] = loRow;
    }
  }
  return { count, start, min, max, maxRow, minRow };
}

/**
 * The bucket under horizontal pixel `x` of a plot area [left, left + width), or −1 outside.
 * Example: 10 buckets over width 100 from left 0: x = 35 → bucket 3.
 */
export function bucketAt(x: number, left: number, width: number, count: number): number {
  if (count <= 0 || width <= 0 || x < left || x >= left + width) return -1;
  return Math.min(count - 1, Math.floor(((x - left) / width) * count));
}
