// Standard errors of a fit's coefficients from the exact Hessian at the solution: the covariance of
// the standardised parameters θ̃ is (W·∇²f)⁻¹ = inv(∇²[Σ w·loss + ½‖W‖²/C]) (f = objective/(C·W)),
// mapped to raw units by the linear map w = w̃/sd, b = b̃ − Σ_j w̃_j·mean_j/sd_j.
import { CoreError } from '../coreError';
import { NORMAL_QUANTILE_975, twoSidedNormalP } from '../normal';
import type { CoefficientUncertainty, ParameterUncertainty, Penalty } from './fitTypes';
import { choleskyInPlace } from './linearAlgebra';
import type { ScaledProblem } from './scaledProblem';
import type { Standardized } from './standardize';

/** Beyond this many parameters the size² covariance and its size³ inversion are not formed. */
export const UNCERTAINTY_MAX_PARAMETERS = 2048;

function parameterUncertainty(estimate: ArrayLike<number>, variance: Float64Array): ParameterUncertainty {
  const standardError = variance.map((v) => (v >= 0 ? Math.sqrt(v) : NaN));
  const z = standardError.map((se, i) => (estimate[i] as number) / se);
  return {
    standardError,
    z,
    p: z.map(twoSidedNormalP),
    lower: standardError.map((se, i) => (estimate[i] as number) - NORMAL_QUANTILE_975 * se),
    upper: standardError.map((se, i) => (estimate[i] as number) + NORMAL_QUANTILE_975 * se),
  };
}

/**
 * M = L⁻¹ for the Cholesky factor L (lower triangular, row-major): row i solves Lᵀx = e_i by
 * back-substitution as axpys of the rows of L (contiguous), size³/6 multiply-adds. MᵀM = (LLᵀ)⁻¹.
 */
export function inverseOfFactor(factor: Float64Array, size: number): Float64Array {
  const inverse = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    const x = inverse.subarray(i * size, i * size + i + 1);
    x[i] = 1;
    for (let r = i; r >= 0; r--) {
      const row = r * size;
      const v = (x[r] as number) / (factor[row + r] as number);
      x[r] = v;
      for (let k = 0; k < r; k++) x[k] = (x[k] as number) - (factor[row + k] as number) * v;
    }
  }
  return inverse;
}

/**
 * The within-class blocks (K × w × w) of the covariance, from M = L⁻¹ (MᵀM = (H + G)⁻¹), each
 * entry Σ_r M[r, p]·M[r, q] over the rows of M: never the size² inverse itself.
 *
 * Softmax: a common shift of every class row leaves the loss unchanged, so H is singular along those
 * directions (always for the intercepts). They are eigenvectors of H, so adding s/K·(11ᵀ ⊗ I) makes
 * the matrix invertible without touching the centred subspace, and projecting the inverse onto that
 * subspace, P·(H + G)⁻¹·P with P = (I − 11ᵀ/K) ⊗ I, is the centred parametrisation's covariance
 * (the pseudo-inverse of H there). Block k of it is C_kk − R_k − R_kᵀ + T with R_k[a][b] =
 * Σ_l C[(l, a), (k, b)]/K = Σ_r S[r, a]·M[r, (k, b)]/K (S[r, a] = Σ_l M[r, (l, a)]) and
 * T = Σ_k R_k/K. On digits (620 parameters) about 64 M multiply-adds instead of 238 M for the
 * whole inverse by 620 solves.
 */
export function covarianceBlocks(inverseFactor: Float64Array, K: number, width: number, centred: boolean): Float64Array {
  const size = K * width;
  const blocks = new Float64Array(K * width * width);
  // Σ_r of the outer products of each row's class segments (M is lower triangular: row r is 0 past r).
  for (let r = 0; r < size; r++) {
    const row = r * size;
    for (let k = 0; k * width <= r; k++) {
      const from = row + k * width;
      const len = Math.min(width, r - k * width + 1);
      const out = k * width * width;
      for (let a = 0; a < len; a++) {
        const va = inverseFactor[from + a] as number;
        if (va === 0) continue;
        const o = out + a * width;
        for (let b = a; b < len; b++) blocks[o + b] = (blocks[o + b] as number) + va * (inverseFactor[from + b] as number);
      }
    }
  }
  for (let k = 0; k < K; k++) {
    const out = k * width * width;
    for (let a = 0; a < width; a++) for (let b = 0; b < a; b++) blocks[out + a * width + b] = blocks[out + b * width + a] as number;
  }
  if (!centred) return blocks;
  // rowSums[a][(k, b)] = Σ_r S[r, a]·M[r, (k, b)] = K·R_k[a][b].
  const rowSums = new Float64Array(width * size);
  const classSum = new Float64Array(width);
  for (let r = 0; r < size; r++) {
    const row = r * size;
    classSum.fill(0);
    for (let c = 0; c <= r; c++) {
      const a = c % width;
      classSum[a] = (classSum[a] as number) + (inverseFactor[row + c] as number);
    }
    for (let a = 0; a < width; a++) {
      const sa = classSum[a] as number;
      if (sa === 0) continue;
      const out = a * size;
      for (let c = 0; c <= r; c++) rowSums[out + c] = (rowSums[out + c] as number) + sa * (inverseFactor[row + c] as number);
    }
  }
  const total = new Float64Array(width * width);
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < width; a++) {
      for (let b = 0; b < width; b++) total[a * width + b] = (total[a * width + b] as number) + (rowSums[a * size + k * width + b] as number) / (K * K);
    }
  }
  for (let k = 0; k < K; k++) {
    const out = k * width * width;
    for (let a = 0; a < width; a++) {
      for (let b = 0; b < width; b++) {
        blocks[out + a * width + b] =
          (blocks[out + a * width + b] as number) - (rowSums[a * size + k * width + b] as number) / K - (rowSums[b * size + k * width + a] as number) / K + (total[a * width + b] as number);
      }
    }
  }
  return blocks;
}

