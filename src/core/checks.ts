// Entry-point input checks shared by core functions (internal; each throws CoreError naming rows).
import { CoreError } from './coreError';
import type { Matrix } from './matrix';

function listRows(rows: readonly number[]): string {
  return rows.slice(0, 10).join(', ') + (rows.length > 10 ? `, … (${rows.length} rows)` : '');
}

/** Throws 'emptyInput' when n is 0. */
export function requireRows(n: number, what: string): void {
  if (n === 0) throw new CoreError('emptyInput', `${what}: no rows`);
}

/** Throws 'lengthMismatch' when two per-row inputs differ in length. */
export function requireSameLength(a: number, b: number, what: string): void {
  if (a !== b) throw new CoreError('lengthMismatch', `${what}: ${a} rows vs ${b} rows`);
}

/** Throws 'shapeMismatch' when data.length ≠ rows·cols. */
export function requireShape(m: Matrix, what: string): void {
  if (m.data.length !== m.rows * m.cols || m.rows < 0 || m.cols < 0) {
    throw new CoreError('shapeMismatch', `${what}: ${m.data.length} entries for ${m.rows} × ${m.cols}`);
  }
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
  if (bad.length > 0) throw new CoreError('nonFinite', `${what}: rows ${listRows(bad)} are not finite`, { rows: bad, values });
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
  if (bad.length > 0) throw new CoreError('negativeWeight', `${what}: rows ${listRows(bad)} are negative`, { rows: bad, values });
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
    throw new CoreError('badLabel', `${what}: labels in rows ${listRows(bad)} are not 0/1 or −1/+1`, {
      rows: bad,
      values: bad.map((i) => y[i] as number),
    });
  }
  if (sawZero && sawMinusOne) {
    throw new CoreError('badLabel', `${what}: labels mix 0 and −1; use {0, 1} or {−1, +1}`);
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
    throw new CoreError('badLabel', `${what}: class indices in rows ${listRows(bad)} are not integers in [0, ${classCount})`, {
      rows: bad,
      values: bad.map((i) => indices[i] as number),
    });
  }
  return out;
}
