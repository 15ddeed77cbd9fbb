// One model's per-row cross-entropy, true-class probability, predicted class, Brier and error
// rate on a table's scored rows (binary / multi-class, probabilities / logits, hard or soft truth),
// through the core's LossAccumulator: the in-memory side of the one scoring road.
import {
  averagePrecision,
  binaryLabelRefusals,
  binaryZeroOne,
  classIndexRefusals,
  CoreError,
  denseMatrix,
  labelledClassLosses,
  labelledConfusion,
  labelledTopK,
  labelledTotals,
  LossAccumulator,
  oneVsRestAveragePrecision,
  oneVsRestRocAuc,
  probabilityMatrix,
  probabilityRowRefusals,
  rejectionError,
  rejectionRefusal,
  requireClassIndices,
  requireRows,
  resolveEps,
  ROW_SUM_TOLERANCE,
  rocAuc,
  rowBatch,
  rowRejections,
  TARGET_ROWS,
  targetTotals,
} from '../core';
import type { Epsilon, LossTotals, LossWeighting, Matrix, RejectedRow, RowRefusal, RowRejection, RowView } from '../core';

/** The quantity scoreModel's refusals name. */
const WHAT = 'the cross-entropy';

/** The truth of each scored row: binary 0/1, a class index, or a target row (one-hot or soft). */
export type Truth = { kind: 'binary'; y: Float64Array } | { kind: 'indices'; indices: Int32Array } | { kind: 'soft'; targets: Matrix };

export interface ModelScore {
  lossNats: Float64Array;
  trueClassProbability: Float64Array;
  /** Class index per row (binary: 1 positive, 0 negative). */
  predictedClass: Int32Array;
  /** Per row: P(positive) for one column, else the largest probability (reliability curves). */
  confidence: Float64Array;
  /** Per row: its Brier term (bootstrap intervals). */
  rowBrier: Float64Array;
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
  /** Σ w of the rows (their number without sample weights). */
  weightTotal: number;
  /** Against labels: rows = true class, columns = predicted (argmax; binary p > 0.5), in class order. Null for soft targets. */
  confusion: number[][] | null;
  /** Against labels, per class in class order: its rows and their mean loss (NaN without rows). */
  perClass: { support: number[]; meanLossNats: number[] } | null;
  /** With `topK`: top_k_accuracy_score per k asked for (labels only). */
  topKAccuracy: Record<string, number>;
  /** With `ranking`: ROC AUC and average precision (binary, or the one-vs-rest macro means); null for soft targets. */
  ranking: { rocAuc: number; averagePrecision: number } | null;
}

/** What scoreModel computes beyond the losses (each costs a pass or a sort). */
export interface ScoreExtras {
  /** ROC AUC and average precision: a sort of every column, so only when asked (`--json`). */
  ranking?: boolean;
  /** Top-k accuracies to report. */
  topK?: readonly number[];
  /** One weight per row (scikit-learn's sample_weight): means Σ w·x / Σ w (labels only). */
  sampleWeights?: ArrayLike<number>;
  /** Class weights, a positive weight, label smoothing (PyTorch's meanings; see the core's LossWeighting). */
  weighting?: LossWeighting;
}

/**
 * Scores one model through the core's LossAccumulator, the road every surface takes (the
 * streamed file and the two-part read too, so all agree to the bit). A single column is binary
 * (P(positive) or its logit) against 0/1 truth (soft targets: their last column, which must be
 * 0/1); several columns are per-class probabilities or logits against class indices or target
 * rows. Throws CoreError for input it refuses, naming the rows: labels that are not 0/1 or
 * class indices, rows the accumulator left out, target rows that are not distributions. The
 * document analysis leaves out beforehand the rows scoreRefusals names, so it meets none.
 */
export function scoreModel(
  kind: 'probabilities' | 'logits',
  values: Matrix | RowView,
  truth: Truth,
  options: { eps: Epsilon; normalize: boolean; rowSumTolerance?: number },
  extras: ScoreExtras = {},
): ModelScore {
  const rows = values.rows;
  requireRows(rows, WHAT);
  const rowSumTolerance = options.rowSumTolerance ?? ROW_SUM_TOLERANCE;
  const accumulator = new LossAccumulator({
    kind,
    eps: kind === 'logits' ? 0 : resolveEps(options.eps),
    normalize: options.normalize,
    rowSumTolerance,
    perRowLoss: 'float64',
    perRowDetail: true,
    rows,
    ranks: (extras.topK ?? []).length > 0 && values.cols > 1,
    smoothingSums: (extras.weighting?.labelSmoothing ?? 0) !== 0,
  });
  const rejected: RejectedRow[] = [];
  const reject = (row: number, rejection: RowRejection): void => void rejected.push({ row, rejection });
  const batch = rowBatch(values);
  let totals: LossTotals;
  let labelled: { labels: Int32Array; columns: number[] } | undefined;
  if (truth.kind === 'soft' && values.cols > 1) {
    const t = truth.targets;
    if (t.rows !== rows || t.cols !== values.cols) {
      throw new CoreError('shapeMismatch', `The targets are ${t.rows} rows × ${t.cols} columns but the predictions ${rows} × ${values.cols}: they must match`);
    }
    accumulator.addTargets(batch, rowBatch(t), undefined, 0, reject);
    totals = targetTotals(accumulator.sums());
  } else {
    const labels = values.cols === 1 ? Int32Array.from(binaryZeroOne(binaryTruth(truth, rows), WHAT)) : classIndices(truth, rows, values.cols);
    accumulator.addLabelled(batch, labels, (id) => id, 0, reject, extras.sampleWeights);
    labelled = { labels, columns: Array.from({ length: Math.max(2, values.cols) }, (_, k) => k) };
    totals = labelledTotals(accumulator.sums(), labelled.columns, extras.weighting);
  }
  if (rejected.length > 0) throw rejectionError(rejected, kind, rowSumTolerance, options.normalize);
  const sums = accumulator.sums();
  const classLosses = labelled && labelledClassLosses(sums, labelled.columns);
  return {
    lossNats: sums.perRow as Float64Array,
    trueClassProbability: sums.trueProbability!,
    predictedClass: sums.predictedClass!,
    confidence: sums.confidence!,
    rowBrier: sums.rowBrier!,
    meanLossNats: totals.meanNats,
    sumLossNats: totals.sumNats,
    brier: totals.brier,
    errorRate: totals.errorRate,
    errors: totals.errors,
    clippedRows: totals.clippedRows,
    infiniteRows: totals.infiniteRows,
    normalizedRows: totals.normalizedRows,
    weightTotal: totals.weightTotal,
    confusion: labelled ? labelledConfusion(sums, labelled.columns) : null,
    perClass: classLosses ? { support: classLosses.support, meanLossNats: classLosses.meanNats } : null,
    topKAccuracy: labelled ? Object.fromEntries((extras.topK ?? []).map((k) => [String(k), labelledTopK(sums, labelled.columns, k)])) : {},
    ranking: labelled && extras.ranking === true ? rankingOf(kind, values, labelled.labels, options.normalize) : null,
  };
}

