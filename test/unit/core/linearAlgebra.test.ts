// The solvers' dense linear algebra: the panel-blocked Cholesky against the textbook algorithm on
// sizes around its 32-column panels, its refusals, and the solve.
import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskySolveInPlace } from '../../../src/core/fit/linearAlgebra';
import { randomSpd, seededRandom } from './seededRandom';

const spd = (size: number, seed: number): Float64Array => randomSpd(size, seed, size);

/** Cholesky–Banachiewicz, one entry at a time: the reference. */
function textbookCholesky(a: Float64Array, size: number): Float64Array {
  const l = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * size + j]!;
      for (let k = 0; k < j; k++) s -= l[i * size + k]! * l[j * size + k]!;
      l[i * size + j] = i === j ? Math.sqrt(s) : s / l[j * size + j]!;
    }
  }
  return l;
}

describe('choleskyInPlace', () => {
  it('equals the textbook factor (relative 1e-13) on sizes around the 32-column panels, and leaves the upper triangle alone', () => {
    for (const size of [1, 2, 5, 31, 32, 33, 63, 64, 65, 97, 130]) {
      const a = spd(size, size);
      const expected = textbookCholesky(a, size);
      const factor = Float64Array.from(a);
      expect(choleskyInPlace(factor, size)).toBe(true);
      let largest = 0;
      for (let q = 0; q < expected.length; q++) largest = Math.max(largest, Math.abs(expected[q]!));
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++) {
          if (j > i) expect(factor[i * size + j]).toBe(a[i * size + j]);
          else expect(Math.abs(factor[i * size + j]! - expected[i * size + j]!)).toBeLessThanOrEqual(1e-13 * largest);
        }
      }
    }
  });

  it('refuses a matrix that is not positive definite or holds a non-finite entry, in any panel', () => {
    for (const size of [3, 40, 70]) {
      for (const at of [0, size - 1]) {
        const indefinite = spd(size, 3);
        indefinite[at * size + at] = -1;
        expect(choleskyInPlace(indefinite, size)).toBe(false);
        const notFinite = spd(size, 4);
        notFinite[at * size + Math.max(0, at - 1)] = NaN;
        expect(choleskyInPlace(notFinite, size)).toBe(false);
      }
    }
  });

  it('choleskySolveInPlace solves A·x = b (residual 1e-12 relative)', () => {
    for (const size of [1, 33, 100]) {
      const a = spd(size, 10 + size);
      const factor = Float64Array.from(a);
      choleskyInPlace(factor, size);
      const rnd = seededRandom(size);
      const b = Float64Array.from({ length: size }, () => rnd() - 0.5);
      const x = Float64Array.from(b);
      choleskySolveInPlace(factor, size, x);
      for (let i = 0; i < size; i++) {
        let s = 0;
        for (let j = 0; j < size; j++) s += a[i * size + j]! * x[j]!;
        expect(Math.abs(s - b[i]!)).toBeLessThanOrEqual(1e-12 * size);
      }
    }
  });
});
