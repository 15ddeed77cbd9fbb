// Truncated Newton (Newton-CG) for fits beyond the parameters Newton factorises: each step solves
// the Newton equations ∇²f·d = −∇f by conjugate gradients on exact Hessian-vector products (about
// two gradient passes each, never the size² matrix), to a relative residual of min(0.5, √‖g‖∞),
// which keeps convergence superlinear near the optimum, then backtracks to Armijo's condition.
// scikit-learn's newton-cg is the same method, without a preconditioner; here CG is preconditioned by
// each class's curvature times the features' Gram matrix (curvaturePreconditioner.ts).
import { createConjugateGradient } from './conjugateGradient';
import { curvaturePreconditioner } from './curvaturePreconditioner';
import type { ScaledProblem } from './scaledProblem';
import { centre, maxAbs, stopHere } from './solverTypes';
import type { SolverOptions, SolverOutcome } from './solverTypes';

/** CG iterations per Newton step at most (scikit-learn's newton-cg: 200). */
const CG_CAP = 200;
/** Converged once the gradient is at the tolerance and Newton's decrement is below this share of f. */
const DECREMENT_TOLERANCE = 1e-13;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function truncatedNewton(problem: ScaledProblem, options: SolverOptions): SolverOutcome {
  const size = problem.size;
  let theta = new Float64Array(size);
  let gradient = new Float64Array(size);
  let trial = new Float64Array(size);
  let trialGradient = new Float64Array(size);
  const direction = new Float64Array(size);
  const conjugate = createConjugateGradient(problem);
  const preconditioner = curvaturePreconditioner(problem);
  let f = problem.valueGradient(theta, gradient);
  let allCorrect = problem.allCorrect;
  const lossHistory = [problem.meanLoss];
  const objectiveHistory = [f];
  let iterations = 0;
  let converged = false;
  let separation: 'none' | 'complete' | 'quasi' = 'none';
  /** Whether `direction` is the Newton-CG step at theta (for the gap estimate). */
  let stepAtTheta = false;
  /** Whether the polishing step after reaching the tolerance has been taken. */
  let polished = false;
  const newtonStep = (gradMax: number): void => {
    const solved = conjugate.solve(theta, gradient, preconditioner, Math.min(0.5, Math.sqrt(gradMax)), CG_CAP, direction);
    // CG's iterates are descent directions even when it stops early; none at all (no curvature
    // along the gradient: penalty none on a flat direction) falls back to steepest descent.
    if (solved.iterations <= 1 && !solved.converged && maxAbs(direction) === 0) for (let i = 0; i < size; i++) direction[i] = -(gradient[i] as number);
    stepAtTheta = true;
  };
  for (;;) {
    const gradMax = maxAbs(gradient);
    const stop = stopHere(problem, options, theta, gradMax, allCorrect);
    if (stop === 'converged') {
      // At the gradient tolerance, one more step (polishing) takes the gradient to round-off, so
      // the coefficients, not only the objective, sit at the optimum. On ill-conditioned problems
      // (nearly separable classes at a large C) the tolerance can still leave the objective a
      // relative 1e-8 above its minimum: steps go on while Newton's decrement −½·gᵀd is above
      // round-off.
      newtonStep(gradMax);
      const settled = !(-dot(gradient, direction) / 2 > DECREMENT_TOLERANCE * Math.abs(f));
      if ((settled && polished) || iterations >= options.maxIterations) {
        converged = true;
        break;
      }
      if (settled) polished = true;
    } else if (stop !== undefined) {
      separation = stop;
      break;
    }
    if (iterations >= options.maxIterations) break;
    if (!stepAtTheta) newtonStep(gradMax);
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
    if (!accepted) {
      // No step below round-off from a point already at the tolerance: that point is the answer.
      converged = stop === 'converged';
      break;
    }
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
