// The assignment problem: which column goes with which row so that the total weight is largest.
// Used to check a guessed class order against the data (labels × probability columns).
import { CoreError } from './coreError';

/** One assignment: the column given to each row (all distinct) and the total weight. */
export interface Assignment {
  readonly columnOfRow: Int32Array;
  readonly total: number;
}

/**
 * The maximum-weight assignment of `rows` rows to distinct columns (rows ≤ columns) of a row-major
 * weight matrix, by the Hungarian method with potentials (Kuhn–Munkres as in Jonker–Volgenant's
 * shortest augmenting paths): exact, O(rows² · columns). Weights must be finite; a weight of
 * −Infinity forbids that pair (the result then avoids it when any assignment can).
 * Example: weights [[1, 5], [4, 1]] → columnOfRow [1, 0], total 9 (scipy.optimize.
 * linear_sum_assignment(w, maximize=True) gives the same pairs).
 */
export function maximumAssignment(weights: ArrayLike<number>, rows: number, columns: number): Assignment {
  if (rows > columns) throw new CoreError('shapeMismatch', `${rows} rows cannot be assigned to ${columns} columns`);
  if (weights.length !== rows * columns) throw new CoreError('shapeMismatch', `${weights.length} weights for ${rows} × ${columns}`);
  if (rows === 0) return { columnOfRow: new Int32Array(0), total: 0 };
  // Minimise cost = −weight; a forbidden pair costs more than any finite assignment.
  let largest = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (Number.isNaN(w) || w === Infinity) throw new CoreError('nonFinite', 'assignment weights must be finite or −Infinity');
    if (w !== -Infinity) largest = Math.max(largest, Math.abs(w));
  }
  const forbidden = (largest + 1) * (rows + 1) * 4;
  const cost = (r: number, c: number): number => {
    const w = weights[r * columns + c] as number;
    return w === -Infinity ? forbidden : -w;
  };
  // 1-based arrays as in the classic formulation: rowOfColumn[c] = the row holding column c.
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(columns + 1);
  const rowOfColumn = new Int32Array(columns + 1);
  const way = new Int32Array(columns + 1);
  const minimum = new Float64Array(columns + 1);
  const used = new Uint8Array(columns + 1);
  for (let r = 1; r <= rows; r++) {
    rowOfColumn[0] = r;
    let c0 = 0;
    minimum.fill(Infinity);
    used.fill(0);
    do {
      used[c0] = 1;
      const r0 = rowOfColumn[c0] as number;
      let delta = Infinity;
      let c1 = 0;
      for (let c = 1; c <= columns; c++) {
        if (used[c]) continue;
        const reduced = cost(r0 - 1, c - 1) - (u[r0] as number) - (v[c] as number);
        if (reduced < (minimum[c] as number)) {
          minimum[c] = reduced;
          way[c] = c0;
        }
        if ((minimum[c] as number) < delta) {
          delta = minimum[c] as number;
          c1 = c;
        }
      }
      for (let c = 0; c <= columns; c++) {
        if (used[c]) {
          u[rowOfColumn[c] as number]! += delta;
          v[c]! -= delta;
        } else minimum[c]! -= delta;
      }
      c0 = c1;
    } while (rowOfColumn[c0] !== 0);
    do {
      const c1 = way[c0] as number;
      rowOfColumn[c0] = rowOfColumn[c1] as number;
      c0 = c1;
    } while (c0 !== 0);
  }
  const columnOfRow = new Int32Array(rows);
  for (let c = 1; c <= columns; c++) if ((rowOfColumn[c] as number) > 0) columnOfRow[(rowOfColumn[c] as number) - 1] = c - 1;
  return { columnOfRow, total: assignmentWeight(weights, columns, columnOfRow) };
}

/**
 * The best assignment other than `best` (Murty's first split: the best one without some pair of
 * `best`, minimised over the pairs), or undefined when `best` is the only one. O(rows³ · columns).
 * Example: weights [[1, 5], [4, 1]] with best [1, 0] → columnOfRow [0, 1], total 2.
 */
export function runnerUpAssignment(weights: ArrayLike<number>, rows: number, columns: number, best: Assignment): Assignment | undefined {
  let runnerUp: Assignment | undefined;
  const without = Float64Array.from(weights);
  for (let r = 0; r < rows; r++) {
    const at = r * columns + (best.columnOfRow[r] as number);
    const kept = without[at] as number;
    without[at] = -Infinity;
    const candidate = maximumAssignment(without, rows, columns);
    without[at] = kept;
    const usesForbidden = candidate.columnOfRow[r] === best.columnOfRow[r];
    if (!usesForbidden && (runnerUp === undefined || candidate.total > runnerUp.total)) runnerUp = candidate;
  }
  return runnerUp;
}

/** Σ_r weight[r, columnOfRow[r]]. */
export function assignmentWeight(weights: ArrayLike<number>, columns: number, columnOfRow: ArrayLike<number>): number {
  let total = 0;
  for (let r = 0; r < columnOfRow.length; r++) total += weights[r * columns + (columnOfRow[r] as number)] as number;
  return total;
}