/** A row scoreModel refuses, and where: in the predictions (a column of the model) or in the truth (a target column; none for a label). */
export interface ScoreRefusal {
  readonly in: 'predictions' | 'truth';
  readonly refusal: RowRefusal;
}

/**
 * Every row scoreModel refuses, as values, so a caller can leave them out and score the rest once:
 * each row for the first of scoreModel's checks it fails — the truth (one column: 0/1 or −1/+1,
 * soft targets by their last column; several: class indices in range), then the accumulator's
 * (rowRejections: the values, the target row, the sum), then target rows that are not
 * distributions (TARGET_ROWS, as the soft losses check them). None when scoreModel refuses the
 * input as a whole (no rows, targets of another shape). O(rows · width).
 * Example: one column [0.2, 1.2] against labels [0, 1] → [{in: 'predictions', refusal: {code: 'probabilityOutOfRange', row: 1, …}}].
 */
export function scoreRefusals(kind: 'probabilities' | 'logits', values: Matrix | RowView, truth: Truth, options: { normalize: boolean; rowSumTolerance?: number }): ScoreRefusal[] {
  const rows = values.rows;
  if (rows === 0) return [];
  const rowSumTolerance = options.rowSumTolerance ?? ROW_SUM_TOLERANCE;
  const rule = { kind, normalize: options.normalize, rowSumTolerance };
  const byRow = new Map<number, ScoreRefusal>();
  const add = (where: ScoreRefusal['in'], refusal: RowRefusal): void => {
    if (!byRow.has(refusal.row)) byRow.set(refusal.row, { in: where, refusal });
  };
  const addRejected = (rejected: readonly RejectedRow[]): void => {
    for (const r of rejected) add(r.rejection.reason === 'missing-target' ? 'truth' : 'predictions', rejectionRefusal(r, kind, rowSumTolerance, options.normalize));
  };
  const batch = rowBatch(values);
  if (truth.kind === 'soft' && values.cols > 1) {
    const t = truth.targets;
    if (t.rows !== rows || t.cols !== values.cols) return [];
    addRejected(rowRejections(batch, rule, rowBatch(t)));
    for (const refusal of probabilityRowRefusals(t, TARGET_ROWS)) add('truth', refusal);
  } else {
    if (values.cols === 1) {
      // Soft targets of one column are read by their last column (binaryTruth).
      const column = truth.kind === 'soft' ? { column: truth.targets.cols - 1 } : {};
      for (const refusal of binaryLabelRefusals(binaryTruth(truth, rows), WHAT)) add('truth', { ...refusal, ...column });
    } else if (truth.kind !== 'soft') {
      for (const refusal of classIndexRefusals(truth.kind === 'indices' ? truth.indices : truth.y, values.cols, WHAT)) add('truth', refusal);
    }
    addRejected(rowRejections(batch, rule));
  }
  return [...byRow.values()].sort((a, b) => a.refusal.row - b.refusal.row);
}

/**
 * ROC AUC and average precision of a model against labels: one column's scores as given (a logit
 * ranks as its probability); class rows one-vs-rest on their probabilities (the softmax of
 * logits, rows divided by their sums with normalize), the unweighted means over classes.
 */
function rankingOf(kind: 'probabilities' | 'logits', values: Matrix | RowView, labels: Int32Array, normalize: boolean): { rocAuc: number; averagePrecision: number } {
  if (values.cols === 1) {
    const scores = denseMatrix(values).data;
    return { rocAuc: rocAuc(labels, scores), averagePrecision: averagePrecision(labels, scores) };
  }
  const p: Matrix | RowView = kind === 'logits' || normalize ? probabilityMatrix(kind, values, normalize) : values;
  const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  return { rocAuc: mean(oneVsRestRocAuc(labels, p)), averagePrecision: mean(oneVsRestAveragePrecision(labels, p)) };
}

/** Class indices of the rows, each in [0, width) (throws 'badLabel' naming the rows otherwise). */
function classIndices(truth: Truth, rows: number, width: number): Int32Array {
  if (truth.kind === 'indices') return requireClassIndices(truth.indices, width, WHAT);
  if (truth.kind === 'binary') return requireClassIndices(truth.y, width, WHAT);
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
