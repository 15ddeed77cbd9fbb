// Fused passes of the multinomial (softmax) objective on standardised, column-major features, in
// row chunks: K score columns (register-blocked affineScores), a max-shifted log-sum-exp per row
// (fastExp) giving loss and residuals p − onehot, then the gradient as residuals · featuresᵀ
// (crossProducts). Buffers are allocated once.
import { CHUNK, totalOf } from './binaryProblem';
import { fastExp } from './fastExp';
import { affineScores, crossProducts, gramSums, meanGram, sum } from './kernels';
import { addPenalty } from './scaledProblem';
import type { HessianPass, RowOutputs, ScaledProblem } from './scaledProblem';

/** Rows per block of the Hessian's pair products: both blocks stay in L1/L2 cache. */
const HESSIAN_ROWS = 64;
/**
 * A class pair whose w·p_k·p_l is at most this (times the mean weight) in every row of a block is
 * left out of the block's Hessian sums. The gradient stays exact, so the optimum does not move; the
 * Hessian's error is below 1e-16·max z̃² per entry, far under the penalty's curvature 1/(C·W), so
 * neither Newton's convergence nor the standard errors (relative 1e-10) notice.
 */
const NEGLIGIBLE_PAIR = 1e-16;
/**
 * The same for a Hessian that only preconditions conjugate gradients (exact products do the rest):
 * on digits at C = 1 this leaves out about half the pairs at no cost in CG iterations (99 → 101),
 * while 1e-2 doubles them. Capped at 1% of the pair product at θ = 0 (1/K²), so with many classes
 * the first passes keep every pair.
 */
const PRECONDITIONER_PAIR = 1e-4;

