// The one scoring road: a mergeable accumulator of one model's losses, Brier terms, errors and
// per-row outputs over batches of rows. The document analysis, the CLI (in memory or streamed),
// Analyze File on Disk and the two-part parallel reads all score through it, so they agree to
// the bit: every sum is a compensated pair (Neumaier), and pairs merge pair to pair.
import { CoreError, countOf, someValues } from './coreError';
import type { RowRefusal } from './coreError';
import { clipProbability, binaryProbabilityLoss, softCrossEntropy, softCrossEntropyFromLogits } from './crossEntropy';
import type { Matrix, RowView } from './matrix';
import { isRowView } from './matrix';
import { softBrierScore } from './brier';
import { argmaxRows, errorRate } from './errorRate';
import { negativeLogSoftmax, sigmoid, softmaxInto, softplus } from './stable';
import { addCompensatedAt, pairTotal } from './summation';

/** A label id whose true column has not been asked for yet. */
const UNASKED = -2;

/** How one model's rows are scored. */
export interface LossAccumulatorOptions {
  readonly kind: 'probabilities' | 'logits';
  /** Clipping ε as a number in [0, 0.5) (0: no clipping, a zero probability costs +∞). */
  readonly eps: number;
  /** Divide rows whose sum is off by more than the tolerance by their sum, instead of rejecting them. */
  readonly normalize: boolean;
  /** |Σp − 1| a probability row may be off by and still be scored as given. */
  readonly rowSumTolerance: number;
  /** Keep each row's loss (8 or 4 bytes a row); only when the truth of each row is known as it is added. */
  readonly perRowLoss?: 'float64' | 'float32' | 'none';
  /** Keep each row's p(true class) and predicted class too (an in-memory table's hover). */
  readonly perRowDetail?: boolean;
  /** Rows expected (the per-row arrays are allocated once); they grow past it when needed. */
  readonly rows?: number;
  /**
   * Count, per label and candidate true column, the rank of that column in each row (for top-k
   * accuracy; class rows only): O(width) more per row when the column is known, O(width²) when not.
   */
  readonly ranks?: boolean;
  /** Sum, per label and column, the rows' probabilities (class means: confident learning's thresholds; class rows only). */
  readonly columnSums?: boolean;
  /**
   * Sum, per label, each row's Σ_k −log p_k (class rows): the uniform part of a label-smoothed
   * target (PyTorch's CrossEntropyLoss(label_smoothing=A)), O(width) logs more a row.
   */
  readonly smoothingSums?: boolean;
}

/**
 * A batch of prediction rows, `width` values each: one array per column (a stream's batch), or
 * row-major rows of a store read in place (a table's adjacent columns, a Matrix or RowView).
 */
export interface PredictionBatch {
  readonly rows: number;
  readonly width: number;
  /** Value (i, k) is columns[k][i]; undefined when the rows are in `store`. */
  readonly columns: readonly ArrayLike<number>[] | undefined;
  /** Value (i, k) is store[offset + i·stride + k]. */
  readonly store: Float64Array | undefined;
  readonly stride: number;
  readonly offset: number;
}

/** A batch from one array per column (each at least `rows` long). */
export function columnBatch(columns: readonly ArrayLike<number>[], rows: number): PredictionBatch {
  return { rows, width: columns.length, columns, store: undefined, stride: 0, offset: 0 };
}

/** A batch of a Matrix's or RowView's rows, read in place. */
export function rowBatch(m: Matrix | RowView): PredictionBatch {
  if (isRowView(m)) return { rows: m.rows, width: m.cols, columns: undefined, store: m.store, stride: m.stride, offset: m.offset };
  return { rows: m.rows, width: m.cols, columns: undefined, store: m.data, stride: m.cols, offset: 0 };
}

/** Why a row was left out; the caller words it for its surface, positioned at the row (and column). */
export type RowRejection =
  /** NaN: a missing value (readers report the empty cell themselves). */
  | { readonly reason: 'missing'; readonly column: number }
  | { readonly reason: 'not-finite'; readonly column: number; readonly value: number }
  /** A probability outside [0, 1] (with normalize, a negative one: rows may be on any scale). */
  | { readonly reason: 'out-of-range'; readonly column: number; readonly value: number }
  /** A probability row off 1 by more than the tolerance (without normalize). */
  | { readonly reason: 'row-sum'; readonly sum: number }
  /** A row summing to 0 that normalize cannot rescale. */
  | { readonly reason: 'zero-sum' }
  /** A target value that is not a finite number. */
  | { readonly reason: 'missing-target'; readonly column: number };

/** Called for each row left out, with its index in the batch. */
export type RejectRow = (row: number, rejection: RowRejection) => void;

/** The options that decide which rows the accumulator leaves out. */
export type RowRule = Pick<LossAccumulatorOptions, 'kind' | 'normalize' | 'rowSumTolerance'>;

/**
 * Why value v, column k of a row of `width`, cannot be scored, or undefined when it can: NaN is
 * missing, ±Infinity not finite, a probability outside [0, 1] out of range (with normalize, rows
 * of two or more columns may be on any non-negative scale, so only a negative value is). O(1).
 * Example: `valueRejection(1.2, 0, 1, {kind: 'probabilities', normalize: true, rowSumTolerance: 1e-6})`
 * → {reason: 'out-of-range', column: 0, value: 1.2} (one column cannot be rescaled).
 */
export function valueRejection(v: number, k: number, width: number, rule: RowRule): RowRejection | undefined {
  if (!(v - v === 0)) return v === v ? { reason: 'not-finite', column: k, value: v } : { reason: 'missing', column: k };
  if (rule.kind === 'probabilities' && (v < 0 || (v > 1 && !(rule.normalize && width > 1)))) return { reason: 'out-of-range', column: k, value: v };
  return undefined;
}

/**
 * What becomes of a row of `width` usable values summing to `sum`: undefined, used as given
 * (logits, one column, or a sum within the tolerance of 1); 'scale', divided by its sum (normalize);
 * else why it is left out (off 1 without normalize; a sum of 0 with it). O(1).
 * Example: `sumVerdict(0.9, 2, {kind: 'probabilities', normalize: false, rowSumTolerance: 1e-6})` → {reason: 'row-sum', sum: 0.9}.
 */
export function sumVerdict(sum: number, width: number, rule: RowRule): RowRejection | 'scale' | undefined {
  if (rule.kind !== 'probabilities' || width < 2 || !(Math.abs(sum - 1) > rule.rowSumTolerance)) return undefined;
  if (!rule.normalize) return { reason: 'row-sum', sum };
  return sum === 0 ? { reason: 'zero-sum' } : 'scale';
}

/**
 * Why the accumulator leaves row i of a batch out, or undefined when it scores it: the checks of
 * addLabelled and addTargets in their order — each value (valueRejection, the first bad one), the
 * row's targets when given (each must be finite), then its sum (sumVerdict). O(width).
 */
export function rowRejection(batch: PredictionBatch, i: number, rule: RowRule, targets?: PredictionBatch): RowRejection | undefined {
  let sum = 0;
  for (let k = 0; k < batch.width; k++) {
    const v = valueAt(batch, i, k);
    const rejection = valueRejection(v, k, batch.width, rule);
    if (rejection !== undefined) return rejection;
    sum += v;
  }
  if (targets !== undefined) for (let k = 0; k < targets.width; k++) if (!Number.isFinite(valueAt(targets, i, k))) return { reason: 'missing-target', column: k };
  const verdict = sumVerdict(sum, batch.width, rule);
  return verdict === 'scale' ? undefined : verdict;
}

