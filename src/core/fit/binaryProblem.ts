// Fused passes of the binary logistic objective on standardised, column-major features. Rows are
// processed in chunks of CHUNK: scores by column axpys, then loss and residuals per row, then the
// gradient (and Hessian) by column dot products — long contiguous loops, no allocation per row.
import { axpy, dot, dot4, sum } from './kernels';
import { addPenalty } from './scaledProblem';
import type { RowOutputs, ScaledProblem } from './scaledProblem';

/** Rows per chunk: chunk buffers and one chunk of every column stay in L2 cache. */
export const CHUNK = 512;

export function createBinaryProblem(z: Float64Array, n: number, m: number, y: Uint8Array, penalty: Float64Array): ScaledProblem {
  const size = m + 1;
  const eta = new Float64Array(CHUNK);
  const residual = new Float64Array(CHUNK);
  const weight = new Float64Array(CHUNK);
  const weighted = new Float64Array(CHUNK);

  /** Scores of rows start .. start+len into eta. */
  const scores = (theta: Float64Array, start: number, len: number): void => {
    eta.fill(theta[m] as number, 0, len);
    for (let j = 0; j < m; j++) {
      const w = theta[j] as number;
      if (w !== 0) axpy(w, z, j * n + start, eta, 0, len);
    }
  };

  /**
   * Loss of rows in the chunk; residuals σ(η) − y into `residual`, and σ'(η) = p(1 − p) into
   * `weight` when asked; with `rows` (and residuals) each row's loss and p. Returns [loss,
   * misclassified] through the two-slot `sums`.
   */
  const sums = new Float64Array(2);
  const rowTerms = (start: number, len: number, wantResidual: boolean, wantWeight: boolean, rows?: RowOutputs): void => {
    let loss = 0;
    let wrong = 0;
    for (let t = 0; t < len; t++) {
      const e = eta[t] as number;
      const ex = Math.exp(-Math.abs(e));
      const positive = y[start + t] === 1;
      const margin = positive ? e : -e;
      const rowLossNats = (margin < 0 ? -margin : 0) + Math.log1p(ex);
      loss += rowLossNats;
      if (!(margin > 0)) wrong++;
      if (wantResidual) {
        const onePlus = 1 + ex;
        const p = e >= 0 ? 1 / onePlus : ex / onePlus;
        residual[t] = positive ? p - 1 : p;
        if (rows !== undefined) {
          rows.rowLoss[start + t] = rowLossNats;
          rows.proba[start + t] = p;
        }
        if (wantWeight) weight[t] = ex / (onePlus * onePlus); // p(1 − p) without cancellation
      }
    }
    sums[0] = (sums[0] as number) + loss;
    sums[1] = (sums[1] as number) + wrong;
  };

  const finish = (theta: Float64Array, gradient: Float64Array | null): number => {
    problem.meanLoss = (sums[0] as number) / n;
    problem.allCorrect = sums[1] === 0;
    return problem.meanLoss + addPenalty(problem, theta, gradient);
  };

  const problem: ScaledProblem = {
    size,
    n,
    rowsOfParameters: 1,
    m,
    penalty,
    meanLoss: NaN,
    allCorrect: false,
    shiftInvariant: false,
    exactHessianAtZero: false,
    value(theta) {
      sums.fill(0);
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, false, false);
      }
      return finish(theta, null);
    },
    rowResults(theta, rowLoss, proba) {
      const rows = { rowLoss, proba };
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, true, false, rows);
      }
    },
    valueGradient(theta, gradient, rows) {
      sums.fill(0);
      gradient.fill(0);
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, true, false, rows);
        for (let j = 0; j < m; j++) gradient[j] = (gradient[j] as number) + dot(residual, 0, z, j * n + start, len);
        gradient[m] = (gradient[m] as number) + sum(residual, 0, len);
      }
      for (let j = 0; j < size; j++) gradient[j] = (gradient[j] as number) / n;
      return finish(theta, gradient);
    },
    valueGradientHessian(theta, gradient, hessian, hessianStride = 1, rows) {
      sums.fill(0);
      gradient.fill(0);
      hessian.fill(0);
      let hessianRows = 0;
      for (let start = 0, chunk = 0; start < n; start += CHUNK, chunk++) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        const sampled = chunk % hessianStride === 0;
        rowTerms(start, len, true, sampled, rows);
        if (!sampled) {
          for (let j = 0; j < m; j++) gradient[j] = (gradient[j] as number) + dot(residual, 0, z, j * n + start, len);
          gradient[m] = (gradient[m] as number) + sum(residual, 0, len);
          continue;
        }
        hessianRows += len;
        for (let j = 0; j < m; j++) {
          const base = j * n + start;
          gradient[j] = (gradient[j] as number) + dot(residual, 0, z, base, len);
          for (let t = 0; t < len; t++) weighted[t] = (weight[t] as number) * (z[base + t] as number);
          const row = j * size;
          hessian[row + m] = (hessian[row + m] as number) + sum(weighted, 0, len);
          // Four Hessian entries per sweep share each load of weighted[t] (register blocking).
          let l = j;
          for (; l + 4 <= m; l += 4) dot4(weighted, z, l * n + start, n, len, hessian, row + l);
          for (; l < m; l++) hessian[row + l] = (hessian[row + l] as number) + dot(weighted, 0, z, l * n + start, len);
        }
        let sb = 0;
        let hb = 0;
        for (let t = 0; t < len; t++) {
          sb += residual[t] as number;
          hb += weight[t] as number;
        }
        gradient[m] = (gradient[m] as number) + sb;
        hessian[m * size + m] = (hessian[m * size + m] as number) + hb;
      }
      for (let j = 0; j < size; j++) gradient[j] = (gradient[j] as number) / n;
      for (let j = 0; j < size; j++) {
        for (let l = j; l < size; l++) {
          const v = (hessian[j * size + l] as number) / hessianRows;
          hessian[j * size + l] = v;
          hessian[l * size + j] = v;
        }
      }
      for (let j = 0; j < m; j++) hessian[j * size + j] = (hessian[j * size + j] as number) + (penalty[j] as number);
      return finish(theta, gradient);
    },
  };
  return problem;
}