/**
 * The uncertainty of a solved fit, or why there is none. One exact Hessian pass at theta (the
 * standardised solution), a Cholesky factorisation and its triangular inverse: O(n·size² + size³).
 */
export function coefficientUncertainty(
  problem: ScaledProblem,
  theta: Float64Array,
  std: Standardized,
  coef: Float64Array,
  intercept: Float64Array,
  d: number,
  penalty: Penalty,
  totalWeight: number,
): CoefficientUncertainty | { unavailable: string } {
  const size = problem.size;
  if (size > UNCERTAINTY_MAX_PARAMETERS) {
    return { unavailable: `standard errors are computed up to ${UNCERTAINTY_MAX_PARAMETERS} parameters; this fit has ${size}` };
  }
  const K = problem.rowsOfParameters;
  const m = problem.m;
  const width = m + 1;
  const hessian = new Float64Array(size * size);
  problem.valueGradientHessian(theta, new Float64Array(size), hessian);
  let scale = 0;
  for (let i = 0; i < size; i++) scale = Math.max(scale, Math.abs(hessian[i * size + i] as number));
  if (problem.shiftInvariant) {
    for (let j = 0; j < width; j++) {
      for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) hessian[(k * width + j) * size + l * width + j] = (hessian[(k * width + j) * size + l * width + j] as number) + scale / K;
    }
  }
  const factor = hessian;
  // Pivots far below the largest curvature mean a direction the data do not determine.
  if (!choleskyInPlace(factor, size) || !pivotsWellAbove(factor, size, 1e-12 * scale)) {
    return {
      unavailable: `the Hessian at the solution is singular (${penalty === 'none' ? 'collinear features: their coefficients are not identifiable' : 'collinear features'}), so the coefficients have no finite standard errors`,
    };
  }
  const blocks = covarianceBlocks(inverseOfFactor(factor, size), K, width, problem.shiftInvariant);
  // The Hessian is of f = objective/(C·W); the covariance is the inverse of W·∇²f.
  const block = (k: number, a: number, b: number): number => (blocks[(k * width + a) * width + b] as number) / totalWeight;

  // Raw units: Var(w_j) = Var(w̃_j)/sd_j²; b = ĉᵀθ̃_k with ĉ = [−mean_1/sd_1 … −mean_m/sd_m, 1].
  const coefVariance = new Float64Array(K * d).fill(NaN);
  const interceptVariance = new Float64Array(K);
  const c = new Float64Array(width);
  for (let a = 0; a < m; a++) c[a] = -(std.mean[a] as number) / (std.scale[a] as number);
  c[m] = 1;
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < m; a++) coefVariance[k * d + (std.active[a] as number)] = block(k, a, a) / (std.scale[a] as number) ** 2;
    let v = 0;
    for (let a = 0; a < width; a++) for (let b = 0; b < width; b++) v += (c[a] as number) * block(k, a, b) * (c[b] as number);
    interceptVariance[k] = v;
  }
  if (!coefVariance.every((v) => Number.isNaN(v) || Number.isFinite(v)) || !interceptVariance.every(Number.isFinite)) {
    throw new CoreError('nonFinite', 'The standard errors overflowed: the features span too many orders of magnitude; rescale them');
  }
  return {
    basis: penalty === 'none' ? 'unpenalised' : 'l2Approximation',
    level: 0.95,
    coef: parameterUncertainty(coef, coefVariance),
    intercept: parameterUncertainty(intercept, interceptVariance),
  };
}

function pivotsWellAbove(factor: Float64Array, size: number, floor: number): boolean {
  for (let i = 0; i < size; i++) if (!((factor[i * size + i] as number) ** 2 > floor)) return false;
  return true;
}
