// Where a problem is, in words, for the surfaces that show a result's problems (the Problems panel,
// the results panel). A text file's problems have ranges the editor shows as line and column; a
// binary file (Parquet, Arrow, NumPy) has no lines, so its problems name the row instead, counted
// as the product's messages count rows (from 1) and as pandas' iloc and numpy index it (from 0).
import type { AnalysisProblem, TableInfo } from './analysis';

/** The binary, columnar formats: their tables have rows but no lines. */
const BINARY_FORMATS: ReadonlySet<TableInfo['format']> = new Set(['parquet', 'arrow', 'npz', 'npy']);

/** Whether a result's file has no text lines to place problems on. */
export function hasNoLines(format: TableInfo['format']): boolean {
  return BINARY_FORMATS.has(format);
}

/**
 * The problem's message as people read it: for a binary file, led by its row
 * (`Row 1,234 (index 1233): "cat" in column "p" is not a number`) unless it names the row already.
 */
export function placedMessage(problem: AnalysisProblem, format: TableInfo['format']): string {
  if (!hasNoLines(format) || problem.row === null || /^Row \d/.test(problem.message)) return problem.message;
  return `Row ${(problem.row + 1).toLocaleString('en-US')} (index ${problem.row}): ${problem.message}`;
}
