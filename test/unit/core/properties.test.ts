// Property tests (fast-check): the identities the panel shows and the solvers rely on hold for
// arbitrary inputs, not just the worked examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  crossEntropy,
  crossEntropyFromLogits,
  divergence,
  logisticObjective,
  matrixFromRows,
  sigmoid,
  softmax,
  softmaxObjective,
} from '../../../src/core';
import { createBinaryProblem } from '../../../src/core/fit/binaryProblem';
import { createSoftmaxProblem } from '../../../src/core/fit/softmaxProblem';
import { expectClose } from './referenceFixtures';

const weight = fc.double({ min: 1e-6, max: 10, noNaN: true });
const pair = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.array(weight, { minLength: n, maxLength: n }), fc.array(weight, { minLength: n, maxLength: n })));
const logit = fc.double({ min: -30, max: 30, noNaN: true });

describe('divergence identities', () => {
  it('CE(P, Q) = H(P) + D(P‖Q), with CE computed independently as −Σ p ln q (relative 1e-12)', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const r = divergence(p, q);
        const sp = p.reduce((a, b) => a + b, 0);
        const sq = q.reduce((a, b) => a + b, 0);
        const ce = -p.reduce((acc, v, i) => acc + (v / sp) * Math.log(q[i]! / sq), 0);
        expectClose(r.entropyPNats + r.klPQNats, ce, 1e-12, 1e-15);
        expectClose(r.crossEntropyPQNats, ce, 1e-12, 1e-15);
      }),
    );
  });

  it('KL ≥ 0, and D(P‖P) = 0 exactly', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const r = divergence(p, q);
        expect(r.klPQNats).toBeGreaterThanOrEqual(-1e-15);
        expect(r.klQPNats).toBeGreaterThanOrEqual(-1e-15);
        expect(divergence(p, p).klPQNats).toBe(0);
        expect(
          divergence(
            p,
            p.map((v) => 3 * v),
          ).klPQNats,
        ).toBeLessThan(1e-15);
      }),
    );
  });

  it('KL > 0 when the normalised distributions differ', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const sp = p.reduce((a, b) => a + b, 0);
        const sq = q.reduce((a, b) => a + b, 0);
        const gap = Math.max(...p.map((v, i) => Math.abs(v / sp - q[i]! / sq)));
        fc.pre(gap > 1e-4);
        expect(divergence(p, q).klPQNats).toBeGreaterThan(0);
      }),
    );
  });

  it('Jensen–Shannon is symmetric and within [0, ln 2]', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const a = divergence(p, q).jsNats;
        expect(divergence(q, p).jsNats).toBe(a);
        expect(a).toBeGreaterThanOrEqual(-1e-16);
        expect(a).toBeLessThanOrEqual(Math.LN2 + 1e-15);
      }),
    );
  });
});

describe('softmax and logits', () => {
  it('softmax is shift-invariant (relative 1e-12 for shifts up to ±100)', () => {
    fc.assert(
      fc.property(fc.array(logit, { minLength: 1, maxLength: 10 }), fc.double({ min: -100, max: 100, noNaN: true }), (v, c) => {
        const a = softmax(v);
        const b = softmax(v.map((x) => x + c));
        a.forEach((x, i) => expectClose(b[i]!, x, 1e-12, 1e-300));
        // Up to 10 terms, each rounded once (e·(1/Σ)) and summed with rounding: (2k + 1)·ε/2 ≤ 2.4e-15.
        expectClose(
          a.reduce((s, x) => s + x, 0),
          1,
          2.5e-15,
        );
      }),
    );
  });

  it('cross-entropy from logits equals cross-entropy of their softmax probabilities', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((k) => fc.tuple(fc.array(fc.array(logit, { minLength: k, maxLength: k }), { minLength: 1, maxLength: 8 }), fc.nat({ max: k - 1 }))),
        ([rows, truth]) => {
          const y = rows.map(() => truth);
          const fromLogits = crossEntropyFromLogits(y, matrixFromRows(rows));
          const fromProbabilities = crossEntropy(y, matrixFromRows(rows.map((r) => Array.from(softmax(r)))), { eps: 'none' });
          fromLogits.rowLossNats.forEach((v, i) => expectClose(fromProbabilities.rowLossNats[i]!, v, 1e-9, 1e-13));
        },
      ),
    );
  });

  // The probability path computes 1 − σ(s), which loses about s/ln 10 digits for large s (the
  // reason logits are preferred): |s| ≤ 15 keeps that below 1e-9.
  it('binary: softplus(−m) from the logit equals −log σ(±s) from the probability', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.double({ min: -15, max: 15, noNaN: true })), { minLength: 1, maxLength: 20 }), (rows) => {
        const y = rows.map(([b]) => (b ? 1 : 0));
        const s = rows.map(([, v]) => v);
        const a = binaryCrossEntropyFromLogits(y, s);
        const b = binaryCrossEntropy(y, s.map(sigmoid), { eps: 'none' });
        a.rowLossNats.forEach((v, i) => expectClose(b.rowLossNats[i]!, v, 1e-8, 1e-14));
      }),
    );
  });
});

