// Fused passes of the binary logistic objective on standardised, column-major features. Rows are
// processed in chunks of CHUNK: scores by column axpys, then loss and residuals per row, then the
// gradient (and Hessian) by column dot products — long contiguous loops, no allocation per row.
import { fastExp } from './fastExp';
import { affineScores, axpy, crossProducts, dot, dot4, meanGram, sum } from './kernels';
import { addPenalty } from './scaledProblem';
import type { HessianPass, RowOutputs, ScaledProblem } from './scaledProblem';
import { PASS_GRADIENT, PASS_HESSIAN_ROWS, PASS_LOSS, PASS_WRONG, passSumsLength, splitRows } from './rowSplit';
import type { FitThreads, PassHelper, PassRequest } from './rowSplit';

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
 * term; f divides by their total instead of n, so it stays a (weighted) mean loss. With `threads`
 * (and at least SPLIT_MIN_ROWS rows) the arrays must come from its allocators, as must the row
 * outputs `rows` the solver will pass, so a helper thread can run half of every pass.
 */
export function createBinaryProblem(
  z: Float64Array,
  n: number,
  m: number,
  y: Uint8Array,
  penalty: Float64Array,
  weights?: Float64Array,
  split?: { threads: FitThreads; rows: RowOutputs },
): BinaryProblem {
  return new BinaryProblem(z, n, m, y, penalty, weights, split);
}

/**
 * The passes of the binary objective over rows [start, end) (start on a chunk boundary) with their
 * own scratch buffers, giving raw sums (layout: passSumsLength). The problem runs one per range;
 * a helper thread runs one over its range of the same shared arrays.
 */
export class BinaryRowRange {
  private readonly eta = new Float64Array(CHUNK);
  private readonly residual = new Float64Array(CHUNK);
  private readonly weight = new Float64Array(CHUNK);
  /** Hessian passes: w·p(1 − p)·z of every active feature for the rows of a chunk (m × CHUNK). */
  private readonly weightedBlock: Float64Array;
  /** [loss, misclassified] of the current chunk loop. */
  private readonly lossSums = new Float64Array(2);

  constructor(
    private readonly z: Float64Array,
    private readonly n: number,
    private readonly m: number,
    private readonly y: Uint8Array,
    private readonly weights: Float64Array | undefined,
    readonly start: number,
    readonly end: number,
  ) {
    this.weightedBlock = new Float64Array(m * CHUNK);
  }

  /** Scores of rows start .. start+len into the chunk buffer eta. */
  scores(theta: Float64Array, start: number, len: number): Float64Array {
    binaryScores(theta, this.z, this.n, this.m, start, len, this.eta);
    return this.eta;
  }

  /** Row terms of the chunk just scored (see binaryRowTerms); returns the curvature buffer. */
  rowTerms(start: number, len: number, wantResidual: boolean, wantWeight: boolean, rows?: RowOutputs): Float64Array {
    binaryRowTerms(this.eta, this.y, this.weights, this.residual, this.weight, this.lossSums, start, len, wantResidual, wantWeight, rows);
    return this.weight;
  }

  /** Raw sums of one pass over this range into `out` (zeroed here); the Hessian's upper triangle, row-major size × size. */
  pass(theta: Float64Array, request: PassRequest, out: Float64Array, rows: RowOutputs | undefined): void {
    const { z, n, m, residual, weight, weightedBlock, lossSums } = this;
    const size = m + 1;
    const gradient = out.subarray(PASS_GRADIENT, PASS_GRADIENT + size);
    const hessian = out.subarray(PASS_GRADIENT + size, PASS_GRADIENT + size + size * size);
    out.fill(0);
    lossSums.fill(0);
    const stride = request.hessianStride;
    const wantResidual = request.gradient || rows !== undefined;
    let hessianRows = 0;
    for (let start = this.start; start < this.end; start += CHUNK) {
      const len = Math.min(CHUNK, this.end - start);
      this.scores(theta, start, len);
      const sampled = stride > 0 && (start / CHUNK) % stride === 0;
      this.rowTerms(start, len, wantResidual, sampled, rows);
      if (!request.gradient) continue;
      addCrossProducts(residual, z, n, m, start, len, gradient);
      gradient[m] = (gradient[m] as number) + sum(residual, 0, len);
      if (!sampled) continue;
      hessianRows += len;
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
      hessian[m * size + m] = (hessian[m * size + m] as number) + sum(weight, 0, len);
    }
    out[PASS_LOSS] = lossSums[0] as number;
    out[PASS_WRONG] = lossSums[1] as number;
    out[PASS_HESSIAN_ROWS] = hessianRows;
  }
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
  /** Every row, for the Hessian-vector products (one range, never split). */
  private readonly whole: BinaryRowRange;
  /** The passes' ranges: all rows, or two halves at splitRows' cut. */
  private readonly ranges: BinaryRowRange[];
  /** Raw sums per range, then their total in `sums`. */
  private readonly rangeSums: Float64Array[];
  private readonly sums: Float64Array;
  /** The helper running the second range, while it works; the row outputs it writes. */
  private helper: PassHelper | undefined;
  private readonly helperRows: RowOutputs | undefined;

