// Cross-entropy (log loss) per row, in nats, with its mean and sum: binary from P(positive) or
// logits, multi-class from probability or logit rows with class indices or soft/one-hot targets.
import { binaryZeroOne, requireClassIndices, requireFinite, requireRows, requireSameLength, requireShape } from './checks';
import { CoreError } from './coreError';
import { isRowView, requireRowView } from './matrix';
import type { Matrix, RowView } from './matrix';
import { checkProbabilityColumn, prepareProbabilityRows, TARGET_ROWS } from './probabilityRows';
import { logSoftmaxInto, negativeLogSoftmax, softplus } from './stable';
import { compensatedSum } from './summation';

/** Default clipping ε: float64 machine epsilon, what scikit-learn's log_loss uses (eps='auto'). */
export const DEFAULT_EPSILON = 2.220446049250313e-16;

/** Clipping of probabilities before the log: a number ε in [0, 0.5) (p → min(max(p, ε), 1 − ε)) or 'none'. */
export type Epsilon = number | 'none';

/** Options for losses computed from probabilities. */
export interface ProbabilityLossOptions {
  /** Clipping ε; default DEFAULT_EPSILON. With 'none' a zero probability for the truth costs +Infinity. */
  readonly eps?: Epsilon;
  /**
   * Normalise rows whose sum is off by more than the tolerance (then clip) instead of throwing
   * 'rowSumNotOne'; rows may then be on any non-negative scale (percentages 20, 30, 50).
   */
  readonly normalize?: boolean;
  /**
   * |Σp − 1| a row may be off by and still be scored as given; default ROW_SUM_TOLERANCE (1e-6).
   * Callers that know how the numbers were written pass the rounding of their decimals (six
   * decimals over three columns: 1.5e-6).
   */
  readonly rowSumTolerance?: number;
}

/** Per-row cross-entropy and its summaries. All losses in nats (convert with fromNats). */
export interface CrossEntropyResult {
  readonly rowLossNats: Float64Array;
  readonly meanNats: number;
  readonly sumNats: number;
  readonly n: number;
  /** The ε applied ('none' for no clipping; logits are never clipped and report 'none'). */
  readonly eps: Epsilon;
  /** Rows whose loss used a clipped probability (p < ε or p > 1 − ε). */
  readonly clippedRows: number;
  /** Rows whose loss is +Infinity (only possible with eps 'none' or 0). */
  readonly infiniteRows: number;
  /** Rows normalised before clipping (only with normalize: true). */
  readonly normalizedRows: number;
}

/** ε as a number (0 for 'none'); throws 'badOption' outside [0, 0.5). */
export function resolveEps(eps: Epsilon | undefined): number {
  if (eps === undefined) return DEFAULT_EPSILON;
  if (eps === 'none') return 0;
  if (!(eps >= 0 && eps < 0.5)) throw new CoreError('badOption', `The clipping ε must be a number in [0, 0.5) or 'none', not ${eps}`);
  return eps;
}

/** The result record from per-row losses: infinite rows counted, compensated sum and mean. */
export function summarize(rowLossNats: Float64Array, eps: Epsilon, clippedRows: number, normalizedRows: number): CrossEntropyResult {
  let infiniteRows = 0;
  for (let i = 0; i < rowLossNats.length; i++) if (rowLossNats[i] === Infinity) infiniteRows++;
  const sumNats = compensatedSum(rowLossNats);
  return { rowLossNats, meanNats: sumNats / rowLossNats.length, sumNats, n: rowLossNats.length, eps, clippedRows, infiniteRows, normalizedRows };
}

