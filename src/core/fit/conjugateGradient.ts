// Preconditioned conjugate gradients for Newton's equations H·d = −g with exact Hessian-vector
// products: the Newton step of the current iterate to a relative residual, preconditioned by the
// Cholesky factor of an earlier Hessian. When that Hessian is close to the current one a few
// products (each about two gradient passes) replace a Hessian pass and a factorisation.
import type { ScaledProblem } from './scaledProblem';
import { centre } from './solverTypes';

export interface ConjugateGradientOutcome {
  readonly iterations: number;
  /** Whether ‖H·d + g‖ ≤ relativeTolerance·‖g‖ was reached within the cap. */
  readonly converged: boolean;
}

/** z ≈ H⁻¹r for an approximation of the Hessian. */
export interface Preconditioner {
  /** Called once per solve, after the problem's Hessian-vector product at θ is prepared (and its classCurvature set). */
  prepare(): void;
  apply(r: Float64Array, z: Float64Array): void;
}

export interface ConjugateGradientSolver {
  /**
   * Writes into `out` an approximate solution of ∇²f(θ)·d = −g, preconditioned by `preconditioner`
   * (an earlier Hessian's factorisation, or a curvature-scaled Gram matrix). Softmax vectors stay
   * centred (class shifts are flat).
   */
  solve(theta: Float64Array, gradient: Float64Array, preconditioner: Preconditioner, relativeTolerance: number, maxIterations: number, out: Float64Array): ConjugateGradientOutcome;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function createConjugateGradient(problem: ScaledProblem): ConjugateGradientSolver {
  const size = problem.size;
  const residual = new Float64Array(size);
  const preconditioned = new Float64Array(size);
  const search = new Float64Array(size);
  const product = new Float64Array(size);
  return {
    solve(theta, gradient, preconditioner, relativeTolerance, maxIterations, out) {
      out.fill(0);
      const multiply = problem.hessianVectorProduct(theta);
      preconditioner.prepare();
      for (let i = 0; i < size; i++) residual[i] = -(gradient[i] as number);
      const target = relativeTolerance * Math.sqrt(dot(residual, residual));
      preconditioner.apply(residual, preconditioned);
      centre(problem, preconditioned);
      search.set(preconditioned);
      let rz = dot(residual, preconditioned);
      for (let iteration = 1; iteration <= maxIterations; iteration++) {
        multiply(search, product);
        const curvature = dot(search, product);
        // H is positive semi-definite on the centred space; no curvature means nothing to gain.
        if (!(curvature > 0)) return { iterations: iteration, converged: false };
        const alpha = rz / curvature;
        for (let i = 0; i < size; i++) {
          out[i] = (out[i] as number) + alpha * (search[i] as number);
          residual[i] = (residual[i] as number) - alpha * (product[i] as number);
        }
        if (Math.sqrt(dot(residual, residual)) <= target) {
          centre(problem, out);
          return { iterations: iteration, converged: true };
        }
        preconditioner.apply(residual, preconditioned);
        centre(problem, preconditioned);
        const next = dot(residual, preconditioned);
        const beta = next / rz;
        rz = next;
        for (let i = 0; i < size; i++) search[i] = (preconditioned[i] as number) + beta * (search[i] as number);
      }
      centre(problem, out);
      return { iterations: maxIterations, converged: false };
    },
  };
}
