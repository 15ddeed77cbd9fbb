// Shannon entropy, in nats: of a label column's empirical class distribution, of one column taken
// as a distribution over its rows, and of each row of a probability matrix. 0·log 0 = 0.
import { requireFinite, requireNonNegative, requireRows, requireShape } from './checks';
import type { ClassLabel, ClassOrder } from './classes';
import { encodeLabels } from './classes';
import { CoreError } from './coreError';
import type { Matrix } from './matrix';
import { prepareProbabilityRows } from './probabilityRows';
import { scaledTotal } from './summation';

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

/** −Σ p log p over p_k = w_k / scale / total, skipping zeros (scipy.special.entr convention). */
function entropyOfWeights(weights: ArrayLike<number>, offset: number, length: number, total: number, scale = 1): number {
  let h = 0;
  for (let k = offset; k < offset + length; k++) {
    const w = weights[k] as number;
    if (w > 0) {
      const p = w / scale / total;
      h -= p * Math.log(p);
    }
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
  return { entropyNats: entropyOfWeights(counts, 0, counts.length, labels.length), n: labels.length, classes, counts, order };
}

/**
 * Entropy of class counts: H = −Σ_c (n_c/n) ln(n_c/n), n = Σ n_c, zeros skipped — labelEntropy's
 * formula for counts already tallied (a streamed file's label column). 0 for no counts. O(k).
 * Example: `countsEntropy([1, 3])` → 0.5623351446188083 (scipy.stats.entropy([1, 3])).
 */
export function countsEntropy(counts: readonly number[]): number {
  let n = 0;
  for (const c of counts) n += c;
  return n > 0 ? entropyOfWeights(counts, 0, counts.length, n) : 0;
}

/**
 * Entropy of a column of non-negative weights (or counts) taken as one distribution over its rows:
 * p_i = w_i / Σ w, H = −Σ p_i ln p_i (nats), 0·log 0 = 0. Normalisation is reported, never hidden.
 * Throws 'emptyInput', 'nonFinite', 'negativeWeight', 'zeroTotal'. O(n).
 * Example: `distributionEntropy([0.9, 0.1]).entropyNats` → 0.3250829733914482 = 0.468996 bits
 * (scipy.stats.entropy([0.9, 0.1])).
 */
export function distributionEntropy(weights: ArrayLike<number>): DistributionEntropyResult {
  requireRows(weights.length, 'the entropy');
  requireFinite(weights, 1, 'weights');
  requireNonNegative(weights, 1, 'weights');
  // Weights may be any size: a total beyond the largest double is taken as scale × sum.
  const { scale, sum } = scaledTotal(weights);
  const total = scale * sum;
  if (total === 0) throw new CoreError('zeroTotal', 'The weights sum to 0: an entropy needs a positive total');
  return {
    entropyNats: entropyOfWeights(weights, 0, weights.length, sum, scale),
    n: weights.length,
    total,
    normalized: Math.abs(total - 1) > 1e-12,
  };
}

/**
 * Entropy of each row of a probability matrix, H_i = −Σ_k p_ik ln p_ik (nats), and their mean.
 * Rows must be probabilities summing to 1 within 1e-6 (see prepareProbabilityRows) unless
 * `normalize` is true. Throws 'emptyInput' for no rows. O(n·k), no per-row allocation.
 * Example: rows [[0.5, 0.5], [1, 0]] → rowEntropyNats [ln 2, 0], meanNats ln 2 / 2.
 */
export function rowEntropies(probabilities: Matrix, options: { normalize?: boolean } = {}): RowEntropyResult {
  requireShape(probabilities, 'the probabilities');
  requireRows(probabilities.rows, 'the entropy');
  const { probabilities: p, normalizedRows } = prepareProbabilityRows(probabilities, options);
  const { rows, cols, data } = p;
  const out = new Float64Array(rows);
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const h = entropyOfWeights(data, i * cols, cols, 1);
    out[i] = h;
    sum += h;
  }
  return { rowEntropyNats: out, meanNats: sum / rows, n: rows, normalizedRows };
}
