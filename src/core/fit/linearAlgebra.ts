// Small dense linear algebra for the solvers: Cholesky factorisation and solve of symmetric
// positive-definite systems (row-major, size ≤ a few hundred), and a pivoted Cholesky rank probe.

import { crossProducts } from './kernels';

/** Columns of L formed per panel in choleskyInPlace. */
const CHOLESKY_PANEL = 32;

/**
 * In-place Cholesky A = L·Lᵀ of a row-major size × size symmetric matrix (lower triangle used and
 * overwritten by L). Returns false when a pivot is ≤ 0 or not finite (A not positive definite).
 * O(size³/6) multiply-adds, left-looking by panels of 32 columns: the panel's update by all
 * earlier columns is one register-blocked crossProducts over contiguous row prefixes (2 × 4 sums
 * per load group, each later row read once), then the panel is factorised column by column with sums over its own ≤ 32
 * columns. Every entry is A minus its dot products in the same order as the column-at-a-time
 * algorithm, up to the split of each sum at panel boundaries.
 */
export function choleskyInPlace(a: Float64Array, size: number): boolean {
  const update = new Float64Array(size * CHOLESKY_PANEL);
  for (let j0 = 0; j0 < size; j0 += CHOLESKY_PANEL) {
    const width = Math.min(CHOLESKY_PANEL, size - j0);
    const below = size - j0;
    if (j0 > 0) {
      // update[q·below + (i − j0)] = Σ_{k<j0} L[j0+q,k]·L[i,k] for every row i ≥ j0: the panel's
      // rows (in cache) against each group of four later rows, so those are read once.
      update.fill(0, 0, below * width);
      crossProducts(a, j0 * size, size, width, a, j0 * size, size, below, j0, update, 0, below);
      for (let r = 0; r < below; r++) {
        const row = (j0 + r) * size + j0;
        const last = Math.min(width, r + 1);
        for (let q = 0; q < last; q++) a[row + q] = (a[row + q] as number) - (update[q * below + r] as number);
      }
    }
    for (let j = j0; j < j0 + width; j++) {
      const rowJ = j * size;
      let d = a[rowJ + j] as number;
      for (let k = j0; k < j; k++) {
        const l = a[rowJ + k] as number;
        d -= l * l;
      }
      if (!(d > 0) || !Number.isFinite(d)) return false;
      const root = Math.sqrt(d);
      a[rowJ + j] = root;
      const inverse = 1 / root;
      let i = j + 1;
      for (; i + 4 <= size; i += 4) {
        const r0 = i * size;
        const r1 = r0 + size;
        const r2 = r1 + size;
        const r3 = r2 + size;
        let s0 = a[r0 + j] as number;
        let s1 = a[r1 + j] as number;
        let s2 = a[r2 + j] as number;
        let s3 = a[r3 + j] as number;
        for (let k = j0; k < j; k++) {
          const l = a[rowJ + k] as number;
          s0 -= (a[r0 + k] as number) * l;
          s1 -= (a[r1 + k] as number) * l;
          s2 -= (a[r2 + k] as number) * l;
          s3 -= (a[r3 + k] as number) * l;
        }
        a[r0 + j] = s0 * inverse;
        a[r1 + j] = s1 * inverse;
        a[r2 + j] = s2 * inverse;
        a[r3 + j] = s3 * inverse;
      }
      for (; i < size; i++) {
        const rowI = i * size;
        let s = a[rowI + j] as number;
        for (let k = j0; k < j; k++) s -= (a[rowI + k] as number) * (a[rowJ + k] as number);
        a[rowI + j] = s * inverse;
      }
    }
  }
  return true;
}

/**
 * Solves L·Lᵀ x = b in place in b, with L from choleskyInPlace. O(size²), both sweeps over rows of
 * L (contiguous): forward substitution with four partial sums, back substitution as axpys of the
 * rows (reading Lᵀ by columns strides a cache line per entry: ~3× slower at size 620).
 */
export function choleskySolveInPlace(l: Float64Array, size: number, b: Float64Array): void {
  for (let i = 0; i < size; i++) {
    const row = i * size;
    let s0 = b[i] as number;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k + 4 <= i; k += 4) {
      s0 -= (l[row + k] as number) * (b[k] as number);
      s1 -= (l[row + k + 1] as number) * (b[k + 1] as number);
      s2 -= (l[row + k + 2] as number) * (b[k + 2] as number);
      s3 -= (l[row + k + 3] as number) * (b[k + 3] as number);
    }
    for (; k < i; k++) s0 -= (l[row + k] as number) * (b[k] as number);
    b[i] = (s0 + s1 + (s2 + s3)) / (l[row + i] as number);
  }
  for (let i = size - 1; i >= 0; i--) {
    const row = i * size;
    const x = (b[i] as number) / (l[row + i] as number);
    b[i] = x;
    for (let k = 0; k < i; k++) b[k] = (b[k] as number) - (l[row + k] as number) * x;
  }
}

/**
 * Indices (in pivot order) of the columns of a symmetric positive-semidefinite Gram matrix that are
 * linear combinations of the others: greedy pivoted Cholesky, a column is dependent when its
 * residual variance falls below `relativeTolerance` times its own variance. O(size³).
 */
export function dependentColumns(gram: Float64Array, size: number, relativeTolerance: number): number[] {
  const a = new Float64Array(gram);
  const diagonal = Array.from({ length: size }, (_, j) => gram[j * size + j] as number);
  const chosen: number[] = [];
  const remaining = new Set<number>(Array.from({ length: size }, (_, j) => j));
  const l = new Float64Array(size * size); // columns of L for chosen pivots, indexed [row * size + step]
  let step = 0;
  while (remaining.size > 0) {
    let best = -1;
    let bestRatio = -Infinity;
    for (const j of remaining) {
      let r = a[j * size + j] as number;
      for (let s = 0; s < step; s++) r -= (l[j * size + s] as number) ** 2;
      const ratio = (diagonal[j] as number) > 0 ? r / (diagonal[j] as number) : 0;
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = j;
      }
    }
    if (bestRatio <= relativeTolerance) break;
    remaining.delete(best);
    chosen.push(best);
    let pivot = a[best * size + best] as number;
    for (let s = 0; s < step; s++) pivot -= (l[best * size + s] as number) ** 2;
    const root = Math.sqrt(pivot);
    for (const i of remaining) {
      let v = a[i * size + best] as number;
      for (let s = 0; s < step; s++) v -= (l[i * size + s] as number) * (l[best * size + s] as number);
      l[i * size + step] = v / root;
    }
    l[best * size + step] = root;
    step++;
  }
  return [...remaining].sort((x, y) => x - y);
}