/**
 * Every row of a batch the accumulator would leave out, and why (rowRejection of each row), without
 * scoring any: a caller may take them out before it scores. O(rows · width).
 * Example: rows [.8, .2], [.5, .4] as probabilities (no normalize) → [{row: 1, rejection: {reason: 'row-sum', sum: 0.9}}].
 */
export function rowRejections(batch: PredictionBatch, rule: RowRule, targets?: PredictionBatch): RejectedRow[] {
  const rejected: RejectedRow[] = [];
  for (let i = 0; i < batch.rows; i++) {
    const rejection = rowRejection(batch, i, rule, targets);
    if (rejection !== undefined) rejected.push({ row: i, rejection });
  }
  return rejected;
}

/** Value (i, k) of a batch. */
function valueAt(b: PredictionBatch, i: number, k: number): number {
  return b.columns !== undefined ? (b.columns[k]![i] as number) : b.store![b.offset + i * b.stride + k]!;
}

/**
 * One model's sums as plain data (structured-cloneable: a part streamed in another thread posts
 * it back). Labelled rows are kept per label id × candidate true column, so the class mapping
 * may be decided after every label has been seen (binary: candidate 1 = the label is positive);
 * targets rows in `targetHi/Lo`.
 */
export interface LossSums {
  /** Columns scored (-1 before the first batch). */
  width: number;
  /** Candidate true columns per label (width, or 2 for one column). */
  candidates: number;
  /** Per label id × candidate: Σ loss, Σ Brier (compensated pairs), clipped and infinite rows, rows predicted as the candidate. */
  loss: Float64Array;
  brier: Float64Array;
  lossLo: Float64Array;
  brierLo: Float64Array;
  clipped: Float64Array;
  infinite: Float64Array;
  predicted: Float64Array;
  /** Rows scored per label id. */
  count: number[];
  /** Targets mode: [loss, Brier] sums and their compensations. */
  targetHi: Float64Array;
  targetLo: Float64Array;
  /** Targets mode: rows, errors, clipped and infinite rows. */
  errors: number;
  clippedRows: number;
  infiniteRows: number;
  n: number;
  /** Rows divided by their sum (normalize). */
  normalizedRows: number;
  /**
   * With `ranks`: per label id × candidate k × rank r, the rows where column k ranks r-th (0 the
   * highest; ties ranked as top_k_accuracy_score's stable sort puts them, the higher index first).
   */
  ranks: Float64Array | undefined;
  /** With sample weights: per label id, Σ w of its rows (compensated pairs); undefined: every row weighs 1. */
  weightHi: Float64Array | undefined;
  weightLo: Float64Array | undefined;
  /** With `smoothingSums`: per label id, Σ w · Σ_k −log p_k (compensated pairs). */
  uniformHi: Float64Array | undefined;
  uniformLo: Float64Array | undefined;
  /** With `columnSums`: per label id × column k, Σ p_k of the label's rows (compensated pairs). */
  columnHi: Float64Array | undefined;
  columnLo: Float64Array | undefined;
  /** Per-row outputs by row index (NaN / -1 where unscored); may be longer than the rows seen. */
  perRow: Float64Array | Float32Array | undefined;
  trueProbability: Float64Array | undefined;
  predictedClass: Int32Array | undefined;
  /** With perRowDetail: the row's confidence, P(positive) for one column, else its largest probability (for reliability curves). */
  confidence: Float64Array | undefined;
  /** With perRowDetail: the row's Brier term (for bootstrap intervals of the Brier score). */
  rowBrier: Float64Array | undefined;
}

/** One model's scores over the rows counted. */
export interface LossTotals {
  n: number;
  sumNats: number;
  meanNats: number;
  brier: number;
  errors: number;
  errorRate: number;
  clippedRows: number;
  infiniteRows: number;
  normalizedRows: number;
  /** Σ w of the rows counted (the rows without sample weights). */
  weightTotal: number;
}

/**
 * Accumulates one model's scores batch by batch, in one fused O(width) pass per row that also
 * validates the row: the core's formulas term by term — −ln clip(p_y) (binaryProbabilityLoss for
 * one column, as scikit-learn clips a 1-D y_pred), softplus(∓s) for a binary logit,
 * negativeLogSoftmax for logit rows (exact at any magnitude), Σ_k (1[k = y] − p_k)², argmax
 * (first on ties; binary p > 0.5, s > 0) — and softCrossEntropy / softBrierScore for targets.
 * Rows with a value it cannot score are left out and passed to `reject`, never thrown.
 * With the true column of each label known up front, each row is scored against it; otherwise
 * every candidate column is accumulated per label id (−ln clip(p_k) for each k, and each
 * candidate's Brier from prefix and suffix sums of squares, with no cancellation) and
 * {@link labelledTotals} picks each label's column at the end. Memory O(labels × width) plus the
 * per-row outputs asked for.
 * Example: rows [.8, .2], [.3, .7] of labels 0, 1 (known) → sumNats −ln .8 − ln .7, Brier 0.065.
 */
export class LossAccumulator {
  private readonly sumsData: LossSums;
  private readonly hi: number;
  /** Per label id: its true column when known up front (UNASKED until its first row). */
  private known = new Int32Array(0);
  private row = new Float64Array(0);
  private aux = new Float64Array(0);

  constructor(readonly options: LossAccumulatorOptions) {
    if (!(options.eps >= 0 && options.eps < 0.5)) throw new CoreError('badOption', `The clipping ε must be a number in [0, 0.5) or 'none', not ${options.eps}`);
    this.hi = 1 - options.eps;
    this.sumsData = emptyLossSums();
  }

  /** The sums so far (shared, not copied). */
  sums(): LossSums {
    return this.sumsData;
  }

  private setWidth(width: number): void {
    const s = this.sumsData;
    s.width = width;
    s.candidates = width === 1 ? 2 : width;
    this.row = new Float64Array(width);
    this.aux = new Float64Array(width);
  }

  /** Makes room for label id `label`. */
  private slot(label: number): void {
    const s = this.sumsData;
    if (label < s.count.length) return;
    const need = (label + 1) * s.candidates;
    if (need > s.loss.length) {
      const size = Math.max(need, s.loss.length * 2, 16 * s.candidates);
      s.loss = grown(s.loss, size);
      s.brier = grown(s.brier, size);
      s.lossLo = grown(s.lossLo, size);
      s.brierLo = grown(s.brierLo, size);
      s.clipped = grown(s.clipped, size);
      s.infinite = grown(s.infinite, size);
      s.predicted = grown(s.predicted, size);
      if (this.options.ranks === true && s.width > 1) s.ranks = grown(s.ranks ?? new Float64Array(0), size * s.width);
      if (this.options.columnSums === true && s.width > 1) {
        s.columnHi = grown(s.columnHi ?? new Float64Array(0), size);
        s.columnLo = grown(s.columnLo ?? new Float64Array(0), size);
      }
    }
    while (s.count.length <= label) s.count.push(0);
    // Per-label (not per-candidate) sums, grown with the labels.
    if (s.uniformHi !== undefined || this.options.smoothingSums === true) {
      if ((s.uniformHi?.length ?? 0) <= label) {
        s.uniformHi = grown(s.uniformHi ?? new Float64Array(0), Math.max(label + 1, (s.uniformHi?.length ?? 0) * 2, 16));
        s.uniformLo = grown(s.uniformLo ?? new Float64Array(0), s.uniformHi.length);
      }
    }
  }

