// Validation of probability inputs shared by every loss: finite, within [0, 1], rows summing to 1
// within 1e-6, or normalised on request — never silently.
import { CoreError, countOf, someValues } from './coreError';
import type { Matrix } from './matrix';

/** |Σ_k p_k − 1| above this is an error (or a normalisation, on request). */
export const ROW_SUM_TOLERANCE = 1e-6;

/** Probabilities ready for a loss, and how many rows had to be normalised. */
export interface PreparedProbabilities {
  readonly probabilities: Matrix;
  readonly normalizedRows: number;
}

/**
 * Checks a probability column (binary P(positive)): every entry finite and in [0, 1].
 * Throws CoreError 'nonFinite' or 'probabilityOutOfRange' naming the rows. O(n).
 * Example: `checkProbabilityColumn([0.2, 1.2])` throws {code: 'probabilityOutOfRange', rows: [1], values: [1.2]}.
 */
export function checkProbabilityColumn(probabilities: ArrayLike<number>): void {
  checkProbabilityEntries(probabilities, 1);
}

/**
 * Range check of a row-major block with `cols` entries per row; reports row indices (first bad
 * value per row). `anyScale`: entries need only be finite and ≥ 0 (rows to be normalised).
 */
function checkProbabilityEntries(data: ArrayLike<number>, cols: number, anyScale = false): void {
  const nonFinite: number[] = [];
  const nonFiniteValues: number[] = [];
  const outside: number[] = [];
  const outsideValues: number[] = [];
  for (let idx = 0; idx < data.length; idx++) {
    const p = data[idx] as number;
    if (p >= 0 && (p <= 1 || (anyScale && p < Infinity))) continue;
    const row = Math.floor(idx / cols);
    if (!Number.isFinite(p)) {
      if (nonFinite[nonFinite.length - 1] !== row) {
        nonFinite.push(row);
        nonFiniteValues.push(p);
      }
    } else if (outside[outside.length - 1] !== row) {
      outside.push(row);
      outsideValues.push(p);
    }
  }
  if (nonFinite.length > 0) {
    throw new CoreError('nonFinite', `Probabilities must be finite numbers: ${countOf(nonFinite.length, 'row holds', 'rows hold')} ${someValues(nonFiniteValues)}`, {
      rows: nonFinite,
      values: nonFiniteValues,
      entry: 'probability {value} is not a finite number',
    });
  }
  if (outside.length > 0) {
    throw new CoreError(
      'probabilityOutOfRange',
      `Probabilities must be ${anyScale ? 'non-negative' : 'within [0, 1]'}: ${countOf(outside.length, 'row holds', 'rows hold')} ${someValues(outsideValues)}`,
      {
        rows: outside,
        values: outsideValues,
        entry: anyScale ? 'probability {value} is negative' : 'probability {value} is outside [0, 1]',
      },
    );
  }
}

/**
 * Checks rows of class probabilities: finite, in [0, 1], and |Σ_k p_k − 1| ≤ `rowSumTolerance`
 * (default 1e-6). Rows failing the sum throw CoreError 'rowSumNotOne' (values = the row sums)
 * unless `normalize` is true, in which case entries need only be finite and ≥ 0 (any scale, such
 * as percentages) and the rows off by more than the tolerance are divided by their sum in a copy
 * (the input is never modified) and counted in `normalizedRows`; a row summing to 0 then throws
 * 'zeroTotal'. Rows within tolerance are left exactly as given. O(n·k).
 * Example: rows [[.5, .4]] → throws rowSumNotOne {rows: [0], values: [0.9]}; with normalize →
 * [[0.5555…, 0.4444…]], normalizedRows 1.
 */
export function prepareProbabilityRows(matrix: Matrix, options: { normalize?: boolean; what?: string; rowSumTolerance?: number } = {}): PreparedProbabilities {
  // A plural noun for the messages: 'probabilities', 'targets', 'P values'.
  const what = options.what ?? 'probabilities';
  const tolerance = options.rowSumTolerance ?? ROW_SUM_TOLERANCE;
  const shown = Number(tolerance.toPrecision(2)).toExponential();
  const { data, rows, cols } = matrix;
  if (data.length !== rows * cols) {
    throw new CoreError('shapeMismatch', `The ${what} hold ${data.length} numbers, not ${rows} rows × ${cols} columns`);
  }
  // One pass for the range and the sums; the entry check (which names rows and values, and comes
  // first) runs again only when some entry failed.
  const offRows: number[] = [];
  const offSums: number[] = [];
  let inRange = true;
  for (let i = 0, at = 0; i < rows; i++) {
    let sum = 0;
    for (let k = 0; k < cols; k++, at++) {
      const p = data[at] as number;
      if (!(p >= 0 && p <= 1)) inRange = false;
      sum += p;
    }
    if (Math.abs(sum - 1) > tolerance) {
      offRows.push(i);
      offSums.push(sum);
    }
  }
  if (!inRange) checkProbabilityEntries(data, cols, options.normalize === true);
  if (offRows.length === 0) return { probabilities: matrix, normalizedRows: 0 };
  if (options.normalize !== true) {
    throw new CoreError('rowSumNotOne', `The ${what} do not sum to 1 (|sum − 1| > ${shown}) in ${countOf(offRows.length, 'row')}: they sum to ${someValues(offSums)}`, {
      rows: offRows,
      values: offSums,
      entry: `the ${what} sum to {value}, not 1 (|sum − 1| > ${shown})`,
    });
  }
  const zero = offRows.filter((_, r) => offSums[r] === 0);
  if (zero.length > 0) {
    throw new CoreError('zeroTotal', `${countOf(zero.length, 'row')} of ${what} sum to 0 and cannot be normalised`, {
      rows: zero,
      entry: `the ${what} sum to 0 and cannot be normalised`,
    });
  }
  const out = new Float64Array(data);
  offRows.forEach((i, r) => {
    const sum = offSums[r] as number;
    for (let k = 0; k < cols; k++) out[i * cols + k] = (data[i * cols + k] as number) / sum;
  });
  return { probabilities: { data: out, rows, cols }, normalizedRows: offRows.length };
}
