// One referee for every solver: scikit-learn's objective C·Σ loss + ½‖W‖² (intercepts unpenalised)
// and its gradient, evaluated in raw feature units with compensated sums, on any coefficients.

/** A training set held as a row-major matrix; labels are class indices 0…K−1. */
export interface FitData {
  rows: number;
  features: number;
  classes: number;
  /** x[i * features + j] */
  x: Float64Array;
  labels: Int32Array;
}

/** Coefficients in raw units: binary has one row (K = 1 coefficient vector), multinomial K rows. */
export interface Coefficients {
  coef: Float64Array[];
  intercept: number[];
}

export interface Evaluation {
  objective: number;
  meanLogLoss: number;
  /** Largest |∂objective/∂θ| over every coefficient and intercept, raw units. */
  maxAbsGradient: number;
  /**
   * max_j |g_j| / (C·Σ_i |x_ij| + |w_j|): the gradient relative to the size of the terms it sums,
   * i.e. how far from stationary in units of the problem's own scale (rounding floor ≈ 1e-16·√n).
   */
  maxRelativeGradient: number;
  accuracy: number;
}

/** Neumaier-compensated running sum. */
class Sum {
  private s = 0;
  private c = 0;
  add(v: number): void {
    const t = this.s + v;
    if (Math.abs(this.s) >= Math.abs(v)) this.c += this.s - t + v;
    else this.c += v - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

/** log(1 + e^s) without overflow or loss of small values. */
function softplus(s: number): number {
  return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
}

/**
 * Objective, gradient size, mean log loss and training accuracy of `model` on `data` with
 * regularisation strength C (scikit-learn's C) and penalty 'l2' (½‖W‖²) or 'none'.
 * Binary: loss = softplus(s) − y·s with s = b + x·w. Multinomial: loss = logsumexp(s) − s_y.
 * Cost O(n·d·K).
 */
export function evaluate(data: FitData, model: Coefficients, C: number, penalty: 'l2' | 'none' = 'l2'): Evaluation {
  const l2 = penalty === 'l2' ? 1 : 0;
  const { rows: n, features: d, x, labels } = data;
  const K = model.coef.length;
  const gradW = Array.from({ length: K * d }, () => new Sum());
  const absTerms = new Float64Array(d);
  const gradB = Array.from({ length: K }, () => new Sum());
  const loss = new Sum();
  const scores = new Float64Array(K);
  const residual = new Float64Array(K);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let k = 0; k < K; k++) {
      const w = model.coef[k] as Float64Array;
      let s = model.intercept[k] as number;
      for (let j = 0; j < d; j++) s += (w[j] as number) * (x[base + j] as number);
      scores[k] = s;
    }
    const y = labels[i] as number;
    if (K === 1) {
      const s = scores[0] as number;
      loss.add(softplus(s) - y * s);
      residual[0] = 1 / (1 + Math.exp(-s)) - y;
      if ((s > 0 ? 1 : 0) === y) correct++;
    } else {
      let max = -Infinity;
      let argmax = 0;
      for (let k = 0; k < K; k++) {
        if ((scores[k] as number) > max) {
          max = scores[k] as number;
          argmax = k;
        }
      }
      let total = 0;
      for (let k = 0; k < K; k++) total += Math.exp((scores[k] as number) - max);
      loss.add(max + Math.log(total) - (scores[y] as number));
      for (let k = 0; k < K; k++) residual[k] = Math.exp((scores[k] as number) - max) / total - (k === y ? 1 : 0);
      if (argmax === y) correct++;
    }
    for (let j = 0; j < d; j++) absTerms[j] = (absTerms[j] as number) + Math.abs(x[base + j] as number);
    for (let k = 0; k < K; k++) {
      const r = residual[k] as number;
      (gradB[k] as Sum).add(C * r);
      for (let j = 0; j < d; j++) (gradW[k * d + j] as Sum).add(C * r * (x[base + j] as number));
    }
  }
  let penaltyValue = 0;
  let maxAbs = 0;
  let maxRel = 0;
  for (let k = 0; k < K; k++) {
    const w = model.coef[k] as Float64Array;
    for (let j = 0; j < d; j++) {
      const wj = w[j] as number;
      penaltyValue += 0.5 * l2 * wj * wj;
      const g = Math.abs((gradW[k * d + j] as Sum).value + l2 * wj);
      maxAbs = Math.max(maxAbs, g);
      // A column that is 0 in every row (digits' blank border pixels) with w_j = 0 has g = 0 and
      // nothing to scale by: it is stationary, not NaN.
      const scale = C * (absTerms[j] as number) + l2 * Math.abs(wj);
      maxRel = Math.max(maxRel, scale > 0 ? g / scale : g > 0 ? Infinity : 0);
    }
    const gb = Math.abs((gradB[k] as Sum).value);
    maxAbs = Math.max(maxAbs, gb);
    maxRel = Math.max(maxRel, gb / (C * n));
  }
  const totalLoss = loss.value;
  return { objective: C * totalLoss + penaltyValue, meanLogLoss: totalLoss / n, maxAbsGradient: maxAbs, maxRelativeGradient: maxRel, accuracy: correct / n };
}

/**
 * Reads the bench's own numeric CSV (label first, then features; no quotes: the bench wrote it)
 * into a {@link FitData}. Used only to hand identical data to every solver, never timed.
 */
export function loadFitData(text: string, classes: number): FitData {
  const firstBreak = text.indexOf('\n');
  const header = text.slice(0, firstBreak).split(',');
  const d = header.length - 1;
  const lines = text.slice(firstBreak + 1).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const n = lines.length;
  const x = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cells = (lines[i] as string).split(',');
    labels[i] = Number(cells[0]);
    for (let j = 0; j < d; j++) x[i * d + j] = Number(cells[j + 1]);
  }
  return { rows: n, features: d, classes, x, labels };
}
