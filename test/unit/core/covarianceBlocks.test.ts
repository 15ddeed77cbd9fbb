// The standard errors' covariance blocks from the triangular inverse of the Cholesky factor,
// against the whole inverse by solves and, for softmax, its explicit centred projection P·A⁻¹·P.
import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskySolveInPlace } from '../../../src/core/fit/linearAlgebra';
import { covarianceBlocks, inverseOfFactor } from '../../../src/core/fit/uncertainty';
import { randomSpd } from './seededRandom';

const spd = (size: number, seed: number): Float64Array => randomSpd(size, seed, 0.5);

/** A⁻¹ column by column through the factor. */
function wholeInverse(factor: Float64Array, size: number): Float64Array {
  const inverse = new Float64Array(size * size);
  for (let c = 0; c < size; c++) {
    const column = new Float64Array(size);
    column[c] = 1;
    choleskySolveInPlace(factor, size, column);
    for (let r = 0; r < size; r++) inverse[r * size + c] = column[r]!;
  }
  return inverse;
}

describe('covarianceBlocks', () => {
  it('M = L⁻¹ satisfies MᵀM = A⁻¹ (1e-10 relative)', () => {
    for (const size of [1, 7, 40]) {
      const factor = spd(size, size);
      choleskyInPlace(factor, size);
      const m = inverseOfFactor(factor, size);
      const expected = wholeInverse(factor, size);
      const scale = expected.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
      for (let p = 0; p < size; p++) {
        for (let q = 0; q < size; q++) {
          let s = 0;
          for (let r = 0; r < size; r++) s += m[r * size + p]! * m[r * size + q]!;
          expect(Math.abs(s - expected[p * size + q]!)).toBeLessThanOrEqual(1e-10 * scale);
          if (q > p) expect(m[p * size + q]).toBe(0);
        }
      }
    }
  });

  it('gives the diagonal blocks of A⁻¹, and of P·A⁻¹·P with P = (I − 11ᵀ/K) ⊗ I when centred (1e-10)', () => {
    for (const [K, width] of [
      [1, 6],
      [2, 3],
      [4, 5],
      [10, 7],
    ] as const) {
      const size = K * width;
      const factor = spd(size, 100 + size);
      choleskyInPlace(factor, size);
      const inverse = wholeInverse(factor, size);
      const mInverse = inverseOfFactor(factor, size);
      const plain = covarianceBlocks(mInverse, K, width, false);
      const centred = covarianceBlocks(mInverse, K, width, true);
      // P·X·P entry ((k, a), (k, b)) = Σ_{l, l'} P[(k,a),(l,a)]·X[(l,a),(l',b)]·P[(l',b),(k,b)].
      const p = (k: number, l: number): number => (k === l ? 1 : 0) - 1 / K;
      const scale = inverse.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
      for (let k = 0; k < K; k++) {
        for (let a = 0; a < width; a++) {
          for (let b = 0; b < width; b++) {
            const direct = inverse[(k * width + a) * size + k * width + b]!;
            expect(Math.abs(plain[(k * width + a) * width + b]! - direct)).toBeLessThanOrEqual(1e-10 * scale);
            let projected = 0;
            for (let l = 0; l < K; l++) for (let l2 = 0; l2 < K; l2++) projected += p(k, l) * inverse[(l * width + a) * size + l2 * width + b]! * p(l2, k);
            expect(Math.abs(centred[(k * width + a) * width + b]! - projected)).toBeLessThanOrEqual(1e-10 * scale);
          }
        }
      }
    }
  });
});
