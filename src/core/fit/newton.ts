// Damped Newton's method with backtracking for up to ~1,000 parameters: the true optimum in a
// handful of passes. Gradients are always exact; on large data Hessians come from a row sample
// (their error only slows convergence), and once steps are short the factorisation is reused (chord
// steps). Where a Hessian pass costs many gradient passes (many classes, few rows: digits' 620
// parameters on 1,797 rows), each Newton step is solved by conjugate gradients on the exact Hessian
// preconditioned by the last factorisation, which is renewed only when that stops converging fast.
import { createConjugateGradient } from './conjugateGradient';
import type { Preconditioner } from './conjugateGradient';
import { factorize } from './hessianFactor';
import type { Factorization } from './hessianFactor';
import type { ScaledProblem } from './scaledProblem';
import { centre, maxAbs, maxAbsCoefficient } from './solverTypes';
import type { SolverOptions, SolverOutcome } from './solverTypes';

/** Steps shorter than this (standardised units) let the next iteration reuse the factorisation. */
const CHORD_STEP = 0.05;
/** Gradient reduction per step (exact / row-sampled Hessian in use) that keeps the factorisation. */
const CHORD_EXACT_RATIO = 0.25;
const CHORD_SAMPLED_RATIO = 0.5;
/**
 * Secant pairs (s, y) kept from the steps taken with one row-sampled factorisation. They correct
 * it towards the true Hessian (limited-memory BFGS with the sampled Newton matrix as its initial
 * matrix), which turns the sampled Newton's linear convergence superlinear near the optimum.
 */
const SECANT_MEMORY = 8;
/** Below this n·size², a Hessian pass is cheap: every iteration gets a fresh one (best accuracy). */
const CHORD_MIN_WORK = 1e6;
/**
 * Rows a subsampled Hessian aims for. Its relative error is about √(size / rows), so each Newton
 * step still cuts the gradient by a large factor while the Hessian costs a fraction of a pass.
 */
const HESSIAN_SAMPLE_ROWS = 16384;
/** Largest n·size² for which an exact Hessian pass is worth it on large data. */
const EXACT_HESSIAN_WORK = 2e8;
/**
 * Newton steps by preconditioned conjugate gradients pay off when one Hessian pass and its
 * factorisation cost at least this many Hessian-vector products.
 */
const CG_MIN_PRODUCTS = 8;

/** What an exact Hessian pass plus its Cholesky factorisation cost, in Hessian-vector products. */
function hessianCostInProducts(problem: ScaledProblem): number {
  const K = problem.rowsOfParameters;
  const width = problem.m + 1;
  // Per row: the Hessian's distinct block entries (softmax: class pairs × feature pairs); a product
  // forms the scores of θ and v and one cross product, ~3·K·width multiply-adds.
  const hessianPerRow = problem.shiftInvariant ? ((K * (K - 1)) / 2) * ((width * (width + 1)) / 2) : (width * (width + 1)) / 2;
  const productPerRow = 3 * K * width;
  return (problem.n * hessianPerRow + problem.size ** 3 / 6) / (problem.n * productPerRow);
}

