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
 * Numbers too many to hold (a streamed file's per-row values, kept on disk): writeJson writes
 * them as a JSON array, a piece at a time as `pieces` yields them.
 */
export interface NumberStream {
  readonly length: number;
  pieces(): AsyncIterable<ArrayLike<number>>;
}

function isNumberStream(value: unknown): value is NumberStream {
  return typeof value === 'object' && value !== null && typeof (value as { pieces?: unknown }).pieces === 'function' && typeof (value as { length?: unknown }).length === 'number';
}

/** One typed array as the pieces of a NumberStream. */
async function* arrayPieces(values: ArrayLike<number>): AsyncIterable<ArrayLike<number>> {
  for (let start = 0; start < values.length; start += PIECE)
    yield ArrayBuffer.isView(values) ? (values as unknown as Float64Array).subarray(start, start + PIECE) : Array.prototype.slice.call(values, start, start + PIECE);
}

/**
 * Writes exactly what toJson(value) returns, in pieces: each typed array longer than PIECE
 * numbers is written a piece at a time rather than inside one string, so a 25-million-row file's
 * per-row losses (about 500 million characters) never become one string (V8's longest is 2^29),
 * and waits for `drained` after each piece, so a slow reader never makes them pile up in memory.
 * A NumberStream is written the same way, as the array of its numbers.
 */
export async function writeJson(value: unknown, write: (text: string) => void, drained: () => Promise<void> = async () => undefined): Promise<void> {
  const arrays: NumberStream[] = [];
  const text = JSON.stringify(
    value,
    (key, v: unknown) => {
      const long = ArrayBuffer.isView(v) && !(v instanceof DataView) && (v as unknown as ArrayLike<number>).length > PIECE;
      if (long || isNumberStream(v)) {
        arrays.push(long ? { length: (v as unknown as ArrayLike<number>).length, pieces: () => arrayPieces(v as unknown as ArrayLike<number>) } : (v as NumberStream));
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
    const values = arrays[Number(match[1])] as NumberStream;
    let first = true;
    for await (const piece of values.pieces()) {
      if (piece.length === 0) continue;
      const parts: string[] = [];
      for (let i = 0; i < piece.length; i++) {
        const v = piece[i] as number;
        // String(v) is JSON's own text for a finite number (shortest round trip), without its cost.
        parts.push(`${indent}  ${Number.isFinite(v) ? String(v) : JSON.stringify(replacer('', v))}`);
      }
      write(`${first ? '[\n' : ',\n'}${parts.join(',\n')}`);
      first = false;
      // A pipe to a slower reader buffers what is written: wait for it rather than hold the file's rows twice.
      await drained();
    }
    write(first ? '[]' : `\n${indent}]`);
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
  // A loop, not Math.max(...rows): a spread of a million rows overflows the stack.
  const widths = header.map((title, column) => rows.reduce((width, row) => Math.max(width, (row[column] ?? '').length), title.length));
  return [tableHead(header, widths), ...rows.map((row) => tableLine(row, widths))].join('\n');
}

/**
 * A table's header and rule for columns of `widths` (each at least its title's): with tableLine for
 * each row, what `table` prints, for rows written one at a time (a streamed file's per-row table).
 */
export function tableHead(header: readonly string[], widths: readonly number[]): string {
  return [
    tableLine(header, widths),
    tableLine(
      widths.map((width) => '-'.repeat(width)),
      widths,
    ),
  ].join('\n');
}

/** One line of a table: the first cell left-aligned, the others right-aligned, two spaces apart. */
export function tableLine(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
    .join('  ')
    .trimEnd();
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

/**
 * A report's per-row columns, in its unit: held in memory, or spilled to disk by a streamed file
 * (RowSpill). `columns` go to --json; `table` renders the row-number column and the cells under
 * `header` — all of it as text, or its head as text and the rows written after it, in pieces.
 */
export interface PerRow {
  readonly columns: readonly (ArrayLike<number> | NumberStream)[];
  table(header: readonly string[]): { text: string; rest?: () => AsyncIterable<string> };
  dispose?(): void;
}

/** Per-row columns held in memory: the table is `table`'s, all of it at once. */
export function heldRows(columns: readonly Float64Array[]): PerRow {
  return {
    columns,
    table: (header) => ({
      text: table(
        header,
        Array.from(columns[0] ?? [], (_, i) => [String(i + 1), ...columns.map((column) => formatTableNumber(column[i] as number))]),
      ),
    }),
  };
}
