// Shannon entropy, in nats: of a label column's empirical class distribution, of one column taken
// as a distribution over its rows, and of each row of a probability matrix. 0·log 0 = 0.
import { requireFinite, requireNonNegative, requireRows, requireShape } from './checks';
import type { ClassLabel, ClassOrder } from './classes';
import { encodeLabels } from './classes';
import { CoreError } from './coreError';
import type { Matrix } from './matrix';
import { addEntropyWeight, emptyEntropySums, finishEntropySums } from './entropySums';
import type { EntropySums } from './entropySums';
import { prepareProbabilityRows } from './probabilityRows';
import { addCompensated, compensatedTotal, emptyCompensatedSum, mergeCompensatedSums } from './summation';
import type { CompensatedSum } from './summation';

/** Entropy of the empirical class distribution of a label column. */
export interface LabelEntropyResult {
  readonly entropyNats: number;
  /** Number of labels. */
  readonly n: number;
  /** Distinct classes in class order (see sortClasses) and their counts. */
  readonly classes: readonly ClassLabel[];
  readonly counts: readonly number[];
  readonly order: ClassOrder;
}

/** Entropy of one column of non-negative weights taken as a distribution over its rows. */
export interface DistributionEntropyResult {
  readonly entropyNats: number;
  readonly n: number;
  /** Σ weights before normalisation (+Infinity when beyond the largest double; the entropy is still exact). */
  readonly total: number;
  /** True when the weights did not already sum to 1 (|total − 1| > 1e-12) and were divided by total. */
  readonly normalized: boolean;
}

/** Entropy of each probability row. */
export interface RowEntropyResult {
  readonly rowEntropyNats: Float64Array;
  readonly meanNats: number;
  readonly n: number;
  /** Rows that were normalised because they did not sum to 1 (only with normalize: true). */
  readonly normalizedRows: number;
}

