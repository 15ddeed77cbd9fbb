// Number parsing with exactly the result of JavaScript's Number(): a fast path that is provably
// correctly rounded, and Number() itself for everything else.

/** 2^53: every integer up to it is exact in a double. */
export const TWO_POW_53 = 9007199254740992;

/** 10^0 … 10^22, the powers of ten that are exact doubles. */
export const EXACT_POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const POW10 = new Float64Array(EXACT_POWERS_OF_TEN);

/**
 * Parses `text.slice(start, end)` as a decimal number, giving exactly the double `Number()` gives,
 * or NaN when it is not a number. Accepted: optional surrounding spaces/tabs, a sign, digits with an
 * optional fraction (`1.`, `.5`), an optional exponent (`1e-3`), and `Infinity` / `inf` (any case,
 * as NumPy and pandas write it). Rejected (NaN):
 * the empty string (Number('') would be 0), hex/octal/binary literals, `NaN`, `NA`, `null`, text.
 *
 * Numerical care: when the decimal mantissa m (all digits as an integer) is below 2^53 and the
 * decimal exponent e satisfies |e| ≤ 22, both m and 10^|e| are exact doubles, so the single IEEE
 * multiplication or division m·10^e is correctly rounded (Clinger's fast path) and equals Number().
 * Other inputs fall back to Number() on the slice. O(length), no allocation on the fast path.
 * Example: `parseNumber('x,0.1,y', 2, 5)` is `0.1`; `parseNumber('-0', 0, 2)` is `-0`.
 */
export function parseNumber(text: string, start: number, end: number): number {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return NaN;
  let i = start;
  let c = text.charCodeAt(i);
  let negative = false;
  if (c === 0x2d) {
    negative = true;
    c = text.charCodeAt(++i);
  } else if (c === 0x2b) {
    c = text.charCodeAt(++i);
  }
  if (c === 0x49 /* I */ || c === 0x69 /* i */) {
    // `Infinity` (JavaScript), `inf` / `Inf` / `INF` (NumPy, pandas, R), `infinity` (C's printf).
    const word = text.slice(i, end).toLowerCase();
    if (word === 'infinity' || word === 'inf') return negative ? -Infinity : Infinity;
    return NaN;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  while (i < end && c >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    digits++;
    c = text.charCodeAt(++i);
  }
  if (i < end && c === 0x2e) {
    c = text.charCodeAt(++i);
    while (i < end && c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      exponent--;
      c = text.charCodeAt(++i);
    }
  }
  if (digits === 0) return NaN;
  if (i < end && (c === 0x65 || c === 0x45)) {
    c = text.charCodeAt(++i);
    let exponentNegative = false;
    if (c === 0x2d) {
      exponentNegative = true;
      c = text.charCodeAt(++i);
    } else if (c === 0x2b) {
      c = text.charCodeAt(++i);
    }
    let written = 0;
    let exponentDigits = 0;
    while (i < end && c >= 0x30 && c <= 0x39) {
      if (written < 1e8) written = written * 10 + (c - 0x30);
      exponentDigits++;
      c = text.charCodeAt(++i);
    }
    if (exponentDigits === 0) return NaN;
    exponent += exponentNegative ? -written : written;
  }
  if (i !== end) return NaN;
  return finish(text, start, end, negative, mantissa, exponent);
}

/** Builds the double from a validated decimal; shared with the CSV scanner's fused loop. */
export function finish(text: string, start: number, end: number, negative: boolean, mantissa: number, exponent: number): number {
  const value = exactDecimal(mantissa, exponent);
  if (value !== value) return Number(text.slice(start, end));
  return negative ? -value : value;
}

/**
 * mantissa·10^exponent (mantissa ≥ 0, its digits accumulated as a double) when Clinger's fast path
 * proves the one IEEE operation correctly rounded (mantissa ≤ 2^53, |exponent| ≤ 22), else NaN: the
 * caller then asks Number() of the written text. Shared by the string and byte scanners.
 */
export function exactDecimal(mantissa: number, exponent: number): number {
  if (mantissa === 0) return 0;
  // Below 2^53, not up to it: 2^53 + 1 digits accumulate to 2^53 (rounded), which is not the number written.
  if (mantissa < TWO_POW_53 && exponent >= -22 && exponent <= 22) return exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!;
  return NaN;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
