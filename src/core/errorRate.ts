// Classification error rate: the predicted class is the argmax of a row (first index wins ties);
// binary: positive iff P(positive) > 0.5, or iff the logit > 0.
import { binaryZeroOne, requireClassIndices, requireFinite, requireRows, requireSameLength, requireShape } from './checks';
import type { Matrix } from './matrix';
import { checkProbabilityColumn } from './probabilityRows';

/** Predictions, per-row errors and the error rate. */
export interface ErrorRateResult {
  /** Predicted class index per row (binary: 1 positive, 0 negative). */
  readonly predicted: Int32Array;
  /** 1 where the prediction is wrong. */
  readonly rowError: Uint8Array;
  readonly errors: number;
  readonly errorRate: number;
  readonly n: number;
}

/**
 * Index of the largest entry of each row; the first index wins ties (numpy.argmax). Works on
 * probabilities and logits alike (softmax is monotone). Throws 'nonFinite' for NaN. O(n·k).
 * Example: rows [[.3, .3, .4], [.4, .4, .2]] → [2, 0].
 */
export function argmaxRows(scores: Matrix): Int32Array {
  requireShape(scores, 'the scores');
  requireFinite(scores.data, Math.max(1, scores.cols), 'scores');
  return argmaxOfCheckedRows(scores);
}

/** argmaxRows without its checks, for callers that already validated the rows (scoreProbabilityRows). */
export function argmaxOfCheckedRows(scores: Matrix): Int32Array {
  const { rows, cols, data } = scores;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let max = data[i * cols] as number;
    for (let k = 1; k < cols; k++) {
      const v = data[i * cols + k] as number;
      if (v > max) {
        max = v;
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Per-row errors of predictions against the (already checked) truth, and the rate. */
export function tally(predicted: Int32Array, truth: ArrayLike<number>): ErrorRateResult {
  const rowError = new Uint8Array(predicted.length);
  let errors = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i] !== truth[i]) {
      rowError[i] = 1;
      errors++;
    }
  }
  return { predicted, rowError, errors, errorRate: errors / predicted.length, n: predicted.length };
}

/**
 * Multi-class error rate: fraction of rows whose argmax (first index on ties) is not the true
 * class. `scores` may be probabilities or logits. O(n·k).
 * Example: both 3-class sample models err on 1 of 3 rows → 1/3 (1 − sklearn accuracy_score).
 */
export function errorRate(classIndices: ArrayLike<number>, scores: Matrix): ErrorRateResult {
  requireShape(scores, 'the scores');
  requireRows(scores.rows, 'the error rate');
  requireSameLength(classIndices.length, scores.rows, 'the error rate');
  const y = requireClassIndices(classIndices, scores.cols, 'the error rate');
  return tally(argmaxRows(scores), y);
}

/**
 * Binary error rate from P(positive): predicted positive iff p > 0.5 (0.5 itself is negative, as
 * scikit-learn's predict). y in {0, 1} or {−1, +1}. O(n).
 * Example: y [1, 0, 0, 1], p [.8, .3, .4, .7] → 0.
 */
export function binaryErrorRate(y: ArrayLike<number>, probabilityPositive: ArrayLike<number>): ErrorRateResult {
  requireRows(y.length, 'the error rate');
  requireSameLength(y.length, probabilityPositive.length, 'the error rate');
  const truth = binaryZeroOne(y, 'the error rate');
  checkProbabilityColumn(probabilityPositive);
  const predicted = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) predicted[i] = (probabilityPositive[i] as number) > 0.5 ? 1 : 0;
  return tally(predicted, truth);
}

/**
 * Binary error rate from logits: predicted positive iff s > 0 (the same rule as p > 0.5). O(n).
 * Example: y [1, 0], s [2, 0] → 0.
 */
export function binaryErrorRateFromLogits(y: ArrayLike<number>, logits: ArrayLike<number>): ErrorRateResult {
  requireRows(y.length, 'the error rate');
  requireSameLength(y.length, logits.length, 'the error rate');
  const truth = binaryZeroOne(y, 'the error rate');
  requireFinite(logits, 1, 'logits');
  const predicted = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) predicted[i] = (logits[i] as number) > 0 ? 1 : 0;
  return tally(predicted, truth);
}