/**
 * Binary cross-entropy from P(positive): loss_i = −ln q_i with q_i = c_i if y_i = 1 else 1 − c_i,
 * c_i = p_i clipped to [ε, 1 − ε] — clipped before 1 − p is formed, as scikit-learn's log_loss
 * does for a 1-D y_pred, so with ε = 1e-15 a row p = 1, y = 0 costs −ln(1 − (1 − 1e-15)) =
 * 34.539576 like scikit-learn's, not −ln 1e-15 (1 − (1 − 1e-15) is 9.992e-16 in doubles).
 * y in {0, 1} or {−1, +1} (use binaryTargets for label columns). Throws 'emptyInput',
 * 'lengthMismatch', 'badLabel', 'nonFinite', 'probabilityOutOfRange'. O(n).
 * Example: y [1, 0, 0, 1], p [.8, .3, .4, .7] → rowLossNats[0] = −ln 0.8 (0.321928 bits),
 * meanNats 0.36182992 (0.522010 bits), sumNats 1.447319 (sklearn log_loss(..., normalize=False)).
 */
export function binaryCrossEntropy(y: ArrayLike<number>, probabilityPositive: ArrayLike<number>, options: { eps?: Epsilon } = {}): CrossEntropyResult {
  requireRows(y.length, 'the cross-entropy');
  requireSameLength(y.length, probabilityPositive.length, 'the cross-entropy');
  const eps = resolveEps(options.eps);
  const positive = binaryZeroOne(y, 'the cross-entropy');
  checkProbabilityColumn(probabilityPositive);
  const n = y.length;
  const out = new Float64Array(n);
  const hi = 1 - eps;
  let clipped = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilityPositive[i] as number;
    if (clipProbability(p, eps, hi) !== p) clipped++;
    out[i] = binaryProbabilityLoss(p, positive[i] === 1, eps, hi);
  }
  return summarize(out, options.eps ?? DEFAULT_EPSILON, clipped, 0);
}

/**
 * The loss of one row of binaryCrossEntropy: −ln c if positive, else −ln(1 − c), with c = p
 * clipped to [eps, hi] (hi = 1 − eps) first, as scikit-learn clips a 1-D y_pred. The one place
 * the binary probability loss is written; streaming scores call it too. O(1).
 */
export function binaryProbabilityLoss(p: number, positive: boolean, eps: number, hi: number): number {
  const c = clipProbability(p, eps, hi);
  return -Math.log(positive ? c : 1 - c);
}

/**
 * The loss of one probability q of the true class: −ln clip(q, eps, hi), hi = 1 − eps (the
 * multi-class kernels' term; streaming scores call it too). O(1).
 */
export function probabilityLoss(q: number, eps: number, hi: number): number {
  return -Math.log(clipProbability(q, eps, hi));
}

/**
 * Binary cross-entropy from logits s (log-odds of the positive class): loss_i = softplus(−m_i),
 * m_i = (2y_i − 1)·s_i, never through a probability, so s = −1000 with y = 1 costs exactly 1000
 * nats. y in {0, 1} or {−1, +1}. Throws 'emptyInput', 'lengthMismatch', 'badLabel', 'nonFinite'. O(n).
 * Example: y [1], s [0] → ln 2; y [1], s [−1000] → 1000.
 */
export function binaryCrossEntropyFromLogits(y: ArrayLike<number>, logits: ArrayLike<number>): CrossEntropyResult {
  requireRows(y.length, 'the cross-entropy');
  requireSameLength(y.length, logits.length, 'the cross-entropy');
  const positive = binaryZeroOne(y, 'the cross-entropy');
  requireFinite(logits, 1, 'logits');
  const n = y.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = logits[i] as number;
    out[i] = softplus(positive[i] === 1 ? -s : s);
  }
  return summarize(out, 'none', 0, 0);
}

/**
 * Multi-class cross-entropy from probability rows and class indices: loss_i = −ln clip(p_{i,y_i}).
 * Rows are checked (finite, [0, 1], sum 1 ± 1e-6 → else 'rowSumNotOne' naming rows) or, with
 * normalize, normalised first and then clipped. O(n·k).
 * Example: one-hot 001, 010, 100 with rows [.3,.3,.4], [.3,.4,.3], [.1,.2,.7] → meanNats
 * 1.3783888 (1.988595 bits; sklearn log_loss([2, 1, 0], P)).
 */
