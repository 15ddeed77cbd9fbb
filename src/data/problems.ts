// Problem values: construction with exact ranges, the per-file listing limit, and printing as
// the conventional 1-based FILE:LINE:COLUMN line.
import type { Problem } from './types';

/** Problems listed (up to a limit) plus the total, so a broken 1 GB file floods nothing. */
export interface ProblemReport {
  problems: Problem[];
  problemCount: number;
}

/** Default number of problems listed per file. */
export const DEFAULT_MAX_PROBLEMS = 1000;

/**
 * Formats a problem as `FILE:LINE:COLUMN: message` with 1-based line and column (the 0-based
 * `line`/`character` plus one), the form editors and compilers print.
 * Example: `formatProblem({line: 2, character: 4, message: 'p = 1.2 is outside [0, 1]', ...}, 'a.csv')`
 * gives `a.csv:3:5: p = 1.2 is outside [0, 1]`.
 */
export function formatProblem(problem: Problem, fileName: string): string {
  return `${fileName}:${problem.line + 1}:${problem.character + 1}: ${problem.message}`;
}
