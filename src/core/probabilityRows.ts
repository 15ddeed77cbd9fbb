// Validation of probability inputs shared by every loss: finite, within [0, 1], rows summing to 1
// within 1e-6, or normalised on request — never silently.
import { CoreError, countOf, someValues } from './coreError';
import type { RowRefusal } from './coreError';
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
  const error = firstRefusalError(refusalsOf(probabilities, 1, false, undefined), false, undefined);
  if (error) throw error;
}

/** Options of {@link prepareProbabilityRows} and {@link probabilityRowRefusals}. */
export interface ProbabilityRowOptions {
  /** Divide rows off 1 by more than the tolerance by their sum; entries need only be finite and ≥ 0. */
  normalize?: boolean;
  /** A plural noun for the messages: 'probabilities' (default), 'targets', 'P values'. */
  what?: string;
  /** |Σ_k p_k − 1| a row may be off by and still be used as given (default 1e-6). */
  rowSumTolerance?: number;
}

/** How the soft losses check target rows: as probabilities (finite, in [0, 1], summing to 1 within 1e-6), named 'targets'. */
export const TARGET_ROWS: Readonly<ProbabilityRowOptions> = Object.freeze({ what: 'targets' });

/**
 * The rows prepareProbabilityRows refuses, as refusals, each for its first reason in the order it
 * checks them: a value that is not finite ('nonFinite'), else one outside [0, 1] (with normalize:
 * a negative one; 'probabilityOutOfRange'), else, without normalize, a sum off 1 by more than the
 * tolerance ('rowSumNotOne', the sum as value), else, with normalize, a sum of 0 ('zeroTotal').
 * The value and column are the row's first offending entry. O(n·k).
 * Example: rows [[.5, .4], [.2, 1.2]] → [{code: 'rowSumNotOne', row: 0, value: 0.9},
 * {code: 'probabilityOutOfRange', row: 1, value: 1.2, column: 1}].
 */
export function probabilityRowRefusals(matrix: Matrix, options: ProbabilityRowOptions = {}): RowRefusal[] {
  return refusalsOf(matrix.data, matrix.cols, options.normalize === true, sumRule(options));
}

/** How rows sums are checked: the tolerance, whether off rows are divided by their sums, the noun for the messages. */
interface SumRule {
  readonly tolerance: number;
  readonly normalize: boolean;
  readonly what: string;
  /** The tolerance as the messages show it. */
  readonly shown: string;
}

function sumRule(options: ProbabilityRowOptions): SumRule {
  const tolerance = options.rowSumTolerance ?? ROW_SUM_TOLERANCE;
  return { tolerance, normalize: options.normalize === true, what: options.what ?? 'probabilities', shown: Number(tolerance.toPrecision(2)).toExponential() };
}

/**
 * Each row's refusal (of `cols` entries each): its first non-finite entry, else its first one
 * outside [0, 1] (`anyScale`: below 0), else, when `sums` is given, its sum. O(n·k).
 */
function refusalsOf(data: ArrayLike<number>, cols: number, anyScale: boolean, sums: SumRule | undefined): RowRefusal[] {
  const refusals: RowRefusal[] = [];
  const rows = cols > 0 ? Math.floor(data.length / cols) : 0;
  for (let i = 0, at = 0; i < rows; i++, at += cols) {
    let nonFinite = -1;
    let outside = -1;
    let sum = 0;
    for (let k = 0; k < cols; k++) {
      const p = data[at + k] as number;
      sum += p;
      if (p >= 0 && (p <= 1 || (anyScale && p < Infinity))) continue;
      if (!Number.isFinite(p)) {
        if (nonFinite < 0) nonFinite = k;
      } else if (outside < 0) outside = k;
    }
    if (nonFinite >= 0) {
      refusals.push({ code: 'nonFinite', row: i, value: data[at + nonFinite] as number, column: nonFinite, entry: 'probability {value} is not a finite number' });
    } else if (outside >= 0) {
      const entry = anyScale ? 'probability {value} is negative' : 'probability {value} is outside [0, 1]';
      refusals.push({ code: 'probabilityOutOfRange', row: i, value: data[at + outside] as number, column: outside, entry });
    } else if (sums !== undefined && Math.abs(sum - 1) > sums.tolerance) {
      if (!sums.normalize) refusals.push({ code: 'rowSumNotOne', row: i, value: sum, entry: `the ${sums.what} sum to {value}, not 1 (|sum − 1| > ${sums.shown})` });
      else if (sum === 0) refusals.push({ code: 'zeroTotal', row: i, value: 0, entry: `the ${sums.what} sum to 0 and cannot be normalised` });
    }
  }
  return refusals;
}

