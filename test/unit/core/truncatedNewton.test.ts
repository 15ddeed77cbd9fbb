// Beyond the 1,024 parameters Newton factorises, fits run truncated Newton (Newton-CG: conjugate
// gradients on exact Hessian-vector products) to the true optimum (checked by the reference
// objective's gradient), and say how far they are when stopped early.
import { describe, expect, it } from 'vitest';
import { fitLogistic, fitSoftmax, softmaxObjective } from '../../../src/core';
import type { Matrix } from '../../../src/core';
import { createBinaryProblem } from '../../../src/core/fit/binaryProblem';
import { curvaturePreconditioner } from '../../../src/core/fit/curvaturePreconditioner';
import { seededRandom } from './seededRandom';

/** n rows of m features (raw scales 1e-2…1e2) and K classes from a random linear model plus uniform noise of width `noise`. */
function problem(seed: number, n: number, m: number, K: number, noise = 3): { x: Matrix; y: Int32Array } {
  const rnd = seededRandom(seed);
  const scales = Float64Array.from({ length: m }, (_, j) => 10 ** (-2 + (4 * j) / Math.max(1, m - 1)));
  const data = Float64Array.from({ length: n * m }, (_, i) => (rnd() - 0.5 + 0.3 * (rnd() - 0.5)) * (scales[i % m] as number));
  const w = Float64Array.from({ length: K * m }, () => 2 * (rnd() - 0.5));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let k = 0; k < K; k++) {
      let s = noise * (rnd() - 0.5);
      for (let j = 0; j < m; j++) s += ((w[k * m + j] as number) * (data[i * m + j] as number)) / (scales[j] as number);
      if (s > best) {
        best = s;
        y[i] = k;
      }
    }
  }
  for (let k = 0; k < K; k++) y[k] = k;
  return { x: { data, rows: n, cols: m }, y };
}

describe('truncated Newton beyond 1,024 parameters', () => {
  it('16 classes × 65 parameters (1,040): Newton-CG by default, at the optimum (an independent gradient ≈ 0, no lower objective by L-BFGS)', () => {
    // Noisy labels keep the test quick (nearly separable data needs more Newton steps).
    const { x, y } = problem(7, 1000, 64, 16, 100);
    const C = 1;
    const auto = fitSoftmax(x, y, 16, { C });
    expect(auto.solver).toBe('newton-cg');
    expect(auto.converged).toBe(true);
    expect(auto.gradMaxScaled).toBeLessThanOrEqual(1e-9);
    // The reference objective's gradient at the fitted coefficients, relative to its terms' size.
    const width = x.cols + 1;
    const params = new Float64Array(16 * width);
    for (let k = 0; k < 16; k++) {
      for (let j = 0; j < x.cols; j++) params[k * width + j] = auto.coef.data[k * x.cols + j] as number;
      params[k * width + x.cols] = auto.intercept[k] as number;
    }
    const reference = softmaxObjective(x, y, 16, params, { C });
    expect(Math.abs(reference.objective - auto.objective)).toBeLessThanOrEqual(1e-12 * auto.objective);
    for (let j = 0; j < x.cols; j++) {
      let terms = 0;
      for (let i = 0; i < x.rows; i++) terms += Math.abs(x.data[i * x.cols + j] as number);
      for (let k = 0; k < 16; k++) expect(Math.abs(reference.gradient[k * width + j] as number)).toBeLessThanOrEqual(1e-8 * (C * terms + Math.abs(params[k * width + j] as number)));
    }
    const lbfgs = fitSoftmax(x, y, 16, { C, solver: 'lbfgs', maxIterations: 300 });
    expect(auto.objective).toBeLessThanOrEqual(lbfgs.objective * (1 + 1e-12));
  });

  it("asked for on a binary fit, it reaches Newton's optimum too", () => {
    const { x, y } = problem(3, 800, 12, 2);
    const cg = fitLogistic(x, Float64Array.from(y), { solver: 'newton-cg' });
    const newton = fitLogistic(x, Float64Array.from(y));
    expect(cg.solver).toBe('newton-cg');
    expect(cg.converged).toBe(true);
    expect(Math.abs(cg.objective - newton.objective)).toBeLessThanOrEqual(1e-12 * newton.objective);
  });

  it('stopped at its iteration cap, it says so with the estimated distance to the optimum', () => {
    const { x, y } = problem(11, 1000, 64, 16, 100);
    const capped = fitSoftmax(x, y, 16, { C: 10, maxIterations: 2 });
    expect(capped.solver).toBe('newton-cg');
    expect(capped.converged).toBe(false);
    const warning = capped.warnings.find((w) => w.code === 'notConverged');
    expect(warning?.message).toMatch(/estimate of the objective's distance to the optimum: [0-9.]+e[-+][0-9]+/);
  });
});

describe("truncated Newton's preconditioner (class curvature × the features' Gram matrix)", () => {
  it('is the exact inverse Hessian of a binary problem at θ = 0 (curvature ¼ on every row)', () => {
    const rnd = seededRandom(5);
    const n = 700;
    const m = 6;
    // Column-major, correlated columns (the case unpreconditioned CG is slow on).
    const z = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const common = rnd() - 0.5;
      for (let j = 0; j < m; j++) z[j * n + i] = common + 0.1 * j * (rnd() - 0.5);
    }
    const y = Uint8Array.from({ length: n }, () => (rnd() < 0.4 ? 1 : 0));
    const penalty = Float64Array.from({ length: m }, (_, j) => 1e-3 * (j + 1));
    const problem = createBinaryProblem(z, n, m, y, penalty);
    const theta = new Float64Array(m + 1);
    const multiply = problem.hessianVectorProduct(theta);
    expect(problem.classCurvature[0]).toBeCloseTo(0.25, 15);
    const preconditioner = curvaturePreconditioner(problem);
    preconditioner.prepare();
    const v = Float64Array.from({ length: m + 1 }, () => rnd() - 0.5);
    const hv = new Float64Array(m + 1);
    multiply(v, hv);
    const back = new Float64Array(m + 1);
    preconditioner.apply(hv, back);
    for (let j = 0; j <= m; j++) expect(Math.abs((back[j] as number) - (v[j] as number))).toBeLessThanOrEqual(1e-10);
  });
});
