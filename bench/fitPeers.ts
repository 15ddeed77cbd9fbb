// The JavaScript fitting libraries we compare with, given the same data and, where they allow it,
// the same objective. Their settings are chosen to be fair (standardised inputs, stable steps) and
// are printed in the report; their answers are mapped back to raw units and judged by objective.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients; Adam needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Matrix } from 'ml-matrix';
import LogisticRegression from 'ml-logistic-regression';
import LogisticRegressionTwoClasses from 'ml-logistic-regression/src/logreg_2classes.js';
import type { Coefficients, FitData } from './objective';

/** Per-feature mean and standard deviation, for standardising and mapping coefficients back. */
interface Standardiser {
  mean: Float64Array;
  scale: Float64Array;
}

function standardiser(data: FitData): Standardiser {
  const { rows: n, features: d, x } = data;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (x[i * d + j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = (x[i * d + j] as number) - (mean[j] as number);
      scale[j] = (scale[j] as number) + c * c;
    }
  }
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt((scale[j] as number) / n) || 1;
  return { mean, scale };
}

function standardised(data: FitData, s: Standardiser, withOnes: boolean): number[][] {
  const { rows: n, features: d, x } = data;
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: number[] = withOnes ? [1] : [];
    for (let j = 0; j < d; j++) row.push(((x[i * d + j] as number) - (s.mean[j] as number)) / (s.scale[j] as number));
    out[i] = row;
  }
  return out;
}

/** Coefficients on standardised features (w_s, b_s) back to raw units: w = w_s/σ, b = b_s − Σ w·μ. */
function toRaw(s: Standardiser, weights: ArrayLike<number>, intercept: number): { coef: Float64Array; intercept: number } {
  const d = s.mean.length;
  const coef = new Float64Array(d);
  let b = intercept;
  for (let j = 0; j < d; j++) {
    coef[j] = (weights[j] as number) / (s.scale[j] as number);
    b -= (coef[j] as number) * (s.mean[j] as number);
  }
  return { coef, intercept: b };
}

export interface PeerFitSettings {
  steps: number;
  learningRate: number;
}

/**
 * TF.js settings: full-batch Adam on standardised features, the exact scikit-learn objective / n.
 * Fewer steps for 10 classes because one TF.js CPU step costs ~1 s there at 1e5 rows.
 */
export function tfjsSettings(classes: number): PeerFitSettings {
  return classes === 2 ? { steps: 500, learningRate: 0.05 } : { steps: 100, learningRate: 0.1 };
}

/**
 * ml-logistic-regression settings: its own gradient ascent (summed gradient) with step 1/n (a unit
 * step on the mean gradient, stable for standardised features) plus a ones column for the intercept.
 */
export function mlLogregSettings(classes: number): PeerFitSettings {
  return { steps: classes === 2 ? 300 : 100, learningRate: NaN /* 1/n, set per data set */ };
}

export async function initTfjs(): Promise<string> {
  await tf.setBackend('cpu');
  await tf.ready();
  return `${tf.version_core} backend ${tf.getBackend()}`;
}

/**
 * TF.js CPU: minimises (C·Σ loss + ½‖W_raw‖²)/n — the same objective as scikit-learn, in the
 * standardised parametrisation (penalty ½Σ (w_s/σ)²) — with Adam. TF.js CPU computes in float32.
 * Setup (tensor creation) is inside the timing, like a user's script.
 */
export function tfjsFit(data: FitData, C: number, settings: PeerFitSettings): Coefficients {
  const { rows: n, features: d } = data;
  const K = data.classes === 2 ? 1 : data.classes;
  const s = standardiser(data);
  const xs = tf.tensor2d(standardised(data, s, false));
  const invScaleSq = tf.tensor2d(
    Array.from(s.scale, (v) => 1 / (v * v)),
    [d, 1],
  );
  const w = tf.variable(tf.zeros([d, K]));
  const b = tf.variable(tf.zeros([K]));
  const labels = tf.tensor1d(Array.from(data.labels), 'int32');
  const y = K === 1 ? tf.reshape(tf.cast(labels, 'float32'), [n, 1]) : tf.cast(tf.oneHot(labels, K), 'float32');
  const optimizer = tf.train.adam(settings.learningRate);
  // minimize() runs this inside its own tidy, so the intermediates are freed every step.
  const objective = (): tf.Scalar => {
    const scores = tf.add(tf.matMul(xs, w), b);
    const loss = K === 1 ? tf.sum(tf.sub(tf.softplus(scores), tf.mul(y, scores))) : tf.losses.softmaxCrossEntropy(y, scores, undefined, 0, tf.Reduction.SUM);
    const penalty = tf.mul(0.5, tf.sum(tf.mul(tf.square(w), invScaleSq)));
    return tf.div(tf.add(tf.mul(C, loss), penalty), n);
  };
  for (let step = 0; step < settings.steps; step++) optimizer.minimize(objective, false, [w, b]);
  const weights = w.arraySync() as number[][];
  const intercepts = b.arraySync() as number[];
  for (const t of [xs, invScaleSq, w, b, labels, y]) t.dispose();
  optimizer.dispose();
  const coef: Float64Array[] = [];
  const intercept: number[] = [];
  for (let k = 0; k < K; k++) {
    const raw = toRaw(
      s,
      weights.map((row) => row[k] as number),
      intercepts[k] as number,
    );
    coef.push(raw.coef);
    intercept.push(raw.intercept);
  }
  return { coef, intercept };
}

/**
 * ml-logistic-regression: plain gradient ascent on the unpenalised log-likelihood with no
 * intercept of its own, so we add a ones column; binary uses its two-class trainer directly (its
 * public class would train two redundant one-vs-rest models). Multi-class is one-vs-rest (its
 * only mode): probabilities are the normalised one-vs-rest scores, not a softmax, so only its
 * accuracy and log loss are comparable, not the objective.
 */
export function mlLogregFit(data: FitData, settings: PeerFitSettings): { binary?: Coefficients; ovrScores?: (row: Float64Array) => Float64Array } {
  const s = standardiser(data);
  const x = new Matrix(standardised(data, s, true));
  const learningRate = 1 / data.rows;
  if (data.classes === 2) {
    const model = new LogisticRegressionTwoClasses({ numSteps: settings.steps, learningRate });
    model.train(x, Matrix.columnVector(Array.from(data.labels)));
    const weights = model.weights.to1DArray();
    const raw = toRaw(s, weights.slice(1), weights[0] as number);
    return { binary: { coef: [raw.coef], intercept: [raw.intercept] } };
  }
  const model = new LogisticRegression({ numSteps: settings.steps, learningRate });
  model.train(x, Matrix.columnVector(Array.from(data.labels)));
  // Its one-vs-rest targets are inverted (class k → 0, rest → 1): P(k) = 1 − σ(score_k).
  const raws = model.classifiers.map((c) => {
    const weights = c.weights.to1DArray();
    return toRaw(s, weights.slice(1), weights[0] as number);
  });
  return {
    ovrScores(row) {
      const out = new Float64Array(raws.length);
      let total = 0;
      raws.forEach((raw, k) => {
        let score = raw.intercept;
        for (let j = 0; j < row.length; j++) score += (raw.coef[j] as number) * (row[j] as number);
        out[k] = 1 - 1 / (1 + Math.exp(-score));
        total += out[k] as number;
      });
      for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / total;
      return out;
    },
  };
}
