// Data-layer and core problems in the protocol's shape, with the quick fixes that apply to each.
import { entryMessage, refusalMessage } from '../core';
import type { CoreError, CoreErrorCode, RowRefusal } from '../core';
import { oneLine, quoteValue } from '../data';
import type { Problem, Table } from '../data';
import type { AnalysisProblem, ProblemFix, SourceRange } from '../protocol/analysis';

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
    return rowProblem(error.code, entryMessage(error, k), row, name, columnIndex >= 0, range, raw);
  });
}

/**
 * A row the core would refuse (a check before it runs found it), as the problem fromCoreError
 * makes of the same refusal: `Row N, column "c": <what is wrong with this value>` on the cell of
 * `column` in `row` (a table row), or across the cells of `span` for a refusal of the whole row
 * (a row sum: the group's first to last cell), with the value as written there.
 * Example: {code: 'probabilityOutOfRange', value: 1.5, entry: 'probability {value} is outside [0, 1]'}
 * at row 1, column p → `Row 2, column "p": probability 1.5 is outside [0, 1]`, value "1.5".
 */
export function refusalProblem(refusal: RowRefusal, table: Table, row: number, column: string, span: readonly string[] = [column]): AnalysisProblem {
  const cell = (name: string | undefined): ReturnType<Table['index']['cellRange']> => {
    const index = name === undefined ? undefined : table.column(name)?.index;
    return index === undefined ? undefined : table.index.cellRange(row, index);
  };
  const first = cell(span[0]);
  const last = cell(span[span.length - 1]);
  const range = first && last ? { start: first.start, end: last.end, startOffset: first.startOffset, endOffset: last.endOffset } : (cell(column) ?? table.index.rowRange(row));
  const raw = table.source(range.startOffset, Math.min(range.endOffset, range.startOffset + 200));
  return rowProblem(refusal.code, refusalMessage(refusal), row, column, table.column(column) !== undefined, range, raw);
}

/** A core refusal of one row at `range`: worded `Row N, column "c": …` when the column is in the table, else `Row N: …`. */
function rowProblem(code: CoreErrorCode, entry: string, row: number, column: string | undefined, inTable: boolean, range: SourceRange, value: string | null): AnalysisProblem {
  const where = column !== undefined && inTable ? `Row ${row + 1}, column ${quoteValue(column)}` : `Row ${row + 1}`;
  return {
    code: `core-${code}`,
    severity: 'error',
    message: oneLine(`${where}: ${entry}`),
    row,
    column: column ?? null,
    value,
    range: { start: { ...range.start }, end: { ...range.end } },
    fixes: code === 'rowSumNotOne' ? ['normalizeRows'] : [],
  };
}

/** A problem about the file or the column choice as a whole (placed at the start of the file). */
export function fileProblem(code: string, message: string, severity: AnalysisProblem['severity'] = 'error'): AnalysisProblem {
  return { code, severity, message: oneLine(message), row: null, column: null, value: null, range: null, fixes: [] };
}
