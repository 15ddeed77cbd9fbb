// Row weights of a fit with scikit-learn's semantics: `fit(X, y, sample_weight=s)` with
// `class_weight=c` minimises C·Σ_i s_i·c_{y_i}·loss_i + ½‖W‖², and `class_weight='balanced'` is
// c_k = n / (K·n_k) from the unweighted class counts (sklearn.utils.class_weight.compute_class_weight).
import { requireFinite, requireNonNegative, requireSameLength } from '../checks';
import { CoreError } from '../coreError';

/** Per-class weights in the fit's class order (binary: [negative, positive]), or 'balanced'. */
export type ClassWeight = 'balanced' | ArrayLike<number>;

export interface FitWeights {
  /** Per-row weight s_i·c_{y_i}; undefined when neither option is given (every row weighs 1). */
  readonly rows: Float64Array | undefined;
  /** The class weights applied, in class order (undefined without classWeight). */
  readonly classes: Float64Array | undefined;
}

/** n / (K·n_k) per class: what scikit-learn's class_weight='balanced' gives. */
export function balancedClassWeights(counts: readonly number[]): Float64Array {
  const n = counts.reduce((a, b) => a + b, 0);
  return Float64Array.from(counts, (c) => n / (counts.length * c));
}

/**
 * Checks and combines the sample and class weights. `classOf(i)` is row i's class index and
 * `counts` the rows per class. Throws 'lengthMismatch', 'nonFinite', 'negativeWeight', 'badOption'
 * (class weights of the wrong length, negative or not finite) and 'zeroTotal' (every row weighs 0).
 */
export function fitWeights(sampleWeight: ArrayLike<number> | undefined, classWeight: ClassWeight | undefined, classOf: (row: number) => number, counts: readonly number[], what: string): FitWeights {
  if (sampleWeight === undefined && classWeight === undefined) return { rows: undefined, classes: undefined };
  const n = counts.reduce((a, b) => a + b, 0);
  let classes: Float64Array | undefined;
  if (classWeight === 'balanced') classes = balancedClassWeights(counts);
  else if (classWeight !== undefined) {
    if (classWeight.length !== counts.length) {
      throw new CoreError('badOption', `${what} has ${counts.length} classes but ${classWeight.length} class weights were given`);
    }
    classes = Float64Array.from(classWeight);
    classes.forEach((w, k) => {
      if (!(w >= 0 && Number.isFinite(w))) throw new CoreError('badOption', `Class weights must be finite numbers of 0 or more: class ${k} has ${w}`);
    });
  }
  const rows = new Float64Array(n);
  if (sampleWeight !== undefined) {
    requireSameLength(n, sampleWeight.length, `${what}'s sample weights`);
    requireFinite(sampleWeight, 1, 'sample weights');
    requireNonNegative(sampleWeight, 1, 'sample weights');
    for (let i = 0; i < n; i++) rows[i] = sampleWeight[i] as number;
  } else rows.fill(1);
  if (classes !== undefined) for (let i = 0; i < n; i++) rows[i] = (rows[i] as number) * (classes[classOf(i)] as number);
  let total = 0;
  for (let i = 0; i < n; i++) total += rows[i] as number;
  if (!(total > 0)) throw new CoreError('zeroTotal', `Every row of ${what} has weight 0: there is nothing to fit`);
  if (!Number.isFinite(total)) throw new CoreError('badOption', `The row weights of ${what} add up to more than 1.8e308: scale them down (only their ratios and C·Σw matter)`);
  return { rows, classes };
}