/**
 * The error the checks throw for refused rows: every row of the first reason present, in the
 * order nonFinite, probabilityOutOfRange, rowSumNotOne, zeroTotal (undefined when none).
 */
function firstRefusalError(refusals: readonly RowRefusal[], anyScale: boolean, sums: SumRule | undefined): CoreError | undefined {
  for (const code of ['nonFinite', 'probabilityOutOfRange', 'rowSumNotOne', 'zeroTotal'] as const) {
    const same = refusals.filter((r) => r.code === code);
    if (same.length === 0) continue;
    const rows = same.map((r) => r.row);
    const values = same.map((r) => r.value);
    const entry = same[0]!.entry;
    const held = `${countOf(same.length, 'row holds', 'rows hold')} ${someValues(values)}`;
    switch (code) {
      case 'nonFinite':
        return new CoreError(code, `Probabilities must be finite numbers: ${held}`, { rows, values, entry });
      case 'probabilityOutOfRange':
        return new CoreError(code, `Probabilities must be ${anyScale ? 'non-negative' : 'within [0, 1]'}: ${held}`, { rows, values, entry });
      case 'rowSumNotOne':
        return new CoreError(code, `The ${sums!.what} do not sum to 1 (|sum − 1| > ${sums!.shown}) in ${countOf(same.length, 'row')}: they sum to ${someValues(values)}`, { rows, values, entry });
      case 'zeroTotal':
        return new CoreError(code, `${countOf(same.length, 'row')} of ${sums!.what} sum to 0 and cannot be normalised`, { rows, entry });
    }
  }
  return undefined;
}

/**
 * Checks rows of class probabilities: finite, in [0, 1], and |Σ_k p_k − 1| ≤ `rowSumTolerance`
 * (default 1e-6). Rows failing the sum throw CoreError 'rowSumNotOne' (values = the row sums)
 * unless `normalize` is true, in which case entries need only be finite and ≥ 0 (any scale, such
 * as percentages) and the rows off by more than the tolerance are divided by their sum in a copy
 * (the input is never modified) and counted in `normalizedRows`; a row summing to 0 then throws
 * 'zeroTotal'. Rows within tolerance are left exactly as given. The rows refused are those of
 * {@link probabilityRowRefusals}. O(n·k).
 * Example: rows [[.5, .4]] → throws rowSumNotOne {rows: [0], values: [0.9]}; with normalize →
 * [[0.5555…, 0.4444…]], normalizedRows 1.
 */
export function prepareProbabilityRows(matrix: Matrix, options: ProbabilityRowOptions = {}): PreparedProbabilities {
  const rule = sumRule(options);
  const { data, rows, cols } = matrix;
  if (data.length !== rows * cols) {
    throw new CoreError('shapeMismatch', `The ${rule.what} hold ${data.length} numbers, not ${rows} rows × ${cols} columns`);
  }
  // One pass for the range and the sums; the refusals (which name rows and values) are gathered
  // only when some entry or sum failed.
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
    if (Math.abs(sum - 1) > rule.tolerance) {
      offRows.push(i);
      offSums.push(sum);
    }
  }
  if (!inRange || (offRows.length > 0 && (!rule.normalize || offSums.includes(0)))) {
    const error = firstRefusalError(refusalsOf(data, cols, rule.normalize, rule), rule.normalize, rule);
    if (error) throw error;
  }
  if (offRows.length === 0) return { probabilities: matrix, normalizedRows: 0 };
  const out = new Float64Array(data);
  offRows.forEach((i, r) => {
    const sum = offSums[r] as number;
    for (let k = 0; k < cols; k++) out[i * cols + k] = (data[i * cols + k] as number) / sum;
  });
  return { probabilities: { data: out, rows, cols }, normalizedRows: offRows.length };
}
