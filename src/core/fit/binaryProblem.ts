// Fused passes of the binary logistic objective on standardised, column-major features. Rows are
// processed in chunks of CHUNK: scores by column axpys, then loss and residuals per row, then the
// gradient (and Hessian) by column dot products — long contiguous loops, no allocation per row.
import { fastExp } from './fastExp';
import { affineScores, axpy, crossProducts, dot, dot4, meanGram, sum } from './kernels';
import { addPenalty } from './scaledProblem';
import type { HessianPass, RowOutputs, ScaledProblem } from './scaledProblem';

/** Rows per chunk: chunk buffers and one chunk of every column stay in L2 cache. */
export const CHUNK = 512;

/**
 * Scores of rows start .. start+len into eta (intercept first, then the features in order, as
 * successive axpys would sum them), four rows at a time with the sums in registers.
 */
function binaryScores(theta: Float64Array, z: Float64Array, n: number, m: number, start: number, len: number, eta: Float64Array): void {
  affineScores(theta, 1, m + 1, z, start, n, len, eta, 0, CHUNK);
}

/** gradient[j] += Σ_t r[t]·z[j·n + start + t] for every feature: four columns per sweep of r. */
function addCrossProducts(r: Float64Array, z: Float64Array, n: number, m: number, start: number, len: number, gradient: Float64Array): void {
  let j = 0;
  for (; j + 4 <= m; j += 4) dot4(r, z, j * n + start, n, len, gradient, j);
  for (; j < m; j++) gradient[j] = (gradient[j] as number) + dot(r, 0, z, j * n + start, len);
}

/**
 * Loss of rows in the chunk; residuals w·(σ(η) − y) into `residual`, and w·σ'(η) = w·p(1 − p) into
 * `weight` when asked; with `rows` (and residuals) each row's loss and p. Adds [loss,
 * misclassified] to the two-slot `sums`. Module-level (not a closure per problem) so V8 optimises
 * it once for every problem: closures made anew per fit ran the same loop ~2× slower.
 */
function binaryRowTerms(
  eta: Float64Array,
  y: Uint8Array,
  weights: Float64Array | undefined,
  residual: Float64Array,
  weight: Float64Array,
  sums: Float64Array,
  start: number,
  len: number,
  wantResidual: boolean,
  wantWeight: boolean,
  rows: RowOutputs | undefined,
): void {
  let loss = 0;
  let wrong = 0;
  for (let t = 0; t < len; t++) {
    const e = eta[t] as number;
    const ex = fastExp(-Math.abs(e));
    const positive = y[start + t] === 1;
    const margin = positive ? e : -e;
    const rowLossNats = (margin < 0 ? -margin : 0) + Math.log1p(ex);
    const w = weights === undefined ? 1 : (weights[start + t] as number);
    loss += w * rowLossNats;
    if (!(margin > 0) && w > 0) wrong++;
    if (wantResidual) {
      const onePlus = 1 + ex;
      const p = e >= 0 ? 1 / onePlus : ex / onePlus;
      residual[t] = w * (positive ? p - 1 : p);
      if (rows !== undefined) {
        rows.rowLoss[start + t] = rowLossNats;
        rows.proba[start + t] = p;
      }
      if (wantWeight) weight[t] = (w * ex) / (onePlus * onePlus); // w·p(1 − p) without cancellation
    }
  }
  sums[0] = (sums[0] as number) + loss;
  sums[1] = (sums[1] as number) + wrong;
}

/**
 * `weights` (per row, ≥ 0, or undefined for all 1) multiply each row's loss, residual and Hessian
 * term; f divides by their total instead of n, so it stays a (weighted) mean loss.
 */
export function createBinaryProblem(z: Float64Array, n: number, m: number, y: Uint8Array, penalty: Float64Array, weights?: Float64Array): ScaledProblem {
  return new BinaryProblem(z, n, m, y, penalty, weights);
}

/**
 * A class, not closures made per fit: its methods are optimised once by V8 for every problem
 * (closures created anew for each fit ran the same passes ~2× slower after the first fit).
 */