export function crossEntropy(classIndices: ArrayLike<number>, probabilities: Matrix, options: ProbabilityLossOptions = {}): CrossEntropyResult {
  const { eps, y, p, normalizedRows } = checkedProbabilityInput(classIndices, probabilities, options);
  const out = new Float64Array(p.rows);
  const clipped = trueClassLossInto(y, p, eps, out);
  return summarize(out, options.eps ?? DEFAULT_EPSILON, clipped, normalizedRows);
}

/** q clipped to [eps, hi] (hi = 1 − eps), as scikit-learn's log_loss clips; a loss kernel counts a row as clipped when this changes q. */
export function clipProbability(q: number, eps: number, hi: number): number {
  return q < eps ? eps : q > hi ? hi : q;
}

/**
 * crossEntropy's checks, in its order and with its names (shape, rows, lengths, ε, class indices,
 * then the rows themselves), shared with scoreProbabilityRows so both throw the same errors.
 */
export function checkedProbabilityInput(classIndices: ArrayLike<number>, probabilities: Matrix, options: ProbabilityLossOptions): { eps: number; y: Int32Array; p: Matrix; normalizedRows: number } {
  const { eps, y } = checkedProbabilityIndices(classIndices, probabilities, options);
  const { probabilities: p, normalizedRows } = prepareProbabilityRows(probabilities, options);
  return { eps, y, p, normalizedRows };
}

/**
 * The checks of {@link checkedProbabilityInput} that come before the rows' own (shape to class
 * indices); a RowView's shape is checked as a view.
 */
export function checkedProbabilityIndices(classIndices: ArrayLike<number>, probabilities: Matrix | RowView, options: ProbabilityLossOptions): { eps: number; y: Int32Array } {
  if (isRowView(probabilities)) requireRowView(probabilities, 'the cross-entropy');
  else requireShape(probabilities, 'the probabilities');
  requireRows(probabilities.rows, 'the cross-entropy');
  requireSameLength(classIndices.length, probabilities.rows, 'the cross-entropy');
  const eps = resolveEps(options.eps);
  return { eps, y: requireClassIndices(classIndices, probabilities.cols, 'the cross-entropy') };
}

/**
 * The kernel of crossEntropy, shared with scoreProbabilityRows: out_i = −ln clip(p_{i,y_i}) for
 * rows already checked (prepareProbabilityRows) and indices already in range, and p_{i,y_i}
 * itself into `trueProbability` when given (the same read, not a second pass over the rows);
 * returns how many rows were clipped. O(n).
 */
export function trueClassLossInto(y: Int32Array, p: Matrix, eps: number, out: Float64Array, trueProbability?: Float64Array): number {
  const { rows, cols, data } = p;
  const hi = 1 - eps;
  let clipped = 0;
  for (let i = 0; i < rows; i++) {
    const q = data[i * cols + (y[i] as number)] as number;
    if (trueProbability !== undefined) trueProbability[i] = q;
    if (clipProbability(q, eps, hi) !== q) clipped++;
    out[i] = probabilityLoss(q, eps, hi);
  }
  return clipped;
}

/**
 * Multi-class cross-entropy from logit rows: loss_i = log Σ_k e^(s_ik) − s_{i,y_i}, computed by
 * negativeLogSoftmax so it is exact at any magnitude: logits (S, S, −S) with label 0 or 1 cost
 * ln 2 for every S ≥ 20 up to 1e308, and a confident row's tiny loss has full relative precision.
 * No probability is formed, nothing is clipped. Throws 'nonFinite' for NaN/±Infinity logits. O(n·k).
 * Example: cat/dog/horse scores [5, 4, 2], true dog → 1.3489515 nats (scipy: logsumexp − 4).
 */