  /** Makes room for label id `label`'s weight sum (sample weights in use). */
  private weightSlot(label: number): void {
    const s = this.sumsData;
    if ((s.weightHi?.length ?? 0) > label) return;
    const size = Math.max(label + 1, (s.weightHi?.length ?? 0) * 2, 16);
    const weightHi = new Float64Array(size);
    const weightLo = new Float64Array(size);
    if (s.weightHi !== undefined) {
      weightHi.set(s.weightHi);
      weightLo.set(s.weightLo!);
    } else {
      // Rows added before weights came weighed 1 each.
      s.count.forEach((count, id) => (weightHi[id] = count));
    }
    s.weightHi = weightHi;
    s.weightLo = weightLo;
  }

  /**
   * Makes room for row `row`'s outputs (when asked for): the arrays are allocated once when the
   * row count was given, else grown by doubling.
   */
  private roomForRow(row: number): void {
    const s = this.sumsData;
    const { perRowLoss = 'none', perRowDetail = false } = this.options;
    const length = s.perRow?.length ?? s.trueProbability?.length ?? 0;
    if (row < length) return;
    const size = Math.max(this.options.rows ?? 1024, length * 2, row + 1);
    if (perRowLoss !== 'none') s.perRow = grownRows(s.perRow, size, perRowLoss);
    if (perRowDetail) {
      s.trueProbability = grownRows(s.trueProbability, size, 'float64') as Float64Array;
      s.confidence = grownRows(s.confidence, size, 'float64') as Float64Array;
      s.rowBrier = grownRows(s.rowBrier, size, 'float64') as Float64Array;
      const predictedClass = new Int32Array(size).fill(-1);
      if (s.predictedClass !== undefined) predictedClass.set(s.predictedClass);
      s.predictedClass = predictedClass;
    }
  }

  /** Row `row`'s outputs (room made by roomForRow). */
  private storeRow(row: number, loss: number, trueProbability: number, predicted: number, confidence: number, brier: number): void {
    const s = this.sumsData;
    if (s.perRow !== undefined) s.perRow[row] = loss;
    if (s.trueProbability !== undefined) s.trueProbability[row] = trueProbability;
    if (s.confidence !== undefined) s.confidence[row] = confidence;
    if (s.rowBrier !== undefined) s.rowBrier[row] = brier;
    if (s.predictedClass !== undefined) s.predictedClass[row] = predicted;
  }

  /** Whether value v of column k of a row of `width` can be scored (see valueRejection); when not, says why to `reject`. */
  private usable(v: number, k: number, width: number, i: number, reject: RejectRow): boolean {
    const rejection = valueRejection(v, k, width, this.options);
    if (rejection === undefined) return true;
    reject(i, rejection);
    return false;
  }

  /**
   * Scores the batch's rows against their labels: `labelIds[i]` is row i's label id (−1: not
   * scored), `trueColumnOf(id)` its true column when the class mapping is known up front (binary:
   * 1 when the label is positive; −1 when it is none of the classes: counted, not scored), else
   * undefined. Per-row outputs go to row `firstRow + i`. A batch of another width than the
   * first is ignored (the reader reports the ragged vector).
   */
  addLabelled(batch: PredictionBatch, labelIds: Int32Array, trueColumnOf: ((id: number) => number) | undefined, firstRow: number, reject: RejectRow, weights?: ArrayLike<number>): void {
    const s = this.sumsData;
    const width = batch.width;
    if (s.width < 0) this.setWidth(width);
    if (width !== s.width) return;
    const { eps, kind } = this.options;
    const probabilities = kind === 'probabilities';
    const hi = this.hi;
    const { columns, store, stride } = batch;
    const known = trueColumnOf !== undefined;
    const keepRows = known && ((this.options.perRowLoss ?? 'none') !== 'none' || this.options.perRowDetail === true);
    const c = s.candidates;
    const row = this.row;
    const aux = this.aux;
    // Room for every label id of the batch up front, so the sums can be held in locals, and the
    // true column of each id in a flat table (the caller's lookup is not free; asked once an id).
    let maxId = -1;
    for (let i = 0; i < batch.rows; i++) if (labelIds[i]! > maxId) maxId = labelIds[i]!;
    if (maxId < 0) return;
    this.slot(maxId);
    if (known) {
      if (this.known.length <= maxId) {
        const next = new Int32Array(Math.max(maxId + 1, this.known.length * 2)).fill(UNASKED);
        next.set(this.known);
        this.known = next;
      }
      for (let i = 0; i < batch.rows; i++) {
        const id = labelIds[i]!;
        if (id >= 0 && this.known[id] === UNASKED) this.known[id] = trueColumnOf(id);
      }
    }
    const trueColumn = this.known;
    if (keepRows) this.roomForRow(firstRow + batch.rows - 1);
    if (known && probabilities && width > 1 && weights === undefined && this.options.smoothingSums !== true) {
      this.addKnownProbabilityRows(batch, labelIds, firstRow, reject, keepRows);
      return;
    }
    if (weights !== undefined) this.weightSlot(maxId);
    const { loss: lossSums, brier: brierSums, lossLo, brierLo, clipped, infinite, predicted, count } = s;
    for (let i = 0, at = batch.offset; i < batch.rows; i++, at += stride) {
      const id = labelIds[i]!;
      if (id < 0) continue;
      // Gather and validate the row (first bad value reported), with the argmax of the raw values.
      let sum = 0;
      let best = 0;
      let max = -Infinity;
      let ok = true;
      for (let k = 0; k < width; k++) {
        const v = columns !== undefined ? (columns[k]![i] as number) : store![at + k]!;
        // The common case inline; anything else is decided (and reported) by usable.
        if (!(probabilities ? v >= 0 && v <= 1 : v - v === 0) && !this.usable(v, k, width, i, reject)) {
          ok = false;
          break;
        }
        row[k] = v;
        sum += v;
        if (k === 0 || v > max) {
          max = v;
          best = k;
        }
      }
      if (!ok) continue;
      // Rows off by more than the tolerance are rejected, or divided by their sum; rows within it
      // are used exactly as given.
      const verdict = sumVerdict(sum, width, this.options);
      if (verdict !== undefined && verdict !== 'scale') {
        reject(i, verdict);
        continue;
      }
      const scale = verdict === 'scale';
      if (scale) s.normalizedRows++;
      count[id]!++;
      // A row's weight (1 without sample weights) scales its sums; its counts and outputs stay its own.
      const w = weights === undefined ? 1 : (weights[i] as number);
      if (weights !== undefined) addCompensatedAt(s.weightHi!, s.weightLo!, id, w);
      const base = id * c;
      if (width === 1) {
        const v = row[0]!;
        const pPositive = probabilities ? v : sigmoid(v);
        const clippedRow = probabilities && clipProbability(v, eps, hi) !== v;
        const guess = (probabilities ? v > 0.5 : v > 0) ? 1 : 0;
        predicted[base + guess]! += w;
        const k0 = known ? trueColumn[id]! : 0;
        const k1 = known ? k0 : 1;
        for (let y = k0; y <= k1; y++) {
          const loss = probabilities ? binaryProbabilityLoss(v, y === 1, eps, hi) : softplus(y === 1 ? -v : v);
          const d = y - pPositive;
          addCompensatedAt(lossSums, lossLo, base + y, weighted(w, loss));
          addCompensatedAt(brierSums, brierLo, base + y, weighted(w, d * d));
          if (clippedRow) clipped[base + y]!++;
          if (loss === Infinity) infinite[base + y]!++;
          if (keepRows) this.storeRow(firstRow + i, loss, probabilities ? (y === 1 ? v : 1 - v) : sigmoid(y === 1 ? v : -v), guess, pPositive, d * d);
        }
        continue;
      }
      // The row's probabilities p: the row as given, divided by its sum into aux, or the softmax
      // of the logits into aux.
      let p = aux;
      if (probabilities) {
        if (scale) for (let k = 0; k < width; k++) aux[k] = row[k]! / sum;
        else p = row;
      } else softmaxInto(row, 0, width, aux, 0);
      predicted[base + best]! += w;
      if (s.uniformHi !== undefined) addCompensatedAt(s.uniformHi, s.uniformLo!, id, weighted(w, uniformLoss(probabilities, probabilities ? p : row, width, best, eps, hi)));
      if (s.columnHi !== undefined) for (let j = 0; j < width; j++) addCompensatedAt(s.columnHi, s.columnLo!, base + j, p[j]!);
      let k = known ? trueColumn[id]! : width - 1;
      if (k < 0) continue;
      const last = known ? k : 0;
      if (s.ranks !== undefined) for (let r = k; r >= last; r--) s.ranks[(base + r) * width + rankIn(row, width, r)]!++;
      // Known: only the row's class. Unknown: every column, backwards so the running sum of squares
      // after k is at hand; the sum before k is added in a second, forward pass.
      let suffix = 0;
      for (; k >= last; k--) {
        const pk = p[k]!;
        let loss: number;
        if (probabilities) {
          // probabilityLoss written out, so the clipped value is formed once (and inlined).
          const q = clipProbability(pk, eps, hi);
          if (q !== pk) clipped[base + k]!++;
          loss = -Math.log(q);
        } else loss = negativeLogSoftmax(row, 0, width, k);
        addCompensatedAt(lossSums, lossLo, base + k, weighted(w, loss));
        if (loss === Infinity) infinite[base + k]!++;
        if (known) {
          let brier = 0;
          for (let j = 0; j < width; j++) {
            const d = (j === k ? 1 : 0) - p[j]!;
            brier += d * d;
          }
          addCompensatedAt(brierSums, brierLo, base + k, weighted(w, brier));
          if (keepRows) this.storeRow(firstRow + i, loss, pk, best, p[best]!, brier);
        } else {
          const d = 1 - pk;
          addCompensatedAt(brierSums, brierLo, base + k, weighted(w, suffix + d * d));
          suffix += pk * pk;
        }
      }
      if (known) continue;
      let prefix = 0;
      for (let j = 0; j < width; j++) {
        addCompensatedAt(brierSums, brierLo, base + j, weighted(w, prefix));
        prefix += p[j]! * p[j]!;
      }
    }
  }

