// Every per-row score of one probability model against class indices from a single validation:
// cross-entropy, p(true), predicted class, Brier and errors (what the worker and the CLI report).
import type { BrierResult } from './brier';
import { brierResult, brierRowsInto } from './brier';
import type { CrossEntropyResult, ProbabilityLossOptions } from './crossEntropy';
import { checkedProbabilityInput, DEFAULT_EPSILON, summarize, trueClassLossInto } from './crossEntropy';
import type { ErrorRateResult } from './errorRate';
import { argmaxOfCheckedRows, tally } from './errorRate';
import type { Matrix } from './matrix';

/** The scores of {@link scoreProbabilityRows}; each equals what its own core function returns. */
export interface ProbabilityScores {
  /** crossEntropy(classIndices, probabilities, options). */
  readonly loss: CrossEntropyResult;
  /** brierScore(classIndices, probabilities, options). */
  readonly brier: BrierResult;
  /** errorRate(classIndices, probabilities). */
  readonly error: ErrorRateResult;
  /** p_{i,y_i} of the checked (and, with normalize, normalised) rows, before clipping. */
  readonly trueClassProbability: Float64Array;
}

/**
 * Cross-entropy (−ln clip(p_{i,y_i})), Brier (Σ_k (1[k = y_i] − p_ik)²), argmax error rate and
 * p(true) of probability rows against class indices. Same numbers, same errors (thrown in
 * crossEntropy's order) as calling crossEntropy, brierScore and errorRate, but the indices and rows
 * are checked once instead of three times (for 1e6 × 20 rows that check costs more than the
 * losses) and the kernels are theirs. O(n·k).
 * Example: one-hot 001, 010, 100 with [.3,.3,.4], [.3,.4,.3], [.1,.2,.7] → loss.meanNats
 * 1.3783888 (sklearn log_loss([2, 1, 0], P)), brier.mean 0.80666…, error.errorRate 1/3.
 */
export function scoreProbabilityRows(classIndices: ArrayLike<number>, probabilities: Matrix, options: ProbabilityLossOptions = {}): ProbabilityScores {
  const { eps, y, p, normalizedRows } = checkedProbabilityInput(classIndices, probabilities, options);
  const rowLoss = new Float64Array(p.rows);
  const trueClassProbability = new Float64Array(p.rows);
  const clipped = trueClassLossInto(y, p, eps, rowLoss, trueClassProbability);
  const rowBrier = new Float64Array(p.rows);
  brierRowsInto(y, p, rowBrier);
  return {
    loss: summarize(rowLoss, options.eps ?? DEFAULT_EPSILON, clipped, normalizedRows),
    brier: brierResult(rowBrier, normalizedRows),
    // The rows as given, as errorRate sees them: dividing a row by its sum keeps the order but
    // rounding could turn a near-tie into a tie and move the argmax.
    error: tally(argmaxOfCheckedRows(probabilities), y),
    trueClassProbability,
  };
}
