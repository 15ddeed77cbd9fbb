// One model's per-row cross-entropy, true-class probability, predicted class, Brier and error
// rate on a table's scored rows (binary / multi-class, probabilities / logits, hard or soft truth),
// through the core's LossAccumulator: the in-memory side of the one scoring road.
import {
  binaryZeroOne,
  CoreError,
  labelledTotals,
  LossAccumulator,
  rejectionError,
  requireClassIndices,
  requireRows,
  resolveEps,
  ROW_SUM_TOLERANCE,
  rowBatch,
  targetTotals,
} from '../core';
import type { Epsilon, LossTotals, Matrix, RejectedRow, RowRejection, RowView } from '../core';

/** The truth of each scored row: binary 0/1, a class index, or a target row (one-hot or soft). */
export type Truth =
  | { kind: 'binary'; y: Float64Array }
  | { kind: 'indices'; indices: Int32Array }
  | { kind: 'soft'; targets: Matrix };

export interface ModelScore {
  lossNats: Float64Array;
  trueClassProbability: Float64Array;
  /** Class index per row (binary: 1 positive, 0 negative). */
  predictedClass: Int32Array;
  meanLossNats: number;
  sumLossNats: number;
  brier: number;
  errorRate: number;
  /** Rows whose argmax (binary: p > 0.5) is not the true class. */
  errors: number;
  clippedRows: number;
  infiniteRows: number;
  /** Rows divided by their sum before clipping (only with normalize). */
  normalizedRows: number;
}

/**
 * Scores one model through the core's LossAccumulator, the road every surface takes (the
 * streamed file and the two-part read too, so all agree to the bit). A single column is binary
 * (P(positive) or its logit) against 0/1 truth (soft targets: their last column, which must be
 * 0/1); several columns are per-class probabilities or logits against class indices or target
 * rows. Throws CoreError for input it refuses, naming the rows (the caller turns them into
 * problems): labels that are not 0/1 or class indices, and rows the accumulator left out.
 */
export function scoreModel(kind: 'probabilities' | 'logits', values: Matrix | RowView, truth: Truth, options: { eps: Epsilon; normalize: boolean; rowSumTolerance?: number }): ModelScore {
  const rows = values.rows;
  requireRows(rows, 'the cross-entropy');
  const rowSumTolerance = options.rowSumTolerance ?? ROW_SUM_TOLERANCE;
  const accumulator = new LossAccumulator({
    kind,
    eps: kind === 'logits' ? 0 : resolveEps(options.eps),
    normalize: options.normalize,
    rowSumTolerance,
    perRowLoss: 'float64',
    perRowDetail: true,
    rows,
  });
  const rejected: RejectedRow[] = [];
  const reject = (row: number, rejection: RowRejection): void => void rejected.push({ row, rejection });
  const batch = rowBatch(values);
  let totals: LossTotals;
  if (truth.kind === 'soft' && values.cols > 1) {
    const t = truth.targets;
    if (t.rows !== rows || t.cols !== values.cols) {
      throw new CoreError('shapeMismatch', `The targets are ${t.rows} rows × ${t.cols} columns but the predictions ${rows} × ${values.cols}: they must match`);
    }
    accumulator.addTargets(batch, rowBatch(t), undefined, 0, reject);
    totals = targetTotals(accumulator.sums());
  } else {
    const labels = values.cols === 1 ? Int32Array.from(binaryZeroOne(binaryTruth(truth, rows), 'the cross-entropy')) : classIndices(truth, rows, values.cols);
    accumulator.addLabelled(batch, labels, (id) => id, 0, reject);
    totals = labelledTotals(accumulator.sums(), Array.from({ length: Math.max(2, values.cols) }, (_, k) => k));
  }
  if (rejected.length > 0) throw rejectionError(rejected, kind, rowSumTolerance, options.normalize);
  const sums = accumulator.sums();
  return {
    lossNats: sums.perRow as Float64Array,
    trueClassProbability: sums.trueProbability!,
    predictedClass: sums.predictedClass!,
    meanLossNats: totals.meanNats,
    sumLossNats: totals.sumNats,
    brier: totals.brier,
    errorRate: totals.errorRate,
    errors: totals.errors,
    clippedRows: totals.clippedRows,
    infiniteRows: totals.infiniteRows,
    normalizedRows: totals.normalizedRows,
  };
}

/** Class indices of the rows, each in [0, width) (throws 'badLabel' naming the rows otherwise). */
function classIndices(truth: Truth, rows: number, width: number): Int32Array {
  if (truth.kind === 'indices') return requireClassIndices(truth.indices, width, 'the cross-entropy');
  if (truth.kind === 'binary') return requireClassIndices(truth.y, width, 'the cross-entropy');
  // Soft targets of one column are handled as binary; this is never reached for them.
  return new Int32Array(rows);
}

function binaryTruth(truth: Truth, m: number): Float64Array {
  switch (truth.kind) {
    case 'binary':
      return truth.y;
    case 'indices': {
      const y = new Float64Array(m);
      for (let i = 0; i < m; i++) y[i] = truth.indices[i] === 1 ? 1 : 0;
      return y;
    }
    case 'soft': {
      const { data, cols } = truth.targets;
      const y = new Float64Array(m);
      for (let i = 0; i < m; i++) y[i] = data[i * cols + cols - 1] as number;
      return y;
    }
  }
}