  /**
   * addLabelled's loop for probability rows whose true column is known (an in-memory table, a
   * stream with its classes given): the same terms in the same order, but each row read where it
   * is, with its Brier term formed during the check (on 1e6 × 20 a copy of each row costs more
   * than its loss). A rescaled row (normalize) is read again, divided by its sum.
   */
  private addKnownProbabilityRows(batch: PredictionBatch, labelIds: Int32Array, firstRow: number, reject: RejectRow, keepRows: boolean): void {
    const s = this.sumsData;
    const width = batch.width;
    const { eps } = this.options;
    const hi = this.hi;
    const { columns, store, stride } = batch;
    const trueColumn = this.known;
    const c = s.candidates;
    const { loss: lossSums, brier: brierSums, lossLo, brierLo, clipped, infinite, predicted, count } = s;
    const ranks = s.ranks;
    const { columnHi, columnLo } = s;
    // The per-row outputs as locals (room made by addLabelled), written in place.
    const perRow = keepRows ? s.perRow : undefined;
    const trueProbability = keepRows ? s.trueProbability : undefined;
    const predictedClass = keepRows ? s.predictedClass : undefined;
    const confidence = keepRows ? s.confidence : undefined;
    const rowBrier = keepRows ? s.rowBrier : undefined;
    for (let i = 0, at = batch.offset; i < batch.rows; i++, at += stride) {
      const id = labelIds[i]!;
      if (id < 0) continue;
      const own = trueColumn[id]!;
      let sum = 0;
      let best = 0;
      let max = -Infinity;
      let ok = true;
      let brier = 0;
      let q = Number.NaN;
      let rescaled = false;
      for (let k = 0; k < width; k++) {
        const v = columns !== undefined ? (columns[k]![i] as number) : store![at + k]!;
        if (!(v >= 0 && v <= 1) && !this.usable(v, k, width, i, reject)) {
          ok = false;
          break;
        }
        sum += v;
        const d = (k === own ? 1 : 0) - v;
        brier += d * d;
        if (k === own) q = v;
        if (k === 0 || v > max) {
          max = v;
          best = k;
        }
      }
      if (!ok) continue;
      // Rows off by more than the tolerance are rejected, or divided by their sum; rows within it
      // are used exactly as given.
      const verdict = sumVerdict(sum, width, this.options);
      if (verdict !== undefined) {
        if (verdict !== 'scale') {
          reject(i, verdict);
          continue;
        }
        s.normalizedRows++;
        rescaled = true;
        brier = 0;
        for (let k = 0; k < width; k++) {
          const p = (columns !== undefined ? (columns[k]![i] as number) : store![at + k]!) / sum;
          const d = (k === own ? 1 : 0) - p;
          brier += d * d;
          if (k === own) q = p;
        }
      }
      count[id]!++;
      const base = id * c;
      predicted[base + best]!++;
      if (columnHi !== undefined) {
        for (let k = 0; k < width; k++) {
          const v = columns !== undefined ? (columns[k]![i] as number) : store![at + k]!;
          addCompensatedAt(columnHi, columnLo!, base + k, rescaled ? v / sum : v);
        }
      }
      if (own < 0) continue;
      if (ranks !== undefined) {
        // On the values as given (dividing by the sum keeps their order).
        const mine = columns !== undefined ? (columns[own]![i] as number) : store![at + own]!;
        let rank = 0;
        for (let k = 0; k < width; k++) {
          const v = columns !== undefined ? (columns[k]![i] as number) : store![at + k]!;
          if (v > mine || (v === mine && k > own)) rank++;
        }
        ranks[(base + own) * width + rank]!++;
      }
      // probabilityLoss written out, so the clipped value is formed once.
      const clippedQ = clipProbability(q, eps, hi);
      if (clippedQ !== q) clipped[base + own]!++;
      const loss = -Math.log(clippedQ);
      addCompensatedAt(lossSums, lossLo, base + own, loss);
      if (loss === Infinity) infinite[base + own]!++;
      addCompensatedAt(brierSums, brierLo, base + own, brier);
      if (perRow !== undefined) perRow[firstRow + i] = loss;
      if (trueProbability !== undefined) trueProbability[firstRow + i] = q;
      if (predictedClass !== undefined) predictedClass[firstRow + i] = best;
      if (confidence !== undefined) confidence[firstRow + i] = rescaled ? max / sum : max;
      if (rowBrier !== undefined) rowBrier[firstRow + i] = brier;
    }
  }

