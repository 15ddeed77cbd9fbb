// What the solvers report back to the fit driver.
import type { RowOutputs, ScaledProblem } from './scaledProblem';

export interface SolverOptions {
  readonly maxIterations: number;
  readonly tolerance: number;
  /** Penalty 'none': watch for separation (no finite minimiser). */
  readonly watchSeparation: boolean;
  /** Called after every iteration; throws to cancel. */
  readonly onIteration: (iteration: number, objective: number, meanLoss: number, gradMax: number) => void;
  /** Where a solver may write the row outputs of its final evaluation (see rowsAtTheta). */
  readonly rows?: RowOutputs;
}

export interface SolverOutcome {
  readonly theta: Float64Array;
  /** ∇f at theta (the last evaluation). */
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly gradMax: number;
  readonly separation: 'none' | 'complete' | 'quasi';
  /** Mean loss and scaled objective f at the start and after every iteration. */
  readonly lossHistory: number[];
  readonly objectiveHistory: number[];
  /** Newton only, when exact: the Hessian at the all-zero start, a multiple of the Gram matrix. */
  readonly initialHessian?: Float64Array;
  /** Whether options.rows hold the row outputs at theta (else the caller computes them). */
  readonly rowsAtTheta: boolean;
  /** Newton only: −½·gᵀd at theta (d the Newton step), the estimated f − f* where it stopped. */
  readonly gapEstimate?: number;
}

export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i] as number);
    if (a > m || a !== a) m = a;
  }
  return m;
}

/**
 * Where the gradient-driven solvers (L-BFGS, truncated Newton) stop: at the tolerance
 * ('converged'), or with penalty none on separation: every row classified strictly correctly
 * ('complete'), or standardised log-odds beyond 1e4 per standard deviation, which have no
 * finite-sample meaning: the iterates run off to infinity along a (quasi-)separating direction.
 */
export function stopHere(problem: ScaledProblem, options: SolverOptions, theta: Float64Array, gradMax: number, allCorrect: boolean): 'converged' | 'complete' | 'quasi' | undefined {
  if (gradMax <= options.tolerance) return 'converged';
  if (!options.watchSeparation) return undefined;
  if (allCorrect && maxAbs(theta) > 0) return 'complete';
  return maxAbsCoefficient(problem, theta) > 1e4 ? 'quasi' : undefined;
}

/** Largest |coefficient| (intercepts excluded). */
export function maxAbsCoefficient(problem: ScaledProblem, theta: Float64Array): number {
  let m = 0;
  for (let k = 0; k < problem.rowsOfParameters; k++) {
    for (let j = 0; j < problem.m; j++) m = Math.max(m, Math.abs(theta[k * (problem.m + 1) + j] as number));
  }
  return m;
}

/** Softmax: subtract the class mean of every parameter so rows sum to 0 (removes round-off drift). */
export function centre(problem: ScaledProblem, theta: Float64Array): void {
  if (!problem.shiftInvariant) return;
  const width = problem.m + 1;
  const K = problem.rowsOfParameters;
  for (let j = 0; j < width; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += theta[k * width + j] as number;
    s /= K;
    for (let k = 0; k < K; k++) theta[k * width + j] = (theta[k * width + j] as number) - s;
  }
}
