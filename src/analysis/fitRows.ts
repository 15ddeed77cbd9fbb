// Logistic / softmax fits on the scored rows, with what the hover needs per row: the fitted
// probability of the true class and the margin (how far on the right side of the boundary).
import { fitLogistic, fitSoftmax } from '../core';
import type { FitResult, Matrix } from '../core';
import type { FitSummary } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';
import { fitBrier } from './fitBrier';
import { binaryRows, encodeRows } from './labelSet';
import type { LabelSet } from './labelSet';
import { AnalysisCancelled } from './workContext';
import type { WorkContext } from './workContext';

export interface FittedRows {
  summary: Omit<FitSummary, 'fittedTrueClassProbability' | 'margin' | 'lossNats'>;
  /** Per scored row: true-class index, fitted p(true), margin, fitted loss. */
  truth: Int32Array;
  trueClassProbability: Float64Array;
  margin: Float64Array;
  lossNats: Float64Array;
}

/**
 * Fits `model` to the scored rows. Margin: binary (2y − 1)(w·x + b); softmax η_y − max_{k≠y} η_k,
 * with η the linear scores (from the coefficients, or ln(p/(1 − p)) when a separable fit has no
 * finite coefficients). Cancellation is checked after every solver iteration.
 */
export function fitRows(
  model: 'logistic' | 'softmax',
  x: Matrix,
  labels: LabelSet,
  featureNames: readonly string[],
  positiveLabel: string | undefined,
  fit: AnalysisOptions['fit'],
  context: WorkContext,
): FittedRows {
  const options = {
    C: fit.C,
    penalty: fit.penalty,
    maxIterations: fit.maxIterations,
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
  let result: FitResult;
  let classes: string[];
  let brier: number;
  if (model === 'logistic') {
    const binary = binaryRows(labels, positiveLabel);
    const negative = binary.negative ?? binary.classes.find((c) => String(c) !== String(binary.positive)) ?? `not ${String(binary.positive)}`;
    classes = [String(negative), String(binary.positive)];
    result = fitLogistic(x, binary.y, options);
    brier = fitBrier(result, binary.y);
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
    const encoded = encodeRows(labels);
    classes = encoded.classes.map(String);
    const k = classes.length;
    result = fitSoftmax(x, encoded.indices, k, options);
    brier = fitBrier(result, encoded.indices);
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
    },
    truth,
    trueClassProbability: pTrue,
    margin,
    lossNats: result.rowLossNats,
  };
}