export function crossEntropyFromLogits(classIndices: ArrayLike<number>, logits: Matrix): CrossEntropyResult {
  requireShape(logits, 'the logits');
  requireRows(logits.rows, 'the cross-entropy');
  requireSameLength(classIndices.length, logits.rows, 'the cross-entropy');
  const y = requireClassIndices(classIndices, logits.cols, 'the cross-entropy');
  requireFinite(logits.data, logits.cols, 'logits');
  const { rows, cols, data } = logits;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = negativeLogSoftmax(data, i * cols, cols, y[i] as number);
  return summarize(out, 'none', 0, 0);
}

/**
 * Cross-entropy against soft or one-hot targets: loss_i = −Σ_k t_ik ln clip(p_ik), terms with
 * t_ik = 0 contribute 0 even when p_ik = 0. Target rows must be probabilities summing to 1;
 * prediction rows as in crossEntropy (normalize applies to predictions only). O(n·k).
 * Example: target [.5, .5], prediction [.5, .5] → ln 2 (scipy: −Σ t log p).
 */
export function softCrossEntropy(targets: Matrix, probabilities: Matrix, options: ProbabilityLossOptions = {}): CrossEntropyResult {
  requireShape(targets, 'the targets');
  requireShape(probabilities, 'the probabilities');
  requireRows(probabilities.rows, 'the cross-entropy');
  if (targets.rows !== probabilities.rows || targets.cols !== probabilities.cols) {
    throw new CoreError('shapeMismatch', `The targets are ${targets.rows} rows × ${targets.cols} columns but the predictions ${probabilities.rows} × ${probabilities.cols}: they must match`);
  }
  const eps = resolveEps(options.eps);
  const t = prepareProbabilityRows(targets, TARGET_ROWS).probabilities.data;
  const { probabilities: p, normalizedRows } = prepareProbabilityRows(probabilities, options);
  const { rows, cols, data } = p;
  const out = new Float64Array(rows);
  const hi = 1 - eps;
  let clipped = 0;
  for (let i = 0; i < rows; i++) {
    let loss = 0;
    let rowClipped = false;
    for (let k = i * cols; k < (i + 1) * cols; k++) {
      const tk = t[k] as number;
      if (tk === 0) continue;
      let q = data[k] as number;
      if (q < eps) {
        q = eps;
        rowClipped = true;
      } else if (q > hi) {
        q = hi;
        rowClipped = true;
      }
      loss -= tk * Math.log(q);
    }
    if (rowClipped) clipped++;
    out[i] = loss;
  }
  return summarize(out, options.eps ?? DEFAULT_EPSILON, clipped, normalizedRows);
}

/**
 * Cross-entropy of soft or one-hot targets against logit rows: loss_i = −Σ_k t_ik log softmax(s_i)_k
 * (logSoftmaxInto: exact at any magnitude, like crossEntropyFromLogits).
 * O(n·k). Example: target [1, 0], logits [0, 0] → ln 2.
 */
export function softCrossEntropyFromLogits(targets: Matrix, logits: Matrix): CrossEntropyResult {
  requireShape(targets, 'the targets');
  requireShape(logits, 'the logits');
  requireRows(logits.rows, 'the cross-entropy');
  if (targets.rows !== logits.rows || targets.cols !== logits.cols) {
    throw new CoreError('shapeMismatch', `The targets are ${targets.rows} rows × ${targets.cols} columns but the logits ${logits.rows} × ${logits.cols}: they must match`);
  }
  const t = prepareProbabilityRows(targets, TARGET_ROWS).probabilities.data;
  requireFinite(logits.data, logits.cols, 'logits');
  const { rows, cols, data } = logits;
  const out = new Float64Array(rows);
  const logP = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    logSoftmaxInto(data, base, cols, logP, 0);
    let loss = 0;
    for (let k = 0; k < cols; k++) {
      const tk = t[base + k] as number;
      if (tk !== 0) loss -= tk * (logP[k] as number);
    }
    out[i] = loss;
  }
  return summarize(out, 'none', 0, 0);
}
