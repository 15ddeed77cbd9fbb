// Data-layer and core problems in the protocol's shape, with the quick fixes that apply to each.
import { entryMessage } from '../core';
import type { CoreError } from '../core';
import { oneLine, quoteValue } from '../data';
import type { Problem, Table } from '../data';
import type { AnalysisProblem, ProblemFix } from '../protocol/analysis';

/** Fixes offered per data-layer problem code (see ProblemFix). */
function fixesFor(code: string, severity: string): ProblemFix[] {
  switch (code) {
    case 'looks-like-logits':
      return ['treatAsLogits'];
    case 'row-sum':
      return ['normalizeRows'];
    case 'missing-value':
      return severity === 'error' ? ['ignoreMissing'] : [];
    case 'probability-out-of-range':
      return ['treatAsLogits'];
    default:
      return [];
  }
}

/** A data-layer Problem as an AnalysisProblem (exact range, raw value, fixes). */
export function fromDataProblem(problem: Problem, fixColumns?: readonly string[]): AnalysisProblem {
  const fixes = fixesFor(problem.code, problem.severity);
  return {
    code: problem.code,
    severity: problem.severity,
    message: oneLine(problem.message),
    row: problem.row ?? null,
    column: problem.column ?? null,
    value: problem.raw === '' ? null : problem.raw,
    range: {
      start: { line: problem.line, character: problem.character },
      end: { line: problem.endLine ?? problem.line, character: problem.endCharacter ?? problem.character },
    },
    fixes,
    ...(fixes.length > 0 && fixColumns ? { fixColumns: [...fixColumns] } : {}),
  };
}

/**
 * A core refusal as problems: one per offending row (mapped back from the scored subset through
 * `rowIds`), placed on the cell of `columns[error.column]` when known, else on the record, and
 * worded `Row N, column "c": <what is wrong with this value>` (1-based data rows, the value shown).
 */
export function fromCoreError(error: CoreError, table: Table, columns: readonly string[], rowIds: ArrayLike<number>): AnalysisProblem[] {
  const name = error.column !== undefined ? columns[error.column] : columns[0];
  const columnIndex = name === undefined ? -1 : (table.column(name)?.index ?? -1);
  if (error.rows.length === 0) return [fileProblem(`core-${error.code}`, error.message)];
  return error.rows.slice(0, 1000).map((subsetRow, k) => {
    const row = rowIds[subsetRow] ?? subsetRow;
    const range = (columnIndex >= 0 ? table.index.cellRange(row, columnIndex) : undefined) ?? table.index.rowRange(row);
    const value = error.values[k];
    const raw = value !== undefined ? String(value) : columnIndex >= 0 ? (table.raw(row, columnIndex) ?? null) : null;
    const where = name !== undefined && columnIndex >= 0 ? `Row ${row + 1}, column ${quoteValue(name)}` : `Row ${row + 1}`;
    return {
      code: `core-${error.code}`,
      severity: 'error',
      message: oneLine(`${where}: ${entryMessage(error, k)}`),
      row,
      column: name ?? null,
      value: raw,
      range: { start: { ...range.start }, end: { ...range.end } },
      fixes: error.code === 'rowSumNotOne' ? ['normalizeRows'] : [],
    } satisfies AnalysisProblem;
  });
}

/** A problem about the file or the column choice as a whole (placed at the start of the file). */
export function fileProblem(code: string, message: string, severity: AnalysisProblem['severity'] = 'error'): AnalysisProblem {
  return { code, severity, message: oneLine(message), row: null, column: null, value: null, range: null, fixes: [] };
}
