// The CSV record scanner over ASCII bytes, for the streaming reader: the same records, fields and
// numbers as scanRecord over the same text decoded (for ASCII a byte offset is a character offset),
// without decoding the chunk into a string. Plain decimals are parsed from the bytes; any other
// field is parsed by parseNumber from its own few characters.
import type { RecordState } from './csvScanner';
import { EXACT_POWERS_OF_TEN, parseNumber, TWO_POW_53 } from './number';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const POW10 = new Float64Array(EXACT_POWERS_OF_TEN);

/**
 * Scans one record of `bytes` (ASCII: every byte below 0x80) starting at `position` into `state`,
 * exactly as `scanRecord` scans the string of the same characters: fields, offsets, values, line
 * breaks, the unterminated and stray quotes, and where the next record starts. The record ends at
 * `\n`, `\r\n`, `\r` or the end of `bytes`. O(record length); no allocation for plain decimals
 * (a decimal with optional sign, fraction and exponent directly followed by its terminator).
 * Example: over the bytes of `0.5,-1e-3\n` it gives values [0.5, -0.001], ends [3, 9], next 10.
 */
export function scanRecordBytes(bytes: Buffer, position: number, delimiter: number, state: RecordState): void {
  const length = bytes.length;
  let i = position;
  let count = 0;
  state.lineBreaks = 0;
  state.unterminatedQuote = -1;
  state.strayQuote = -1;
  let starts = state.starts;
  let ends = state.ends;
  let values = state.values;
  for (;;) {
    if (count === starts.length) {
      state.grow();
      starts = state.starts;
      ends = state.ends;
      values = state.values;
    }
    const fieldStart = i;
    starts[count] = i;
    let value: number;
    // Past the end a read is undefined, which no comparison below matches (as charCodeAt's NaN).
    let c = bytes[i]!;
    if (c === QUOTE) {
      let from = i + 1;
      let close = -1;
      let doubled = false;
      for (;;) {
        const q = bytes.indexOf(QUOTE, from);
        if (q < 0) break;
        if (bytes[q + 1] === QUOTE) {
          doubled = true;
          from = q + 2;
          continue;
        }
        close = q;
        break;
      }
      if (close < 0) {
        state.unterminatedQuote = i;
        state.lineBreaks += countLineBreakBytes(bytes, i + 1, length);
        ends[count] = length;
        values[count] = NaN;
        state.count = count + 1;
        state.end = length;
        state.next = length;
        state.terminated = false;
        return;
      }
      state.lineBreaks += countLineBreakBytes(bytes, i + 1, close);
      value = doubled ? NaN : parseField(bytes, i + 1, close);
      i = close + 1;
      c = bytes[i]!;
      if (i < length && c !== delimiter && c !== LF && c !== CR) {
        if (state.strayQuote < 0) state.strayQuote = i;
        while (i < length) {
          c = bytes[i]!;
          if (c === delimiter || c === LF || c === CR) break;
          i++;
        }
        value = NaN;
      }
    } else {
      // Fused fast path: a plain decimal (exponent included) that ends exactly at the terminator.
      let negative = false;
      if (c === 0x2d) {
        negative = true;
        c = bytes[++i]!;
      } else if (c === 0x2b) {
        c = bytes[++i]!;
      }
      // Digits two at a time: one multiply-add per pair halves the chain of dependent floating
      // point operations, the scan's critical path. Below 2^53 every step is exact (so the same
      // integer as one digit at a time); from there on the check below sends it to Number().
      let mantissa = 0;
      let digits = 0;
      let exponent = 0;
      for (;;) {
        const x = c - 0x30;
        if (!(x >= 0 && x <= 9)) break;
        const y = bytes[i + 1]! - 0x30;
        if (!(y >= 0 && y <= 9)) {
          mantissa = mantissa * 10 + x;
          digits++;
          c = bytes[++i]!;
          break;
        }
        mantissa = mantissa * 100 + (x * 10 + y);
        digits += 2;
        i += 2;
        c = bytes[i]!;
      }
      if (c === 0x2e) {
        c = bytes[++i]!;
        for (;;) {
          const x = c - 0x30;
          if (!(x >= 0 && x <= 9)) break;
          const y = bytes[i + 1]! - 0x30;
          if (!(y >= 0 && y <= 9)) {
            mantissa = mantissa * 10 + x;
            digits++;
            exponent--;
            c = bytes[++i]!;
            break;
          }
          mantissa = mantissa * 100 + (x * 10 + y);
          digits += 2;
          exponent -= 2;
          i += 2;
          c = bytes[i]!;
        }
      }
      let plain = digits > 0;
      if (plain && (c === 0x65 || c === 0x45)) {
        // As parseNumber reads an exponent: at most nine digits count (more is out of range anyway).
        c = bytes[++i]!;
        let exponentNegative = false;
        if (c === 0x2d) {
          exponentNegative = true;
          c = bytes[++i]!;
        } else if (c === 0x2b) {
          c = bytes[++i]!;
        }
        let written = 0;
        let exponentDigits = 0;
        while (c >= 0x30 && c <= 0x39) {
          if (written < 1e8) written = written * 10 + (c - 0x30);
          exponentDigits++;
          c = bytes[++i]!;
        }
        plain = exponentDigits > 0;
        exponent += exponentNegative ? -written : written;
      }
      if (plain && (c === delimiter || c === LF || c === CR || i >= length)) {
        // exactDecimal, written out: a call here would return its double boxed, a heap number per cell.
        if (mantissa < TWO_POW_53 && exponent >= -22 && exponent <= 22) {
          const magnitude = mantissa === 0 ? 0 : exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!;
          value = negative ? -magnitude : magnitude;
        } else value = Number(bytes.toString('latin1', fieldStart, i));
      } else {
        while (i < length) {
          c = bytes[i]!;
          if (c === delimiter || c === LF || c === CR) break;
          i++;
        }
        value = parseField(bytes, fieldStart, i);
      }
    }
    ends[count] = i;
    values[count] = value;
    count++;
    if (i >= length) {
      state.count = count;
      state.end = length;
      state.next = length;
      state.terminated = false;
      return;
    }
    if (c === delimiter) {
      i++;
      continue;
    }
    state.count = count;
    state.end = i;
    state.terminated = true;
    state.next = c === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
    return;
  }
}

/** A field that is not a plain decimal (spaces, `inf`, text, quoted): parseNumber of its characters. */
function parseField(bytes: Buffer, start: number, end: number): number {
  if (start === end) return NaN;
  const field = bytes.toString('latin1', start, end);
  return parseNumber(field, 0, field.length);
}

/** Line breaks (`\n`, `\r\n`, lone `\r`) in `[from, to)`, as countLineBreaks counts them. */
function countLineBreakBytes(bytes: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === LF) n++;
    else if (c === CR && bytes[i + 1] !== LF) n++;
  }
  return n;
}

/** A blank (or whitespace-only) record, as RecordState.isBlank decides over the text. */
export function isBlankRecordBytes(bytes: Buffer, state: RecordState): boolean {
  if (state.count !== 1) return false;
  for (let i = state.starts[0]!; i < state.ends[0]!; i++) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}
