// The CSV record scanner shared by the in-memory and streaming readers: one pass of charCodeAt
// over a string, RFC 4180 quoting, and number parsing fused into the scan of plain fields so
// numeric cells never become strings.
import { EXACT_POWERS_OF_TEN, finish, parseNumber, TWO_POW_53 } from './number';

const POW10 = new Float64Array(EXACT_POWERS_OF_TEN);

/** One scanned record, reused from record to record (no allocation per record). */
export class RecordState {
  /** Absolute start offset of each field (quotes included). */
  starts = new Uint32Array(64);
  /** Absolute end offset (exclusive) of each field. */
  ends = new Uint32Array(64);
  /** The field as a number (NaN when it is not one: empty, text, NA, a quote doubled inside...). */
  values = new Float64Array(64);
  /** Fields in the record. */
  count = 0;
  /** Offset just past the record's last character, line break excluded. */
  end = 0;
  /** Offset where the next record may start. */
  next = 0;
  /** True when the record ended at a line break (false: at the end of the text). */
  terminated = false;
  /** Line breaks inside quoted fields. */
  lineBreaks = 0;
  /** Offset of an opening quote never closed (the field runs to the end), else -1. */
  unterminatedQuote = -1;
  /** Offset of the first character after a closing quote that is not a delimiter, else -1. */
  strayQuote = -1;

  grow(): void {
    const size = this.starts.length * 2;
    const starts = new Uint32Array(size);
    starts.set(this.starts);
    const ends = new Uint32Array(size);
    ends.set(this.ends);
    const values = new Float64Array(size);
    values.set(this.values);
    this.starts = starts;
    this.ends = ends;
    this.values = values;
  }

  /** A blank (or whitespace-only) line: skipped like pandas' skip_blank_lines. */
  isBlank(text: string): boolean {
    if (this.count !== 1) return false;
    for (let i = this.starts[0]!; i < this.ends[0]!; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09) return false;
    }
    return true;
  }
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * Scans one record starting at `position` into `state`. Fields are separated by `delimiter` (a
 * char code); records end at `\n`, `\r\n` or `\r`. A field starting with `"` is quoted: `""` is a
 * literal quote and delimiters and line breaks inside are data. A quote never closed makes the
 * field run to the end of the text (`unterminatedQuote`). The first `outWidth` field values go
 * straight to `out[outBase + k]` (the in-memory table's row, saving a copy), the rest to
 * `state.values`. O(record length).
 */
export function scanRecord(text: string, position: number, delimiter: number, state: RecordState, out: Float64Array = state.values, outBase = 0, outWidth = 0): void {
  const length = text.length;
  let i = position;
  let count = 0;
  state.lineBreaks = 0;
  state.unterminatedQuote = -1;
  state.strayQuote = -1;
  // Locals, reloaded after grow(), so the loop does not reload them through `state`.
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
    let c = text.charCodeAt(i);
    if (c === QUOTE) {
      let from = i + 1;
      let close = -1;
      let doubled = false;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) break;
        if (text.charCodeAt(q + 1) === QUOTE) {
          doubled = true;
          from = q + 2;
          continue;
        }
        close = q;
        break;
      }
      if (close < 0) {
        state.unterminatedQuote = i;
        state.lineBreaks += countLineBreaks(text, i + 1, length);
        ends[count] = length;
        if (count < outWidth) out[outBase + count] = NaN;
        else values[count] = NaN;
        state.count = count + 1;
        state.end = length;
        state.next = length;
        state.terminated = false;
        return;
      }
      state.lineBreaks += countLineBreaks(text, i + 1, close);
      value = doubled ? NaN : parseNumber(text, i + 1, close);
      i = close + 1;
      c = text.charCodeAt(i);
      if (i < length && c !== delimiter && c !== LF && c !== CR) {
        if (state.strayQuote < 0) state.strayQuote = i;
        while (i < length) {
          c = text.charCodeAt(i);
          if (c === delimiter || c === LF || c === CR) break;
          i++;
        }
        value = NaN;
      }
    } else {
      // Fused fast path: a plain decimal ends exactly at the terminator.
      let negative = false;
      if (c === 0x2d) {
        negative = true;
        c = text.charCodeAt(++i);
      } else if (c === 0x2b) {
        c = text.charCodeAt(++i);
      }
      let mantissa = 0;
      let digits = 0;
      let exponent = 0;
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        c = text.charCodeAt(++i);
      }
      if (c === 0x2e) {
        c = text.charCodeAt(++i);
        while (c >= 0x30 && c <= 0x39) {
          mantissa = mantissa * 10 + (c - 0x30);
          digits++;
          exponent--;
          c = text.charCodeAt(++i);
        }
      }
      if (digits > 0 && (c === delimiter || c === LF || c === CR || i >= length)) {
        // exactDecimal, written out: a call here would return its double boxed, a heap number per cell.
        if (mantissa < TWO_POW_53 && exponent >= -22) {
          const magnitude = mantissa === 0 ? 0 : mantissa / POW10[-exponent]!;
          value = negative ? -magnitude : magnitude;
        } else value = finish(text, fieldStart, i, negative, mantissa, exponent);
      } else {
        while (i < length) {
          c = text.charCodeAt(i);
          if (c === delimiter || c === LF || c === CR) break;
          i++;
        }
        value = parseNumber(text, fieldStart, i);
      }
    }
    ends[count] = i;
    if (count < outWidth) out[outBase + count] = value;
    else values[count] = value;
    count++;
    if (i >= length) {
      state.count = count;
      state.end = length;
      state.next = length;
      state.terminated = false;
      return;
    }
    // Every branch above leaves `c` at text[i], the field's terminator.
    if (c === delimiter) {
      i++;
      continue;
    }
    state.count = count;
    state.end = i;
    state.terminated = true;
    state.next = c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    return;
  }
}

/** Line breaks (`\n`, `\r\n`, lone `\r`) in `[from, to)`. */
export function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) n++;
  }
  return n;
}

/** The field's text without its quotes, with `""` turned into `"`. */
export function unquoteField(text: string, start: number, end: number): string {
  if (end - start >= 2 && text.charCodeAt(start) === QUOTE) {
    const close = text.lastIndexOf('"', end - 1);
    if (close > start) {
      const inner = text.slice(start + 1, close);
      const unescaped = inner.indexOf('"') >= 0 ? inner.replace(/""/g, '"') : inner;
      // Characters after the closing quote (a reported stray quote) are kept, not dropped.
      return close + 1 < end ? unescaped + text.slice(close + 1, end) : unescaped;
    }
  }
  if (end - start >= 1 && text.charCodeAt(start) === QUOTE) return text.slice(start + 1, end);
  return text.slice(start, end);
}
