// The Brier score of a fit's own probabilities on the rows it was fitted to: what the CLI's `fit`
// prints and the panel shows beside the models' Brier scores, from one rule.
import { binaryBrierScore, brierScore } from '../core';
import type { FitResult } from '../core';

/**
 * Binary fits (one probability column, P(positive)): scikit-learn's brier_score_loss, mean
 * (y − p)² with `truth` in {0, 1}. Softmax fits: mean Σ_k (1[k = y] − p_k)² with `truth` the class
 * indices, the textbook form the models' Brier uses for K columns. Fitted rows sum to 1 up to
 * rounding; a row the solver left off by more than 1e-6 is normalised rather than refused. O(n·K).
 * Example: the 10-point worked example's fit → 0.104424730 (brier_score_loss at its coefficients).
 */
export function fitBrier(fit: Pick<FitResult, 'proba'>, truth: ArrayLike<number>): number {
  return fit.proba.cols === 1 ? binaryBrierScore(truth, fit.proba.data).mean : brierScore(truth, fit.proba, { normalize: true }).mean;
}