function solve(factor: Factorization, gradient: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = -(gradient[i] as number);
  factor.solveInPlace(out);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Secant pairs of the current factorisation, newest last in a ring. */
interface SecantMemory {
  readonly s: Float64Array[];
  readonly y: Float64Array[];
  readonly rho: Float64Array;
  readonly alpha: Float64Array;
  count: number;
  newest: number;
}

/**
 * out = −H·g for the limited-memory BFGS inverse H built from the secant pairs on top of the
 * factorised matrix (two-loop recursion with a Cholesky solve in the middle). O(size·(size + pairs)).
 */
function secantSolve(factor: Factorization, size: number, memory: SecantMemory, gradient: Float64Array, out: Float64Array): void {
  for (let i = 0; i < size; i++) out[i] = -(gradient[i] as number);
  for (let c = 0; c < memory.count; c++) {
    const idx = (memory.newest - c + SECANT_MEMORY) % SECANT_MEMORY;
    const a = (memory.rho[idx] as number) * dot(memory.s[idx] as Float64Array, out);
    memory.alpha[idx] = a;
    const yv = memory.y[idx] as Float64Array;
    for (let i = 0; i < size; i++) out[i] = (out[i] as number) - a * (yv[i] as number);
  }
  factor.solveInPlace(out);
  for (let c = memory.count - 1; c >= 0; c--) {
    const idx = (memory.newest - c + SECANT_MEMORY) % SECANT_MEMORY;
    const b = (memory.rho[idx] as number) * dot(memory.y[idx] as Float64Array, out);
    const sv = memory.s[idx] as Float64Array;
    const a = memory.alpha[idx] as number;
    for (let i = 0; i < size; i++) out[i] = (out[i] as number) + (a - b) * (sv[i] as number);
  }
}

export function newton(problem: ScaledProblem, options: SolverOptions): SolverOutcome {
  const size = problem.size;
  let theta = new Float64Array(size);
  let gradient = new Float64Array(size);
  let hessian = new Float64Array(size * size);
  let trial = new Float64Array(size);
  let trialGradient = new Float64Array(size);
  let trialHessian = new Float64Array(size * size);
  const direction = new Float64Array(size);
  // The first Hessian (at 0, a multiple of the Gram matrix) is always exact: it also serves the
  // collinearity report. Later ones are subsampled on large data while that keeps paying off.
  const initialExact = problem.exactHessianAtZero || problem.n * size * size <= EXACT_HESSIAN_WORK;
  // Larger Hessians get smaller samples so one costs about the same as a gradient pass.
  const sampleRows = Math.max(2048, Math.floor((HESSIAN_SAMPLE_ROWS * 64) / Math.max(64, size)));
  let f = problem.valueGradientHessian(theta, gradient, hessian, { stride: initialExact ? 1 : Math.max(1, Math.floor(problem.n / sampleRows)) });
  const initialHessian = initialExact ? new Float64Array(hessian) : undefined;
  let hessianStride = Math.max(1, Math.floor(problem.n / sampleRows));
  // An exact Hessian costs ~n·size²/2 multiply-adds: fine for binary problems, not for 10 classes.
  const exactAffordable = problem.n * size * size <= EXACT_HESSIAN_WORK;
  let hessianSampled = !initialExact;
  let factor: Factorization | null = null;
  // Conjugate-gradient steps: only with exact Hessians (every row) that are dear to recompute.
  const productsPerHessian = hessianCostInProducts(problem);
  const conjugate = initialExact && hessianStride === 1 && productsPerHessian >= CG_MIN_PRODUCTS ? createConjugateGradient(problem) : undefined;
  const conjugateCap = Math.max(4, Math.floor(productsPerHessian / 2));
  // With CG, every Hessian after the first only preconditions exact products: it may be cheaper.
  const renewedHessian = { preconditionerOnly: conjugate !== undefined };
  /** Whether the factorisation is of the Hessian at the current iterate (else an earlier one). */
  let factorCurrent = false;
  /** Whether `hessian` (and so a factorisation of it) is the exact Hessian, not a preconditioner. */
  let hessianExact = true;
  /** Conjugate mode: compute a fresh Hessian at the next accepted point. */
  let renewFactor = false;
  const precondition: Preconditioner = {
    prepare: () => undefined,
    apply(r, out) {
      out.set(r);
      (factor as Factorization).solveInPlace(out);
    },
  };
  const secant: SecantMemory = {
    s: Array.from({ length: SECANT_MEMORY }, () => new Float64Array(size)),
    y: Array.from({ length: SECANT_MEMORY }, () => new Float64Array(size)),
    rho: new Float64Array(SECANT_MEMORY),
    alpha: new Float64Array(SECANT_MEMORY),
    count: 0,
    newest: -1,
  };
  let allCorrect = problem.allCorrect;
  const lossHistory = [problem.meanLoss];
  const objectiveHistory = [f];
  let iterations = 0;
  let converged = false;
  let separation: 'none' | 'complete' | 'quasi' = 'none';
  let lastStep = Infinity;
  let lastGradMax = Infinity;
  let polished = false;
  let rowsAtTheta = false;
  for (;;) {
    const gradMax = maxAbs(gradient);
    if (options.watchSeparation && allCorrect && maxAbs(theta) > 0) {
      separation = 'complete';
      break;
    }
    if (factor === null) {
      factor = factorize(problem, hessian, maxAbs(theta) === 0);
      factorCurrent = true;
      secant.count = 0;
    }
    solve(factor, gradient, direction);
    if (gradMax <= options.tolerance) {
      // A vanishing gradient with a Newton step that stays long means a flat direction along
      // which the loss keeps falling: the minimiser is at infinity (quasi-separation).
      const step = maxAbs(direction);
      if (!options.watchSeparation || step <= 1e-3 * (1 + maxAbs(theta))) {
        converged = true;
        // One more step takes the gradient from ≤ tolerance to round-off for one gradient pass.
        if (polished) break;
        polished = true;
      } else if (maxAbsCoefficient(problem, theta) > 5) {
        separation = 'quasi';
        break;
      }
    }
    if (iterations >= options.maxIterations) break;
    if (secant.count > 0) secantSolve(factor, size, secant, gradient, direction);
    if (conjugate !== undefined && !(factorCurrent && hessianExact)) {
      // Inexact Newton: a relative residual of min(0.5, √|g|) keeps convergence superlinear.
      const solved = conjugate.solve(theta, gradient, precondition, Math.min(0.5, Math.sqrt(gradMax)), conjugateCap, direction);
      if (!solved.converged) {
        // The old factorisation no longer describes the curvature: renew it here (its step is
        // Newton's with the preconditioner's Hessian: a descent direction, checked below).
        problem.valueGradientHessian(theta, gradient, hessian, renewedHessian);
        hessianExact = !renewedHessian.preconditionerOnly;
        factor = factorize(problem, hessian, false);
        factorCurrent = true;
        solve(factor, gradient, direction);
      } else if (solved.iterations > conjugateCap / 2) renewFactor = true;
    }
    let slope = 0;
    for (let i = 0; i < size; i++) slope += (gradient[i] as number) * (direction[i] as number);
    if (!(slope < 0)) {
      // Not a descent direction (numerically singular Hessian): fall back to steepest descent.
      for (let i = 0; i < size; i++) direction[i] = -(gradient[i] as number);
      slope = -gradMax * gradMax;
    }
    // Reuse the factorisation while steps are short and the gradient keeps falling fast. A
    // row-sampled Hessian limits Newton to linear convergence (its error, not the distance to the
    // optimum, sets the rate) and a fresh one from the same rows is hardly better, so it is kept
    // while the gradient at least halves.
    const chordRatio = hessianSampled ? CHORD_SAMPLED_RATIO : CHORD_EXACT_RATIO;
    const chord = conjugate !== undefined ? !renewFactor : problem.n * size * size > CHORD_MIN_WORK && lastStep < CHORD_STEP && gradMax < chordRatio * lastGradMax;
    const strideUsed = hessianStride;
    let t = 1;
    let accepted = false;
    let trialF = NaN;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let i = 0; i < size; i++) trial[i] = (theta[i] as number) + t * (direction[i] as number);
      centre(problem, trial);
      // The polishing step is the last one when accepted: its pass also writes the row outputs.
      const rows = polished ? options.rows : undefined;
      trialF = chord ? problem.valueGradient(trial, trialGradient, rows) : problem.valueGradientHessian(trial, trialGradient, trialHessian, { ...renewedHessian, stride: hessianStride, rows });
      // Armijo, or no increase beyond round-off once the decrease is below what f can resolve.
      if (trialF <= f + 1e-4 * t * slope || (trialF <= f + 1e-12 * Math.abs(f) && maxAbs(trialGradient) < gradMax)) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      if (polished) break;
      if (chord) {
        lastStep = Infinity; // retry from here with a fresh Hessian
        problem.valueGradientHessian(theta, gradient, hessian, renewedHessian);
        hessianExact = !renewedHessian.preconditionerOnly;
        factor = null;
        continue;
      }
      break;
    }
    lastStep = t * maxAbs(direction);
    const newGradMax = maxAbs(trialGradient);
    // A subsampled Hessian whose step needed backtracking or did not halve the gradient is not
    // paying off (e.g. a rare feature missing from the sample): exact Hessians from now on.
    if (hessianSampled && !chord && (t < 1 || newGradMax > 0.5 * gradMax)) {
      hessianStride = exactAffordable ? 1 : Math.max(1, Math.floor(hessianStride / 2));
    }
    // Near the optimum one exact Hessian makes the remaining (chord) steps converge ~1000× each.
    if (newGradMax < 1e-5 && exactAffordable) hessianStride = 1;
    lastGradMax = gradMax;
    [theta, trial] = [trial, theta];
    [gradient, trialGradient] = [trialGradient, gradient];
    if (!chord) {
      [hessian, trialHessian] = [trialHessian, hessian];
      factor = null;
      hessianExact = !renewedHessian.preconditionerOnly;
      hessianSampled = strideUsed > 1;
      renewFactor = false;
    }
    factorCurrent = false;
    if (hessianSampled && hessianStride === 1) {
      // The Hessian in use came from a sample: replace it by an exact one at the new point.
      trialF = problem.valueGradientHessian(theta, gradient, hessian);
      factor = null;
      hessianExact = true;
      hessianSampled = false;
    }
    if (factor !== null && hessianSampled) {
      // The factorisation is kept for the next step: remember this step's secant pair.
      const next = (secant.newest + 1) % SECANT_MEMORY;
      const sv = secant.s[next] as Float64Array;
      const yv = secant.y[next] as Float64Array;
      for (let i = 0; i < size; i++) {
        sv[i] = (theta[i] as number) - (trial[i] as number);
        yv[i] = (gradient[i] as number) - (trialGradient[i] as number);
      }
      const sy = dot(sv, yv);
      if (sy > 0) {
        secant.rho[next] = 1 / sy;
        secant.newest = next;
        secant.count = Math.min(secant.count + 1, SECANT_MEMORY);
      }
    }
    f = trialF;
    allCorrect = problem.allCorrect;
    iterations++;
    lossHistory.push(problem.meanLoss);
    objectiveHistory.push(f);
    options.onIteration(iterations, f, problem.meanLoss, maxAbs(gradient));
    if (polished) {
      rowsAtTheta = options.rows !== undefined;
      break;
    }
  }
  // The last solve was at theta unless a step was taken after it (then the estimate is moot: converged).
  let decrement = 0;
  for (let i = 0; i < size; i++) decrement -= (gradient[i] as number) * (direction[i] as number);
  const gapEstimate = converged ? 0 : Math.max(0, decrement / 2);
  return { theta, gradient, iterations, converged, gradMax: maxAbs(gradient), separation, lossHistory, objectiveHistory, initialHessian, rowsAtTheta, gapEstimate };
}
