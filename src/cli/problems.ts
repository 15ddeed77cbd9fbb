// The CLI's failure path: problems collected from the data layer (or made here for the command
// line and core refusals) printed as FILE:LINE:COLUMN lines, and as JSON with --json.
import { fromCoreError as analysisCoreProblems, fromDataProblem as analysisProblem } from '../analysis/problems';
import type { CoreError } from '../core';
import { oneLine } from '../data';
import type { Problem, Table } from '../data';
import type { AnalysisProblem } from '../protocol/analysis';

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

/** An analysis problem in the CLI's shape: 1-based line and column of its start (1:1 for the file). */
export function fromAnalysisProblem(problem: AnalysisProblem): CliProblem {
  return {
    line: (problem.range?.start.line ?? 0) + 1,
    column: (problem.range?.start.character ?? 0) + 1,
    raw: problem.value ?? '',
    why: problem.message,
    severity: problem.severity,
  };
}

/** A data-layer problem in the CLI's shape (through the analysis' adapter, the one that words it). */
export function fromDataProblem(problem: Problem): CliProblem {
  return fromAnalysisProblem(analysisProblem(problem));
}

/** A problem about the file as a whole (missing file, unknown column): placed at 1:1. */
export function fileProblem(why: string, raw = ''): CliProblem {
  return { line: 1, column: 1, raw, why, severity: 'error' };
}

/**
 * A core refusal turned into problems at the offending cells: `Row N, column "c": <what is wrong
 * with this value>` (the analysis' adapter, rows of the table itself). The data layer's validation
 * runs first and catches almost everything with better messages; this covers the rest (for
 * example a label that is not among `--classes`). `unlisted`: rows beyond the 1000 listed.
 */
export function fromCoreError(error: CoreError, table: Table, columns: readonly string[]): { problems: CliProblem[]; unlisted: number } {
  if (error.rows.length === 0) {
    const value = error.values[0];
    return { problems: [fileProblem(error.message, value === undefined ? '' : String(value))], unlisted: 0 };
  }
  const problems = analysisCoreProblems(error, table, columns, []).map(fromAnalysisProblem);
  return { problems, unlisted: Math.max(0, error.rows.length - problems.length) };
}

/**
 * Where problems are placed: `lines` (text files: FILE:LINE:COLUMN) or `rows` (Parquet, Arrow,
 * NumPy have no lines: `FILE: row 1234 (index 1233):`, the 1-based row the product's messages
 * count and the 0-based index pandas' iloc and numpy take; the binary table's line r + 1 is
 * row index r, see data/columnar/table.ts).
 */
export type ProblemPlacement = 'lines' | 'rows';

/** The 0-based row index a problem of a binary file is about, or undefined for the file as a whole. */
export function binaryRowIndex(problem: CliProblem): number | undefined {
  return problem.line >= 2 ? problem.line - 2 : undefined;
}

/** `row 1234 (index 1233)` for a binary file's row index 1233. */
export function binaryRowWords(index: number): string {
  return `row ${(index + 1).toLocaleString('en-US')} (index ${index})`;
}

/** `FILE:LINE:COLUMN: message` lines for stderr (warnings say so), one line per problem. */
export function formatProblemLines(file: string, problems: readonly CliProblem[], unlisted = 0, placement: ProblemPlacement = 'lines'): string {
  const name = oneLine(file);
  const line = (problem: CliProblem): string => {
    const severity = problem.severity === 'error' ? '' : `${problem.severity}: `;
    if (placement === 'lines') return `${name}:${problem.line}:${problem.column}: ${severity}${oneLine(problem.why)}`;
    const index = binaryRowIndex(problem);
    if (index === undefined) return `${name}: ${severity}${oneLine(problem.why)}`;
    // A core refusal names its row already ("Row 8, column "p": …"): the place is said once.
    const named = `Row ${index + 1}, `;
    const why = problem.why.startsWith(named) ? problem.why.slice(named.length) : problem.why;
    return `${name}: ${severity}${binaryRowWords(index)}${why === problem.why ? ':' : ','} ${oneLine(why)}`;
  };
  const lines = problems.map(line);
  if (unlisted > 0) lines.push(`${name}: … and ${unlisted} more problem${unlisted === 1 ? '' : 's'}`);
  return lines.join('\n');
}
