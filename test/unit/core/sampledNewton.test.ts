// Newton with row-sampled Hessians (large n·size², as in the 10-class benchmark) reaches the same
// optimum as L-BFGS: chord steps and secant corrections change the path, never the answer.
import { describe, expect, it } from 'vitest';
import { fitSoftmax, softmaxObjective } from '../../../src/core';
import { expectClose } from './referenceFixtures';
import { seededRandom } from './seededRandom';

/** n rows of d features on scales 1e-2 … 1e3, labels drawn from a softmax model over K classes. */
function problem(n: number, d: number, K: number, seed: number): { x: Float64Array; y: Int32Array } {
  const rnd = seededRandom(seed);
  const scale = Array.from({ length: d }, (_, j) => 10 ** (-2 + (5 * j) / Math.max(1, d - 1)));
  const w = Array.from({ length: K * d }, () => 2 * rnd() - 1);
  const x = new Float64Array(n * d);
  const y = new Int32Array(n);
  const p = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = scale[j]! * (rnd() + rnd() - 1);
    let total = 0;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += w[k * d + j]! * (x[i * d + j]! / scale[j]!);
      p[k] = Math.exp(s);
      total += p[k]!;
    }
    let u = rnd() * total;
    let k = 0;
    while (k < K - 1 && u > p[k]!) u -= p[k++]!;
    y[i] = i < K ? i : k;
  }
  return { x, y };
}

/**
 * Two full fits of 12,000 × 20 × 10: 1.7–2.8 s on a 2-core machine, 6–14 s when it is busy (load
 * average 7–13), too close to the suite's 30 s; the size is what makes the Hessian sampled.
 */
const HEAVY_FIT_TIMEOUT_MS = 120_000;

describe('Newton with row-sampled Hessians', () => {
  it(
    '10 classes × 20 features on 12,000 rows: same optimum as L-BFGS (objective relative 1e-13, coefficients 1e-6)',
    () => {
      const n = 12000;
      const d = 20;
      const K = 10;
      const { x, y } = problem(n, d, K, 11);
      const features = { data: x, rows: n, cols: d };
      const newton = fitSoftmax(features, y, K, { solver: 'newton' });
      const lbfgs = fitSoftmax(features, y, K, { solver: 'lbfgs' });
      expect(newton.converged).toBe(true);
      expect(lbfgs.converged).toBe(true);
      expect(newton.gradMaxScaled).toBeLessThanOrEqual(1e-9);
      expectClose(newton.objective, lbfgs.objective, 1e-13);
      // The reported objective is the raw-unit objective at the reported coefficients.
      const params = new Float64Array(K * (d + 1));
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < d; j++) params[k * (d + 1) + j] = newton.coef.data[k * d + j]!;
        params[k * (d + 1) + d] = newton.intercept[k]!;
      }
      expectClose(softmaxObjective(features, y, K, params).objective, newton.objective, 1e-13);
      const coefScale = Math.max(...Array.from(newton.coef.data, Math.abs));
      for (let q = 0; q < K * d; q++) expectClose(newton.coef.data[q]!, lbfgs.coef.data[q]!, 0, 1e-6 * coefScale);
    },
    HEAVY_FIT_TIMEOUT_MS,
  );
});