  /**
   * Scores the batch's rows against target rows (one-hot or soft, the same width; −Σ t_k ln
   * clip(p_k) or −Σ t_k log softmax(s)_k, Σ (t_k − p_k)², errors against the targets' argmax).
   * `skip[i] < 0` leaves row i out. Throws CoreError for target rows that are not distributions.
   */
  addTargets(batch: PredictionBatch, targets: PredictionBatch, skip: Int32Array | undefined, firstRow: number, reject: RejectRow): void {
    const s = this.sumsData;
    const width = batch.width;
    if (s.width < 0) this.setWidth(width);
    const probabilities = this.options.kind === 'probabilities';
    const value = valueAt;
    const rows: number[] = [];
    for (let i = 0; i < batch.rows; i++) {
      if (skip !== undefined && skip[i]! < 0) continue;
      const rejection = rowRejection(batch, i, this.options, targets);
      if (rejection !== undefined) {
        reject(i, rejection);
        continue;
      }
      rows.push(i);
    }
    const n = rows.length;
    if (n === 0) return;
    const gather = (b: PredictionBatch): Matrix => {
      const data = new Float64Array(n * b.width);
      for (let r = 0; r < n; r++) for (let k = 0; k < b.width; k++) data[r * b.width + k] = value(b, rows[r]!, k);
      return { data, rows: n, cols: b.width };
    };
    const x = gather(batch);
    const t = gather(targets);
    const options = { eps: this.options.eps, normalize: this.options.normalize, rowSumTolerance: this.options.rowSumTolerance };
    let p = x;
    if (!probabilities) {
      const out = new Float64Array(n * width);
      for (let r = 0; r < n; r++) softmaxInto(x.data, r * width, width, out, r * width);
      p = { data: out, rows: n, cols: width };
    }
    const ce = probabilities ? softCrossEntropy(t, x, options) : softCrossEntropyFromLogits(t, x);
    const brier = softBrierScore(t, p, { normalize: options.normalize, rowSumTolerance: options.rowSumTolerance });
    // Row by row into the compensated pairs, as the labelled sums: grouping changes nothing.
    for (let r = 0; r < n; r++) {
      addCompensatedAt(s.targetHi, s.targetLo, 0, ce.rowLossNats[r]!);
      addCompensatedAt(s.targetHi, s.targetLo, 1, brier.rowBrier[r]!);
    }
    s.n += n;
    s.clippedRows += ce.clippedRows;
    s.infiniteRows += ce.infiniteRows;
    s.normalizedRows += ce.normalizedRows;
    const hot = argmaxRows(t);
    const error = errorRate(hot, x);
    s.errors += error.errors;
    if ((this.options.perRowLoss ?? 'none') === 'none' && this.options.perRowDetail !== true) return;
    this.roomForRow(firstRow + rows[n - 1]!);
    for (let r = 0; r < n; r++) {
      const k = hot[r]!;
      // p(true) only for a one-hot row; a soft target has no single true class.
      let pTrue = Number.NaN;
      if (t.data[r * width + k] === 1) {
        const q = p.data[r * width + k]!;
        pTrue = probabilities && this.options.normalize ? q / rowSum(p.data, r * width, width) : q;
      }
      const top = p.data[r * width + error.predicted[r]!]!;
      this.storeRow(firstRow + rows[r]!, ce.rowLossNats[r]!, pTrue, error.predicted[r]!, probabilities && this.options.normalize ? top / rowSum(p.data, r * width, width) : top, brier.rowBrier[r]!);
    }
  }
}

/** w · v, with a weight-0 row adding 0 even where its loss is infinite (0 · ∞ would be NaN). */
function weighted(w: number, v: number): number {
  return w === 1 ? v : w === 0 ? 0 : w * v;
}

/**
 * Σ_k −log p_k of one row: clipped probabilities as the loss clips them, or, for logits z,
 * Σ_k (lse − z_k) = Σ_k (z_best − z_k) + K · (−log softmax(z)_best), exact at any magnitude.
 */
function uniformLoss(probabilities: boolean, values: Float64Array, width: number, best: number, eps: number, hi: number): number {
  let sum = 0;
  if (probabilities) {
    for (let k = 0; k < width; k++) sum -= Math.log(clipProbability(values[k]!, eps, hi));
    return sum;
  }
  for (let k = 0; k < width; k++) sum += values[best]! - values[k]!;
  return sum + width * negativeLogSoftmax(values, 0, width, best);
}

/**
 * The rank of column k in row[0 .. width): the columns above it, ties counted above when their
 * index is higher (top_k_accuracy_score's reversed stable argsort). O(width).
 */
function rankIn(row: Float64Array, width: number, k: number): number {
  const mine = row[k]!;
  let rank = 0;
  for (let j = 0; j < width; j++) {
    const v = row[j]!;
    if (v > mine || (v === mine && j > k)) rank++;
  }
  return rank;
}

/** Σ of data[from .. from + width). */
function rowSum(data: Float64Array, from: number, width: number): number {
  let sum = 0;
  for (let k = from; k < from + width; k++) sum += data[k]!;
  return sum;
}

/** Sums of no rows. */
export function emptyLossSums(): LossSums {
  return {
    width: -1,
    candidates: 0,
    loss: new Float64Array(0),
    brier: new Float64Array(0),
    lossLo: new Float64Array(0),
    brierLo: new Float64Array(0),
    clipped: new Float64Array(0),
    infinite: new Float64Array(0),
    predicted: new Float64Array(0),
    count: [],
    targetHi: new Float64Array(2),
    targetLo: new Float64Array(2),
    errors: 0,
    clippedRows: 0,
    infiniteRows: 0,
    n: 0,
    normalizedRows: 0,
    ranks: undefined,
    columnHi: undefined,
    columnLo: undefined,
    weightHi: undefined,
    weightLo: undefined,
    uniformHi: undefined,
    uniformLo: undefined,
    perRow: undefined,
    trueProbability: undefined,
    predictedClass: undefined,
    confidence: undefined,
    rowBrier: undefined,
  };
}

function grown(a: Float64Array, size: number): Float64Array {
  const next = new Float64Array(size);
  next.set(a);
  return next;
}

function grownRows(a: Float64Array | Float32Array | undefined, size: number, kind: 'float64' | 'float32'): Float64Array | Float32Array {
  const next = kind === 'float32' ? new Float32Array(size) : new Float64Array(size);
  next.fill(NaN);
  if (a !== undefined) next.set(a);
  return next;
}

