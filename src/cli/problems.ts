// The CLI's failure path: problems collected from the data layer (or made here for the command
// line and core refusals) printed as FILE:LINE:COLUMN lines, and as JSON with --json.
import { entryMessage } from '../core';
import type { CoreError } from '../core';
import { oneLine, quoteValue } from '../data';
import type { Problem, Table } from '../data';

/** One problem as the CLI reports it (1-based line and column). */
export interface CliProblem {
  line: number;
  column: number;
  raw: string;
  why: string;
  severity: 'error' | 'warning' | 'information';
}

/** Thrown inside a command when the input cannot be analysed; carries every problem found. */
export class InputProblems extends Error {
  override readonly name = 'InputProblems';
  constructor(
    readonly problems: readonly CliProblem[],
    /** Problems beyond those listed (the data layer lists at most 1000 per file). */
    readonly unlisted = 0,
  ) {
    super(problems.map((problem) => problem.why).join('; '));
  }
}

/** A data-layer problem in the CLI's shape. */
export function fromDataProblem(problem: Problem): CliProblem {
  return {
    line: problem.line + 1,
    column: problem.character + 1,
    raw: problem.raw,
    why: problem.message,
    severity: problem.severity,
  };
}

/** A problem about the file as a whole (missing file, unknown column): placed at 1:1. */
export function fileProblem(why: string, raw = ''): CliProblem {
  return { line: 1, column: 1, raw, why, severity: 'error' };
}

/** Rows of one core refusal listed at most; the rest are counted. */
const CORE_ROWS_LISTED = 1000;

/**
 * A core refusal turned into problems at the offending cells: `Row N, column "c": <what is wrong
 * with this value>` (1-based data rows, the value in the text). The data layer's validation runs
 * first and catches almost everything with better messages; this covers the rest (for example
 * a label that is not among `--classes`). `unlisted`: rows beyond the first 1000.
 */
export function fromCoreError(error: CoreError, table: Table, columns: readonly string[]): { problems: CliProblem[]; unlisted: number } {
  const columnName = error.column !== undefined ? columns[error.column] : columns[0];
  const columnIndex = columnName === undefined ? -1 : (table.column(columnName)?.index ?? -1);
  if (error.rows.length === 0) {
    const value = error.values[0];
    return { problems: [fileProblem(error.message, value === undefined ? '' : String(value))], unlisted: 0 };
  }
  const problems = error.rows.slice(0, CORE_ROWS_LISTED).map((row, i): CliProblem => {
    const range = columnIndex >= 0 ? table.index.cellRange(row, columnIndex) : undefined;
    const start = range?.start ?? table.index.rowRange(row).start;
    const value = error.values[i];
    const where = columnIndex >= 0 && columnName !== undefined ? `Row ${row + 1}, column ${quoteValue(columnName)}` : `Row ${row + 1}`;
    return {
      line: start.line + 1,
      column: start.character + 1,
      raw: value === undefined ? (columnIndex >= 0 ? (table.raw(row, columnIndex) ?? '') : '') : String(value),
      why: `${where}: ${entryMessage(error, i)}`,
      severity: 'error',
    };
  });
  return { problems, unlisted: Math.max(0, error.rows.length - CORE_ROWS_LISTED) };
}

/** `FILE:LINE:COLUMN: message` lines for stderr (warnings say so), one line per problem. */
export function formatProblemLines(file: string, problems: readonly CliProblem[], unlisted = 0): string {
  const name = oneLine(file);
  const lines = problems.map(
    (problem) => `${name}:${problem.line}:${problem.column}: ${problem.severity === 'error' ? '' : `${problem.severity}: `}${oneLine(problem.why)}`,
  );
  if (unlisted > 0) lines.push(`${name}: … and ${unlisted} more problem${unlisted === 1 ? '' : 's'}`);
  return lines.join('\n');
}