export function createSoftmaxProblem(z: Float64Array, n: number, m: number, y: Int32Array, classCount: number, penalty: Float64Array, weights?: Float64Array): ScaledProblem {
  const K = classCount;
  const totalWeight = weights === undefined ? n : totalOf(weights);
  const width = m + 1;
  const size = K * width;
  // Class k's scores, then residuals, for the rows of a chunk live at [k·CHUNK, (k+1)·CHUNK).
  const eta = new Float64Array(K * CHUNK);
  const residual = new Float64Array(K * CHUNK);
  // Weighted fits: w·(p − onehot) for the gradient (residual itself stays unweighted: the Hessian
  // recovers p from it).
  const weightedResidual = weights === undefined ? residual : new Float64Array(K * CHUNK);
  const sums = new Float64Array(2);

  const scores = (theta: Float64Array, start: number, len: number): void => {
    affineScores(theta, K, width, z, start, n, len, eta, 0, CHUNK);
  };

  /**
   * Loss per row of the chunk by a max-shifted log-sum-exp, residuals p − onehot into `residual`
   * when asked, and with `rows` each row's loss and probabilities p. Row by row, with the row's
   * maximum, sum and inverse in registers; the K scores of a row sit CHUNK apart.
   */
  const rowTerms = (start: number, len: number, wantResidual: boolean, rows?: RowOutputs): void => {
    const end = K * CHUNK;
    const rowLoss = rows?.rowLoss;
    const proba = rows?.proba;
    let loss = 0;
    let wrong = 0;
    for (let t = 0; t < len; t++) {
      const truth = y[start + t] as number;
      const truthScore = eta[truth * CHUNK + t] as number;
      let max = -Infinity;
      let atLeastTruth = 0;
      for (let o = t; o < end; o += CHUNK) {
        const e = eta[o] as number;
        if (e > max) max = e;
        if (e >= truthScore) atLeastTruth++;
      }
      let sum = 0;
      if (wantResidual) {
        for (let o = t; o < end; o += CHUNK) {
          const ex = fastExp((eta[o] as number) - max);
          residual[o] = ex;
          sum += ex;
        }
      } else {
        for (let o = t; o < end; o += CHUNK) sum += fastExp((eta[o] as number) - max);
      }
      const rowLossNats = max + Math.log(sum) - truthScore;
      const w = weights === undefined ? 1 : (weights[start + t] as number);
      loss += w * rowLossNats;
      // Strictly correct: the true class alone holds the maximum score.
      if (atLeastTruth !== 1 && w > 0) wrong++;
      if (rowLoss !== undefined) rowLoss[start + t] = rowLossNats;
      if (!wantResidual) continue;
      const inverse = 1 / sum;
      for (let o = t; o < end; o += CHUNK) residual[o] = (residual[o] as number) * inverse;
      if (proba !== undefined) {
        for (let o = t, out = (start + t) * K; o < end; o += CHUNK, out++) proba[out] = residual[o] as number;
      }
      const idx = truth * CHUNK + t;
      residual[idx] = (residual[idx] as number) - 1;
    }
    sums[0] = (sums[0] as number) + loss;
    sums[1] = (sums[1] as number) + wrong;
  };

  /** into += rᵀ·z̃ over the chunk for K residual columns r (CHUNK apart). */
  const accumulate = (r: Float64Array, start: number, len: number, into: Float64Array): void => {
    crossProducts(r, 0, CHUNK, K, z, start, n, m, len, into, 0, width);
    for (let k = 0; k < K; k++) into[k * width + m] = (into[k * width + m] as number) + sum(r, k * CHUNK, len);
  };

  const gradientTerms = (start: number, len: number, gradient: Float64Array): void => {
    if (weights !== undefined) {
      for (let k = 0; k < K; k++) {
        for (let t = 0, o = k * CHUNK; t < len; t++, o++) weightedResidual[o] = (residual[o] as number) * (weights[start + t] as number);
      }
    }
    accumulate(weightedResidual, start, len, gradient);
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
  let packed: Float64Array | null = null;
  const activePairs = new Int32Array(classPairs);

  const meanWeight = totalWeight / n;
  const hessianTerms = (start: number, len: number, into: Float64Array, negligible: number): void => {
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
      let classPair = 0;
      for (let k = 0; k < K; k++) {
        for (let l = k + 1; l < K; l++, classPair++) {
          const pk = k * HESSIAN_ROWS;
          const pl = l * HESSIAN_ROWS;
          const out = classPair * HESSIAN_ROWS;
          for (let t = 0; t < rows; t++) classProducts[out + t] = (p[pk + t] as number) * (p[pl + t] as number);
        }
      }
      if (weights !== undefined) {
        // Weighted rows: w·p_k·p_l in every pair product weights each block's sum.
        for (let q = 0; q < classPairs; q++) {
          for (let t = 0, o = q * HESSIAN_ROWS; t < rows; t++, o++) classProducts[o] = (classProducts[o] as number) * (weights[start + s + t] as number);
        }
      }
      // Class pairs whose products are negligible in every row of the block (confident rows: sorted
      // by class, a block's rows mostly put all their mass on one class and its confusers) add
      // nothing the curvature can use; the others are packed to the front, so the cross products
      // below run over the pairs that matter only.
      let active = 0;
      for (let q = 0; q < classPairs; q++) {
        let top = 0;
        for (let t = 0, o = q * HESSIAN_ROWS; t < rows; t++, o++) top = Math.max(top, classProducts[o] as number);
        if (!(top <= negligible)) {
          if (active !== q) classProducts.copyWithin(active * HESSIAN_ROWS, q * HESSIAN_ROWS, q * HESSIAN_ROWS + rows);
          activePairs[active++] = q;
        }
      }
      if (active === 0) continue;
      let pair = 0;
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
      if (active === classPairs) {
        crossProducts(classProducts, 0, HESSIAN_ROWS, classPairs, featureProducts, 0, HESSIAN_ROWS, featurePairs, rows, into, 0, featurePairs);
        continue;
      }
      packed ??= new Float64Array(classPairs * featurePairs);
      packed.fill(0, 0, active * featurePairs);
      crossProducts(classProducts, 0, HESSIAN_ROWS, active, featureProducts, 0, HESSIAN_ROWS, featurePairs, rows, packed, 0, featurePairs);
      for (let q = 0; q < active; q++) {
        const to = (activePairs[q] as number) * featurePairs;
        const from = q * featurePairs;
        for (let f = 0; f < featurePairs; f++) into[to + f] = (into[to + f] as number) + (packed[from + f] as number);
      }
    }
  };

  // At θ = 0 every p_ik = 1/K: the Hessian is (I/K − 11ᵀ/K²) ⊗ (Σ_i z̃_i z̃_iᵀ)/n, exact from the
  // Gram matrix of all rows at (m + 1)(m + 2)/2 multiply-adds per row instead of K(K − 1)/2 times that.
  let gram: Float64Array | null = null;
  let meanGramOfRows: Float64Array | undefined;

  const assembleHessianAtZero = (sums: Float64Array, rows: number, hessian: Float64Array): void => {
    const diagonal = 1 / K - 1 / (K * K);
    const offDiagonal = -1 / (K * K);
    for (let a = 0; a < width; a++) {
      for (let b = a; b < width; b++) {
        const g = (sums[a * width + b] as number) / rows;
        for (let k = 0; k < K; k++) {
          for (let l = 0; l < K; l++) {
            const v = (k === l ? diagonal : offDiagonal) * g;
            hessian[(k * width + a) * size + l * width + b] = v;
            hessian[(k * width + b) * size + l * width + a] = v;
          }
        }
      }
    }
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < m; j++) {
        const d = (k * width + j) * size + k * width + j;
        hessian[d] = (hessian[d] as number) + (penalty[j] as number);
      }
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
    if (gradient !== null) for (let q = 0; q < size; q++) gradient[q] = (gradient[q] as number) / totalWeight;
    problem.meanLoss = (sums[0] as number) / totalWeight;
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
    exactHessianAtZero: weights === undefined,
    classCurvature: new Float64Array(K).fill(NaN),
    meanGram() {
      meanGramOfRows ??= meanGram(z, n, m, CHUNK);
      return meanGramOfRows;
    },
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
    // ∇²f·v = Σ_i w_i (diag(p_i) − p_i p_iᵀ)(V z̃_i) ⊗ z̃_i / W + penalty·v: the probabilities at θ
    // once (n × K), then per product one score pass of v and one cross-product pass, never the
    // K²·(m + 1)² matrix.
    hessianVectorProduct(theta) {
      const probabilities = new Float64Array(n * K);
      const u = new Float64Array(K * CHUNK);
      const curvature = problem.classCurvature;
      curvature.fill(0);
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, true);
        for (let k = 0; k < K; k++) {
          let c = 0;
          for (let t = 0; t < len; t++) {
            const p = (residual[k * CHUNK + t] as number) + (y[start + t] === k ? 1 : 0);
            probabilities[(start + t) * K + k] = p;
            c += (weights === undefined ? 1 : (weights[start + t] as number)) * p * (1 - p);
          }
          curvature[k] = (curvature[k] as number) + c;
        }
      }
      for (let k = 0; k < K; k++) curvature[k] = (curvature[k] as number) / totalWeight;
      return (v, out) => {
        out.fill(0);
        for (let start = 0; start < n; start += CHUNK) {
          const len = Math.min(CHUNK, n - start);
          affineScores(v, K, width, z, start, n, len, u, 0, CHUNK);
          for (let t = 0; t < len; t++) {
            const row = (start + t) * K;
            const w = weights === undefined ? 1 : (weights[start + t] as number);
            let mean = 0;
            for (let k = 0, o = t; k < K; k++, o += CHUNK) mean += (probabilities[row + k] as number) * (u[o] as number);
            for (let k = 0, o = t; k < K; k++, o += CHUNK) u[o] = w * (probabilities[row + k] as number) * ((u[o] as number) - mean);
          }
          accumulate(u, start, len, out);
        }
        for (let q = 0; q < size; q++) out[q] = (out[q] as number) / totalWeight;
        for (let k = 0; k < K; k++) for (let j = 0; j < m; j++) out[k * width + j] = (out[k * width + j] as number) + (penalty[j] as number) * (v[k * width + j] as number);
      };
    },
    // Used by Newton (every hessianStride-th chunk on large data).
    valueGradientHessian(theta, gradient, hessian, pass: HessianPass = {}) {
      const hessianStride = pass.stride ?? 1;
      const rows = pass.rows;
      const negligible = meanWeight * (pass.preconditionerOnly ? Math.min(PRECONDITIONER_PAIR, 0.01 / (K * K)) : NEGLIGIBLE_PAIR);
      sums.fill(0);
      gradient.fill(0);
      // The Gram shortcut is for unweighted rows (weighted ones take the general pass).
      const atZero = weights === undefined && theta.every((v) => v === 0);
      const pairSums = atZero ? (gram ??= new Float64Array(width * width)) : (cross ??= new Float64Array(classPairs * featurePairs));
      pairSums.fill(0);
      let hessianRows = 0;
      for (let start = 0, chunk = 0; start < n; start += CHUNK, chunk++) {
        const len = Math.min(CHUNK, n - start);
        scores(theta, start, len);
        rowTerms(start, len, true, rows);
        gradientTerms(start, len, gradient);
        if (atZero) {
          hessianRows += len;
          gramSums(z, n, m, start, len, pairSums);
          continue;
        }
        if (chunk % hessianStride !== 0) continue;
        hessianRows += len;
        hessianTerms(start, len, pairSums, negligible);
      }
      // The sampled rows stand for all of them: their weight scaled up to the total.
      const hessianScale = hessianRows === n ? totalWeight : (hessianRows * totalWeight) / n;
      if (atZero) assembleHessianAtZero(pairSums, hessianScale, hessian);
      else assembleHessian(pairSums, hessianScale, hessian);
      return finish(theta, gradient);
    },
  };
  return problem;
}