/**
 * How a loss is weighed, with PyTorch's and scikit-learn's meanings (sample weights are given to
 * the accumulator row by row):
 * - `classWeights[k]`: CrossEntropyLoss(weight=…) with reduction mean, Σ w_{y_i} l_i / Σ w_{y_i};
 * - `positiveWeight`: BCEWithLogitsLoss(pos_weight=W), −[W·y·log p + (1 − y)·log(1 − p)] averaged
 *   over the rows (one column only);
 * - `labelSmoothing` A: CrossEntropyLoss(label_smoothing=A), the target (1 − A)·onehot + A/K
 *   (class rows; needs the accumulator's `smoothingSums`).
 * Brier score and error rate take the sample weights only.
 */
export interface LossWeighting {
  readonly classWeights?: readonly number[];
  readonly positiveWeight?: number;
  readonly labelSmoothing?: number;
}

/**
 * The totals of labelled sums once the class mapping is decided: `columnOfLabel[id]` is label
 * id's true column (binary: 1 positive, 0 negative), −1 for a label left out (see
 * {@link leftOutLabels}). Sums of the chosen pairs, compensated, so any grouping of the rows gives
 * the same bits. With sample weights the means are Σ w·x / Σ w (scikit-learn's sample_weight),
 * `weightTotal` Σ w; `weighting` as {@link LossWeighting}. O(labels).
 */
export function labelledTotals(sums: LossSums, columnOfLabel: readonly number[], weighting: LossWeighting = {}): LossTotals {
  const totals: LossTotals = { n: 0, sumNats: 0, meanNats: NaN, brier: NaN, errors: 0, errorRate: NaN, clippedRows: 0, infiniteRows: 0, normalizedRows: sums.normalizedRows, weightTotal: 0 };
  if (sums.width <= 0) return totals;
  const smoothing = weighting.labelSmoothing ?? 0;
  if (smoothing !== 0 && (sums.uniformHi === undefined || sums.width < 2)) throw new CoreError('badOption', 'Label smoothing needs class rows and the accumulator made with smoothingSums');
  const lossParts: number[] = [];
  const lossCorrections: number[] = [];
  const brierParts: number[] = [];
  const brierCorrections: number[] = [];
  const weightParts: number[] = [];
  const weightCorrections: number[] = [];
  const lossWeightParts: number[] = [];
  const lossWeightCorrections: number[] = [];
  let errors = 0;
  sums.count.forEach((count, id) => {
    const k = columnOfLabel[id] ?? -1;
    if (count === 0 || k < 0) return;
    totals.n += count;
    const at = id * sums.candidates + k;
    const weight = sums.weightHi?.[id] ?? count;
    const classWeight = weighting.classWeights?.[k] ?? 1;
    const lossScale = classWeight * (sums.width === 1 && k === 1 ? (weighting.positiveWeight ?? 1) : 1);
    const own = (1 - smoothing) * lossScale;
    lossParts.push(own === 1 ? sums.loss[at]! : own * sums.loss[at]!);
    lossCorrections.push(own === 1 ? sums.lossLo[at]! : own * sums.lossLo[at]!);
    if (smoothing !== 0) {
      const share = (smoothing / sums.width) * lossScale;
      lossParts.push(share * sums.uniformHi![id]!);
      lossCorrections.push(share * sums.uniformLo![id]!);
    }
    brierParts.push(sums.brier[at]!);
    brierCorrections.push(sums.brierLo[at]!);
    weightParts.push(weight);
    weightCorrections.push(sums.weightLo?.[id] ?? 0);
    lossWeightParts.push(classWeight * weight);
    lossWeightCorrections.push(classWeight * (sums.weightLo?.[id] ?? 0));
    totals.clippedRows += sums.clipped[at]!;
    totals.infiniteRows += sums.infinite[at]!;
    const base = id * sums.candidates;
    errors += sums.width === 1 ? (k === 1 ? weight - sums.predicted[base + 1]! : sums.predicted[base + 1]!) : weight - sums.predicted[at]!;
  });
  const weighted = sums.weightHi !== undefined;
  totals.weightTotal = weighted ? pairTotal(weightParts, weightCorrections) : totals.n;
  totals.sumNats = pairTotal(lossParts, lossCorrections);
  // Class weights divide by Σ w_{y_i} (PyTorch's mean); otherwise by the rows (or Σ w).
  const lossDenominator = weighting.classWeights !== undefined ? pairTotal(lossWeightParts, lossWeightCorrections) : totals.weightTotal;
  totals.meanNats = totals.sumNats / lossDenominator;
  totals.brier = pairTotal(brierParts, brierCorrections) / totals.weightTotal;
  totals.errors = errors;
  totals.errorRate = errors / totals.weightTotal;
  return totals;
}

/**
 * The confusion matrix of labelled sums: entry [k][j] counts the rows whose true column is k
 * (`columnOfLabel` as for {@link labelledTotals}) and whose prediction is column j (the argmax,
 * first on ties; binary: 1 when p > 0.5 or s > 0). K × K with K the width (2 for one column). O(labels · K).
 */
export function labelledConfusion(sums: LossSums, columnOfLabel: readonly number[]): number[][] {
  const classes = sums.width === 1 ? 2 : Math.max(sums.width, 0);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  sums.count.forEach((count, id) => {
    const k = columnOfLabel[id] ?? -1;
    if (count === 0 || k < 0) return;
    const base = id * sums.candidates;
    for (let j = 0; j < classes; j++) confusion[k]![j]! += sums.predicted[base + j]!;
  });
  return confusion;
}

/** Per true column: its rows and their mean loss (NaN for a class without rows). O(labels). */
export function labelledClassLosses(sums: LossSums, columnOfLabel: readonly number[]): { support: number[]; meanNats: number[] } {
  const classes = sums.width === 1 ? 2 : Math.max(sums.width, 0);
  const his: number[][] = Array.from({ length: classes }, () => []);
  const los: number[][] = Array.from({ length: classes }, () => []);
  const support = new Array<number>(classes).fill(0);
  sums.count.forEach((count, id) => {
    const k = columnOfLabel[id] ?? -1;
    if (count === 0 || k < 0) return;
    const at = id * sums.candidates + k;
    support[k]! += count;
    his[k]!.push(sums.loss[at]!);
    los[k]!.push(sums.lossLo[at]!);
  });
  return { support, meanNats: support.map((n, k) => (n === 0 ? Number.NaN : pairTotal(his[k]!, los[k]!) / n)) };
}

/**
 * Top-k accuracy of labelled sums counted with `ranks`: the share of rows whose true column ranks
 * among the k highest, as top_k_accuracy_score(y, P, k). One column (binary): k = 1 is the
 * accuracy, k ≥ 2 always 1, as scikit-learn. NaN without ranks or rows. O(labels · k).
 */
export function labelledTopK(sums: LossSums, columnOfLabel: readonly number[], k: number): number {
  let n = 0;
  let hits = 0;
  sums.count.forEach((count, id) => {
    const column = columnOfLabel[id] ?? -1;
    if (count === 0 || column < 0) return;
    n += count;
    const at = id * sums.candidates + column;
    if (sums.width === 1) {
      const correct = column === 1 ? sums.predicted[id * 2 + 1]! : sums.predicted[id * 2]!;
      hits += k >= 2 ? count : correct;
    } else if (sums.ranks !== undefined) {
      for (let r = 0; r < Math.min(k, sums.width); r++) hits += sums.ranks[at * sums.width + r]!;
    } else hits = Number.NaN;
  });
  return n === 0 ? Number.NaN : hits / n;
}

