// Ranking metrics of scores against binary truth, with scikit-learn's conventions: ROC AUC
// (roc_auc_score), average precision (average_precision_score), their one-vs-rest macro means for
// class rows, and the per-class report of a confusion matrix (precision_recall_fscore_support).
import { isRowView } from './matrix';
import type { Matrix, RowView } from './matrix';

/**
 * The points of scikit-learn's _binary_clf_curve: at each distinct score, highest first, the
 * positives and negatives scoring at or above it (tied scores are one point). The two kinds are
 * sorted apart as typed arrays (a native numeric sort, no comparator) and walked together.
 * O(n log n).
 */
function curvePoints(positive: ArrayLike<boolean | number>, scores: ArrayLike<number>): { tp: number[]; fp: number[] } {
  let p = 0;
  for (let i = 0; i < scores.length; i++) if (positive[i]) p++;
  const pos = new Float64Array(p);
  const neg = new Float64Array(scores.length - p);
  for (let i = 0, a = 0, b = 0; i < scores.length; i++) {
    if (positive[i]) pos[a++] = scores[i] as number;
    else neg[b++] = scores[i] as number;
  }
  pos.sort();
  neg.sort();
  const tp: number[] = [];
  const fp: number[] = [];
  // From the top of both ascending arrays down: each step takes every row at the next lower score.
  let a = pos.length - 1;
  let b = neg.length - 1;
  while (a >= 0 || b >= 0) {
    const score = Math.max(a >= 0 ? pos[a]! : -Infinity, b >= 0 ? neg[b]! : -Infinity);
    while (a >= 0 && pos[a] === score) a--;
    while (b >= 0 && neg[b] === score) b--;
    tp.push(pos.length - 1 - a);
    fp.push(neg.length - 1 - b);
  }
  return { tp, fp };
}

/**
 * Area under the ROC curve of `scores` for `positive` rows (true or 1), as roc_auc_score(y, scores): the
 * trapezoids between the curve's points (tied scores are one point, so a tie counts half). The area
 * is summed in integers and divided once, so it is the exactly rounded value. NaN when all rows are
 * of one kind (scikit-learn raises). O(n log n).
 * Example: positive [T, F, T, F], scores [.9, .8, .4, .3] → 0.75.
 */
export function rocAuc(positive: ArrayLike<boolean | number>, scores: ArrayLike<number>): number {
  return rocAucOf(curvePoints(positive, scores));
}

function rocAucOf({ tp, fp }: { tp: number[]; fp: number[] }): number {
  const p = tp[tp.length - 1] ?? 0;
  const n = fp[fp.length - 1] ?? 0;
  if (p === 0 || n === 0) return Number.NaN;
  let twiceArea = 0;
  let lastTp = 0;
  let lastFp = 0;
  for (let k = 0; k < tp.length; k++) {
    twiceArea += (fp[k]! - lastFp) * (tp[k]! + lastTp);
    lastTp = tp[k]!;
    lastFp = fp[k]!;
  }
  return twiceArea / (2 * p * n);
}

/**
 * Average precision of `scores` for `positive` rows, as average_precision_score(y, scores):
 * Σ over distinct thresholds, highest first, of (recall gained) × precision there — no
 * interpolation. NaN without positive rows. O(n log n).
 * Example: positive [T, F, T, F], scores [.9, .8, .4, .3] → (1 + 2/3) / 2 = 0.8333….
 */
export function averagePrecision(positive: ArrayLike<boolean | number>, scores: ArrayLike<number>): number {
  return averagePrecisionOf(curvePoints(positive, scores));
}

function averagePrecisionOf({ tp, fp }: { tp: number[]; fp: number[] }): number {
  const p = tp[tp.length - 1] ?? 0;
  if (p === 0) return Number.NaN;
  let sum = 0;
  let lastTp = 0;
  for (let k = 0; k < tp.length; k++) {
    if (tp[k] === lastTp) continue;
    sum += ((tp[k]! - lastTp) / p) * (tp[k]! / (tp[k]! + fp[k]!));
    lastTp = tp[k]!;
  }
  return sum;
}