class BinaryProblem implements ScaledProblem {
  readonly size: number;
  readonly rowsOfParameters = 1;
  readonly shiftInvariant = false;
  readonly exactHessianAtZero = false;
  meanLoss = NaN;
  allCorrect = false;
  readonly classCurvature = new Float64Array([NaN]);
  private gram: Float64Array | undefined;
  private readonly totalWeight: number;
  private readonly eta = new Float64Array(CHUNK);
  private readonly residual = new Float64Array(CHUNK);
  private readonly weight = new Float64Array(CHUNK);
  /** Hessian passes: w·p(1 − p)·z of every active feature for the rows of a chunk (m × CHUNK). */
  private readonly weightedBlock: Float64Array;
  /** [loss, misclassified] of the current pass. */
  private readonly sums = new Float64Array(2);

  constructor(
    private readonly z: Float64Array,
    readonly n: number,
    readonly m: number,
    private readonly y: Uint8Array,
    readonly penalty: Float64Array,
    private readonly weights: Float64Array | undefined,
  ) {
    this.size = m + 1;
    this.totalWeight = weights === undefined ? n : totalOf(weights);
    this.weightedBlock = new Float64Array(m * CHUNK);
  }

  private scores(theta: Float64Array, start: number, len: number): void {
    binaryScores(theta, this.z, this.n, this.m, start, len, this.eta);
  }

  private rowTerms(start: number, len: number, wantResidual: boolean, wantWeight: boolean, rows?: RowOutputs): void {
    binaryRowTerms(this.eta, this.y, this.weights, this.residual, this.weight, this.sums, start, len, wantResidual, wantWeight, rows);
  }

  private finish(theta: Float64Array, gradient: Float64Array | null): number {
    this.meanLoss = (this.sums[0] as number) / this.totalWeight;
    this.allCorrect = this.sums[1] === 0;
    return this.meanLoss + addPenalty(this, theta, gradient);
  }

  value(theta: Float64Array): number {
    const { n, sums } = this;
    sums.fill(0);
    for (let start = 0; start < n; start += CHUNK) {
      const len = Math.min(CHUNK, n - start);
      this.scores(theta, start, len);
      this.rowTerms(start, len, false, false);
    }
    return this.finish(theta, null);
  }

  rowResults(theta: Float64Array, rowLoss: Float64Array, proba: Float64Array): void {
    const { n } = this;
    const rows = { rowLoss, proba };
    for (let start = 0; start < n; start += CHUNK) {
      const len = Math.min(CHUNK, n - start);
      this.scores(theta, start, len);
      this.rowTerms(start, len, true, false, rows);
    }
  }

  valueGradient(theta: Float64Array, gradient: Float64Array, rows?: RowOutputs): number {
    const { z, n, m, totalWeight, size, residual, sums } = this;
    sums.fill(0);
    gradient.fill(0);
    for (let start = 0; start < n; start += CHUNK) {
      const len = Math.min(CHUNK, n - start);
      this.scores(theta, start, len);
      this.rowTerms(start, len, true, false, rows);
      addCrossProducts(residual, z, n, m, start, len, gradient);
      gradient[m] = (gradient[m] as number) + sum(residual, 0, len);
    }
    for (let j = 0; j < size; j++) gradient[j] = (gradient[j] as number) / totalWeight;
    return this.finish(theta, gradient);
  }

