// The fit objectives in raw units, scikit-learn's parametrisation: C·Σ_i loss_i + ½‖W‖² with the
// intercepts unpenalised. Straightforward reference implementations used to check the solvers.
import { requireClassIndices, requireFinite, requireRows, requireSameLength, requireShape } from '../checks';
import { binaryZeroOne } from '../checks';
import { CoreError } from '../coreError';
import type { Matrix } from '../matrix';
import type { ObjectiveValue, Penalty } from './fitTypes';

function penaltyWeight(options: { C?: number; penalty?: Penalty }): { C: number; l2: number } {
  const C = options.C ?? 1;
  if (!(C > 0 && Number.isFinite(C))) throw new CoreError('badOption', `C (the inverse regularisation strength) must be a positive finite number, not ${C}`);
  return { C, l2: (options.penalty ?? 'l2') === 'l2' ? 1 : 0 };
}

/**
 * Binary logistic objective at params [w_1 … w_d, b] (raw units), labels y in {0, 1} / {−1, +1}:
 * F = C·Σ_i softplus(−m_i) + ½Σ_j w_j², m_i = (2y_i − 1)(w·x_i + b); gradient
 * ∂F/∂w_j = C·Σ_i (σ(η_i) − y_i) x_ij + w_j, ∂F/∂b = C·Σ_i (σ(η_i) − y_i). O(n·d).
 * Example: at params 0 for the 10-point sample, F = 10·ln 2 = 6.931471805599453.
 */
export function logisticObjective(features: Matrix, y: ArrayLike<number>, params: ArrayLike<number>, options: { C?: number; penalty?: Penalty } = {}): ObjectiveValue {
  requireShape(features, 'the features');
  requireRows(features.rows, 'the logistic fit');
  requireSameLength(features.rows, y.length, 'the logistic fit');
  const t = binaryZeroOne(y, 'the logistic fit');
  const { C, l2 } = penaltyWeight(options);
  const { rows, cols, data } = features;
  if (params.length !== cols + 1) throw new CoreError('shapeMismatch', `The logistic fit has ${params.length} parameters for ${cols} features and an intercept`);
  const gradient = new Float64Array(cols + 1);
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    let eta = params[cols] as number;
    for (let j = 0; j < cols; j++) eta += (params[j] as number) * (data[i * cols + j] as number);
    const m = t[i] === 1 ? eta : -eta;
    loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
    const r = (eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta))) - (t[i] as number);
    for (let j = 0; j < cols; j++) gradient[j] = (gradient[j] as number) + C * r * (data[i * cols + j] as number);
    gradient[cols] = (gradient[cols] as number) + C * r;
  }
  let reg = 0;
  for (let j = 0; j < cols; j++) {
    const w = params[j] as number;
    reg += 0.5 * l2 * w * w;
    gradient[j] = (gradient[j] as number) + l2 * w;
  }
  return { objective: C * loss + reg, gradient };
}

/**
 * Multinomial (softmax) objective at params laid out per class k as [w_k1 … w_kd, b_k] (raw units):
 * F = C·Σ_i (logSumExp_k η_ik − η_{i,y_i}) + ½Σ_kj w_kj², η_ik = w_k·x_i + b_k; gradient
 * ∂F/∂w_kj = C·Σ_i (p_ik − 1[y_i = k]) x_ij + w_kj. O(n·K·d).
 * Example: at params 0 with K classes, F = C·n·ln K.
 */
export function softmaxObjective(features: Matrix, classIndices: ArrayLike<number>, classCount: number, params: ArrayLike<number>, options: { C?: number; penalty?: Penalty } = {}): ObjectiveValue {
  requireShape(features, 'the features');
  requireRows(features.rows, 'the softmax fit');
  requireSameLength(features.rows, classIndices.length, 'the softmax fit');
  requireFinite(features.data, Math.max(1, features.cols), 'features');
  const y = requireClassIndices(classIndices, classCount, 'the softmax fit');
  const { C, l2 } = penaltyWeight(options);
  const { rows, cols, data } = features;
  const width = cols + 1;
  if (params.length !== classCount * width) {
    throw new CoreError('shapeMismatch', `The softmax fit has ${params.length} parameters for ${classCount} classes × (${cols} features + an intercept)`);
  }
  const gradient = new Float64Array(classCount * width);
  const eta = new Float64Array(classCount);
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let k = 0; k < classCount; k++) {
      let e = params[k * width + cols] as number;
      for (let j = 0; j < cols; j++) e += (params[k * width + j] as number) * (data[i * cols + j] as number);
      eta[k] = e;
      if (e > max) max = e;
    }
    let sum = 0;
    for (let k = 0; k < classCount; k++) sum += Math.exp((eta[k] as number) - max);
    const lse = max + Math.log(sum);
    loss += lse - (eta[y[i] as number] as number);
    for (let k = 0; k < classCount; k++) {
      const r = Math.exp((eta[k] as number) - lse) - (k === y[i] ? 1 : 0);
      for (let j = 0; j < cols; j++) gradient[k * width + j] = (gradient[k * width + j] as number) + C * r * (data[i * cols + j] as number);
      gradient[k * width + cols] = (gradient[k * width + cols] as number) + C * r;
    }
  }
  let reg = 0;
  for (let k = 0; k < classCount; k++) {
    for (let j = 0; j < cols; j++) {
      const w = params[k * width + j] as number;
      reg += 0.5 * l2 * w * w;
      gradient[k * width + j] = (gradient[k * width + j] as number) + l2 * w;
    }
  }
  return { objective: C * loss + reg, gradient };
}