/** −Σ p ln p over one row's probabilities as given, skipping zeros (scipy.special.entr convention). */
function rowEntropy(data: ArrayLike<number>, offset: number, length: number): number {
  let h = 0;
  for (let k = offset; k < offset + length; k++) {
    const p = data[k] as number;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/**
 * Entropy of a label column: H = −Σ_c (n_c/n) ln(n_c/n) over the classes present, in nats.
 * Classes follow sortClasses (numeric order for numeric labels, else code-point order).
 * Throws 'emptyInput' for no labels. O(n + k log k).
 * Example: `labelEntropy([0, 1, 1, 1]).entropyNats` → 0.5623351446188083 = 0.811278 bits
 * (scipy.stats.entropy([1, 3]) ); [1, 1, 1, 1] → 0.
 */
export function labelEntropy(labels: readonly ClassLabel[]): LabelEntropyResult {
  requireRows(labels.length, 'the entropy');
  const { indices, classes, order } = encodeLabels(labels);
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < indices.length; i++) counts[indices[i] as number]! += 1;
  return { entropyNats: weightsEntropy(counts), n: labels.length, classes, counts, order };
}

/**
 * Entropy of class counts: H = −Σ_c (n_c/n) ln(n_c/n), n = Σ n_c, zeros skipped — labelEntropy's
 * formula (the same sums, so the same bits) for counts already tallied (a streamed file's label
 * column). 0 for no counts. O(k).
 * Example: `countsEntropy([1, 3])` → 0.5623351446188083 (scipy.stats.entropy([1, 3])).
 */
export function countsEntropy(counts: readonly number[]): number {
  const h = weightsEntropy(counts);
  return Number.isNaN(h) ? 0 : h;
}

/** −Σ p ln p of finite non-negative weights through the mergeable sums (NaN for a zero total). */
function weightsEntropy(weights: ArrayLike<number>): number {
  const sums = emptyEntropySums();
  for (let i = 0; i < weights.length; i++) addEntropyWeight(sums, weights[i] as number);
  return finishEntropySums(sums).entropyNats;
}

/**
 * The largest entropy of `classes` classes, ln k nats (all equally frequent); 0 for one class.
 * Example: `uniformEntropyNats(4)` → 1.3862943611198906 (2 bits).
 */
export function uniformEntropyNats(classes: number): number {
  return Math.log(classes);
}

/**
 * Entropy of a column of non-negative weights (or counts) taken as one distribution over its rows:
 * p_i = w_i / Σ w, H = −Σ p_i ln p_i (nats), 0·log 0 = 0. Normalisation is reported, never hidden.
 * Computed through the mergeable EntropySums (see finishEntropySums for the numerical care: any
 * size of weight, 1e308 twice gives exactly ln 2), so a streamed file's sums give the same bits.
 * Throws 'emptyInput', 'nonFinite', 'negativeWeight', 'zeroTotal'. O(n).
 * Example: `distributionEntropy([0.9, 0.1]).entropyNats` → 0.3250829733914482 = 0.468996 bits
 * (scipy.stats.entropy([0.9, 0.1])).
 */
export function distributionEntropy(weights: ArrayLike<number>): DistributionEntropyResult {
  requireRows(weights.length, 'the entropy');
  requireFinite(weights, 1, 'weights');
  requireNonNegative(weights, 1, 'weights');
  const sums = emptyEntropySums();
  for (let i = 0; i < weights.length; i++) addEntropyWeight(sums, weights[i] as number);
  return distributionEntropyOfSums(sums);
}

/**
 * distributionEntropy's result from sums already added (a streamed file's, merged from its parts):
 * the same numbers, and the same refusals of no rows and of a zero total. O(1).
 */
export function distributionEntropyOfSums(sums: EntropySums): DistributionEntropyResult {
  requireRows(sums.n, 'the entropy');
  const finished = finishEntropySums(sums);
  if (finished.total === 0) throw new CoreError('zeroTotal', 'The weights sum to 0: an entropy needs a positive total');
  return { entropyNats: finished.entropyNats, n: sums.n, total: finished.total, normalized: Math.abs(finished.total - 1) > 1e-12 };
}

/**
 * Entropy of each row of a probability matrix, H_i = −Σ_k p_ik ln p_ik (nats), and their mean.
 * Rows must be probabilities summing to 1 within `rowSumTolerance` (default 1e-6; see
 * prepareProbabilityRows) unless `normalize` is true. The mean is RowEntropySums' (compensated,
 * mergeable), so rows scored a batch at a time give the same mean. Throws 'emptyInput' for no
 * rows. O(n·k), no per-row allocation.
 * Example: rows [[0.5, 0.5], [1, 0]] → rowEntropyNats [ln 2, 0], meanNats ln 2 / 2.
 */
export function rowEntropies(probabilities: Matrix, options: { normalize?: boolean; rowSumTolerance?: number } = {}): RowEntropyResult {
  requireShape(probabilities, 'the probabilities');
  requireRows(probabilities.rows, 'the entropy');
  const { probabilities: p, normalizedRows } = prepareProbabilityRows(probabilities, options);
  const { rows, cols, data } = p;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = rowEntropy(data, i * cols, cols);
  const sums = emptyRowEntropySums();
  addRowEntropies(sums, { rowEntropyNats: out, normalizedRows });
  return { rowEntropyNats: out, meanNats: finishRowEntropySums(sums).meanNats, n: rows, normalizedRows };
}

/** The running sums of per-row entropies: their compensated sum, rows and rows normalised. Plain data. */
export interface RowEntropySums {
  entropy: CompensatedSum;
  n: number;
  normalizedRows: number;
}

/** Sums of no rows. */
export function emptyRowEntropySums(): RowEntropySums {
  return { entropy: emptyCompensatedSum(), n: 0, normalizedRows: 0 };
}

/** Adds a batch's rows (rowEntropies' result for them), in row order. O(rows). */
export function addRowEntropies(s: RowEntropySums, batch: Pick<RowEntropyResult, 'rowEntropyNats' | 'normalizedRows'>): void {
  const h = batch.rowEntropyNats;
  for (let i = 0; i < h.length; i++) addCompensated(s.entropy, h[i] as number);
  s.n += h.length;
  s.normalizedRows += batch.normalizedRows;
}

/** The sums one pass over `first`'s rows then `second`'s would hold. */
export function mergeRowEntropySums(first: RowEntropySums, second: RowEntropySums): RowEntropySums {
  return { entropy: mergeCompensatedSums(first.entropy, second.entropy), n: first.n + second.n, normalizedRows: first.normalizedRows + second.normalizedRows };
}

/** The mean entropy over the rows added (NaN for none). O(1). */
export function finishRowEntropySums(s: RowEntropySums): { meanNats: number; n: number; normalizedRows: number } {
  return { meanNats: compensatedTotal(s.entropy) / s.n, n: s.n, normalizedRows: s.normalizedRows };
}
