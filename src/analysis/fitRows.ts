// Logistic / softmax fits on the scored rows, with what the hover needs per row: the fitted
// probability of the true class and the margin (how far on the right side of the boundary).
import { CoreError, fitLogistic, fitSoftmax, nonFiniteRefusals, weightRefusals } from '../core';
import type { ClassLabel, FitOptions, FitResult, Matrix, RowRefusal } from '../core';
import { didYouMean } from '../data';
import type { FitSummary, FitUncertainty } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';
import { fitBrier } from './fitBrier';
import { fitThreads } from './fitThreads';
import { binaryRows, encodeRows } from './labelSet';
import type { LabelSet } from './labelSet';
import { AnalysisCancelled } from './workContext';
import type { WorkContext } from './workContext';

/** A fit of labels: the core's result, its Brier score, and the targets it was fitted to. */
export type LabelFit = (
  | { model: 'logistic'; result: FitResult; brier: number; y: Float64Array; negative: ClassLabel | undefined; positive: ClassLabel; classes: readonly ClassLabel[] }
  | { model: 'softmax'; result: FitResult; brier: number; indices: Int32Array; classes: readonly ClassLabel[] }
) & {
  /** The solver's own wall time (the fit alone: no reading, no label encoding, no standard errors). */
  seconds: number;
  /** Wall time of the standard errors (0 when not asked). */
  standardErrorSeconds: number;
};

/** Class weights by label value as a user writes them (`cat=1,dog=3`), or scikit-learn's 'balanced'. */
export type ClassWeightsByLabel = 'balanced' | ReadonlyMap<string, number>;

/**
 * Per-class weights in the fit's class order from weights by label text; classes not named weigh 1
 * (scikit-learn's dict semantics). Throws CoreError 'badOption' for a label that is no class.
 */
export function classWeightsInOrder(byLabel: ClassWeightsByLabel | undefined, classes: readonly ClassLabel[]): FitOptions['classWeight'] {
  if (byLabel === undefined || byLabel === 'balanced') return byLabel;
  const names = classes.map(String);
  for (const label of byLabel.keys()) {
    if (!names.includes(label)) {
      throw new CoreError('badOption', `The class weight for '${label}' names no class of the labels (${names.join(', ')})${didYouMean(label, names)}`);
    }
  }
  return names.map((name) => byLabel.get(name) ?? 1);
}

/**
 * The one road from labels to a fit, for the editor and the CLI alike: logistic on the binary
 * targets (positive class `positiveLabel`, else scikit-learn's rule), softmax on the class indices
 * in the core's class order, then the fit's own Brier score. Class weights are given by label and
 * mapped to that class order here. Throws what the core throws.
 */
export function fitLabels(model: 'logistic' | 'softmax', x: Matrix, labels: LabelSet, positiveLabel: ClassLabel | undefined, options: FitOptions, classWeights?: ClassWeightsByLabel): LabelFit {
  if (model === 'logistic') {
    const binary = binaryRows(labels, positiveLabel);
    const classes = binary.negative === undefined ? [binary.positive] : [binary.negative, binary.positive];
    const classWeight = classWeightsInOrder(classWeights, binary.negative === undefined ? [`not ${String(binary.positive)}`, binary.positive] : classes);
    // Large binary fits run half of each pass on a second core (same numbers; none when unbundled).
    const threads = options.threads ?? fitThreads();
    const result = fitLogistic(x, binary.y, { ...options, clock, ...(classWeight !== undefined ? { classWeight } : {}), ...(threads !== undefined ? { threads } : {}) });
    return { model, result, brier: fitBrier(result, binary.y), y: binary.y, negative: binary.negative, positive: binary.positive, classes, ...timings(result) };
  }
  const encoded = encodeRows(labels);
  const classWeight = classWeightsInOrder(classWeights, encoded.classes);
  const result = fitSoftmax(x, encoded.indices, encoded.classes.length, { ...options, clock, ...(classWeight !== undefined ? { classWeight } : {}) });
  return { model, result, brier: fitBrier(result, encoded.indices), indices: encoded.indices, classes: encoded.classes, ...timings(result) };
}

const clock = (): number => performance.now();

function timings(result: FitResult): { seconds: number; standardErrorSeconds: number } {
  return { seconds: result.seconds?.solver ?? NaN, standardErrorSeconds: result.seconds?.standardErrors ?? 0 };
}

/** The rows of `x` a fit refuses for their features: a value that is not finite (the fits' check, in their words). */
export function featureRefusals(x: Matrix): RowRefusal[] {
  return nonFiniteRefusals(x.data, Math.max(1, x.cols), 'features');
}

/** The sample weights a fit refuses: not finite, else negative (the fits' checks, in their words). */
export function sampleWeightRefusals(weights: ArrayLike<number>): RowRefusal[] {
  return weightRefusals(weights, 1, 'sample weights');
}

export interface FittedRows {
  summary: Omit<FitSummary, 'fittedTrueClassProbability' | 'margin' | 'lossNats'>;
  /** Per scored row: true-class index, fitted p(true), margin, fitted loss. */
  truth: Int32Array;
  trueClassProbability: Float64Array;
  margin: Float64Array;
  lossNats: Float64Array;
}

/**
 * The uncertainty in the protocol's shape (rows of K × d, NaN kept: the panel shows "—"), for the
 * editor's FitSummary and the CLI's `fit --json` alike.
 */