/**
 * Per class k (a true column), the mean over its rows of each column's probability: row k of the
 * K × K result is mean p over the rows of class k (softmax of logits, rows divided by their sums
 * with normalize). Its diagonal is confident learning's per-class threshold t_k (cleanlab's
 * get_confident_thresholds); a class without rows has NaN. Needs `columnSums`. O(labels · K).
 */
export function labelledColumnMeans(sums: LossSums, columnOfLabel: readonly number[]): number[][] {
  const width = sums.width;
  const his: number[][][] = Array.from({ length: width }, () => Array.from({ length: width }, () => []));
  const los: number[][][] = Array.from({ length: width }, () => Array.from({ length: width }, () => []));
  const support = new Array<number>(Math.max(width, 0)).fill(0);
  if (sums.columnHi === undefined || sums.columnLo === undefined) throw new CoreError('badOption', 'The class means need the accumulator made with columnSums');
  sums.count.forEach((count, id) => {
    const k = columnOfLabel[id] ?? -1;
    if (count === 0 || k < 0) return;
    support[k]! += count;
    for (let j = 0; j < width; j++) {
      his[k]![j]!.push(sums.columnHi![id * sums.candidates + j]!);
      los[k]![j]!.push(sums.columnLo![id * sums.candidates + j]!);
    }
  });
  return support.map((n, k) => Array.from({ length: width }, (_, j) => (n === 0 ? Number.NaN : pairTotal(his[k]![j]!, los[k]![j]!) / n)));
}

/** The label ids with scored rows whose column is −1 in `columnOfLabel`, with their row counts. */
export function leftOutLabels(sums: LossSums, columnOfLabel: readonly number[]): { id: number; count: number }[] {
  const out: { id: number; count: number }[] = [];
  sums.count.forEach((count, id) => {
    if (count > 0 && (columnOfLabel[id] ?? -1) < 0) out.push({ id, count });
  });
  return out;
}

/** The totals of targets-mode sums. */
export function targetTotals(sums: LossSums): LossTotals {
  const sumNats = pairTotal([sums.targetHi[0]!], [sums.targetLo[0]!]);
  return {
    n: sums.n,
    sumNats,
    meanNats: sumNats / sums.n,
    brier: pairTotal([sums.targetHi[1]!], [sums.targetLo[1]!]) / sums.n,
    errors: sums.errors,
    errorRate: sums.errors / sums.n,
    clippedRows: sums.clippedRows,
    infiniteRows: sums.infiniteRows,
    normalizedRows: sums.normalizedRows,
    weightTotal: sums.n,
  };
}

/**
 * The sums one accumulator would have reached over `first`'s rows then `second`'s: second's label
 * ids become `mergedId[j]` among `labelCount` labels, per-row outputs of second's rows move past
 * first's `firstRows`. Pairs are added pair to pair (the his with Neumaier's step, the corrections
 * with them), so the merged totals are one pass's. O(labels × width + rows kept).
 */
export function mergeLossSums(first: LossSums, second: LossSums, mergedId: readonly number[], labelCount: number, firstRows: number, secondRows: number): LossSums {
  const width = first.width >= 0 ? first.width : second.width;
  const candidates = first.width >= 0 ? first.candidates : second.candidates;
  const size = labelCount * candidates;
  const widen = (a: Float64Array): Float64Array => {
    const out = new Float64Array(size);
    out.set(a.subarray(0, Math.min(a.length, size)));
    return out;
  };
  const merged: LossSums = {
    width,
    candidates,
    loss: widen(first.loss),
    brier: widen(first.brier),
    lossLo: widen(first.lossLo),
    brierLo: widen(first.brierLo),
    clipped: widen(first.clipped),
    infinite: widen(first.infinite),
    predicted: widen(first.predicted),
    count: Array.from({ length: labelCount }, (_, id) => first.count[id] ?? 0),
    targetHi: Float64Array.from(first.targetHi),
    targetLo: Float64Array.from(first.targetLo),
    errors: first.errors + second.errors,
    clippedRows: first.clippedRows + second.clippedRows,
    infiniteRows: first.infiniteRows + second.infiniteRows,
    n: first.n + second.n,
    normalizedRows: first.normalizedRows + second.normalizedRows,
    ranks: first.ranks === undefined && second.ranks === undefined ? undefined : widenTo(first.ranks, size * Math.max(width, 1)),
    columnHi: first.columnHi === undefined && second.columnHi === undefined ? undefined : widenTo(first.columnHi, size),
    columnLo: first.columnLo === undefined && second.columnLo === undefined ? undefined : widenTo(first.columnLo, size),
    ...mergedPerLabel(first, second, mergedId, labelCount),
    perRow: concatRows(first.perRow, second.perRow, firstRows, secondRows, NaN) as Float64Array | Float32Array | undefined,
    trueProbability: concatRows(first.trueProbability, second.trueProbability, firstRows, secondRows, NaN) as Float64Array | undefined,
    predictedClass: concatRows(first.predictedClass, second.predictedClass, firstRows, secondRows, -1) as Int32Array | undefined,
    confidence: concatRows(first.confidence, second.confidence, firstRows, secondRows, NaN) as Float64Array | undefined,
    rowBrier: concatRows(first.rowBrier, second.rowBrier, firstRows, secondRows, NaN) as Float64Array | undefined,
  };
  for (let k = 0; k < 2; k++) {
    addCompensatedAt(merged.targetHi, merged.targetLo, k, second.targetHi[k]!);
    merged.targetLo[k]! += second.targetLo[k]!;
  }
  if (second.width >= 0 && second.candidates === candidates) {
    second.count.forEach((count, j) => {
      const id = mergedId[j]!;
      merged.count[id]! += count;
      for (let k = 0; k < candidates; k++) {
        const from = j * candidates + k;
        const to = id * candidates + k;
        addCompensatedAt(merged.loss, merged.lossLo, to, second.loss[from] ?? 0);
        merged.lossLo[to]! += second.lossLo[from] ?? 0;
        addCompensatedAt(merged.brier, merged.brierLo, to, second.brier[from] ?? 0);
        merged.brierLo[to]! += second.brierLo[from] ?? 0;
        merged.clipped[to]! += second.clipped[from] ?? 0;
        merged.infinite[to]! += second.infinite[from] ?? 0;
        merged.predicted[to]! += second.predicted[from] ?? 0;
        if (merged.ranks !== undefined && second.ranks !== undefined) for (let r = 0; r < width; r++) merged.ranks[to * width + r]! += second.ranks[from * width + r] ?? 0;
        if (merged.columnHi !== undefined && second.columnHi !== undefined) {
          addCompensatedAt(merged.columnHi, merged.columnLo!, to, second.columnHi[from] ?? 0);
          merged.columnLo![to]! += second.columnLo?.[from] ?? 0;
        }
      }
    });
  }
  return merged;
}

