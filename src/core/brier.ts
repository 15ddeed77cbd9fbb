// Brier score per row and its mean: one column is scikit-learn's binary brier_score_loss, k columns
// the textbook multi-class form Σ_k (t_k − p_k)² (which ranges over [0, 2]).
import { binaryZeroOne, requireClassIndices, requireRows, requireSameLength, requireShape } from './checks';
import { CoreError } from './coreError';
import type { Matrix } from './matrix';
import { checkProbabilityColumn, prepareProbabilityRows, TARGET_ROWS } from './probabilityRows';
import { compensatedSum } from './summation';

/** Per-row Brier scores (unitless) and their mean. */
export interface BrierResult {
  readonly rowBrier: Float64Array;
  readonly mean: number;
  readonly n: number;
  /** Rows normalised first (only with normalize: true). */
  readonly normalizedRows: number;
}

/** The result record from per-row scores (compensated mean). */
export function brierResult(rowBrier: Float64Array, normalizedRows: number): BrierResult {
  return { rowBrier, mean: compensatedSum(rowBrier) / rowBrier.length, n: rowBrier.length, normalizedRows };
}

/**
 * Binary Brier score: mean of (y_i − p_i)² with p = P(positive), y in {0, 1} or {−1, +1}.
 * Throws 'emptyInput', 'lengthMismatch', 'badLabel', 'nonFinite', 'probabilityOutOfRange'. O(n).
 * Example: y [1, 0, 0, 1], p [.8, .3, .4, .7] → 0.095 (sklearn brier_score_loss).
 */
export function binaryBrierScore(y: ArrayLike<number>, probabilityPositive: ArrayLike<number>): BrierResult {
  requireRows(y.length, 'the Brier score');
  requireSameLength(y.length, probabilityPositive.length, 'the Brier score');
  const positive = binaryZeroOne(y, 'the Brier score');
  checkProbabilityColumn(probabilityPositive);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const d = (positive[i] as number) - (probabilityPositive[i] as number);
    out[i] = d * d;
  }
  return brierResult(out, 0);
}

/**
 * Multi-class Brier score: mean over rows of Σ_k (1[k = y_i] − p_ik)². Rows are checked like
 * cross-entropy inputs (sum 1 ± 1e-6 or normalize). O(n·k).
 * Example: one-hot 001, 010, 100 with [.3,.3,.4], [.3,.4,.3], [.1,.2,.7] → 0.80666… (0.8067).
 */
export function brierScore(classIndices: ArrayLike<number>, probabilities: Matrix, options: { normalize?: boolean } = {}): BrierResult {
  requireShape(probabilities, 'the probabilities');
  requireRows(probabilities.rows, 'the Brier score');
  requireSameLength(classIndices.length, probabilities.rows, 'the Brier score');
  const y = requireClassIndices(classIndices, probabilities.cols, 'the Brier score');
  const { probabilities: p, normalizedRows } = prepareProbabilityRows(probabilities, options);
  const out = new Float64Array(p.rows);
  brierRowsInto(y, p, out);
  return brierResult(out, normalizedRows);
}

/**
 * The kernel of brierScore, shared with scoreProbabilityRows: out_i = Σ_k (1[k = y_i] − p_ik)² for
 * rows already checked and indices already in range. O(n·k).
 */
export function brierRowsInto(y: Int32Array, p: Matrix, out: Float64Array): void {
  const { rows, cols, data } = p;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const truth = y[i] as number;
    for (let k = 0; k < cols; k++) {
      const d = (k === truth ? 1 : 0) - (data[i * cols + k] as number);
      s += d * d;
    }
    out[i] = s;
  }
}

/**
 * Brier score against soft or one-hot target rows: mean over rows of Σ_k (t_ik − p_ik)². O(n·k).
 * Example: targets [[0, 1]], predictions [[.5, .5]] → 0.5.
 */
export function softBrierScore(targets: Matrix, probabilities: Matrix, options: { normalize?: boolean; rowSumTolerance?: number } = {}): BrierResult {
  requireShape(targets, 'the targets');
  requireShape(probabilities, 'the probabilities');
  requireRows(probabilities.rows, 'the Brier score');
  if (targets.rows !== probabilities.rows || targets.cols !== probabilities.cols) {
    throw new CoreError('shapeMismatch', `The targets are ${targets.rows} rows × ${targets.cols} columns but the predictions ${probabilities.rows} × ${probabilities.cols}: they must match`);
  }
  const t = prepareProbabilityRows(targets, TARGET_ROWS).probabilities.data;
  const { probabilities: p, normalizedRows } = prepareProbabilityRows(probabilities, options);
  const { rows, cols, data } = p;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = i * cols; k < (i + 1) * cols; k++) {
      const d = (t[k] as number) - (data[k] as number);
      s += d * d;
    }
    out[i] = s;
  }
  return brierResult(out, normalizedRows);
}
