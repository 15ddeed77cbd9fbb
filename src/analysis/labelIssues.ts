// Likely label errors of one model against labels, by confident learning: the one road the CLI's
// `label-issues` and the editor's analysis (panel table, hover) both take. The class rows of
// probabilities go through the core's accumulator for the class means (the thresholds), then the
// core's confident-learning rule picks the rows.
import { confidentLearningIssues, DEFAULT_EPSILON, isRowView, labelledColumnMeans, LossAccumulator, probabilityMatrix, ROW_SUM_TOLERANCE, rowBatch } from '../core';
import type { LabelIssue, Matrix, RowView } from '../core';

export interface LabelIssueReport {
  /** Per class (column order): the mean p of the class over its rows (NaN without rows). */
  thresholds: number[];
  /** Sorted by self-confidence, lowest first (at most `limit`); rows index the values given. */
  issues: LabelIssue[];
  /** Rows flagged in all. */
  count: number;
  /** Rows whose probabilities could not be read (already problems elsewhere): left out. */
  leftOut: number[];
}

/**
 * Confident learning on a model's values against class indices (binary: 0/1, one column read as
 * (1 − c, c)); `given[i] < 0` leaves row i out. Logits through the softmax; with `normalize`, rows
 * divided by their sums. O(n·K).
 */
export function findLabelIssues(
  kind: 'probabilities' | 'logits',
  values: Matrix | RowView,
  given: Int32Array,
  options: { normalize: boolean; rowSumTolerance?: number; limit?: number },
): LabelIssueReport {
  // Probability rows already in a matrix are read as they are (no copy); others are converted.
  const asGiven = kind === 'probabilities' && !options.normalize && values.cols > 1 && !isRowView(values);
  const p = asGiven ? values : probabilityMatrix(kind, values, options.normalize);
  const accumulator = new LossAccumulator({
    kind: 'probabilities',
    eps: DEFAULT_EPSILON,
    normalize: false,
    rowSumTolerance: Math.max(ROW_SUM_TOLERANCE, options.rowSumTolerance ?? 0),
    columnSums: true,
  });
  const leftOut: number[] = [];
  accumulator.addLabelled(
    rowBatch(p),
    given,
    (id) => id,
    0,
    (row) => void leftOut.push(row),
  );
  const classes = Array.from({ length: p.cols }, (_, k) => k);
  const means = labelledColumnMeans(accumulator.sums(), classes);
  const thresholds = classes.map((k) => means[k]?.[k] ?? Number.NaN);
  const usable = Int32Array.from(given);
  for (const row of leftOut) usable[row] = -1;
  const found = confidentLearningIssues(p, usable, thresholds, options.limit);
  return { thresholds, issues: found.issues, count: found.count, leftOut };
}
