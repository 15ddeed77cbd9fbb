// How the CLI prints: JSON at full double precision (±∞ and NaN as strings, typed arrays as
// arrays) and aligned plain-text tables with units.
import { numericLabelValue } from '../core';
import type { ClassLabel } from '../core';

/** JSON.stringify replacer: non-finite numbers become "Infinity" / "-Infinity" / "NaN". */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** Serialises a result for `--json`: shortest round-trip decimals, so full double precision. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, replacer, 2);
}

/** Formats a number for tables: 6 significant decimals, with ∞ spelled out. */
export function formatTableNumber(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4)) return value.toExponential(digits - 1);
  return value.toFixed(digits);
}

/** Renders rows as a left-aligned first column and right-aligned others. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** `1 row`, `3 rows`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Classes as JSON numbers when every one is a number (as `entropy` reports numeric labels), else strings. */
export function asNumbersWhenNumeric(classes: readonly ClassLabel[]): ClassLabel[] {
  const numbers = classes.map((c) => numericLabelValue(c));
  return numbers.every((v) => v !== undefined) ? (numbers as number[]) : [...classes];
}
