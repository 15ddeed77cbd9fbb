// Calibration: the reliability curve of scikit-learn's calibration_curve (uniform or quantile
// bins), expected and maximum calibration error, Murphy's decomposition of the binary Brier score
// on the same bins, and temperature scaling (the T > 0 that minimises the mean cross-entropy of
// softmax(z / T)).
import { CoreError } from './coreError';
import { percentile } from './quantile';
import { compensatedSum } from './summation';

export type BinStrategy = 'uniform' | 'quantile';

/** One bin of a reliability curve. */
export interface CalibrationBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean confidence of the bin's rows (NaN when empty). */
  readonly confidence: number;
  /** Share of the bin's rows that are hits: positive (binary) or correct (top label); NaN when empty. */
  readonly accuracy: number;
}

export interface CalibrationCurve {
  readonly bins: readonly CalibrationBin[];
  /** Σ_b n_b/n · |accuracy_b − confidence_b|. */
  readonly ece: number;
  /** The largest |accuracy_b − confidence_b| over the bins with rows. */
  readonly mce: number;
  readonly n: number;
}

/**
 * The bin edges of calibration_curve: linspace(0, 1, B + 1) (uniform) or the percentiles of the
 * confidences at linspace(0, 100, B + 1) (quantile). O(B), or O(n log n) for quantile.
 */
export function binEdges(confidence: ArrayLike<number>, bins: number, strategy: BinStrategy): number[] {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new CoreError('badOption', `The number of bins must be a whole number of 1 or more, not ${bins}`);
  if (strategy === 'uniform') return Array.from({ length: bins + 1 }, (_, b) => b / bins);
  const sorted = Float64Array.from(confidence).sort();
  if (sorted.length === 0) throw new CoreError('emptyInput', 'No rows to compute the calibration from');
  return Array.from({ length: bins + 1 }, (_, b) => percentile(sorted, (b / bins) * 100));
}

/**
 * A reliability curve as sklearn.calibration.calibration_curve(y, p, n_bins, strategy) bins it:
 * a confidence goes to bin searchsorted(edges[1:-1], c) (a value on an inner edge to the bin
 * below it); each bin's mean confidence and share of hits. Unlike scikit-learn, empty bins are
 * kept (count 0). Binary: confidence = P(positive), hit = the row is positive; top label:
 * confidence = max p, hit = the argmax is the label. O(n log B).
 * Example: confidences [.1, .4, .6, .9], hits [0, 1, 0, 1], 2 uniform bins → bins (count 2,
 * confidence .25, accuracy .5) and (2, .75, .5); ECE 0.25.
 */
export function calibrationCurve(confidence: ArrayLike<number>, hit: ArrayLike<number | boolean>, bins: number, strategy: BinStrategy): CalibrationCurve {
  const n = confidence.length;
  if (n === 0) throw new CoreError('emptyInput', 'No rows to compute the calibration from');
  const edges = binEdges(confidence, bins, strategy);
  const inner = edges.slice(1, -1);
  const values: number[][] = Array.from({ length: bins }, () => []);
  const hits = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const c = confidence[i] as number;
    // searchsorted(inner, c, side='left'): the inner edges below c.
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inner[mid]! < c) lo = mid + 1;
      else hi = mid;
    }
    values[lo]!.push(c);
    if (hit[i]) hits[lo]!++;
  }
  let ece = 0;
  let mce = 0;
  const out: CalibrationBin[] = values.map((members, b) => {
    const count = members.length;
    const confidenceMean = count === 0 ? Number.NaN : compensatedSum(members) / count;
    const accuracy = count === 0 ? Number.NaN : hits[b]! / count;
    if (count > 0) {
      const gap = Math.abs(accuracy - confidenceMean);
      ece += (count / n) * gap;
      mce = Math.max(mce, gap);
    }
    return { lower: edges[b]!, upper: edges[b + 1]!, count, confidence: confidenceMean, accuracy };
  });
  return { bins: out, ece, mce, n };
}

/** Murphy's decomposition of the binary Brier score on a reliability curve's bins. */
export interface BrierDecomposition {
  /** brier_score_loss: mean (y − p)². */
  readonly score: number;
  /** Σ n_b/n (confidence_b − accuracy_b)²: what calibration could remove. */
  readonly reliability: number;
  /** Σ n_b/n (accuracy_b − ȳ)²: how far the bins separate the classes. */
  readonly resolution: number;
  /** ȳ (1 − ȳ): the score of always predicting the base rate. */
  readonly uncertainty: number;
}

/**
 * The binary Brier score and its decomposition on the bins of `curve` (computed from the same
 * rows): score ≈ reliability − resolution + uncertainty, exactly so when every bin holds one
 * confidence value. O(n + B).
 */
export function brierDecomposition(probabilityPositive: ArrayLike<number>, positive: ArrayLike<number | boolean>, curve: CalibrationCurve): BrierDecomposition {
  const n = probabilityPositive.length;
  const squares = new Float64Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = positive[i] ? 1 : 0;
    positives += y;
    const d = y - (probabilityPositive[i] as number);
    squares[i] = d * d;
  }
  const base = positives / n;
  let reliability = 0;
  let resolution = 0;
  for (const bin of curve.bins) {
    if (bin.count === 0) continue;
    reliability += (bin.count / n) * (bin.confidence - bin.accuracy) ** 2;
    resolution += (bin.count / n) * (bin.accuracy - base) ** 2;
  }
  return { score: compensatedSum(squares) / n, reliability, resolution, uncertainty: base * (1 - base) };
}

