// Multinomial (softmax) regression fitted to the true optimum of scikit-learn's objective.
import type { Matrix } from '../matrix';
import type { FitOptions, FitResult } from './fitTypes';
import { fitModel } from './fitModel';

/**
 * Fits multinomial logistic (softmax) regression with K = classCount coefficient rows:
 * minimises C·Σ_i (logSumExp_k η_ik − η_{i,y_i}) + ½‖W‖² (intercepts unpenalised), as scikit-learn's
 * LogisticRegression(multi_class='multinomial'); coefficients and intercepts are centred to sum 0
 * over classes (the optimum's own normalisation with l2; the minimum-norm choice with none).
 * classIndices are 0-based (use encodeLabels). Standardised features, Newton for K·(d + 1) ≤ 256
 * parameters else L-BFGS, until gradMaxScaled ≤ 1e-9. O(n·K·d) per L-BFGS iteration.
 * Throws 'emptyInput', 'lengthMismatch', 'badLabel', 'nonFinite', 'badOption', 'cancelled'.
 * Example: iris (150 × 4, 3 classes, C = 1) reaches objective and coefficients of the float64 Newton
 * reference in test/fixtures/reference/fits.json to 1e-9; scikit-learn at tol = 1e-12 stops with
 * max |gradient| 1.3e-3.
 */
export function fitSoftmax(features: Matrix, classIndices: ArrayLike<number>, classCount: number, options: FitOptions = {}): FitResult {
  return fitModel('softmax', features, classIndices, classCount, options);
}
