// Standard errors of a fit's coefficients from the exact Hessian at the solution: the covariance of
// the standardised parameters θ̃ is (W·∇²f)⁻¹ = inv(∇²[Σ w·loss + ½‖W‖²/C]) (f = objective/(C·W)),
// mapped to raw units by the linear map w = w̃/sd, b = b̃ − Σ_j w̃_j·mean_j/sd_j.
import { CoreError } from '../coreError';
import { NORMAL_QUANTILE_975, twoSidedNormalP } from '../normal';
import type { CoefficientUncertainty, ParameterUncertainty, Penalty } from './fitTypes';
import { choleskyInPlace, choleskySolveInPlace } from './linearAlgebra';
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
 * Softmax: a common shift of every class row leaves the loss unchanged, so H is singular along those
 * directions (always for the intercepts). They are eigenvectors of H, so adding s/K·(11ᵀ ⊗ I) makes
 * the matrix invertible without touching the centred subspace, and projecting the inverse onto that
 * subspace, P·(H + G)⁻¹·P with P = (I − 11ᵀ/K) ⊗ I, is the centred parametrisation's covariance
 * (the pseudo-inverse of H there). Returns the within-class blocks of that covariance, K × w × w.
 */
function centredBlocks(inverse: Float64Array, K: number, width: number): Float64Array {
  const size = K * width;
  const blocks = new Float64Array(K * width * width);
  // rowMean[l'][a][b] = Σ_l inverse[(l, a), (l', b)] / K; total[a][b] = Σ_{l'} rowMean[l'][a][b] / K.
  const rowMean = new Float64Array(K * width * width);
  const total = new Float64Array(width * width);
  for (let l2 = 0; l2 < K; l2++) {
    for (let a = 0; a < width; a++) {
      for (let b = 0; b < width; b++) {
        let s = 0;
        for (let l = 0; l < K; l++) s += inverse[(l * width + a) * size + l2 * width + b] as number;
        rowMean[(l2 * width + a) * width + b] = s / K;
        total[a * width + b] = (total[a * width + b] as number) + s / (K * K);
      }
    }
  }
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < width; a++) {
      for (let b = 0; b < width; b++) {
        blocks[(k * width + a) * width + b] =
          (inverse[(k * width + a) * size + k * width + b] as number) -
          (rowMean[(k * width + a) * width + b] as number) -
          (rowMean[(k * width + b) * width + a] as number) +
          (total[a * width + b] as number);
      }
    }
  }
  return blocks;
}

/**
 * The uncertainty of a solved fit, or why there is none. One exact Hessian pass at theta (the
 * standardised solution), a Cholesky factorisation and size solves: O(n·size² + size³).
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
  const inverse = new Float64Array(size * size);
  const column = new Float64Array(size);
  for (let c = 0; c < size; c++) {
    column.fill(0);
    column[c] = 1 / totalWeight;
    choleskySolveInPlace(factor, size, column);
    for (let r = 0; r < size; r++) inverse[r * size + c] = column[r] as number;
  }
  const blocks = problem.shiftInvariant ? centredBlocks(inverse, K, width) : inverse;
  const block = (k: number, a: number, b: number): number =>
    problem.shiftInvariant ? (blocks[(k * width + a) * width + b] as number) : (inverse[(k * width + a) * size + k * width + b] as number);

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
