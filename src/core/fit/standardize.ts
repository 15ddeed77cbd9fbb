// Feature standardisation inside the solvers: z = (x − mean)/sd per column, constant columns
// dropped (their coefficient is 0), so Newton and L-BFGS see a well-conditioned problem whatever
// the raw units; solutions are mapped back to raw units by the caller.
import type { Matrix } from '../matrix';

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
 * z. Every column is first scaled by a power of two near its largest |value| (exact), so neither the
 * sums nor the squares overflow whatever the magnitudes (x × 1e160 stays a feature, not a NaN).
 * A column is constant when its standard deviation is 0 or below 1e-13·|mean| (noise). O(n·d).
 * Returns mean or scale ±Infinity only when the column's spread itself exceeds the double range.
 */
export function standardize(x: Matrix): Standardized {
  const { rows: n, cols: d, data } = x;
  const unit = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const a = Math.abs(data[i * d + j] as number);
      if (a > (unit[j] as number) || a !== a) unit[j] = a;
    }
  }
  // A power of two at least half the largest |value| (2^1023 at most, so its inverse is a double).
  for (let j = 0; j < d; j++) {
    const largest = unit[j] as number;
    unit[j] = largest > 0 && Number.isFinite(largest) ? 2 ** Math.min(1023, Math.max(-1022, Math.ceil(Math.log2(largest)))) : 1;
  }
  const inverseUnit = unit.map((u) => 1 / u);
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (data[i * d + j] as number) * (inverseUnit[j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = (data[i * d + j] as number) * (inverseUnit[j] as number) - (mean[j] as number);
      sd[j] = (sd[j] as number) + c * c;
    }
  }
  const active: number[] = [];
  const constant: number[] = [];
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt((sd[j] as number) / n);
    sd[j] = s;
    if (s > 0 && s > 1e-13 * Math.abs(mean[j] as number)) active.push(j);
    else constant.push(j);
  }
  const m = active.length;
  const z = new Float64Array(n * m);
  const activeMean = new Float64Array(m);
  const activeScale = new Float64Array(m);
  // Row by row: the raw matrix is read once, sequentially; the m column streams are written in step.
  const activeColumn = Int32Array.from(active);
  const columnUnit = new Float64Array(m);
  const unitMean = new Float64Array(m);
  const inverseScale = new Float64Array(m);
  active.forEach((j, a) => {
    columnUnit[a] = inverseUnit[j] as number;
    unitMean[a] = mean[j] as number;
    inverseScale[a] = 1 / (sd[j] as number);
    activeMean[a] = (mean[j] as number) * (unit[j] as number);
    activeScale[a] = (sd[j] as number) * (unit[j] as number);
  });
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let a = 0; a < m; a++) {
      z[a * n + i] = ((data[off + (activeColumn[a] as number)] as number) * (columnUnit[a] as number) - (unitMean[a] as number)) * (inverseScale[a] as number);
    }
  }
  return { z, n, m, active: Int32Array.from(active), mean: activeMean, scale: activeScale, constant };
}
