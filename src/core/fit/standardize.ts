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
 * z. A column is constant when its standard deviation is 0 or below 1e-13·|mean| (noise). O(n·d).
 */
export function standardize(x: Matrix): Standardized {
  const { rows: n, cols: d, data } = x;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (data[i * d + j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = (data[i * d + j] as number) - (mean[j] as number);
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
  active.forEach((j, a) => {
    activeMean[a] = mean[j] as number;
    activeScale[a] = sd[j] as number;
  });
  // Row by row: the raw matrix is read once, sequentially; the m column streams are written in step.
  const activeColumn = Int32Array.from(active);
  const inverseScale = activeScale.map((s) => 1 / s);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let a = 0; a < m; a++) {
      z[a * n + i] = ((data[off + (activeColumn[a] as number)] as number) - (activeMean[a] as number)) * (inverseScale[a] as number);
    }
  }
  return { z, n, m, active: Int32Array.from(active), mean: activeMean, scale: activeScale, constant };
}
