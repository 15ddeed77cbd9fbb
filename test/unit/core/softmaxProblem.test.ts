// The softmax solver problem's fused, chunked passes against a plain per-row reference of the same
// standardised objective, on random problems whose row counts straddle the chunk boundaries; the
// row outputs a pass writes for the fit (binary and softmax) equal rowResults'.
import { describe, expect, it } from 'vitest';
import { CHUNK, createBinaryProblem } from '../../../src/core/fit/binaryProblem';
import { classKroneckerFactor, factorize } from '../../../src/core/fit/hessianFactor';
import { affineScores, crossProducts } from '../../../src/core/fit/kernels';
import { createSoftmaxProblem } from '../../../src/core/fit/softmaxProblem';
import { expectClose } from './referenceFixtures';
import { seededRandom } from './seededRandom';

interface Problem {
  z: Float64Array;
  n: number;
  m: number;
  y: Int32Array;
  K: number;
  penalty: Float64Array;
  theta: Float64Array;
}

function randomProblem(seed: number, n: number, m: number, K: number, thetaScale: number): Problem {
  const rnd = seededRandom(seed);
  const z = Float64Array.from({ length: n * m }, () => 4 * rnd() - 2);
  const y = Int32Array.from({ length: n }, (_, i) => (i < K ? i : Math.floor(rnd() * K)));
  const penalty = Float64Array.from({ length: m }, () => rnd() / n);
  const theta = Float64Array.from({ length: K * (m + 1) }, () => thetaScale * (2 * rnd() - 1));
  return { z, n, m, y, K, penalty, theta };
}

/** Value, gradient and (sampled-row) Hessian of the scaled objective, one row at a time. */
function reference(p: Problem, hessianStride: number): { value: number; gradient: Float64Array; hessian: Float64Array } {
  const { z, n, m, y, K, penalty, theta } = p;
  const width = m + 1;
  const size = K * width;
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const x = new Float64Array(width);
  const prob = new Float64Array(K);
  let loss = 0;
  let hessianRows = 0;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < m; a++) x[a] = z[a * n + i]!;
    x[m] = 1;
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let a = 0; a < width; a++) s += theta[k * width + a]! * x[a]!;
      prob[k] = s;
      max = Math.max(max, s);
    }
    let total = 0;
    for (let k = 0; k < K; k++) total += Math.exp(prob[k]! - max);
    const lse = max + Math.log(total);
    loss += lse - prob[y[i]!]!;
    for (let k = 0; k < K; k++) prob[k] = Math.exp(prob[k]! - lse);
    for (let k = 0; k < K; k++) {
      const r = prob[k]! - (y[i] === k ? 1 : 0);
      for (let a = 0; a < width; a++) gradient[k * width + a] = gradient[k * width + a]! + r * x[a]!;
    }
    if (Math.floor(i / CHUNK) % hessianStride !== 0) continue;
    hessianRows++;
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < K; l++) {
        const c = prob[k]! * ((k === l ? 1 : 0) - prob[l]!);
        for (let a = 0; a < width; a++) {
          for (let b = 0; b < width; b++) hessian[(k * width + a) * size + l * width + b] = hessian[(k * width + a) * size + l * width + b]! + c * x[a]! * x[b]!;
        }
      }
    }
  }
  let value = loss / n;
  for (let q = 0; q < size; q++) gradient[q] = gradient[q]! / n;
  for (let q = 0; q < size * size; q++) hessian[q] = hessian[q]! / hessianRows;
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < m; a++) {
      const w = theta[k * width + a]!;
      value += 0.5 * penalty[a]! * w * w;
      gradient[k * width + a] = gradient[k * width + a]! + penalty[a]! * w;
      hessian[(k * width + a) * size + k * width + a] = hessian[(k * width + a) * size + k * width + a]! + penalty[a]!;
    }
  }
  return { value, gradient, hessian };
}

const maxAbs = (v: Float64Array): number => v.reduce((s, x) => Math.max(s, Math.abs(x)), 0);

// (rows, features, classes): rows around 64 (the Hessian's row blocks) and CHUNK, K = 2..12, m = 1..25.
const shapes: [number, number, number][] = [
  [1, 1, 2],
  [3, 2, 3],
  [63, 25, 2],
  [64, 7, 12],
  [65, 3, 5],
  [CHUNK - 1, 4, 10],
  [CHUNK, 20, 10],
  [CHUNK + 1, 1, 7],
  [2 * CHUNK + 130, 5, 4],
  [3 * CHUNK + 17, 12, 3],
];

