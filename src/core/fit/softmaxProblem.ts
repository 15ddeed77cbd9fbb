// Fused passes of the multinomial (softmax) objective on standardised, column-major features, in
// row chunks: K score columns (register-blocked affineScores), a max-shifted log-sum-exp per row
// giving loss and residuals p − onehot, then the gradient as residuals · featuresᵀ (crossProducts).
// Buffers are allocated once.
import { CHUNK } from './binaryProblem';
import { fastExp } from './fastExp';
import { affineScores, crossProducts, sum } from './kernels';
import { addPenalty } from './scaledProblem';
import type { RowOutputs, ScaledProblem } from './scaledProblem';

/** Rows per block of the Hessian's pair products: both blocks stay in L1/L2 cache. */
const HESSIAN_ROWS = 64;

export function createSoftmaxProblem(
  z: Float64Array,
  n: number,
  m: number,
  y: Int32Array,
  classCount: number,
  penalty: Float64Array,
): ScaledProblem {
  const K = classCount;
  const width = m + 1;
  const size = K * width;
  // Class k's scores, then residuals, for the rows of a chunk live at [k·CHUNK, (k+1)·CHUNK).
  const eta = new Float64Array(K * CHUNK);
  const residual = new Float64Array(K * CHUNK);
  const sums = new Float64Array(2);

  const scores = (theta: Float64Array, start: number, len: number): void => {
    affineScores(theta, K, width, z, start, n, len, eta, 0, CHUNK);
  };

  // Per-row scratch of a chunk: running maximum, then Σ exp, and the true class's score.
  const rowMax = new Float64Array(CHUNK);
  const rowSum = new Float64Array(CHUNK);
  const truthScore = new Float64Array(CHUNK);
  const atLeastTruth = new Int32Array(CHUNK);

  /**
   * Loss per row of the chunk by a max-shifted log-sum-exp, residuals p − onehot into `residual`
   * when asked, and with `rows` each row's loss and probabilities p (before the one-hot is
   * subtracted). Loops run class by class over contiguous rows (no strided inner loops).
   */
  const rowTerms = (start: number, len: number, wantResidual: boolean, rows?: RowOutputs): void => {
    rowMax.fill(-Infinity, 0, len);
    rowSum.fill(0, 0, len);
    atLeastTruth.fill(0, 0, len);
    for (let t = 0; t < len; t++) truthScore[t] = eta[(y[start + t] as number) * CHUNK + t] as number;
    for (let k = 0; k < K; k++) {
      const o = k * CHUNK;
      for (let t = 0; t < len; t++) {
        const e = eta[o + t] as number;
        if (e > (rowMax[t] as number)) rowMax[t] = e;
        if (e >= (truthScore[t] as number)) atLeastTruth[t] = (atLeastTruth[t] as number) + 1;
      }
    }
    for (let k = 0; k < K; k++) {
      const o = k * CHUNK;
      if (wantResidual) {
        for (let t = 0; t < len; t++) {
          const ex = fastExp((eta[o + t] as number) - (rowMax[t] as number));
          residual[o + t] = ex;
          rowSum[t] = (rowSum[t] as number) + ex;
        }
      } else {
        for (let t = 0; t < len; t++) rowSum[t] = (rowSum[t] as number) + fastExp((eta[o + t] as number) - (rowMax[t] as number));
      }
    }
    let loss = 0;
    let wrong = 0;
    const rowLoss = rows?.rowLoss;
    for (let t = 0; t < len; t++) {
      const sum = rowSum[t] as number;
      const rowLossNats = (rowMax[t] as number) + Math.log(sum) - (truthScore[t] as number);
      loss += rowLossNats;
      if (rowLoss !== undefined) rowLoss[start + t] = rowLossNats;
      // Strictly correct: the true class alone holds the maximum score.
      if (atLeastTruth[t] !== 1) wrong++;
      rowSum[t] = 1 / sum;
    }
    if (wantResidual) {
      for (let k = 0; k < K; k++) {
        const o = k * CHUNK;
        for (let t = 0; t < len; t++) residual[o + t] = (residual[o + t] as number) * (rowSum[t] as number);
      }
      if (rows !== undefined) {
        const proba = rows.proba;
        for (let k = 0; k < K; k++) {
          const o = k * CHUNK;
          for (let t = 0, out = start * K + k; t < len; t++, out += K) proba[out] = residual[o + t] as number;
        }
      }
      for (let t = 0; t < len; t++) {
        const idx = (y[start + t] as number) * CHUNK + t;
        residual[idx] = (residual[idx] as number) - 1;
      }
    }
    sums[0] = (sums[0] as number) + loss;
    sums[1] = (sums[1] as number) + wrong;
  };

  const gradientTerms = (start: number, len: number, gradient: Float64Array): void => {
    crossProducts(residual, 0, CHUNK, K, z, start, n, m, len, gradient, 0, width);
    for (let k = 0; k < K; k++) gradient[k * width + m] = (gradient[k * width + m] as number) + sum(residual, k * CHUNK, len);
  };

  // Hessian Σ_i (diag(p_i) − p_i p_iᵀ) ⊗ z̃_i z̃_iᵀ, z̃_i = [z_i, 1]. Block (k, l ≠ k) is
  // −Σ_i p_ik p_il z̃_i z̃_iᵀ and, as Σ_l p_il = 1, diagonal block k is minus the sum of the other
  // blocks of its block row. Every block is symmetric, so only class pairs k < l and feature pairs
  // a ≤ b are formed: per HESSIAN_ROWS rows, pair products p_k·p_l and z̃_a·z̃_b as rows of two
  // blocks, then cross[(k, l), (a, b)] += Σ_t by the register-blocked crossProducts. Per row that is
  // K(K − 1)/2 · (m + 1)(m + 2)/2 multiply-adds in long contiguous loops.
  const classPairs = (K * (K - 1)) / 2;
  const featurePairs = (width * (width + 1)) / 2;
  let cross: Float64Array | null = null;
  let probability: Float64Array | null = null;
  let classProducts: Float64Array | null = null;
  let featureProducts: Float64Array | null = null;

  const hessianTerms = (start: number, len: number, into: Float64Array): void => {
    probability ??= new Float64Array(K * HESSIAN_ROWS);
    classProducts ??= new Float64Array(classPairs * HESSIAN_ROWS);
    featureProducts ??= new Float64Array(featurePairs * HESSIAN_ROWS);
    const p = probability;
    for (let s = 0; s < len; s += HESSIAN_ROWS) {
      const rows = Math.min(HESSIAN_ROWS, len - s);
      for (let k = 0; k < K; k++) {
        const from = k * CHUNK + s;
        const to = k * HESSIAN_ROWS;
        for (let t = 0; t < rows; t++) p[to + t] = (residual[from + t] as number) + (y[start + s + t] === k ? 1 : 0);
      }
      let pair = 0;
      for (let k = 0; k < K; k++) {
        for (let l = k + 1; l < K; l++, pair++) {
          const pk = k * HESSIAN_ROWS;
          const pl = l * HESSIAN_ROWS;
          const out = pair * HESSIAN_ROWS;
          for (let t = 0; t < rows; t++) classProducts[out + t] = (p[pk + t] as number) * (p[pl + t] as number);
        }
      }
      pair = 0;
      for (let a = 0; a < width; a++) {
        for (let b = a; b < width; b++, pair++) {
          const out = pair * HESSIAN_ROWS;
          const za = a * n + start + s;
          const zb = b * n + start + s;
          if (b < m) for (let t = 0; t < rows; t++) featureProducts[out + t] = (z[za + t] as number) * (z[zb + t] as number);
          else if (a < m) for (let t = 0; t < rows; t++) featureProducts[out + t] = z[za + t] as number;
          else featureProducts.fill(1, out, out + rows);
        }
      }
      crossProducts(classProducts, 0, HESSIAN_ROWS, classPairs, featureProducts, 0, HESSIAN_ROWS, featurePairs, rows, into, 0, featurePairs);
    }
  };

  /** Full row-major Hessian (divided by the rows summed, plus the penalty) from the pair sums. */
  const assembleHessian = (sums: Float64Array, rows: number, hessian: Float64Array): void => {
    hessian.fill(0);
    let classPair = 0;
    for (let k = 0; k < K; k++) {
      for (let l = k + 1; l < K; l++, classPair++) {
        let featurePair = 0;
        for (let a = 0; a < width; a++) {
          for (let b = a; b < width; b++, featurePair++) {
            const v = -(sums[classPair * featurePairs + featurePair] as number) / rows;
            const ka = (k * width + a) * size;
            const kb = (k * width + b) * size;
            const la = (l * width + a) * size;
            const lb = (l * width + b) * size;
            hessian[ka + l * width + b] = v;
            hessian[kb + l * width + a] = v;
            hessian[la + k * width + b] = v;
            hessian[lb + k * width + a] = v;
            // Upper triangles of the diagonal blocks only; mirrored below.
            hessian[ka + k * width + b] = (hessian[ka + k * width + b] as number) - v;
            hessian[la + l * width + b] = (hessian[la + l * width + b] as number) - v;
          }
        }
      }
    }
    for (let k = 0; k < K; k++) {
      for (let a = 0; a < width; a++) {
        for (let b = a + 1; b < width; b++) hessian[(k * width + b) * size + k * width + a] = hessian[(k * width + a) * size + k * width + b] as number;
      }
      for (let j = 0; j < m; j++) {
        const d = (k * width + j) * size + k * width + j;
        hessian[d] = (hessian[d] as number) + (penalty[j] as number);
      }
    }
  };

  const finish = (theta: Float64Array, gradient: Float64Array | null): number => {
    if (gradient !== null) for (let q = 0; q < size; q++) gradient[q] = (gradient[q] as number) / n;
    problem.meanLoss = (sums[0] as number) / n;
    problem.allCorrect = sums[1] === 0;
    return problem.meanLoss + addPenalty(problem, theta, gradient);
  };

  const problem: ScaledProblem = {
    size,
    n,
    rowsOfParameters: K,
    m,
    penalty,
    meanLoss: NaN,
    allCorrect: false,
    shiftInvariant: true,
    value(theta) {
      sums.fill(0);
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, false);
      }
      return finish(theta, null);
    },
    rowResults(theta, rowLoss, proba) {
      const rows = { rowLoss, proba };
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, true, rows);
      }
    },
    valueGradient(theta, gradient, rows) {
      sums.fill(0);
      gradient.fill(0);
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, true, rows);
        gradientTerms(start, len, gradient);
      }
      return finish(theta, gradient);
    },
    // Used by Newton (K·(m + 1) ≤ 256; every hessianStride-th chunk on large data).
    valueGradientHessian(theta, gradient, hessian, hessianStride = 1, rows) {
      sums.fill(0);
      gradient.fill(0);
      cross ??= new Float64Array(classPairs * featurePairs);
      cross.fill(0);
      let hessianRows = 0;
      for (let start = 0, chunk = 0; start < n; start += CHUNK, chunk++) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, true, rows);
        gradientTerms(start, len, gradient);
        if (chunk % hessianStride !== 0) continue;
        hessianRows += len;
        hessianTerms(start, len, cross);
      }
      assembleHessian(cross, hessianRows, hessian);
      return finish(theta, gradient);
    },
  };
  return problem;
}
