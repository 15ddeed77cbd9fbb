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

/** Typed arrays longer than this are written in pieces by writeJson. */
const PIECE = 65_536;

/**
 * Writes exactly what toJson(value) returns, in pieces: each typed array longer than PIECE
 * numbers is written a piece at a time rather than inside one string, so a 25-million-row file's
 * per-row losses (about 500 million characters) never become one string (V8's longest is 2^29),
 * and waits for `drained` after each piece, so a slow reader never makes them pile up in memory.
 */
export async function writeJson(value: unknown, write: (text: string) => void, drained: () => Promise<void> = async () => undefined): Promise<void> {
  const arrays: ArrayLike<number>[] = [];
  const text = JSON.stringify(
    value,
    (key, v: unknown) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView) && (v as unknown as ArrayLike<number>).length > PIECE) {
        arrays.push(v as unknown as ArrayLike<number>);
        return `\u0000${arrays.length - 1}\u0000`;
      }
      return replacer(key, v);
    },
    2,
  );
  let written = 0;
  for (const match of text.matchAll(/"\\u0000(\d+)\\u0000"/g)) {
    const before = text.slice(written, match.index);
    write(before);
    // JSON.stringify's layout: items one level deeper than the line holding the key.
    const indent = (/^ */.exec(before.slice(before.lastIndexOf('\n') + 1)) as RegExpExecArray)[0];
    const values = arrays[Number(match[1])] as ArrayLike<number>;
    for (let start = 0; start < values.length; start += PIECE) {
      const parts: string[] = [];
      for (let i = start; i < Math.min(values.length, start + PIECE); i++) {
        const v = values[i] as number;
        // String(v) is JSON's own text for a finite number (shortest round trip), without its cost.
        parts.push(`${indent}  ${Number.isFinite(v) ? String(v) : JSON.stringify(replacer('', v))}`);
      }
      write(`${start === 0 ? '[\n' : ',\n'}${parts.join(',\n')}`);
      // A pipe to a slower reader buffers what is written: wait for it rather than hold the file's rows twice.
      await drained();
    }
    write(`\n${indent}]`);
    written = (match.index as number) + match[0].length;
  }
  write(text.slice(written));
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