/** A curve's points, at most `maxPoints` of them (every distinct threshold when fewer). */
export interface CurvePoints {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** Every `step`-th point of n, always the first and the last. */
function thinned(n: number, maxPoints: number): number[] {
  if (n <= maxPoints) return Array.from({ length: n }, (_, k) => k);
  const out: number[] = [];
  for (let j = 0; j < maxPoints; j++) out.push(Math.round((j * (n - 1)) / (maxPoints - 1)));
  return [...new Set(out)];
}

/**
 * The ROC curve of roc_curve (drop_intermediate aside): (0, 0), then per distinct threshold,
 * highest first, (false-positive rate, true-positive rate); thinned to `maxPoints` for drawing.
 * Empty when all rows are of one kind. O(n log n).
 */
export function rocCurve(positive: ArrayLike<boolean | number>, scores: ArrayLike<number>, maxPoints = 256): CurvePoints {
  return rocCurveOf(curvePoints(positive, scores), maxPoints);
}

function rocCurveOf({ tp, fp }: { tp: number[]; fp: number[] }, maxPoints: number): CurvePoints {
  const p = tp[tp.length - 1] ?? 0;
  const n = fp[fp.length - 1] ?? 0;
  if (p === 0 || n === 0) return { x: [], y: [] };
  const keep = thinned(tp.length, maxPoints - 1);
  return { x: [0, ...keep.map((k) => fp[k]! / n)], y: [0, ...keep.map((k) => tp[k]! / p)] };
}

/**
 * The precision–recall curve of precision_recall_curve: per distinct threshold, highest first,
 * (recall, precision), thinned to `maxPoints`. Empty without positive rows. O(n log n).
 */
export function precisionRecallCurve(positive: ArrayLike<boolean | number>, scores: ArrayLike<number>, maxPoints = 256): CurvePoints {
  return prCurveOf(curvePoints(positive, scores), maxPoints);
}

function prCurveOf({ tp, fp }: { tp: number[]; fp: number[] }, maxPoints: number): CurvePoints {
  const p = tp[tp.length - 1] ?? 0;
  if (p === 0) return { x: [], y: [] };
  const keep = thinned(tp.length, maxPoints);
  return { x: keep.map((k) => tp[k]! / p), y: keep.map((k) => tp[k]! / (tp[k]! + fp[k]!)) };
}

/** ROC AUC, average precision and both curves (thinned) from one sort of the scores. */
export interface RankingSummary {
  readonly rocAuc: number;
  readonly averagePrecision: number;
  readonly roc: CurvePoints;
  readonly pr: CurvePoints;
}

/** {@link rocAuc}, {@link averagePrecision}, {@link rocCurve} and {@link precisionRecallCurve} of the same rows, sorted once. O(n log n). */
export function rankingSummary(positive: ArrayLike<boolean | number>, scores: ArrayLike<number>, maxPoints = 256): RankingSummary {
  const points = curvePoints(positive, scores);
  return { rocAuc: rocAucOf(points), averagePrecision: averagePrecisionOf(points), roc: rocCurveOf(points, maxPoints), pr: prCurveOf(points, maxPoints) };
}

/** For each class k, `metric` of "is the row k" against column k of the rows (read in place). */
function oneVsRest(classIndices: ArrayLike<number>, probabilities: Matrix | RowView, metric: (positive: Uint8Array, scores: Float64Array) => number): number[] {
  const { rows, cols } = probabilities;
  const store = isRowView(probabilities) ? probabilities.store : probabilities.data;
  const stride = isRowView(probabilities) ? probabilities.stride : cols;
  const offset = isRowView(probabilities) ? probabilities.offset : 0;
  const out: number[] = [];
  const positive = new Uint8Array(rows);
  const scores = new Float64Array(rows);
  for (let k = 0; k < cols; k++) {
    for (let i = 0; i < rows; i++) {
      positive[i] = classIndices[i] === k ? 1 : 0;
      scores[i] = store[offset + i * stride + k]!;
    }
    out.push(metric(positive, scores));
  }
  return out;
}

/**
 * Per class, ROC AUC of its column against "is this class" (roc_auc_score(y, P,
 * multi_class='ovr') takes their unweighted mean; NaN for a class with no rows). O(K · n log n).
 */
export function oneVsRestRocAuc(classIndices: ArrayLike<number>, probabilities: Matrix | RowView): number[] {
  return oneVsRest(classIndices, probabilities, rocAuc);
}

/** Per class, the average precision of its column against "is this class" (NaN for a class with no rows). O(K · n log n). */
export function oneVsRestAveragePrecision(classIndices: ArrayLike<number>, probabilities: Matrix | RowView): number[] {
  return oneVsRest(classIndices, probabilities, averagePrecision);
}

/** One class's line of a classification report. */
export interface ClassReport {
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/**
 * Precision, recall, F1 and support of every class from a confusion matrix (rows = true class,
 * columns = predicted), as precision_recall_fscore_support(..., zero_division=0): a ratio whose
 * denominator is 0 is 0. O(K²).
 * Example: [[3, 1], [0, 2]] → class 0 precision 1, recall 0.75; class 1 precision 2/3, recall 1.
 */
export function classReports(confusion: readonly (readonly number[])[]): ClassReport[] {
  const classes = confusion.length;
  return confusion.map((row, k) => {
    const support = row.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let j = 0; j < classes; j++) predicted += confusion[j]![k] ?? 0;
    const hits = row[k] ?? 0;
    const precision = predicted === 0 ? 0 : hits / predicted;
    const recall = support === 0 ? 0 : hits / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { support, precision, recall, f1 };
  });
}
