// Numerically stable scalar and vector primitives (sigmoid, softplus, log-sum-exp, softmax) that
// every loss and fit in the core is built on. Logits up to |s| = 1000 and beyond stay exact.

/**
 * Logistic sigmoid σ(x) = 1 / (1 + e^(−x)).
 * Numerical care: for x < 0 uses e^x / (1 + e^x) so e^(−x) never overflows; σ(−1000) = 5e-435 → 0
 * only by underflow of the true value, σ(1000) = 1. O(1).
 * Example: `sigmoid(0)` → 0.5; scipy.special.expit(2) = 0.8807970779778823.
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Softplus log(1 + e^x), the logistic loss of margin −x.
 * Numerical care: x + log1p(e^(−x)) for x > 0, log1p(e^x) otherwise, so softplus(1000) = 1000
 * exactly and softplus(−1000) = e^(−1000) → 0 without cancellation. O(1).
 * Example: `softplus(0)` → ln 2 = 0.6931471805599453 (numpy.logaddexp(0, 0)).
 */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * log σ(x) = −softplus(−x), the log-probability of the positive class for logit x.
 * Example: `logSigmoid(-1000)` → −1000 exactly (scipy.special.log_expit(-1000) = -1000.0).
 */
export function logSigmoid(x: number): number {
  return -softplus(-x);
}

/**
 * log Σ_j e^(v_j) over values[offset .. offset+length).
 * Numerical care: the maximum m is subtracted first, m + log Σ e^(v_j − m), so no term overflows
 * and the largest contributes exactly 1. Empty slice → −Infinity; any +Infinity → +Infinity;
 * any NaN → NaN. O(length), no allocation.
 * Example: `logSumExp([5, 4, 2])` → 5.348951500197716 (scipy.special.logsumexp([5, 4, 2])).
 */
export function logSumExp(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let max = -Infinity;
  for (let j = offset; j < offset + length; j++) {
    const v = values[j] as number;
    if (v > max) max = v;
    else if (v !== v) return NaN;
  }
  if (max === -Infinity || max === Infinity) return max;
  let sum = 0;
  for (let j = offset; j < offset + length; j++) sum += Math.exp((values[j] as number) - max);
  return max + Math.log(sum);
}

/**
 * Softmax of values[offset .. offset+length) written to out[outOffset ..]:
 * p_j = e^(v_j − m) / Σ_k e^(v_k − m) with m the maximum (shift-invariant, no overflow).
 * `out` may be `values` itself (in place). O(length), no allocation.
 * Example: softmax of [5, 4, 2] → [0.7053845126982412, 0.2594964603424191, 0.03511902695933972]
 * (scipy.special.softmax).
 */
export function softmaxInto(values: ArrayLike<number>, offset: number, length: number, out: Float64Array, outOffset: number): void {
  let max = -Infinity;
  for (let j = 0; j < length; j++) {
    const v = values[offset + j] as number;
    if (v > max) max = v;
  }
  let sum = 0;
  for (let j = 0; j < length; j++) {
    const e = Math.exp((values[offset + j] as number) - max);
    out[outOffset + j] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = 0; j < length; j++) out[outOffset + j] = (out[outOffset + j] as number) * inv;
}

/**
 * The parts of log Σ_j e^(v_j) that keep every class's log-probability exact: the maximum m, the
 * index of its first occurrence, and rest = Σ over the other indices of e^(v_j − m) (so the sum is
 * 1 + rest), each difference v_j − m taken exactly. NaN in the slice → max NaN. O(length), no allocation; written into `out` [m, index, rest].
 */
function logSumExpParts(values: ArrayLike<number>, offset: number, length: number, out: Float64Array): void {
  let max = -Infinity;
  let argmax = offset;
  for (let j = offset; j < offset + length; j++) {
    const v = values[j] as number;
    if (v > max) {
      max = v;
      argmax = j;
    } else if (v !== v) {
      max = NaN;
      break;
    }
  }
  let rest = 0;
  if (max === max && max !== Infinity && max !== -Infinity) {
    for (let j = offset; j < offset + length; j++) {
      if (j === argmax) continue;
      // v − m rounds by up to half an ulp of |v − m| (3.5e-15 at 30), which e^(v − m) turns into
      // a relative error of the same size; the rounding error (Knuth's TwoSum, exact) puts it
      // back: e^(d + err) = e^d · (1 + err) to within err².
      const v = values[j] as number;
      const d = v - max;
      const back = d - v;
      const err = v - (d - back) + (-max - back);
      rest += Math.exp(d) * (1 + err);
    }
  }
  out[0] = max;
  out[1] = argmax - offset;
  out[2] = rest;
}

const partsScratch = new Float64Array(3);

/**
 * −log softmax(v)_k = log Σ_j e^(v_j) − v_k, the cross-entropy of class k for logits
 * values[offset .. offset+length), exact at any magnitude.
 * Numerical care: computed as (m − v_k) + log1p(rest) with m the maximum and rest = Σ_{j ≠ argmax}
 * e^(v_j − m), never as logSumExp(v) − v_k: both terms are ≥ 0, so nothing cancels. Logits
 * (S, S, −S) cost ln 2 for class 0 or 1 at every S from 20 to 1e308 (logSumExp − v_k gives 0.75 at
 * 1e15 and 0 from 1e16), and a confident row's tiny loss keeps full relative precision (log1p, not
 * log of 1 + rest). Any NaN → NaN. O(length).
 * Example: `negativeLogSoftmax([5, 4, 2], 0, 3, 1)` → 1.3489515001977158 (scipy: logsumexp − 4).
 */
export function negativeLogSoftmax(values: ArrayLike<number>, offset: number, length: number, k: number): number {
  logSumExpParts(values, offset, length, partsScratch);
  const max = partsScratch[0] as number;
  if (max !== max) return NaN;
  const v = values[offset + k] as number;
  // Infinite logits (callers check for them first): ∞ − v is ∞ for a finite v, NaN for v = ±∞ alike.
  if (max === Infinity || max === -Infinity) return max - v;
  return max - v + Math.log1p(partsScratch[2] as number);
}

/**
 * Log-softmax of values[offset .. offset+length) written to out[outOffset ..]:
 * log p_j = −((m − v_j) + log1p(rest)) as in {@link negativeLogSoftmax}, never log(softmax), so
 * log p stays finite (−1000, not −Infinity) for logits 1000 apart and log p of a dominant class
 * keeps full relative precision. `out` may be `values` itself. O(length).
 * Example: log-softmax of [0, -1000] → [0, −1000] (scipy.special.log_softmax).
 */
export function logSoftmaxInto(values: ArrayLike<number>, offset: number, length: number, out: Float64Array, outOffset: number): void {
  logSumExpParts(values, offset, length, partsScratch);
  const max = partsScratch[0] as number;
  const log1pRest = Math.log1p(partsScratch[2] as number);
  for (let j = 0; j < length; j++) out[outOffset + j] = (values[offset + j] as number) - max - log1pRest;
}

/** Softmax of a whole vector into a new array. Example: `softmax([0, 0])` → [0.5, 0.5]. */
export function softmax(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  softmaxInto(values, 0, values.length, out, 0);
  return out;
}

/** Log-softmax of a whole vector into a new array. Example: `logSoftmax([0, 0])` → [−ln 2, −ln 2]. */
export function logSoftmax(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  logSoftmaxInto(values, 0, values.length, out, 0);
  return out;
}