  constructor(
    private readonly z: Float64Array,
    readonly n: number,
    readonly m: number,
    y: Uint8Array,
    readonly penalty: Float64Array,
    weights: Float64Array | undefined,
    split: { threads: FitThreads; rows: RowOutputs } | undefined,
  ) {
    this.size = m + 1;
    this.totalWeight = weights === undefined ? n : totalOf(weights);
    this.whole = new BinaryRowRange(z, n, m, y, weights, 0, n);
    const cut = splitRows(n, CHUNK);
    this.ranges = cut === undefined ? [this.whole] : [new BinaryRowRange(z, n, m, y, weights, 0, cut), new BinaryRowRange(z, n, m, y, weights, cut, n)];
    this.rangeSums = this.ranges.map(() => new Float64Array(passSumsLength(this.size)));
    this.sums = new Float64Array(passSumsLength(this.size));
    if (cut !== undefined && split !== undefined) {
      this.helper = split.threads.binaryHelper({ z, n, m, y, weights, rowLoss: split.rows.rowLoss, proba: split.rows.proba, start: cut, end: n });
      this.helperRows = split.rows;
    }
  }

  /** Ends the helper thread's part (after the fit, or when it stops early). */
  close(): void {
    this.helper?.close();
    this.helper = undefined;
  }

  /** One pass over every row: each range's raw sums, added in range order into `sums`. */
  private pass(theta: Float64Array, request: PassRequest, rows: RowOutputs | undefined): Float64Array {
    const { ranges, rangeSums, sums } = this;
    const offered = this.helper !== undefined && ranges.length === 2 && (rows === undefined || rows === this.helperRows) ? this.helper : undefined;
    const helper = offered !== undefined && offered.start(theta, request) ? offered : undefined;
    (ranges[0] as BinaryRowRange).pass(theta, request, rangeSums[0] as Float64Array, rows);
    for (let r = 1; r < ranges.length; r++) {
      const out = rangeSums[r] as Float64Array;
      if (helper !== undefined && helper.finish(out)) continue;
      if (helper !== undefined) this.close();
      (ranges[r] as BinaryRowRange).pass(theta, request, out, rows);
    }
    sums.set(rangeSums[0] as Float64Array);
    for (let r = 1; r < ranges.length; r++) {
      const part = rangeSums[r] as Float64Array;
      for (let q = 0; q < sums.length; q++) sums[q] = (sums[q] as number) + (part[q] as number);
    }
    return sums;
  }

  private finish(theta: Float64Array, gradient: Float64Array | null): number {
    this.meanLoss = (this.sums[PASS_LOSS] as number) / this.totalWeight;
    this.allCorrect = this.sums[PASS_WRONG] === 0;
    if (gradient !== null) {
      for (let j = 0; j < this.size; j++) gradient[j] = (this.sums[PASS_GRADIENT + j] as number) / this.totalWeight;
    }
    return this.meanLoss + addPenalty(this, theta, gradient);
  }

  value(theta: Float64Array): number {
    this.pass(theta, { gradient: false, hessianStride: 0, writeRows: false }, undefined);
    return this.finish(theta, null);
  }

  rowResults(theta: Float64Array, rowLoss: Float64Array, proba: Float64Array): void {
    const rows = this.helperRows !== undefined && this.helperRows.rowLoss === rowLoss && this.helperRows.proba === proba ? this.helperRows : { rowLoss, proba };
    this.pass(theta, { gradient: false, hessianStride: 0, writeRows: true }, rows);
  }

  valueGradient(theta: Float64Array, gradient: Float64Array, rows?: RowOutputs): number {
    this.pass(theta, { gradient: true, hessianStride: 0, writeRows: rows !== undefined }, rows);
    return this.finish(theta, gradient);
  }

  hessianVectorProduct(theta: Float64Array): (v: Float64Array, out: Float64Array) => void {
    const { z, n, m, totalWeight, penalty, size, whole } = this;
    // w·p(1 − p) per row at θ once; each product is then one score pass of v and one dot pass.
    const curvature = new Float64Array(n);
    const directional = new Float64Array(CHUNK);
    for (let start = 0; start < n; start += CHUNK) {
      const len = Math.min(CHUNK, n - start);
      whole.scores(theta, start, len);
      curvature.set(whole.rowTerms(start, len, true, true).subarray(0, len), start);
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
    const stride = pass.stride ?? 1;
    const { n, penalty, size, totalWeight } = this;
    const sums = this.pass(theta, { gradient: true, hessianStride: stride, writeRows: pass.rows !== undefined }, pass.rows);
    // The sampled rows stand for all of them: scale their weight sum up to the total.
    const hessianRows = sums[PASS_HESSIAN_ROWS] as number;
    const hessianScale = stride === 1 ? totalWeight : (hessianRows * totalWeight) / n;
    const upper = PASS_GRADIENT + size;
    for (let j = 0; j < size; j++) {
      for (let l = j; l < size; l++) {
        const v = (sums[upper + j * size + l] as number) / hessianScale;
        hessian[j * size + l] = v;
        hessian[l * size + j] = v;
      }
    }
    for (let j = 0; j < this.m; j++) hessian[j * size + j] = (hessian[j * size + j] as number) + (penalty[j] as number);
    return this.finish(theta, gradient);
  }
}

/** Σ of the row weights (the divisor that makes f a weighted mean). */
export function totalOf(weights: Float64Array): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += weights[i] as number;
  return s;
}