/** Central finite difference of f along coordinate i. */
function partial(f: (x: Float64Array) => number, x: Float64Array, i: number, h: number): number {
  const up = new Float64Array(x);
  const down = new Float64Array(x);
  up[i] = up[i]! + h;
  down[i] = down[i]! - h;
  return (f(up) - f(down)) / (2 * h);
}

const design = fc.record({
  rows: fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 6, maxLength: 15 }),
  params: fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: 12, maxLength: 12 }),
  C: fc.double({ min: 0.1, max: 10, noNaN: true }),
  penalty: fc.constantFrom('l2' as const, 'none' as const),
});

describe('fit objectives: gradients and Hessians against central finite differences (relative 1e-6)', () => {
  it('logisticObjective', () => {
    fc.assert(
      fc.property(design, ({ rows, params, C, penalty }) => {
        const X = matrixFromRows(rows);
        const y = rows.map((r, i) => ((r[0]! + i) % 2 > 1 ? 1 : 0));
        const theta = Float64Array.from(params.slice(0, 4));
        const f = (t: Float64Array): number => logisticObjective(X, y, t, { C, penalty }).objective;
        const { gradient } = logisticObjective(X, y, theta, { C, penalty });
        const scale = Math.max(1, ...Array.from(gradient, Math.abs));
        for (let i = 0; i < theta.length; i++) expectClose(gradient[i]!, partial(f, theta, i, 1e-5), 0, 1e-6 * scale);
      }),
      { numRuns: 50 },
    );
  });

  it('softmaxObjective', () => {
    fc.assert(
      fc.property(design, ({ rows, params, C, penalty }) => {
        const X = matrixFromRows(rows);
        const y = rows.map((_, i) => i % 3);
        const theta = Float64Array.from(params);
        const f = (t: Float64Array): number => softmaxObjective(X, y, 3, t, { C, penalty }).objective;
        const { gradient } = softmaxObjective(X, y, 3, theta, { C, penalty });
        const scale = Math.max(1, ...Array.from(gradient, Math.abs));
        for (let i = 0; i < theta.length; i++) expectClose(gradient[i]!, partial(f, theta, i, 1e-5), 0, 1e-6 * scale);
      }),
      { numRuns: 50 },
    );
  });

  it('the solvers’ standardised binary and softmax problems (value, gradient and Hessian)', () => {
    fc.assert(
      fc.property(design, ({ rows, params, C }) => {
        const n = rows.length;
        const m = 3;
        const z = new Float64Array(n * m);
        rows.forEach((r, i) => r.forEach((v, j) => (z[j * n + i] = v)));
        const penalty = Float64Array.from([1, 0.5, 2].map((v) => v / (C * n)));
        const yb = Uint8Array.from(rows, (_, i) => i % 2);
        const yk = Int32Array.from(rows, (_, i) => i % 3);
        for (const problem of [createBinaryProblem(z, n, m, yb, penalty), createSoftmaxProblem(z, n, m, yk, 3, penalty)]) {
          const theta = Float64Array.from(params.slice(0, problem.size));
          const g = new Float64Array(problem.size);
          const h = new Float64Array(problem.size * problem.size);
          const value = problem.valueGradientHessian(theta, g, h);
          expectClose(problem.value(theta), value, 1e-14, 1e-15);
          const g2 = new Float64Array(problem.size);
          expectClose(problem.valueGradient(theta, g2), value, 1e-14, 1e-15);
          for (let i = 0; i < problem.size; i++) {
            expectClose(g2[i]!, g[i]!, 1e-12, 1e-15);
            expectClose(
              g[i]!,
              partial((t) => problem.value(t), theta, i, 1e-5),
              0,
              1e-7,
            );
            const column = (t: Float64Array): number => {
              const gt = new Float64Array(problem.size);
              problem.valueGradient(t, gt);
              return gt[i]!;
            };
            for (let j = 0; j < problem.size; j++) {
              expectClose(h[i * problem.size + j]!, partial(column, theta, j, 1e-5), 0, 1e-7);
            }
          }
        }
      }),
      { numRuns: 20 },
    );
  });
});
