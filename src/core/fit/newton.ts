// Damped Newton's method with backtracking for small problems (≤ 64 parameters): quadratic
// convergence to the true optimum in a handful of full passes, each giving value, gradient and
// Hessian together.
import { choleskyInPlace, choleskySolveInPlace } from './linearAlgebra';
import type { ScaledProblem } from './scaledProblem';
import { centre, maxAbs, maxAbsCoefficient } from './solverTypes';
import type { SolverOptions, SolverOutcome } from './solverTypes';

/**
 * Newton direction: solves (H + G + μI) δ = −g by Cholesky. G adds the class-shift directions of a
 * softmax problem (flat in the loss; since g and the iterate are centred the solution stays centred
 * and solves Hδ = −g); μ grows from 0 only when H is not numerically positive definite (collinear
 * features with penalty none).
 */
function newtonDirection(problem: ScaledProblem, hessian: Float64Array, gradient: Float64Array, out: Float64Array): void {
  const size = problem.size;
  const a = new Float64Array(size * size);
  let scale = 0;
  for (let i = 0; i < size; i++) scale = Math.max(scale, Math.abs(hessian[i * size + i] as number));
  if (!(scale > 0)) scale = 1;
  for (let mu = 0; ; mu = mu === 0 ? 1e-12 * scale : mu * 10) {
    a.set(hessian);
    if (problem.shiftInvariant) {
      const width = problem.m + 1;
      const K = problem.rowsOfParameters;
      for (let j = 0; j < width; j++) {
        for (let k = 0; k < K; k++) {
          for (let l = 0; l < K; l++) {
            const idx = (k * width + j) * size + l * width + j;
            a[idx] = (a[idx] as number) + scale / K;
          }
        }
      }
    }
    for (let i = 0; i < size; i++) a[i * size + i] = (a[i * size + i] as number) + mu;
    if (choleskyInPlace(a, size) || mu > 1e6 * scale) break;
  }
  for (let i = 0; i < size; i++) out[i] = -(gradient[i] as number);
  choleskySolveInPlace(a, size, out);
}

/**
 * One last full Newton step from a converged point: quadratic convergence takes the gradient from
 * ≤ tolerance to round-off level for the price of one pass. Kept only if the gradient shrinks and
 * f does not rise beyond round-off (theta and gradient are then updated in place and the new f is
 * returned); otherwise returns undefined and leaves them as they were.
 */
function polish(
  problem: ScaledProblem,
  theta: Float64Array,
  gradient: Float64Array,
  direction: Float64Array,
  f: number,
  gradMax: number,
): number | undefined {
  const size = problem.size;
  const trial = new Float64Array(size);
  const trialGradient = new Float64Array(size);
  for (let i = 0; i < size; i++) trial[i] = (theta[i] as number) + (direction[i] as number);
  centre(problem, trial);
  const meanLoss = problem.meanLoss;
  const allCorrect = problem.allCorrect;
  const trialF = problem.valueGradient(trial, trialGradient);
  if (maxAbs(trialGradient) < gradMax && trialF <= f + 1e-12 * Math.abs(f)) {
    theta.set(trial);
    gradient.set(trialGradient);
    return trialF;
  }
  problem.meanLoss = meanLoss;
  problem.allCorrect = allCorrect;
  return undefined;
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
  let f = problem.valueGradientHessian(theta, gradient, hessian);
  let allCorrect = problem.allCorrect;
  const lossHistory = [problem.meanLoss];
  const objectiveHistory = [f];
  let iterations = 0;
  let converged = false;
  let separation: 'none' | 'complete' | 'quasi' = 'none';
  for (;;) {
    const gradMax = maxAbs(gradient);
    if (options.watchSeparation && allCorrect && maxAbs(theta) > 0) {
      separation = 'complete';
      break;
    }
    newtonDirection(problem, hessian, gradient, direction);
    if (gradMax <= options.tolerance) {
      // A vanishing gradient with a Newton step that stays long means a flat direction along
      // which the loss keeps falling: the minimiser is at infinity (quasi-separation).
      const step = maxAbs(direction);
      if (!options.watchSeparation || step <= 1e-3 * (1 + maxAbs(theta))) {
        converged = true;
        const polished = polish(problem, theta, gradient, direction, f, gradMax);
        if (polished !== undefined) {
          iterations++;
          lossHistory.push(problem.meanLoss);
          objectiveHistory.push(polished);
          options.onIteration(iterations, polished, problem.meanLoss, maxAbs(gradient));
        }
        break;
      }
      if (maxAbsCoefficient(problem, theta) > 5) {
        separation = 'quasi';
        break;
      }
    }
    if (iterations >= options.maxIterations) break;
    let slope = 0;
    for (let i = 0; i < size; i++) slope += (gradient[i] as number) * (direction[i] as number);
    if (!(slope < 0)) {
      // Not a descent direction (numerically singular Hessian): fall back to steepest descent.
      for (let i = 0; i < size; i++) direction[i] = -(gradient[i] as number);
      slope = -gradMax * gradMax;
    }
    let t = 1;
    let accepted = false;
    let trialF = NaN;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let i = 0; i < size; i++) trial[i] = (theta[i] as number) + t * (direction[i] as number);
      centre(problem, trial);
      trialF = problem.valueGradientHessian(trial, trialGradient, trialHessian);
      // Armijo, or no increase beyond round-off once the decrease is below what f can resolve.
      if (trialF <= f + 1e-4 * t * slope || (trialF <= f + 1e-12 * Math.abs(f) && maxAbs(trialGradient) < gradMax)) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
    [theta, trial] = [trial, theta];
    [gradient, trialGradient] = [trialGradient, gradient];
    [hessian, trialHessian] = [trialHessian, hessian];
    f = trialF;
    allCorrect = problem.allCorrect;
    iterations++;
    lossHistory.push(problem.meanLoss);
    objectiveHistory.push(f);
    options.onIteration(iterations, f, problem.meanLoss, maxAbs(gradient));
  }
  return { theta, iterations, converged, gradMax: maxAbs(gradient), separation, lossHistory, objectiveHistory };
}
