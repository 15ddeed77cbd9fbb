// Likely label errors by confident learning (Northcutt, Jiang & Chuang 2021), the rule cleanlab's
// find_label_issues(filter_by='confident_learning') applies: per-class thresholds t_k (the mean
// p_k over the rows labelled k), each row's confident classes p_k ≥ t_k − 1e-6, its guessed true
// class (the one confident class, or with several the row's argmax), and an issue wherever that
// guess is not the given label. The probabilities should be out-of-sample (cross-validated).
import { isRowView } from './matrix';
import type { Matrix, RowView } from './matrix';
import { sigmoid, softmaxInto } from './stable';

/** cleanlab's slack on the thresholds (count.py: pred_probs >= thresholds - 1e-6). */
const THRESHOLD_SLACK = 1e-6;

/** One likely label error. */
export interface LabelIssue {
  /** The row (0-based, in the rows given). */
  readonly row: number;
  /** The given class and the guessed true class (column indices). */
  readonly given: number;
  readonly suggested: number;
  /** p(given class): issues are listed lowest first. */
  readonly selfConfidence: number;
  /** p(suggested class) and the suggested class's threshold, for the reason in words. */
  readonly suggestedProbability: number;
  readonly threshold: number;
}

/**
 * Class rows of probabilities from a model's values: probabilities as given (divided by their sums
 * with `normalize`), the softmax of logits, and one column c as the pair (1 − c, c) (c = σ(s) for a
 * logit). A new dense n × K matrix. O(n·K).
 * Example: one column [0.8] → [[0.2, 0.8]]; logits [0, ln 3] → [[0.25, 0.75]].
 */
export function probabilityMatrix(kind: 'probabilities' | 'logits', values: Matrix | RowView, normalize: boolean): Matrix {
  const { rows, cols } = values;
  const store = isRowView(values) ? values.store : values.data;
  const stride = isRowView(values) ? values.stride : cols;
  const offset = isRowView(values) ? values.offset : 0;
  const width = cols === 1 ? 2 : cols;
  const data = new Float64Array(rows * width);
  for (let i = 0, at = offset; i < rows; i++, at += stride) {
    if (cols === 1) {
      const c = kind === 'logits' ? sigmoid(store[at]!) : store[at]!;
      data[i * 2] = 1 - c;
      data[i * 2 + 1] = c;
    } else if (kind === 'logits') {
      softmaxInto(store, at, cols, data, i * cols);
    } else {
      let sum = 0;
      for (let k = 0; k < cols; k++) sum += store[at + k]!;
      for (let k = 0; k < cols; k++) data[i * cols + k] = normalize ? store[at + k]! / sum : store[at + k]!;
    }
  }
  return { data, rows, cols: width };
}

/** The flagged rows, at most `limit` of them (the least self-confident), and how many there are in all. */
export interface LabelIssues {
  readonly issues: LabelIssue[];
  readonly count: number;
}

/**
 * The rows confident learning flags, given class rows `p` (n × K), the given class of each row
 * (−1: not scored) and the per-class thresholds (NaN for a class without rows: never confident,
 * as cleanlab's BIG_VALUE). Sorted by self-confidence, lowest first (ties by row); with `limit`,
 * only the `limit` least self-confident are listed (found with a typed-array sort, so a model that
 * flags most rows costs no object per row). O(n·K + n log n).
 * Example: thresholds [.8, .7]; a row labelled 0 with p (.1, .9) → issue, suggested 1, self-confidence .1.
 */
export function confidentLearningIssues(p: Matrix, given: Int32Array, thresholds: readonly number[], limit = Infinity): LabelIssues {
  const { rows, cols, data } = p;
  const flaggedRow = new Int32Array(rows);
  const guessOf = new Int32Array(rows);
  const selfOf = new Float64Array(rows);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const label = given[i]!;
    if (label < 0) continue;
    let confident = 0;
    let firstConfident = -1;
    let argmax = 0;
    for (let k = 0; k < cols; k++) {
      const v = data[i * cols + k]!;
      if (v > data[i * cols + argmax]!) argmax = k;
      const t = thresholds[k]!;
      if (t === t && v >= t - THRESHOLD_SLACK) {
        confident++;
        if (firstConfident < 0) firstConfident = k;
      }
    }
    if (confident === 0) continue;
    const guess = confident > 1 ? argmax : firstConfident;
    if (guess === label) continue;
    flaggedRow[count] = i;
    guessOf[count] = guess;
    selfOf[count] = data[i * cols + label]!;
    count++;
  }
  // The limit-th smallest self-confidence bounds the rows listed (ties at it by row order).
  let bound = Infinity;
  if (count > limit) bound = Float64Array.from(selfOf.subarray(0, count)).sort()[limit - 1]!;
  const issues: LabelIssue[] = [];
  for (let j = 0; j < count; j++) {
    if (selfOf[j]! > bound) continue;
    const i = flaggedRow[j]!;
    const guess = guessOf[j]!;
    issues.push({ row: i, given: given[i]!, suggested: guess, selfConfidence: selfOf[j]!, suggestedProbability: data[i * cols + guess]!, threshold: thresholds[guess]! });
  }
  issues.sort((a, b) => a.selfConfidence - b.selfConfidence || a.row - b.row);
  return { issues: issues.slice(0, limit), count };
}
