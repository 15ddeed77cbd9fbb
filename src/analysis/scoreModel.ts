// One model's per-row cross-entropy, true-class probability, predicted class, Brier and error
// rate on the scored rows, through the core (binary / multi-class, probabilities / logits, hard or
// soft truth). The one scoring path shared by the compute worker and the CLI.
import {
  argmaxRows,
  binaryBrierScore,
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  binaryErrorRate,
  binaryErrorRateFromLogits,
  brierScore,
  crossEntropyFromLogits,
  denseMatrix,
  errorRate,
  scoreProbabilityRows,
  sigmoid,
  softBrierScore,
  softCrossEntropy,
  softCrossEntropyFromLogits,
  softmaxInto,
} from '../core';
import type { CrossEntropyResult, Epsilon, ErrorRateResult, Matrix, RowView } from '../core';

/** The truth of each scored row: binary 0/1, a class index, or a target row (one-hot or soft). */
export type Truth =
  | { kind: 'binary'; y: Float64Array }
  | { kind: 'indices'; indices: Int32Array }
  | { kind: 'soft'; targets: Matrix };

export interface ModelScore {
  lossNats: Float64Array;
  trueClassProbability: Float64Array;
  /** Class index per row (binary: 1 positive, 0 negative). */
  predictedClass: Int32Array;
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
}

/** Softmax of every row (logits → probabilities), for p(true) and Brier of logit models. */
function softmaxRows(logits: Matrix): Matrix {
  const data = new Float64Array(logits.data.length);
  for (let i = 0; i < logits.rows; i++) softmaxInto(logits.data, i * logits.cols, logits.cols, data, i * logits.cols);
  return { data, rows: logits.rows, cols: logits.cols };
}

/** Rows divided by their sums: p(true) and Brier against soft targets when the user chose to normalise. */
function normalizedRows(p: Matrix): Matrix {
  const data = new Float64Array(p.data.length);
  for (let i = 0; i < p.rows; i++) {
    let sum = 0;
    for (let k = 0; k < p.cols; k++) sum += p.data[i * p.cols + k] as number;
    for (let k = 0; k < p.cols; k++) data[i * p.cols + k] = (p.data[i * p.cols + k] as number) / sum;
  }
  return { data, rows: p.rows, cols: p.cols };
}

function finish(loss: CrossEntropyResult, pTrue: Float64Array, predicted: Int32Array, brier: number, error: ErrorRateResult): ModelScore {
  return {
    lossNats: loss.rowLossNats,
    trueClassProbability: pTrue,
    predictedClass: predicted,
    meanLossNats: loss.meanNats,
    sumLossNats: loss.sumNats,
    brier,
    errorRate: error.errorRate,
    errors: error.errors,
    clippedRows: loss.clippedRows,
    infiniteRows: loss.infiniteRows,
    normalizedRows: loss.normalizedRows,
  };
}

/**
 * Scores one model. A single column is binary (P(positive) or its logit) against 0/1 truth (soft
 * targets: their last column); several columns are per-class probabilities or logits.
 * Throws CoreError from the core for input it refuses (the caller turns rows into problems).
 */
export function scoreModel(kind: 'probabilities' | 'logits', values: Matrix | RowView, truth: Truth, options: { eps: Epsilon; normalize: boolean; rowSumTolerance?: number }): ModelScore {
  const tolerance = options.rowSumTolerance === undefined ? {} : { rowSumTolerance: options.rowSumTolerance };
  if (kind === 'probabilities' && values.cols > 1 && truth.kind !== 'soft') {
    // One validation of the rows for every score (on 1e6 × 20 rows the checks cost more than the
    // scores), reading a table's columns in place when given a RowView.
    const indices = truth.kind === 'indices' ? truth.indices : Int32Array.from(truth.y);
    const scores = scoreProbabilityRows(indices, values, { eps: options.eps, normalize: options.normalize, ...tolerance });
    return finish(scores.loss, scores.trueClassProbability, scores.error.predicted, scores.brier.mean, scores.error);
  }
  const x = denseMatrix(values);
  const m = x.rows;
  if (x.cols === 1) {
    const y = binaryTruth(truth, m);
    const s = x.data;
    const pTrue = new Float64Array(m);
    if (kind === 'logits') {
      const loss = binaryCrossEntropyFromLogits(y, s);
      const p = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        p[i] = sigmoid(s[i] as number);
        pTrue[i] = sigmoid(y[i] === 1 ? (s[i] as number) : -(s[i] as number));
      }
      const error = binaryErrorRateFromLogits(y, s);
      return finish(loss, pTrue, error.predicted, binaryBrierScore(y, p).mean, error);
    }
    const loss = binaryCrossEntropy(y, s, { eps: options.eps });
    for (let i = 0; i < m; i++) pTrue[i] = y[i] === 1 ? (s[i] as number) : 1 - (s[i] as number);
    const error = binaryErrorRate(y, s);
    return finish(loss, pTrue, error.predicted, binaryBrierScore(y, s).mean, error);
  }

  const pTrue = new Float64Array(m);
  if (truth.kind === 'soft') {
    const probabilities = kind === 'logits' ? softmaxRows(x) : options.normalize ? normalizedRows(x) : x;
    const t = truth.targets;
    const loss = kind === 'logits' ? softCrossEntropyFromLogits(t, x) : softCrossEntropy(t, x, { eps: options.eps, normalize: options.normalize, ...tolerance });
    const hot = argmaxRows(t);
    for (let i = 0; i < m; i++) {
      const k = hot[i] as number;
      pTrue[i] = t.data[i * t.cols + k] === 1 ? (probabilities.data[i * x.cols + k] as number) : Number.NaN;
    }
    const brier = softBrierScore(t, probabilities, { normalize: false, ...tolerance }).mean;
    const error = errorRate(hot, x);
    return finish(loss, pTrue, error.predicted, brier, error);
  }
  const indices = truth.kind === 'indices' ? truth.indices : Int32Array.from(truth.y);
  const loss = crossEntropyFromLogits(indices, x);
  const probabilities = softmaxRows(x);
  for (let i = 0; i < m; i++) pTrue[i] = probabilities.data[i * x.cols + (indices[i] as number)] as number;
  const brier = brierScore(indices, probabilities, { normalize: false }).mean;
  const error = errorRate(indices, x);
  return finish(loss, pTrue, error.predicted, brier, error);
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
