// Entry-point input checks shared by core functions (internal; each throws CoreError listing rows).
// `what` is a word for the user (the quantity computed, or the values checked), never a function name.
import { CoreError, countOf, someValues } from './coreError';
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

/** Throws 'nonFinite' naming the rows (of `cols` entries each) that hold NaN or ±Infinity. */
export function requireFinite(data: ArrayLike<number>, cols: number, what: string): void {
  const bad: number[] = [];
  const values: number[] = [];
  for (let idx = 0; idx < data.length; idx++) {
    const v = data[idx] as number;
    if (v - v !== 0) {
      const row = Math.floor(idx / cols);
      if (bad[bad.length - 1] !== row) {
        bad.push(row);
        values.push(v);
      }
    }
  }
  if (bad.length > 0) {
    throw new CoreError('nonFinite', `${capitalize(what)} must be finite numbers: ${countOf(bad.length, 'row holds', 'rows hold')} ${someValues(values)}`, {
      rows: bad,
      values,
      entry: `{value} is not a finite number (${what} must be finite)`,
    });
  }
}

/** Throws 'negativeWeight' naming rows with a negative entry (NaN must be checked first). */
export function requireNonNegative(data: ArrayLike<number>, cols: number, what: string): void {
  const bad: number[] = [];
  const values: number[] = [];
  for (let idx = 0; idx < data.length; idx++) {
    const v = data[idx] as number;
    if (v < 0) {
      const row = Math.floor(idx / cols);
      if (bad[bad.length - 1] !== row) {
        bad.push(row);
        values.push(v);
      }
    }
  }
  if (bad.length > 0) {
    throw new CoreError('negativeWeight', `${capitalize(what)} must be 0 or more: ${countOf(bad.length, 'row holds', 'rows hold')} ${someValues(values)}`, {
      rows: bad,
      values,
      entry: `{value} is negative (${what} must be 0 or more)`,
    });
  }
}

/** Binary targets from {0, 1} or {−1, +1} as 0/1 in a new array; throws 'badLabel' otherwise. */
export function binaryZeroOne(y: ArrayLike<number>, what: string): Uint8Array {
  const out = new Uint8Array(y.length);
  let sawZero = false;
  let sawMinusOne = false;
  const bad: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (v === 1) out[i] = 1;
    else if (v === 0) sawZero = true;
    else if (v === -1) sawMinusOne = true;
    else bad.push(i);
  }
  if (bad.length > 0) {
    const values = bad.map((i) => y[i] as number);
    throw new CoreError('badLabel', `Binary labels for ${what} must be 0/1 or −1/+1: ${countOf(bad.length, 'row holds', 'rows hold')} ${someValues(values)}`, {
      rows: bad,
      values,
      entry: `label {value} is not 0/1 or −1/+1 (binary labels for ${what})`,
    });
  }
  if (sawZero && sawMinusOne) {
    throw new CoreError('badLabel', `The labels for ${what} mix 0 and −1: use {0, 1} or {−1, +1}`);
  }
  return out;
}

/** Class indices as Int32Array, each an integer in [0, classCount); throws 'badLabel' otherwise. */
export function requireClassIndices(indices: ArrayLike<number>, classCount: number, what: string): Int32Array {
  const out = new Int32Array(indices.length);
  const bad: number[] = [];
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i] as number;
    if (Number.isInteger(v) && v >= 0 && v < classCount) out[i] = v;
    else bad.push(i);
  }
  if (bad.length > 0) {
    const values = bad.map((i) => indices[i] as number);
    throw new CoreError('badLabel', `Class indices for ${what} must be integers from 0 to ${classCount - 1}: ${countOf(bad.length, 'row holds', 'rows hold')} ${someValues(values)}`, {
      rows: bad,
      values,
      entry: `class index {value} is not an integer from 0 to ${classCount - 1} (${what})`,
    });
  }
  return out;
}
