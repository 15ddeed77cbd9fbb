// Limited-memory BFGS with a weak-Wolfe line search, for problems too large for Newton: one fused
// value+gradient pass per trial point, O(size·memory) extra work per iteration.
import type { ScaledProblem } from './scaledProblem';
import { centre, maxAbs, stopHere } from './solverTypes';
import type { SolverOptions, SolverOutcome } from './solverTypes';

const MEMORY = 20;
const C1 = 1e-4;
const C2 = 0.9;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function lbfgs(problem: ScaledProblem, options: SolverOptions): SolverOutcome {
  const size = problem.size;
  let theta = new Float64Array(size);
  let gradient = new Float64Array(size);
  let trial = new Float64Array(size);
  let trialGradient = new Float64Array(size);
  const direction = new Float64Array(size);
  const sHistory = Array.from({ length: MEMORY }, () => new Float64Array(size));
  const yHistory = Array.from({ length: MEMORY }, () => new Float64Array(size));
  const rho = new Float64Array(MEMORY);
  const alpha = new Float64Array(MEMORY);
  let stored = 0;
  let newest = -1;
  let f = problem.valueGradient(theta, gradient);
  let allCorrect = problem.allCorrect;
  const lossHistory = [problem.meanLoss];
  const objectiveHistory = [f];
  let iterations = 0;
  let converged = false;
  let separation: 'none' | 'complete' | 'quasi' = 'none';
  for (;;) {
    const gradMax = maxAbs(gradient);
    const stop = stopHere(problem, options, theta, gradMax, allCorrect);
    if (stop === 'converged') {
      converged = true;
      break;
    }
    if (stop !== undefined) {
      separation = stop;
      break;
    }
    if (iterations >= options.maxIterations) break;
    // Two-loop recursion: direction = −H·g.
    for (let i = 0; i < size; i++) direction[i] = -(gradient[i] as number);
    for (let c = 0; c < stored; c++) {
      const idx = (newest - c + MEMORY) % MEMORY;
      const a = (rho[idx] as number) * dot(sHistory[idx] as Float64Array, direction);
      alpha[idx] = a;
      const yv = yHistory[idx] as Float64Array;
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) - a * (yv[i] as number);
    }
    let initialStep = 1;
    if (stored > 0) {
      const s = sHistory[newest] as Float64Array;
      const yv = yHistory[newest] as Float64Array;
      const gamma = dot(s, yv) / dot(yv, yv);
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) * gamma;
    } else {
      initialStep = Math.min(1, 1 / gradMax);
    }
    for (let c = stored - 1; c >= 0; c--) {
      const idx = (newest - c + MEMORY) % MEMORY;
      const b = (rho[idx] as number) * dot(yHistory[idx] as Float64Array, direction);
      const sv = sHistory[idx] as Float64Array;
      const a = alpha[idx] as number;
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) + (a - b) * (sv[i] as number);
    }
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      stored = 0;
      for (let i = 0; i < size; i++) direction[i] = -(gradient[i] as number);
      slope = -dot(gradient, gradient);
      initialStep = Math.min(1, 1 / gradMax);
    }
    // Weak Wolfe line search by bracketing; secant steps on the directional derivative.
    let lo = 0;
    let loSlope = slope;
    let hi = Infinity;
    let hiSlope = NaN;
    let t = initialStep;
    let accepted = false;
    let trialF = NaN;
    for (let attempt = 0; attempt < 40; attempt++) {
      for (let i = 0; i < size; i++) trial[i] = (theta[i] as number) + t * (direction[i] as number);
      trialF = problem.valueGradient(trial, trialGradient);
      const trialSlope = dot(trialGradient, direction);
      const sufficient =
        trialF <= f + C1 * t * slope ||
        // Approximate Wolfe (Hager–Zhang) once f, a sum over n rows with its own round-off,
        // cannot resolve the decrease: the slope condition then certifies descent.
        (trialF <= f + 1e-10 * Math.abs(f) && trialSlope <= (2 * C1 - 1) * slope);
      if (!sufficient || !Number.isFinite(trialF)) {
        hi = t;
        hiSlope = trialSlope;
      } else if (trialSlope < C2 * slope) {
        lo = t;
        loSlope = trialSlope;
      } else {
        accepted = true;
        break;
      }
      if (hi === Infinity) t = 2 * t;
      else {
        let next = Number.isFinite(hiSlope) && hiSlope > loSlope ? lo - (loSlope * (hi - lo)) / (hiSlope - loSlope) : 0.5 * (lo + hi);
        const width = hi - lo;
        if (!(next > lo + 0.1 * width && next < hi - 0.1 * width)) next = 0.5 * (lo + hi);
        t = next;
      }
    }
    if (!accepted) {
      if (stored === 0) break;
      stored = 0; // restart from steepest descent once before giving up
      continue;
    }
    newest = (newest + 1) % MEMORY;
    const s = sHistory[newest] as Float64Array;
    const yv = yHistory[newest] as Float64Array;
    for (let i = 0; i < size; i++) {
      s[i] = (trial[i] as number) - (theta[i] as number);
      yv[i] = (trialGradient[i] as number) - (gradient[i] as number);
    }
    const sy = dot(s, yv);
    if (sy > 1e-300) {
      rho[newest] = 1 / sy;
      stored = Math.min(stored + 1, MEMORY);
    } else {
      newest = (newest - 1 + MEMORY) % MEMORY;
    }
    [theta, trial] = [trial, theta];
    [gradient, trialGradient] = [trialGradient, gradient];
    centre(problem, theta);
    f = trialF;
    allCorrect = problem.allCorrect;
    iterations++;
    lossHistory.push(problem.meanLoss);
    objectiveHistory.push(f);
    options.onIteration(iterations, f, problem.meanLoss, maxAbs(gradient));
  }
  return { theta, gradient, iterations, converged, gradMax: maxAbs(gradient), separation, lossHistory, objectiveHistory, rowsAtTheta: false };
}