/** The per-label weight and uniform-loss sums of two parts under the merged label ids. */
function mergedPerLabel(first: LossSums, second: LossSums, mergedId: readonly number[], labelCount: number): Pick<LossSums, 'weightHi' | 'weightLo' | 'uniformHi' | 'uniformLo'> {
  const merge = (
    hiOf: (x: LossSums) => Float64Array | undefined,
    loOf: (x: LossSums) => Float64Array | undefined,
    fallback: (x: LossSums, id: number) => number,
  ): [Float64Array, Float64Array] | undefined => {
    if (hiOf(first) === undefined && hiOf(second) === undefined) return undefined;
    const hi = new Float64Array(labelCount);
    const lo = new Float64Array(labelCount);
    for (let id = 0; id < Math.min(labelCount, first.count.length); id++) {
      hi[id] = hiOf(first)?.[id] ?? fallback(first, id);
      lo[id] = loOf(first)?.[id] ?? 0;
    }
    second.count.forEach((_, j) => {
      const id = mergedId[j]!;
      addCompensatedAt(hi, lo, id, hiOf(second)?.[j] ?? fallback(second, j));
      lo[id]! += loOf(second)?.[j] ?? 0;
    });
    return [hi, lo];
  };
  // Without weights a part's rows weigh 1 each; without smoothing sums a part adds nothing.
  const weight = merge(
    (x) => x.weightHi,
    (x) => x.weightLo,
    (x, id) => x.count[id] ?? 0,
  );
  const uniform = merge(
    (x) => x.uniformHi,
    (x) => x.uniformLo,
    () => 0,
  );
  return { weightHi: weight?.[0], weightLo: weight?.[1], uniformHi: uniform?.[0], uniformLo: uniform?.[1] };
}

/** `a` (or nothing) in a zero-filled array of `size`. */
function widenTo(a: Float64Array | undefined, size: number): Float64Array {
  const out = new Float64Array(size);
  if (a !== undefined) out.set(a.subarray(0, Math.min(a.length, size)));
  return out;
}

type RowArray = Float64Array | Float32Array | Int32Array;

/** Both ranges' per-row outputs in one array (`missing` for rows neither stored). */
function concatRows(first: RowArray | undefined, second: RowArray | undefined, firstRows: number, secondRows: number, missing: number): RowArray | undefined {
  if (first === undefined && second === undefined) return undefined;
  const sample = (first ?? second)!;
  const size = firstRows + secondRows;
  const out = sample instanceof Float32Array ? new Float32Array(size) : sample instanceof Int32Array ? new Int32Array(size) : new Float64Array(size);
  out.fill(missing);
  if (first !== undefined) out.set(first.subarray(0, Math.min(first.length, firstRows)));
  if (second !== undefined) out.set(second.subarray(0, Math.min(second.length, secondRows)), firstRows);
  return out;
}

/** A row the accumulator left out, and why. */
export interface RejectedRow {
  readonly row: number;
  readonly rejection: RowRejection;
}

const REJECTION_CODES = {
  missing: 'nonFinite',
  'not-finite': 'nonFinite',
  'missing-target': 'nonFinite',
  'out-of-range': 'probabilityOutOfRange',
  'row-sum': 'rowSumNotOne',
  'zero-sum': 'zeroTotal',
} as const;

/** A rejection's value for the messages: the value at fault, the row's sum, or NaN. */
function rejectionValue(r: RowRejection): number {
  return 'value' in r ? r.value : 'sum' in r ? r.sum : Number.NaN;
}

/**
 * A rejection in words: the entry for one row (`{value}` for its value) and the lead of an error
 * about all rows of its reason. `negative`: with normalize, every value of the reason is below 0.
 */
function rejectionWords(reason: RowRejection['reason'], kind: 'probabilities' | 'logits', rowSumTolerance: number, negative: boolean): { entry: string; lead: string } {
  const what = reason === 'missing-target' ? 'targets' : kind;
  const shown = Number(rowSumTolerance.toPrecision(2)).toExponential();
  switch (reason) {
    case 'missing':
      return { entry: `a value is missing (${what} must be finite numbers)`, lead: `${capitalized(what)} must be finite numbers` };
    case 'not-finite':
      return { entry: `${kind === 'logits' ? 'logit' : 'probability'} {value} is not a finite number`, lead: `${capitalized(what)} must be finite numbers` };
    case 'missing-target':
      return { entry: 'a target is not a finite number', lead: 'Targets must be finite numbers' };
    case 'out-of-range':
      return negative
        ? { entry: 'probability {value} is negative', lead: 'Probabilities must be non-negative' }
        : { entry: 'probability {value} is outside [0, 1]', lead: 'Probabilities must be within [0, 1]' };
    case 'row-sum':
      return { entry: `the probabilities sum to {value}, not 1 (|sum − 1| > ${shown})`, lead: `The probabilities do not sum to 1 (|sum − 1| > ${shown})` };
    case 'zero-sum':
      return { entry: 'the probabilities sum to 0 and cannot be normalised', lead: 'Rows of probabilities that sum to 0 cannot be normalised' };
  }
}

/**
 * One row the accumulator left out as the core's refusal of it: the code and entry rejectionError
 * gives its reason, its value and the column at fault (for 'missing-target', a target column).
 * Example: {row: 3, rejection: {reason: 'out-of-range', column: 1, value: 1.2}} →
 * {code: 'probabilityOutOfRange', row: 3, value: 1.2, column: 1, entry: 'probability {value} is outside [0, 1]'}.
 */
export function rejectionRefusal(rejected: RejectedRow, kind: 'probabilities' | 'logits', rowSumTolerance: number, normalize: boolean): RowRefusal {
  const { rejection } = rejected;
  const value = rejectionValue(rejection);
  const { entry } = rejectionWords(rejection.reason, kind, rowSumTolerance, normalize && value < 0);
  return { code: REJECTION_CODES[rejection.reason], row: rejected.row, value, ...('column' in rejection ? { column: rejection.column } : {}), entry };
}

/**
 * The rows left out of an in-memory score as the CoreError its caller turns into positioned
 * problems: the first row's reason, every row with that reason, their values (for the entries'
 * `{value}`) and, when one column is at fault in all of them, that column.
 * Example: [{row: 3, rejection: {reason: 'out-of-range', column: 1, value: 1.2}}] → 'probabilityOutOfRange', rows [3].
 */
export function rejectionError(rejected: readonly RejectedRow[], kind: 'probabilities' | 'logits', rowSumTolerance: number, normalize: boolean): CoreError {
  const reason = rejected[0]!.rejection.reason;
  const same = rejected.filter((r) => r.rejection.reason === reason);
  const rows = same.map((r) => r.row);
  const values = same.map((r) => rejectionValue(r.rejection));
  const columnsAtFault = new Set(same.map((r) => ('column' in r.rejection ? r.rejection.column : -1)));
  const column = columnsAtFault.size === 1 ? [...columnsAtFault][0]! : -1;
  // With normalize only negative values are out of range (rows may be on any scale).
  const { entry, lead } = rejectionWords(reason, kind, rowSumTolerance, normalize && values.every((v) => v < 0));
  const shownValues = values.filter((v) => v === v);
  const tail = shownValues.length > 0 ? ` ${someValues(shownValues)}` : '';
  return new CoreError(REJECTION_CODES[reason], `${lead}: ${countOf(rows.length, 'row')}${tail}`, {
    rows,
    values,
    ...(column >= 0 ? { column } : {}),
    entry,
  });
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
