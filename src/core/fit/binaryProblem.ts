// Fused passes of the binary logistic objective on standardised, column-major features. Rows are
// processed in chunks of CHUNK: scores by column axpys, then loss and residuals per row, then the
// gradient (and Hessian) by column dot products — long contiguous loops, no allocation per row.
import { axpy, dot, dot4, sum } from './kernels';
import { addPenalty } from './scaledProblem';
import type { RowOutputs, ScaledProblem } from './scaledProblem';

/** Rows per chunk: chunk buffers and one chunk of every column stay in L2 cache. */
export const CHUNK = 512;

/**
 * `weights` (per row, ≥ 0, or undefined for all 1) multiply each row's loss, residual and Hessian
 * term; f divides by their total instead of n, so it stays a (weighted) mean loss.
 */
export function createBinaryProblem(z: Float64Array, n: number, m: number, y: Uint8Array, penalty: Float64Array, weights?: Float64Array): ScaledProblem {
  const size = m + 1;
  const totalWeight = weights === undefined ? n : totalOf(weights);
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
      const w = weights === undefined ? 1 : (weights[start + t] as number);
      loss += w * rowLossNats;
      if (!(margin > 0) && w > 0) wrong++;
      if (wantResidual) {
        const onePlus = 1 + ex;
        const p = e >= 0 ? 1 / onePlus : ex / onePlus;
        residual[t] = w * (positive ? p - 1 : p);
        if (rows !== undefined) {
          rows.rowLoss[start + t] = rowLossNats;
          rows.proba[start + t] = p;
        }
        if (wantWeight) weight[t] = (w * ex) / (onePlus * onePlus); // w·p(1 − p) without cancellation
      }
    }
    sums[0] = (sums[0] as number) + loss;
    sums[1] = (sums[1] as number) + wrong;
  };

  const finish = (theta: Float64Array, gradient: Float64Array | null): number => {
    problem.meanLoss = (sums[0] as number) / totalWeight;
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
      for (let j = 0; j < size; j++) gradient[j] = (gradient[j] as number) / totalWeight;
      return finish(theta, gradient);
    },
    hessianVectorProduct(theta) {
      // w·p(1 − p) per row at θ once; each product is then one score pass of v and one dot pass.
      const curvature = new Float64Array(n);
      const directional = new Float64Array(CHUNK);
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, true, true);
        curvature.set(weight.subarray(0, len), start);
      }
      return (v, out) => {
        out.fill(0);
        for (let start = 0; start < n; start += CHUNK) {
          const len = Math.min(CHUNK, n - start);
          directional.fill(v[m] as number, 0, len);
          for (let j = 0; j < m; j++) {
            const vj = v[j] as number;
            if (vj !== 0) axpy(vj, z, j * n + start, directional, 0, len);
          }
          for (let t = 0; t < len; t++) directional[t] = (directional[t] as number) * (curvature[start + t] as number);
          for (let j = 0; j < m; j++) out[j] = (out[j] as number) + dot(directional, 0, z, j * n + start, len);
          out[m] = (out[m] as number) + sum(directional, 0, len);
        }
        for (let j = 0; j < size; j++) out[j] = (out[j] as number) / totalWeight;
        for (let j = 0; j < m; j++) out[j] = (out[j] as number) + (penalty[j] as number) * (v[j] as number);
      };
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
      for (let j = 0; j < size; j++) gradient[j] = (gradient[j] as number) / totalWeight;
      // The sampled rows stand for all of them: scale their weight sum up to the total.
      const hessianScale = hessianStride === 1 ? totalWeight : (hessianRows * totalWeight) / n;
      for (let j = 0; j < size; j++) {
        for (let l = j; l < size; l++) {
          const v = (hessian[j * size + l] as number) / hessianScale;
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

/** Σ of the row weights (the divisor that makes f a weighted mean). */
export function totalOf(weights: Float64Array): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += weights[i] as number;
  return s;
}
