// Where a column-level problem points in the file: a CSV/TSV header cell, else the column's
// first cell; and a column's first value as written, for the message.
import type { Table } from '../data';
import type { SourceRange } from '../protocol/analysis';

/** The first present cell of a column as written. */
export function firstValue(table: Table, name: string): string {
  return table.labels(name).values.find((v) => v !== '') ?? '';
}

/** Where a column-level problem goes: its header cell (CSV), else its first cell. */
export function firstCellRange(table: Table, column: string | undefined): SourceRange | null {
  const info = column === undefined ? undefined : table.column(column);
  if (!info) return null;
  const header = headerCellRange(table, info.index);
  if (header) return header;
  for (let row = 0; row < Math.min(table.rowCount, 50); row++) {
    const range = table.index.cellRange(row, info.index);
    if (range) return { start: { ...range.start }, end: { ...range.end } };
  }
  return null;
}

/** The range of a CSV/TSV header cell (the line before the first record), found by scanning it. */
function headerCellRange(table: Table, columnIndex: number): SourceRange | null {
  if ((table.format !== 'csv' && table.format !== 'tsv') || table.rowCount === 0 || table.delimiter === undefined) return null;
  const first = table.index.rowRange(0);
  if (first.start.line === 0) return null;
  const headerLine = first.start.line - 1;
  const lineStart = table.index.offsetAt(headerLine, 0);
  const text = table.source(lineStart, table.index.rowStartOffset(0)).replace(/\r?\n$/, '');
  let column = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if ((c === table.delimiter && !quoted) || i === text.length) {
      if (column === columnIndex) {
        const begin = text.charCodeAt(0) === 0xfeff && start === 0 ? 1 : start;
        return { start: { line: headerLine, character: begin }, end: { line: headerLine, character: i } };
      }
      column++;
      start = i + 1;
    }
  }
  return null;
}