describe('softmax solver problem: chunked passes equal a per-row reference (relative 1e-12)', () => {
  it('value, gradient and exact Hessian for rows across chunk boundaries, K = 2..12, m = 1..25', () => {
    shapes.forEach(([n, m, K], s) => {
      for (const thetaScale of [0, 0.5, 5]) {
        const p = randomProblem(1000 + s, n, m, K, thetaScale);
        const problem = createSoftmaxProblem(p.z, n, m, p.y, K, p.penalty);
        const ref = reference(p, 1);
        const g = new Float64Array(problem.size);
        const h = new Float64Array(problem.size * problem.size);
        expectClose(problem.valueGradientHessian(p.theta, g, h), ref.value, 1e-12);
        const gScale = maxAbs(ref.gradient);
        for (let q = 0; q < problem.size; q++) expectClose(g[q]!, ref.gradient[q]!, 0, 1e-12 * gScale);
        const hScale = maxAbs(ref.hessian);
        for (let q = 0; q < h.length; q++) expectClose(h[q]!, ref.hessian[q]!, 0, 1e-12 * hScale);
        const g2 = new Float64Array(problem.size);
        expectClose(problem.valueGradient(p.theta, g2), ref.value, 1e-12);
        for (let q = 0; q < problem.size; q++) expectClose(g2[q]!, ref.gradient[q]!, 0, 1e-12 * gScale);
        expectClose(problem.value(p.theta), ref.value, 1e-12);
      }
    });
  });

  it('a Hessian from every s-th chunk of rows is the per-row Hessian of those rows; value and gradient stay exact', () => {
    for (const [n, m, K, stride] of [
      [3 * CHUNK + 17, 6, 10, 2],
      [5 * CHUNK, 3, 3, 3],
    ] as const) {
      const p = randomProblem(7 + stride, n, m, K, 1);
      const problem = createSoftmaxProblem(p.z, n, m, p.y, K, p.penalty);
      const ref = reference(p, stride);
      const g = new Float64Array(problem.size);
      const h = new Float64Array(problem.size * problem.size);
      expectClose(problem.valueGradientHessian(p.theta, g, h, { stride }), ref.value, 1e-12);
      const gScale = maxAbs(ref.gradient);
      for (let q = 0; q < problem.size; q++) expectClose(g[q]!, ref.gradient[q]!, 0, 1e-12 * gScale);
      const hScale = maxAbs(ref.hessian);
      for (let q = 0; q < h.length; q++) expectClose(h[q]!, ref.hessian[q]!, 0, 1e-12 * hScale);
    }
  });

  it('row outputs written by a pass equal rowResults bit for bit, and match the per-row softmax (1e-12)', () => {
    shapes.forEach(([n, m, K], s) => {
      const p = randomProblem(2000 + s, n, m, K, 2);
      const problem = createSoftmaxProblem(p.z, n, m, p.y, K, p.penalty);
      const expected = { rowLoss: new Float64Array(n), proba: new Float64Array(n * K) };
      problem.rowResults(p.theta, expected.rowLoss, expected.proba);
      const plain = problem.valueGradient(p.theta, new Float64Array(problem.size));
      for (const pass of ['valueGradient', 'valueGradientHessian'] as const) {
        const rows = { rowLoss: new Float64Array(n).fill(NaN), proba: new Float64Array(n * K).fill(NaN) };
        const g = new Float64Array(problem.size);
        const value = pass === 'valueGradient' ? problem.valueGradient(p.theta, g, rows) : problem.valueGradientHessian(p.theta, g, new Float64Array(problem.size * problem.size), { stride: 2, rows });
        expect(value).toBe(plain);
        expect(Array.from(rows.rowLoss)).toEqual(Array.from(expected.rowLoss));
        expect(Array.from(rows.proba)).toEqual(Array.from(expected.proba));
      }
      const width = m + 1;
      for (let i = 0; i < n; i++) {
        const score = Array.from({ length: K }, (_, k) => {
          let v = p.theta[k * width + m]!;
          for (let a = 0; a < m; a++) v += p.theta[k * width + a]! * p.z[a * n + i]!;
          return v;
        });
        const max = Math.max(...score);
        const lse = max + Math.log(score.reduce((t, v) => t + Math.exp(v - max), 0));
        expectClose(expected.rowLoss[i]!, lse - score[p.y[i]!]!, 1e-12, 1e-15);
        for (let k = 0; k < K; k++) expectClose(expected.proba[i * K + k]!, Math.exp(score[k]! - lse), 1e-12, 1e-300);
      }
    });
  });

  it('the binary problem writes the same row outputs as its rowResults, bit for bit', () => {
    const n = CHUNK + 77;
    const p = randomProblem(5, n, 4, 2, 2);
    const yb = Uint8Array.from(p.y);
    const problem = createBinaryProblem(p.z, n, 4, yb, p.penalty);
    const theta = p.theta.subarray(0, problem.size);
    const expected = { rowLoss: new Float64Array(n), proba: new Float64Array(n) };
    problem.rowResults(theta, expected.rowLoss, expected.proba);
    const plain = problem.valueGradient(theta, new Float64Array(problem.size));
    for (const stride of [0, 1, 2]) {
      const rows = { rowLoss: new Float64Array(n).fill(NaN), proba: new Float64Array(n).fill(NaN) };
      const g = new Float64Array(problem.size);
      const value = stride === 0 ? problem.valueGradient(theta, g, rows) : problem.valueGradientHessian(theta, g, new Float64Array(problem.size ** 2), { stride, rows });
      expect(value).toBe(plain);
      expect(Array.from(rows.rowLoss)).toEqual(Array.from(expected.rowLoss));
      expect(Array.from(rows.proba)).toEqual(Array.from(expected.proba));
    }
  });

  it('at θ = 0 the Hessian is exact whatever the stride ((I/K − 11ᵀ/K²) ⊗ Gram), relative 1e-12', () => {
    for (const [n, m, K] of [
      [3 * CHUNK + 17, 6, 10],
      [CHUNK + 1, 1, 2],
      [2 * CHUNK, 5, 3],
    ] as const) {
      const p = randomProblem(31 + m, n, m, K, 0);
      const problem = createSoftmaxProblem(p.z, n, m, p.y, K, p.penalty);
      expect(problem.exactHessianAtZero).toBe(true);
      const ref = reference(p, 1);
      const hScale = maxAbs(ref.hessian);
      for (const stride of [1, 2, 3]) {
        const h = new Float64Array(problem.size * problem.size);
        problem.valueGradientHessian(p.theta, new Float64Array(problem.size), h, { stride });
        for (let q = 0; q < h.length; q++) expectClose(h[q]!, ref.hessian[q]!, 0, 1e-12 * hScale);
      }
    }
  });

  it('the Hessian is exactly symmetric', () => {
    const p = randomProblem(3, 200, 9, 6, 1);
    const problem = createSoftmaxProblem(p.z, p.n, p.m, p.y, p.K, p.penalty);
    const size = problem.size;
    const h = new Float64Array(size * size);
    problem.valueGradientHessian(p.theta, new Float64Array(size), h);
    for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) expect(h[i * size + j]).toBe(h[j * size + i]);
  });
});

