// Binary logistic regression fitted to the true optimum of scikit-learn's objective.
import type { Matrix } from '../matrix';
import type { FitOptions, FitResult } from './fitTypes';
import { fitModel } from './fitModel';

/**
 * Fits binary logistic regression: minimises C·Σ_i softplus(−m_i) + ½‖w‖² (intercept unpenalised;
 * penalty 'none' drops the ½‖w‖²), m_i = (2y_i − 1)(w·x_i + b), y in {0, 1} / {−1, +1}
 * (use binaryTargets for label columns). Features are standardised inside the solver and the
 * solution mapped back to raw units; Newton (d + 1 ≤ 256; row-sampled Hessians on large n) or L-BFGS iterates until
 * gradMaxScaled ≤ 1e-9. With penalty 'none' on (quasi-)separable data the result has
 * separable: true and NaN coefficients instead of huge weights. O(n·d²) per Newton iteration.
 * Throws 'emptyInput', 'lengthMismatch', 'badLabel', 'nonFinite', 'badOption', 'cancelled'.
 * Example: the 10-point sample with C = 1 → coef 0.97193448, intercept 0.65553595, mean log loss
 * 0.3329114 (scikit-learn LogisticRegression(tol=1e-12) agrees to ~5e-6, stopping short).
 */
export function fitLogistic(features: Matrix, y: ArrayLike<number>, options: FitOptions = {}): FitResult {
  return fitModel('logistic', features, y, 1, options);
}
