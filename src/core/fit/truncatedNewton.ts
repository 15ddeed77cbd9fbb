// Truncated Newton (Newton-CG) for fits beyond the parameters Newton factorises: each step solves
// the Newton equations ∇²f·d = −∇f by conjugate gradients on exact Hessian-vector products (about
// two gradient passes each, never the size² matrix), to a relative residual of min(0.5, √‖g‖∞),
// which keeps convergence superlinear near the optimum, then backtracks to Armijo's condition.
// scikit-learn's newton-cg is the same method. The features are standardised, so the Hessian's
// diagonal is near uniform and CG runs without a preconditioner.
import { createConjugateGradient } from './conjugateGradient';
import type { ScaledProblem } from './scaledProblem';
import { centre, maxAbs, stopHere } from './solverTypes';
import type { SolverOptions, SolverOutcome } from './solverTypes';

/** CG iterations per Newton step at most (scikit-learn's newton-cg: 200). */
const CG_CAP = 200;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

const identity = (r: Float64Array, out: Float64Array): void => out.set(r);

export function truncatedNewton(problem: ScaledProblem, options: SolverOptions): SolverOutcome {
  const size = problem.size;
  let theta = new Float64Array(size);
  let gradient = new Float64Array(size);
  let trial = new Float64Array(size);
  let trialGradient = new Float64Array(size);
  const direction = new Float64Array(size);
  const conjugate = createConjugateGradient(problem);
  let f = problem.valueGradient(theta, gradient);
  let allCorrect = problem.allCorrect;
  const lossHistory = [problem.meanLoss];
  const objectiveHistory = [f];
  let iterations = 0;
  let converged = false;
  let separation: 'none' | 'complete' | 'quasi' = 'none';
  /** Whether `direction` is the Newton-CG step at theta (for the gap estimate). */
  let stepAtTheta = false;
  const newtonStep = (gradMax: number): void => {
    const solved = conjugate.solve(theta, gradient, identity, Math.min(0.5, Math.sqrt(gradMax)), CG_CAP, direction);
    // CG's iterates are descent directions even when it stops early; none at all (no curvature
    // along the gradient: penalty none on a flat direction) falls back to steepest descent.
    if (solved.iterations <= 1 && !solved.converged && maxAbs(direction) === 0) for (let i = 0; i < size; i++) direction[i] = -(gradient[i] as number);
    stepAtTheta = true;
  };
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
    newtonStep(gradMax);
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      for (let i = 0; i < size; i++) direction[i] = -(gradient[i] as number);
      slope = -dot(gradient, gradient);
    }
    let t = 1;
    let accepted = false;
    let trialF = NaN;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let i = 0; i < size; i++) trial[i] = (theta[i] as number) + t * (direction[i] as number);
      centre(problem, trial);
      trialF = problem.valueGradient(trial, trialGradient);
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
    stepAtTheta = false;
    f = trialF;
    allCorrect = problem.allCorrect;
    iterations++;
    lossHistory.push(problem.meanLoss);
    objectiveHistory.push(f);
    options.onIteration(iterations, f, problem.meanLoss, maxAbs(gradient));
  }
  // Stopped short: Newton's decrement −½·gᵀd estimates how far f is above its minimum.
  let gapEstimate = 0;
  if (!converged && separation === 'none') {
    if (!stepAtTheta) newtonStep(maxAbs(gradient));
    gapEstimate = Math.max(0, -dot(gradient, direction) / 2);
  }
  return { theta, gradient, iterations, converged, gradMax: maxAbs(gradient), separation, lossHistory, objectiveHistory, rowsAtTheta: false, gapEstimate };
}