/** Temperature scaling's result: the temperature and the mean cross-entropy (nats) before and after. */
export interface TemperatureScaling {
  /**
   * The minimising T: Infinity when no finite T does better than the uniform prediction, 0 when
   * the scores separate the rows (every top class right: the loss falls toward 0 as T → 0).
   */
  readonly t: number;
  /** Mean cross-entropy at T = 1 and at T. */
  readonly before: number;
  readonly after: number;
  readonly iterations: number;
}

/**
 * Mean −log softmax(β·z_i)_{y_i} and its first two derivatives in β, in one pass: with p = softmax(βz),
 * d/dβ = E_p[z] − z_y and d²/dβ² = Var_p(z) ≥ 0 (so the mean is convex in β). O(n·K).
 */
function scaledLoss(z: Float64Array, rows: number, width: number, y: Int32Array, beta: number): { value: number; slope: number; curvature: number } {
  const values = new Float64Array(rows);
  let slope = 0;
  let curvature = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * width;
    let max = -Infinity;
    for (let k = 0; k < width; k++) max = Math.max(max, beta * z[base + k]!);
    let sum = 0;
    let first = 0;
    let second = 0;
    for (let k = 0; k < width; k++) {
      const e = Math.exp(beta * z[base + k]! - max);
      sum += e;
      first += e * z[base + k]!;
      second += e * z[base + k]! * z[base + k]!;
    }
    const mean = first / sum;
    values[i] = max + Math.log(sum) - beta * z[base + y[i]!]!;
    slope += mean - z[base + y[i]!]!;
    curvature += Math.max(0, second / sum - mean * mean);
  }
  return { value: compensatedSum(values) / rows, slope: slope / rows, curvature: curvature / rows };
}

/** Whether each row's own score is strictly above every other score of the row. O(n·K). */
function separates(z: Float64Array, rows: number, width: number, y: Int32Array): boolean {
  for (let i = 0; i < rows; i++) {
    const own = z[i * width + y[i]!]!;
    for (let k = 0; k < width; k++) if (k !== y[i] && z[i * width + k]! >= own) return false;
  }
  return true;
}

/**
 * Temperature scaling of scores z (n × K row-major, finite; a binary logit s as the pair (0, s),
 * probabilities as their logs clipped at ε): the T > 0 minimising the mean cross-entropy of
 * softmax(z / T), found as β = 1/T by a safeguarded Newton iteration on the convex mean (bisection
 * when a step leaves the bracket) until β moves by less than 1e-12 relative (T to ~1e-12, well
 * within the 1e-8 asked). When the mean still falls as β → 0 (the scores rank the classes worse
 * than chance) there is no finite T: Infinity, with `after` the uniform prediction's ln K; when
 * every row's own score is strictly its largest, the loss falls toward 0 as T → 0: T = 0,
 * `after` 0. O(n·K) a step.
 * Example: two rows z = (0, 2), (0, −1), labels 1, 0 → T ≈ 0.53, after < before.
 */
export function temperatureScaling(z: Float64Array, rows: number, width: number, y: Int32Array): TemperatureScaling {
  if (rows === 0) throw new CoreError('emptyInput', 'No rows to fit a temperature to');
  const before = scaledLoss(z, rows, width, y, 1).value;
  // Bracket the root of the slope: it is ≤ 0 at 0 when a finite T exists, and rises with β.
  if (scaledLoss(z, rows, width, y, 0).slope >= 0) return { t: Infinity, before, after: Math.log(width), iterations: 0 };
  // Every row's own score strictly the largest: the loss falls toward 0 as T → 0, no minimum.
  if (separates(z, rows, width, y)) return { t: 0, before, after: 0, iterations: 0 };
  let lo = 0;
  let hi = 1;
  let iterations = 0;
  while (scaledLoss(z, rows, width, y, hi).slope < 0 && hi < 1e12) {
    lo = hi;
    hi *= 4;
    iterations++;
  }
  if (scaledLoss(z, rows, width, y, hi).slope < 0) {
    // Still falling at β = 1e12 (ties at the top, nothing wrong): the optimum is as good as T → 0.
    return { t: 1 / hi, before, after: scaledLoss(z, rows, width, y, hi).value, iterations };
  }
  let beta = Math.min(Math.max(1, lo), hi);
  for (; iterations < 200; iterations++) {
    const { slope, curvature } = scaledLoss(z, rows, width, y, beta);
    if (slope < 0) lo = beta;
    else hi = beta;
    let next = curvature > 0 ? beta - slope / curvature : Number.NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const moved = Math.abs(next - beta);
    beta = next;
    if (moved <= 1e-12 * beta || hi - lo <= 1e-15 * hi) break;
  }
  return { t: 1 / beta, before, after: scaledLoss(z, rows, width, y, beta).value, iterations };
}
