// The preconditioner of truncated Newton's conjugate gradients, where the Hessian is too large to
// form: class block k of the Hessian, Σ_i w_i·p_ik(1 − p_ik)·z̃_i z̃_iᵀ / W + Λ, is approximated by
// c_k·Ĝ + Λ, with Ĝ the mean Gram matrix of the standardised features and the intercept (formed
// once) and c_k the mean curvature of class k at the iterate (from the Hessian-vector product's own
// preparation pass, so it costs no pass of its own). It captures what slows unpreconditioned CG on
// real features — correlated columns and classes of very different curvature (a rare class, a
// confident one) — for K Cholesky factorisations of (m + 1)² per Newton step. At θ = 0 it is
// exact for a binary problem and, on the centred vectors softmax uses, exact up to the factor
// (1 − 1/K) on the loss part.
import type { Preconditioner } from './conjugateGradient';
import { choleskyWithShift } from './hessianFactor';
import { choleskySolveInPlace } from './linearAlgebra';
import type { ScaledProblem } from './scaledProblem';
import { centre } from './solverTypes';

export function curvaturePreconditioner(problem: ScaledProblem): Preconditioner {
  const K = problem.rowsOfParameters;
  const width = problem.m + 1;
  const gram = problem.meanGram();
  const factors: Float64Array[] = [];
  const block = new Float64Array(width * width);
  return {
    prepare() {
      factors.length = 0;
      for (let k = 0; k < K; k++) {
        const c = problem.classCurvature[k] as number;
        for (let q = 0; q < block.length; q++) block[q] = c * (gram[q] as number);
        for (let j = 0; j < problem.m; j++) block[j * width + j] = (block[j * width + j] as number) + (problem.penalty[j] as number);
        factors.push(choleskyWithShift(block, width, () => undefined));
      }
    },
    apply(r, out) {
      out.set(r);
      centre(problem, out);
      for (let k = 0; k < K; k++) choleskySolveInPlace(factors[k] as Float64Array, width, out.subarray(k * width, (k + 1) * width));
    },
  };
}
