// Feature standardisation inside the solvers: z = (x − mean)/sd per column, constant columns
// dropped (their coefficient is 0), so Newton and L-BFGS see a well-conditioned problem whatever
// the raw units; solutions are mapped back to raw units by the caller.
import type { Matrix } from '../matrix';

/** Rows per block of the transposing copy (a block of X stays in cache while its columns are written). */
const BLOCK_ROWS = 64;

export interface Standardized {
  /**
   * Standardised values of the active (non-constant) features, column-major: feature a occupies
   * z[a·n .. a·n + n). Column storage turns every pass into long contiguous loops.
   */
  readonly z: Float64Array;
  readonly n: number;
  readonly m: number;
  /** Raw column index of each active feature. */
  readonly active: Int32Array;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** Raw column indices of constant features. */
  readonly constant: readonly number[];
}

/**
 * Column means and population standard deviations (two-pass, so large offsets do not cancel), then
 * z; with `order`, row i of z is row order[i] of x (a fit may work on its rows in another order).
 * A column with values beyond 1e±150 is first scaled by a power of two near its largest |value|
 * (exact), so neither its sums nor its squares overflow (x × 1e160 stays a feature, not a NaN).
 * A column is constant when its standard deviation is 0 or below 1e-13·|mean| (noise). O(n·d).
 * Returns mean or scale ±Infinity only when the column's spread itself exceeds the double range.
 * `allocate` makes z's memory (a helper thread's shared arrays).
 */
export function standardize(x: Matrix, order?: Int32Array, allocate: (length: number) => Float64Array = (length) => new Float64Array(length)): Standardized {
  const { rows: n, cols: d, data } = x;
  // Every column of X copied into one contiguous column (the only strided pass), so the sums and
  // the standardisation below run over contiguous memory; z is then the active columns, in place.
  const columns = allocate(n * d);
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const i1 = Math.min(n, i0 + BLOCK_ROWS);
    for (let j = 0; j < d; j++) {
      if (order === undefined) for (let i = i0, o = i0 * d + j, out = j * n + i0; i < i1; i++, o += d, out++) columns[out] = data[o] as number;
      else for (let i = i0, out = j * n + i0; i < i1; i++, out++) columns[out] = data[(order[i] as number) * d + j] as number;
    }
  }
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  const unit = new Float64Array(d).fill(1);
  const active: number[] = [];
  const constant: number[] = [];
  for (let j = 0; j < d; j++) {
    const from = j * n;
    const first = sumAndLargest(columns, from, n);
    const top = first.top;
    let total = first.total;
    // Values whose squares could overflow (or underflow) are worked in units of a power of two near
    // the largest |value| (exact scaling; 2^1023 at most, so its inverse is a double).
    if (!(top > 1e-150 && top < 1e150) && top > 0 && Number.isFinite(top)) {
      unit[j] = 2 ** Math.min(1023, Math.max(-1022, Math.ceil(Math.log2(top))));
      const inverse = 1 / (unit[j] as number);
      for (let i = from; i < from + n; i++) columns[i] = (columns[i] as number) * inverse;
      total = sumAndLargest(columns, from, n).total;
    }
    const centre = total / n;
    const spread = Math.sqrt(squaredDeviations(columns, from, n, centre) / n);
    mean[j] = centre;
    sd[j] = spread;
    if (spread > 0 && spread > 1e-13 * Math.abs(centre)) active.push(j);
    else constant.push(j);
  }
  const m = active.length;
  const activeMean = new Float64Array(m);
  const activeScale = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    const j = active[a] as number;
    // Active column j (in its units) moves down to slot a ≤ j (slots before it are done), standardised.
    standardizeColumn(columns, j * n, a * n, n, mean[j] as number, 1 / (sd[j] as number));
    activeMean[a] = (mean[j] as number) * (unit[j] as number);
    activeScale[a] = (sd[j] as number) * (unit[j] as number);
  }
  let z = columns;
  if (m < d) {
    z = allocate(n * m);
    z.set(columns.subarray(0, n * m));
  }
  return { z, n, m, active: Int32Array.from(active), mean: activeMean, scale: activeScale, constant };
}

/** v[to + i] = (v[from + i] − centre)·inverseScale for i < n (to ≤ from: a column moving down in place). */
function standardizeColumn(v: Float64Array, from: number, to: number, n: number, centre: number, inverseScale: number): void {
  for (let i = 0; i < n; i++) v[to + i] = ((v[from + i] as number) - centre) * inverseScale;
}

/**
 * Σ and max |·| of v[from .. from + n) with four partial sums (the loop is bound by the latency of
 * one addition otherwise); NaN anywhere makes both NaN.
 */
function sumAndLargest(v: Float64Array, from: number, n: number): { total: number; top: number } {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let top = 0;
  let i = from;
  const end = from + n;
  for (; i + 4 <= end; i += 4) {
    const a = v[i] as number;
    const b = v[i + 1] as number;
    const c = v[i + 2] as number;
    const d = v[i + 3] as number;
    s0 += a;
    s1 += b;
    s2 += c;
    s3 += d;
    top = Math.max(top, Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
  }
  for (; i < end; i++) {
    s0 += v[i] as number;
    top = Math.max(top, Math.abs(v[i] as number));
  }
  return { total: s0 + s1 + (s2 + s3), top };
}

/** Σ (v_i − centre)² over v[from .. from + n), four partial sums. */
function squaredDeviations(v: Float64Array, from: number, n: number, centre: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = from;
  const end = from + n;
  for (; i + 4 <= end; i += 4) {
    const a = (v[i] as number) - centre;
    const b = (v[i + 1] as number) - centre;
    const c = (v[i + 2] as number) - centre;
    const d = (v[i + 3] as number) - centre;
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
  }
  for (; i < end; i++) {
    const a = (v[i] as number) - centre;
    s0 += a * a;
  }
  return s0 + s1 + (s2 + s3);
}