export function uncertaintySummary(result: FitResult): FitSummary['uncertainty'] {
  const u = result.uncertainty;
  if (u === undefined) return null;
  if ('unavailable' in u) return { unavailable: u.unavailable };
  const { rows, cols } = result.coef;
  const grid = (v: Float64Array): number[][] => Array.from({ length: rows }, (_, k) => Array.from(v.subarray(k * cols, (k + 1) * cols)));
  const summary: FitUncertainty = {
    basis: u.basis,
    level: u.level,
    coef: { standardError: grid(u.coef.standardError), z: grid(u.coef.z), p: grid(u.coef.p), lower: grid(u.coef.lower), upper: grid(u.coef.upper) },
    intercept: {
      standardError: Array.from(u.intercept.standardError),
      z: Array.from(u.intercept.z),
      p: Array.from(u.intercept.p),
      lower: Array.from(u.intercept.lower),
      upper: Array.from(u.intercept.upper),
    },
  };
  return summary;
}

/**
 * Fits `model` to the scored rows, with their sample weights when a weight column is chosen and
 * the class weights of the settings, and the coefficients' standard errors. Margin: binary
 * (2y − 1)(w·x + b); softmax η_y − max_{k≠y} η_k, with η the linear scores (from the coefficients,
 * or ln(p/(1 − p)) when a separable fit has no finite coefficients). Cancellation is checked after
 * every solver iteration.
 */
export function fitRows(
  model: 'logistic' | 'softmax',
  x: Matrix,
  labels: LabelSet,
  featureNames: readonly string[],
  positiveLabel: string | undefined,
  fit: AnalysisOptions['fit'],
  context: WorkContext,
  sampleWeight?: { column: string; values: Float64Array },
): FittedRows {
  const options: FitOptions = {
    C: fit.C,
    penalty: fit.penalty,
    maxIterations: fit.maxIterations,
    standardErrors: true,
    ...(sampleWeight !== undefined ? { sampleWeight: sampleWeight.values } : {}),
    onIteration: (progress: { iteration: number }) => {
      context.progress('fitting', progress.iteration, fit.maxIterations);
      return !context.isCancelled();
    },
  };
  const m = x.rows;
  const d = x.cols;
  const pTrue = new Float64Array(m);
  const margin = new Float64Array(m);
  const truth = new Int32Array(m);
  const fitted = fitLabels(model, x, labels, positiveLabel, options, fit.classWeight === 'balanced' ? 'balanced' : undefined);
  const { result, brier } = fitted;
  let classes: string[];
  if (fitted.model === 'logistic') {
    const binary = fitted;
    const negative = binary.negative ?? binary.classes.find((c) => String(c) !== String(binary.positive)) ?? `not ${String(binary.positive)}`;
    classes = [String(negative), String(binary.positive)];
    const w = result.coef.data;
    const b = result.intercept[0] as number;
    for (let i = 0; i < m; i++) {
      const y = binary.y[i] === 1;
      truth[i] = y ? 1 : 0;
      const p = result.proba.data[i] as number;
      pTrue[i] = y ? p : 1 - p;
      let eta = b;
      for (let j = 0; j < d; j++) eta += (w[j] as number) * (x.data[i * d + j] as number);
      if (!Number.isFinite(eta)) eta = Math.log(p / (1 - p));
      margin[i] = y ? eta : -eta;
    }
  } else {
    const encoded = fitted;
    classes = encoded.classes.map(String);
    const k = classes.length;
    const w = result.coef.data;
    const eta = new Float64Array(k);
    for (let i = 0; i < m; i++) {
      const y = encoded.indices[i] as number;
      truth[i] = y;
      pTrue[i] = result.proba.data[i * k + y] as number;
      for (let c = 0; c < k; c++) {
        let s = result.intercept[c] as number;
        for (let j = 0; j < d; j++) s += (w[c * d + j] as number) * (x.data[i * d + j] as number);
        eta[c] = Number.isFinite(s) ? s : Math.log(result.proba.data[i * k + c] as number);
      }
      let other = -Infinity;
      for (let c = 0; c < k; c++) if (c !== y) other = Math.max(other, eta[c] as number);
      margin[i] = (eta[y] as number) - other;
    }
  }
  if (context.isCancelled()) throw new AnalysisCancelled();
  const coefRows = result.coef.rows;
  const coef: number[][] = [];
  for (let r = 0; r < coefRows; r++) coef.push(Array.from(result.coef.data.subarray(r * result.coef.cols, (r + 1) * result.coef.cols)));
  return {
    summary: {
      model,
      features: [...featureNames],
      classes,
      coef,
      intercept: Array.from(result.intercept),
      C: result.C,
      penalty: result.penalty,
      iterations: result.iterations,
      converged: result.converged,
      lossHistoryNats: [...result.lossHistoryNats],
      objective: result.objective,
      meanLogLossNats: result.meanLogLossNats,
      brier,
      separable: result.separable,
      warnings: result.warnings.map((warning) => warning.message),
      solver: result.solver,
      gradMaxScaled: result.gradMaxScaled,
      seconds: fitted.seconds,
      sampleWeight: sampleWeight?.column ?? null,
      classWeights: result.classWeights ? { classes, weights: Array.from(result.classWeights), balanced: fit.classWeight === 'balanced' } : null,
      totalWeight: result.totalWeight,
      uncertainty: uncertaintySummary(result),
    },
    truth,
    trueClassProbability: pTrue,
    margin,
    lossNats: result.rowLossNats,
  };
}