describe('kernels', () => {
  it('crossProducts adds A·Bᵀ of row-stored blocks at any offsets and strides, every shape around its 2 × 4 blocking (relative 1e-14)', () => {
    const rnd = seededRandom(42);
    for (let aRows = 1; aRows <= 5; aRows++) {
      for (let bRows = 1; bRows <= 9; bRows++) {
        for (const len of [0, 1, 7, 64]) {
          const [aOff, aStride, bOff, bStride, outOff, outStride] = [3, 70, 5, 66, 2, bRows + 3];
          const a = Float64Array.from({ length: aOff + aRows * aStride }, () => rnd() - 0.5);
          const b = Float64Array.from({ length: bOff + bRows * bStride }, () => rnd() - 0.5);
          const out = Float64Array.from({ length: outOff + aRows * outStride }, () => rnd());
          const expected = Float64Array.from(out);
          for (let p = 0; p < aRows; p++) {
            for (let q = 0; q < bRows; q++) {
              let s = 0;
              for (let t = 0; t < len; t++) s += a[aOff + p * aStride + t]! * b[bOff + q * bStride + t]!;
              expected[outOff + p * outStride + q] = expected[outOff + p * outStride + q]! + s;
            }
          }
          crossProducts(a, aOff, aStride, aRows, b, bOff, bStride, bRows, len, out, outOff, outStride);
          for (let q = 0; q < out.length; q++) expect(out[q]).toBe(expected[q]);
        }
      }
    }
  });

  it('affineScores equals the intercept plus the features summed in order, for every row count and length (exactly)', () => {
    const rnd = seededRandom(43);
    for (let rows = 1; rows <= 5; rows++) {
      for (const m of [0, 1, 3, 20]) {
        for (const len of [0, 1, 3, 4, 5, 9]) {
          const width = m + 1;
          const [zOff, zStride, outOff, outStride] = [7, len + 11, 4, len + 2];
          const theta = Float64Array.from({ length: rows * width }, () => rnd() - 0.5);
          const z = Float64Array.from({ length: zOff + m * zStride }, () => rnd() - 0.5);
          const out = new Float64Array(outOff + rows * outStride).fill(NaN);
          const expected = Float64Array.from(out);
          for (let k = 0; k < rows; k++) {
            for (let t = 0; t < len; t++) {
              let s = theta[k * width + m]!;
              for (let j = 0; j < m; j++) s += theta[k * width + j]! * z[zOff + j * zStride + t]!;
              expected[outOff + k * outStride + t] = s;
            }
          }
          affineScores(theta, rows, width, z, zOff, zStride, len, out, outOff, outStride);
          expect(Array.from(out)).toEqual(Array.from(expected));
        }
      }
    }
  });

  it('a preconditioner-only Hessian keeps value and gradient bit for bit, and drops only pairs whose p_k·p_l stays under 1e-4 (and none at θ = 0)', () => {
    // Confident rows (θ large) make many class pairs negligible in whole blocks of 64 rows.
    for (const [n, m, K, scale] of [
      [3 * CHUNK + 17, 6, 10, 3],
      [2 * CHUNK, 4, 5, 0.2],
      [CHUNK + 1, 3, 12, 0],
    ] as const) {
      const p = randomProblem(77 + K, n, m, K, scale);
      const problem = createSoftmaxProblem(p.z, n, m, p.y, K, p.penalty);
      const size = problem.size;
      const exact = { g: new Float64Array(size), h: new Float64Array(size * size) };
      const cheap = { g: new Float64Array(size), h: new Float64Array(size * size) };
      const exactValue = problem.valueGradientHessian(p.theta, exact.g, exact.h);
      const cheapValue = problem.valueGradientHessian(p.theta, cheap.g, cheap.h, { preconditionerOnly: true });
      expect(cheapValue).toBe(exactValue);
      expect(Array.from(cheap.g)).toEqual(Array.from(exact.g));
      // Each dropped pair moves an entry by at most Σ_rows 1e-4·|z̃_a z̃_b| / n ≤ 1e-4·max z̃² (|z| ≤ 2).
      let largest = 0;
      for (let q = 0; q < exact.h.length; q++) largest = Math.max(largest, Math.abs(cheap.h[q]! - exact.h[q]!));
      expect(largest).toBeLessThanOrEqual(4e-4 * 2);
      // θ = 0 keeps every pair (p_k·p_l = 1/K²); confident rows drop some.
      if (scale === 0) expect(largest).toBe(0);
      if (scale === 3) expect(largest).toBeGreaterThan(0);
      // Still a symmetric matrix.
      for (let a = 0; a < size; a++) for (let b = 0; b < a; b++) expect(cheap.h[a * size + b]).toBe(cheap.h[b * size + a]);
    }
  });

  it('the per-class factor of the Hessian at θ = 0 solves H·d = r for centred r like the full Cholesky (1e-10)', () => {
    for (const [n, m, K] of [
      [CHUNK + 33, 5, 10],
      [200, 1, 2],
      [3 * CHUNK, 9, 4],
    ] as const) {
      const p = randomProblem(5 + m, n, m, K, 0);
      const weights = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 3));
      for (const w of [undefined, weights]) {
        const problem = createSoftmaxProblem(p.z, n, m, p.y, K, p.penalty, w);
        const size = problem.size;
        const zero = new Float64Array(size);
        const hessian = new Float64Array(size * size);
        problem.valueGradientHessian(zero, new Float64Array(size), hessian);
        const rnd = seededRandom(9 * K + m);
        const rhs = Float64Array.from({ length: size }, () => rnd() - 0.5);
        // Centre the right-hand side (class sums 0), as every gradient the solver sees is.
        const width = m + 1;
        for (let j = 0; j < width; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += rhs[k * width + j]!;
          for (let k = 0; k < K; k++) rhs[k * width + j] = rhs[k * width + j]! - s / K;
        }
        const perClass = Float64Array.from(rhs);
        classKroneckerFactor(problem, hessian).solveInPlace(perClass);
        const full = Float64Array.from(rhs);
        factorize(problem, hessian, false).solveInPlace(full);
        const product = new Float64Array(size);
        problem.hessianVectorProduct(zero)(perClass, product);
        const scaleOf = maxAbs(full);
        for (let q = 0; q < size; q++) {
          expectClose(perClass[q]!, full[q]!, 0, 1e-10 * scaleOf);
          expectClose(product[q]!, rhs[q]!, 0, 1e-10 * maxAbs(rhs));
        }
        // factorize picks the per-class form at θ = 0.
        const picked = Float64Array.from(rhs);
        factorize(problem, hessian, true).solveInPlace(picked);
        expect(Array.from(picked)).toEqual(Array.from(perClass));
      }
    }
  });
});
