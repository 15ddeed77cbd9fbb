// Every per-row score of one probability model against class indices from a single validation:
// cross-entropy, p(true), predicted class, Brier and errors (what the worker and the CLI report).
import type { BrierResult } from './brier';
import { brierResult, brierRowsInto } from './brier';
import type { CrossEntropyResult, ProbabilityLossOptions } from './crossEntropy';
import { checkedProbabilityIndices, clipProbability, DEFAULT_EPSILON, probabilityLoss, summarize, trueClassLossInto } from './crossEntropy';
import type { ErrorRateResult } from './errorRate';
import { argmaxOfCheckedRows, tally } from './errorRate';
import { denseMatrix, isRowView } from './matrix';
import type { Matrix, RowView } from './matrix';
import { prepareProbabilityRows, ROW_SUM_TOLERANCE } from './probabilityRows';

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
 * losses) and the kernels are theirs. `probabilities` may be a RowView (a table's columns in
 * place): valid rows are read where they are; any failing row makes a dense copy first. O(n·k).
 * Example: one-hot 001, 010, 100 with [.3,.3,.4], [.3,.4,.3], [.1,.2,.7] → loss.meanNats
 * 1.3783888 (sklearn log_loss([2, 1, 0], P)), brier.mean 0.80666…, error.errorRate 1/3.
 */
export function scoreProbabilityRows(classIndices: ArrayLike<number>, probabilities: Matrix | RowView, options: ProbabilityLossOptions = {}): ProbabilityScores {
  const { eps, y } = checkedProbabilityIndices(classIndices, probabilities, options);
  const rows = probabilities.rows;
  const rowLoss = new Float64Array(rows);
  const trueClassProbability = new Float64Array(rows);
  const rowBrier = new Float64Array(rows);
  const predicted = new Int32Array(rows);
  // Most inputs are valid: one pass checks every row and scores it while it is in cache. Only
  // when some row fails do the separate steps run: the check throws or normalises exactly as
  // crossEntropy's, then its kernels score the rows (the fused pass computes the same sums, in
  // the same order, so both ways give the same bits).
  let clipped = scoreValidRowsInto(y, probabilities, eps, options.rowSumTolerance ?? ROW_SUM_TOLERANCE, rowLoss, trueClassProbability, rowBrier, predicted);
  let normalizedRows = 0;
  if (clipped < 0) {
    const dense = denseMatrix(probabilities);
    const prepared = prepareProbabilityRows(dense, options);
    normalizedRows = prepared.normalizedRows;
    clipped = trueClassLossInto(y, prepared.probabilities, eps, rowLoss, trueClassProbability);
    brierRowsInto(y, prepared.probabilities, rowBrier);
    // The rows as given, as errorRate sees them: dividing a row by its sum keeps the order but
    // rounding could turn a near-tie into a tie and move the argmax.
    predicted.set(argmaxOfCheckedRows(dense));
  }
  return {
    loss: summarize(rowLoss, options.eps ?? DEFAULT_EPSILON, clipped, normalizedRows),
    brier: brierResult(rowBrier, normalizedRows),
    error: tally(predicted, y),
    trueClassProbability,
  };
}

/**
 * One pass over probability rows: each entry in [0, 1] and each row summing to 1 within
 * `sumTolerance` (prepareProbabilityRows' test, same sum order), and for every row −ln
 * clip(p_{i,y_i}), p_{i,y_i}, Σ_k (1[k = y_i] − p_ik)² and the argmax (first on ties) — the
 * kernels' formulas. Returns the number of clipped rows, or −1 when some row failed the test
 * (the outputs are then partial). O(n·k).
 */
function scoreValidRowsInto(
  y: Int32Array,
  p: Matrix | RowView,
  eps: number,
  sumTolerance: number,
  loss: Float64Array,
  trueProbability: Float64Array,
  brier: Float64Array,
  predicted: Int32Array,
): number {
  const { rows, cols } = p;
  const data = isRowView(p) ? p.store : p.data;
  const stride = isRowView(p) ? p.stride : cols;
  const hi = 1 - eps;
  let clipped = 0;
  let valid = true;
  for (let i = 0, base = isRowView(p) ? p.offset : 0; i < rows; i++, base += stride) {
    const truth = y[i] as number;
    let sum = 0;
    let squares = 0;
    let best = 0;
    let max = data[base] as number;
    for (let k = 0; k < cols; k++) {
      const v = data[base + k] as number;
      if (!(v >= 0 && v <= 1)) valid = false;
      sum += v;
      const d = (k === truth ? 1 : 0) - v;
      squares += d * d;
      if (v > max) {
        max = v;
        best = k;
      }
    }
    if (Math.abs(sum - 1) > sumTolerance) valid = false;
    brier[i] = squares;
    predicted[i] = best;
    const q = data[base + truth] as number;
    trueProbability[i] = q;
    if (clipProbability(q, eps, hi) !== q) clipped++;
    loss[i] = probabilityLoss(q, eps, hi);
  }
  return valid ? clipped : -1;
}
