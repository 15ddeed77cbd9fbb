// Cell values of the binary readers as the data layer shows them: doubles from 64-bit integers and
// booleans, display text for bytes, dates, times and nested values, and the words of a failed part
// of a read. Shared by the Parquet and Arrow readers (one spelling of a date or a byte string).
import { fileProblem, readErrorMessage } from '../fileBytes';
import type { Problem } from '../types';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A reason already in plain words (the rest of a message is added where it is caught). */
export class PlainError extends Error {}

/**
 * A cell as a double: numbers as they are, 64-bit integers (signed or unsigned) rounded to the
 * nearest double (exact up to 2^53 in magnitude, beyond that the nearest representable value,
 * as `Number(bigint)` and numpy's int64 → float64 do), booleans 0 / 1, null NaN.
 */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number.NaN;
}

/**
 * A value of an `other` column as display text: strings as they are, bytes as UTF-8 text when
 * they are printable UTF-8 and as hex (`0x…`) otherwise, dates in ISO 8601, lists and structs as
 * JSON (64-bit integers as their digits), null as null.
 */
export function displayText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return bytesText(value);
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : 'Invalid Date';
  try {
    return JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === 'bigint') return Number.isSafeInteger(Number(item)) ? Number(item) : item.toString();
      if (item instanceof Uint8Array) return bytesText(item);
      if (ArrayBuffer.isView(item) && !(item instanceof DataView)) return Array.from(item as unknown as ArrayLike<unknown>, (x) => (typeof x === 'bigint' ? x.toString() : x));
      return item;
    });
  } catch {
    return String(value);
  }
}

/** Bytes as text when they are UTF-8 without control characters, else `0x` and hex digits. */
export function bytesText(bytes: Uint8Array): string {
  try {
    const text = strictUtf8.decode(bytes);
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return text;
  } catch {
    // not UTF-8: hex below
  }
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

/** Days since 1970-01-01 as `YYYY-MM-DD` (the proleptic Gregorian calendar, as DuckDB prints). */
export function dateText(days: number): string {
  const date = new Date(days * 86_400_000);
  return Number.isFinite(date.getTime()) ? date.toISOString().slice(0, date.toISOString().indexOf('T')) : `${days} days since 1970-01-01`;
}

/** A count of 10^−digits seconds since the epoch as ISO 8601 without a zone, exact to its unit. */
export function timestampText(value: bigint, digits: number): string {
  const perSecond = 10n ** BigInt(digits);
  let seconds = value / perSecond;
  let fraction = value % perSecond;
  if (fraction < 0n) {
    fraction += perSecond;
    seconds -= 1n;
  }
  const date = new Date(Number(seconds) * 1000);
  if (!Number.isFinite(date.getTime())) return `${value} ${['seconds', '', '', 'ms', '', '', 'µs', '', '', 'ns'][digits]} since 1970-01-01`;
  const iso = date.toISOString();
  const whole = iso.slice(0, iso.indexOf('.'));
  return fraction === 0n ? whole : `${whole}.${fraction.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/** A time of day in counts of 10^−digits seconds since midnight as `HH:MM:SS[.fraction]`. */
export function timeText(value: bigint, digits: number): string {
  const perSecond = 10n ** BigInt(digits);
  const seconds = Number(value / perSecond);
  const fraction = value % perSecond;
  const two = (n: number): string => String(n).padStart(2, '0');
  const whole = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  return fraction === 0n ? whole : `${whole}.${fraction.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Read through a function so the compiler does not narrow a flag another task may set meanwhile. */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** A row bound as a whole number in [low, high]. */
export function clampRow(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(high, Math.max(low, Math.floor(value))) : value > 0 ? high : low;
}

/**
 * The one problem of a failed part of a read: "Row group 3 (rows 200,000–299,999) could not be
 * read: …" (rows 0-based, as `firstRow`), at the part's first row.
 */
export function rangeProblem(part: string, from: number, to: number, reason: string): Problem {
  const rows = to - from === 1 ? `row ${from.toLocaleString('en-US')}` : `rows ${from.toLocaleString('en-US')}–${(to - 1).toLocaleString('en-US')}`;
  return { ...fileProblem(`${part} (${rows}) could not be read: ${reason}`), row: from };
}

/** The reason of our own checks and of I/O errors in plain words, else undefined (the library's error). */
export function plainReason(error: unknown): string | undefined {
  if (error instanceof PlainError) return error.message;
  if (typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'string' && /^E[A-Z]+$/.test((error as { code: string }).code)) {
    const message = readErrorMessage(error);
    return message.charAt(0).toLowerCase() + message.slice(1);
  }
  return undefined;
}