  hessianVectorProduct(theta: Float64Array): (v: Float64Array, out: Float64Array) => void {
    const { z, n, m, totalWeight, penalty, size, weight } = this;
    // w·p(1 − p) per row at θ once; each product is then one score pass of v and one dot pass.
    const curvature = new Float64Array(n);
    const directional = new Float64Array(CHUNK);
    for (let start = 0; start < n; start += CHUNK) {
      const len = Math.min(CHUNK, n - start);
      this.scores(theta, start, len);
      this.rowTerms(start, len, true, true);
      curvature.set(weight.subarray(0, len), start);
    }
    this.classCurvature[0] = sum(curvature, 0, n) / totalWeight;
    return (v, out) => {
      out.fill(0);
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        directional.fill(v[m] as number, 0, len);
        for (let j = 0; j < m; j++) {
          const vj = v[j] as number;
          if (vj !== 0) axpy(vj, z, j * n + start, directional, 0, len);
        }
        for (let t = 0; t < len; t++) directional[t] = (directional[t] as number) * (curvature[start + t] as number);
        for (let j = 0; j < m; j++) out[j] = (out[j] as number) + dot(directional, 0, z, j * n + start, len);
        out[m] = (out[m] as number) + sum(directional, 0, len);
      }
      for (let j = 0; j < size; j++) out[j] = (out[j] as number) / totalWeight;
      for (let j = 0; j < m; j++) out[j] = (out[j] as number) + (penalty[j] as number) * (v[j] as number);
    };
  }

  meanGram(): Float64Array {
    this.gram ??= meanGram(this.z, this.n, this.m, CHUNK);
    return this.gram;
  }

  // One row's curvature is a single number here: a preconditioner-only pass is the exact pass.
  valueGradientHessian(theta: Float64Array, gradient: Float64Array, hessian: Float64Array, pass: HessianPass = {}): number {
    const hessianStride = pass.stride ?? 1;
    const rows = pass.rows;
    const { z, n, m, totalWeight, penalty, size, residual, weight, weightedBlock, sums } = this;
    sums.fill(0);
    gradient.fill(0);
    hessian.fill(0);
    let hessianRows = 0;
    for (let start = 0, chunk = 0; start < n; start += CHUNK, chunk++) {
      const len = Math.min(CHUNK, n - start);
      this.scores(theta, start, len);
      const sampled = chunk % hessianStride === 0;
      this.rowTerms(start, len, true, sampled, rows);
      if (!sampled) {
        addCrossProducts(residual, z, n, m, start, len, gradient);
        gradient[m] = (gradient[m] as number) + sum(residual, 0, len);
        continue;
      }
      hessianRows += len;
      addCrossProducts(residual, z, n, m, start, len, gradient);
      for (let j = 0; j < m; j++) {
        const base = j * n + start;
        const row = j * CHUNK;
        for (let t = 0; t < len; t++) weightedBlock[row + t] = (weight[t] as number) * (z[base + t] as number);
        hessian[j * size + m] = (hessian[j * size + m] as number) + sum(weightedBlock, row, len);
      }
      // The upper triangle in bands of four rows, each band against the columns from its own on:
      // register-blocked cross products (2 × 4 sums per load group), ~m²/2 multiply-adds a row.
      for (let a = 0; a < m; a += 4) {
        crossProducts(weightedBlock, a * CHUNK, CHUNK, Math.min(4, m - a), z, a * n + start, n, m - a, len, hessian, a * size + a, size);
      }
      let sb = 0;
      let hb = 0;
      for (let t = 0; t < len; t++) {
        sb += residual[t] as number;
        hb += weight[t] as number;
      }
      gradient[m] = (gradient[m] as number) + sb;
      hessian[m * size + m] = (hessian[m * size + m] as number) + hb;
    }
    for (let j = 0; j < size; j++) gradient[j] = (gradient[j] as number) / totalWeight;
    // The sampled rows stand for all of them: scale their weight sum up to the total.
    const hessianScale = hessianStride === 1 ? totalWeight : (hessianRows * totalWeight) / n;
    for (let j = 0; j < size; j++) {
      for (let l = j; l < size; l++) {
        const v = (hessian[j * size + l] as number) / hessianScale;
        hessian[j * size + l] = v;
        hessian[l * size + j] = v;
      }
    }
    for (let j = 0; j < m; j++) hessian[j * size + j] = (hessian[j * size + j] as number) + (penalty[j] as number);
    return this.finish(theta, gradient);
  }
}

/** Σ of the row weights (the divisor that makes f a weighted mean). */
export function totalOf(weights: Float64Array): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += weights[i] as number;
  return s;
}
