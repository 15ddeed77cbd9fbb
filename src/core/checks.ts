// Entry-point input checks shared by core functions: each throws CoreError listing rows, and the
// row-tied ones also give those rows as values (RowRefusal) to callers that leave them out first.
// `what` is a word for the user (the quantity computed, or the values checked), never a function name.
import { CoreError, countOf, someValues } from './coreError';
import type { CoreErrorCode, RowRefusal } from './coreError';
import type { Matrix } from './matrix';

/** Throws 'emptyInput' when n is 0; `what` is the quantity ("the cross-entropy"). */
export function requireRows(n: number, what: string): void {
  if (n === 0) throw new CoreError('emptyInput', `No rows to compute ${what} from`);
}

/** Throws 'lengthMismatch' when two per-row inputs differ in length; `what` is the quantity. */
export function requireSameLength(a: number, b: number, what: string): void {
  if (a !== b) throw new CoreError('lengthMismatch', `The inputs of ${what} differ in length: ${a} rows and ${b} rows`);
}

/** Throws 'shapeMismatch' when data.length ≠ rows·cols; `what` names the values ("the logits"). */
export function requireShape(m: Matrix, what: string): void {
  if (m.data.length !== m.rows * m.cols || m.rows < 0 || m.cols < 0) {
    throw new CoreError('shapeMismatch', `${capitalize(what)} hold ${m.data.length} numbers, not ${m.rows} rows × ${m.cols} columns`);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The error for refused rows of one check: `lead`, how many rows and their values, each row's entry. */
function refusedRows(code: CoreErrorCode, lead: string, refusals: readonly RowRefusal[]): CoreError {
  const values = refusals.map((r) => r.value);
  return new CoreError(code, `${lead}: ${countOf(refusals.length, 'row holds', 'rows hold')} ${someValues(values)}`, {
    rows: refusals.map((r) => r.row),
    values,
    entry: refusals[0]!.entry,
  });
}

/**
 * The rows (of `cols` entries) holding NaN or ±Infinity, as refusals: each row's first such value
 * and its column; the rule requireFinite applies. O(n).
 * Example: `nonFiniteRefusals([1, Infinity], 1, 'features')` → [{code: 'nonFinite', row: 1, value: Infinity, column: 0, …}].
 */
export function nonFiniteRefusals(data: ArrayLike<number>, cols: number, what: string): RowRefusal[] {
  const refusals: RowRefusal[] = [];
  const entry = `{value} is not a finite number (${what} must be finite)`;
  for (let idx = 0; idx < data.length; idx++) {
    const v = data[idx] as number;
    if (v - v !== 0) {
      const row = Math.floor(idx / cols);
      if (refusals[refusals.length - 1]?.row !== row) refusals.push({ code: 'nonFinite', row, value: v, column: idx - row * cols, entry });
    }
  }
  return refusals;
}

/** Throws 'nonFinite' naming the rows (of `cols` entries) that hold NaN or ±Infinity. */
export function requireFinite(data: ArrayLike<number>, cols: number, what: string): void {
  const refusals = nonFiniteRefusals(data, cols, what);
  if (refusals.length > 0) throw refusedRows('nonFinite', `${capitalize(what)} must be finite numbers`, refusals);
}

/**
 * The rows (of `cols` entries) holding a negative entry, as refusals: each row's first one and its
 * column; the rule requireNonNegative applies (NaN is not negative: check it first). O(n).
 */
export function negativeRefusals(data: ArrayLike<number>, cols: number, what: string): RowRefusal[] {
  const refusals: RowRefusal[] = [];
  const entry = `{value} is negative (${what} must be 0 or more)`;
  for (let idx = 0; idx < data.length; idx++) {
    const v = data[idx] as number;
    if (v < 0) {
      const row = Math.floor(idx / cols);
      if (refusals[refusals.length - 1]?.row !== row) refusals.push({ code: 'negativeWeight', row, value: v, column: idx - row * cols, entry });
    }
  }
  return refusals;
}

/** Throws 'negativeWeight' naming rows with a negative entry (NaN must be checked first). */
export function requireNonNegative(data: ArrayLike<number>, cols: number, what: string): void {
  const refusals = negativeRefusals(data, cols, what);
  if (refusals.length > 0) throw refusedRows('negativeWeight', `${capitalize(what)} must be 0 or more`, refusals);
}

/**
 * The rows requireFinite then requireNonNegative refuse (weights, counts, a distribution over the
 * rows), each for the first of the two it fails. O(n).
 * Example: `weightRefusals([1, -2, NaN], 1, 'sample weights')` → rows 1 (negativeWeight) and 2 (nonFinite).
 */
export function weightRefusals(data: ArrayLike<number>, cols: number, what: string): RowRefusal[] {
  const nonFinite = nonFiniteRefusals(data, cols, what);
  if (nonFinite.length === 0) return negativeRefusals(data, cols, what);
  const refused = new Set(nonFinite.map((r) => r.row));
  return [...nonFinite, ...negativeRefusals(data, cols, what).filter((r) => !refused.has(r.row))].sort((a, b) => a.row - b.row);
}

/**
 * The binary targets that are none of 0, 1 and −1, as refusals; the per-row rule binaryZeroOne
 * applies (it also refuses 0 and −1 together, which no row alone breaks). O(n).
 */
export function binaryLabelRefusals(y: ArrayLike<number>, what: string): RowRefusal[] {
  const refusals: RowRefusal[] = [];
  const entry = `label {value} is not 0/1 or −1/+1 (binary labels for ${what})`;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (v !== 1 && v !== 0 && v !== -1) refusals.push({ code: 'badLabel', row: i, value: v, entry });
  }
  return refusals;
}

/** Binary targets from {0, 1} or {−1, +1} as 0/1 in a new array; throws 'badLabel' otherwise. */
export function binaryZeroOne(y: ArrayLike<number>, what: string): Uint8Array {
  const refusals = binaryLabelRefusals(y, what);
  if (refusals.length > 0) throw refusedRows('badLabel', `Binary labels for ${what} must be 0/1 or −1/+1`, refusals);
  const out = new Uint8Array(y.length);
  let sawZero = false;
  let sawMinusOne = false;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (v === 1) out[i] = 1;
    else if (v === 0) sawZero = true;
    else sawMinusOne = true;
  }
  if (sawZero && sawMinusOne) {
    throw new CoreError('badLabel', `The labels for ${what} mix 0 and −1: use {0, 1} or {−1, +1}`);
  }
  return out;
}

/** The class indices that are not integers in [0, classCount), as refusals; the rule requireClassIndices applies. O(n). */
export function classIndexRefusals(indices: ArrayLike<number>, classCount: number, what: string): RowRefusal[] {
  const refusals: RowRefusal[] = [];
  const entry = `class index {value} is not an integer from 0 to ${classCount - 1} (${what})`;
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i] as number;
    if (!(Number.isInteger(v) && v >= 0 && v < classCount)) refusals.push({ code: 'badLabel', row: i, value: v, entry });
  }
  return refusals;
}

/** Class indices as Int32Array, each an integer in [0, classCount); throws 'badLabel' otherwise. */
export function requireClassIndices(indices: ArrayLike<number>, classCount: number, what: string): Int32Array {
  const refusals = classIndexRefusals(indices, classCount, what);
  if (refusals.length > 0) throw refusedRows('badLabel', `Class indices for ${what} must be integers from 0 to ${classCount - 1}`, refusals);
  return Int32Array.from(indices);
}
