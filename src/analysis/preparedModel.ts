// Each prediction group of a document analysis read and checked: its values, the rounding its
// rows may carry (the row-sum tolerance the core accepts), and percentages refused as one problem.
import { validateFinite, validateNumeric, validateProbabilities } from '../data';
import type { Table } from '../data';
import type { ModelColumns } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';
import type { ClassOrderDecision } from './classOrder';
import { groupName } from './columnNames';
import { firstCellRange } from './columnRanges';
import type { ProblemSink } from './problemSink';
import { fileProblem } from './problems';
import type { RowStatuses } from './rowStatuses';

/** One prediction group, read and checked, with how its columns map to the classes. */
export interface PreparedModel {
  columns: ModelColumns;
  values: Float64Array;
  width: number;
  /** |Σp − 1| the core must accept (the rounding of the numbers as written). */
  rowSumTolerance: number;
  roundedRows: number;
  /** Class order decision (label truth); undefined for target truth or when none was needed. */
  order?: ClassOrderDecision;
  /** Column of the model holding each class of the primary order (secondary models only). */
  permutation?: Int32Array;
}

/** The models' columns read and validated (bad cells go to `rows`); a group of percentages is left out. */
export function prepareModels(table: Table, models: readonly ModelColumns[], options: AnalysisOptions, rows: RowStatuses, problems: ProblemSink): PreparedModel[] {
  const prepared: PreparedModel[] = [];
  for (const model of models) {
    const matrix = table.matrix(model.columns);
    // Percentages (rows summing to 100) are one fact about the model, not a problem per cell:
    // they are scored once the user asks to normalise rows.
    if (model.kind === 'probabilities' && !options.normalizeRows && percentRows(matrix.values, matrix.width)) {
      problems.add({
        ...fileProblem(
          'percentages',
          `${groupName(model)} holds percentages (every row sums to 100), not probabilities: normalise the rows to score it (quick fix "Normalise rows", setting entropyLens.normalizeRows, or --normalize).`,
        ),
        column: model.columns[0] ?? null,
        range: firstCellRange(table, model.columns[0]),
        fixes: ['normalizeRows'],
        fixColumns: [...model.columns],
      });
      continue;
    }
    prepared.push(preparedModel(model, matrix));
  }
  function preparedModel(model: ModelColumns, matrix: ReturnType<Table['matrix']>): PreparedModel {
    if (model.kind === 'logits') {
      rows.addReport(validateNumeric(table, model.columns, options.maxProblems), model.columns);
      rows.addReport(validateFinite(table, model.columns, 'logits', options.maxProblems), model.columns);
      return { columns: model, values: matrix.values, width: matrix.width, rowSumTolerance: 0, roundedRows: 0 };
    }
    const report = validateProbabilities(table, model.columns, { normalize: options.normalizeRows, maxProblems: options.maxProblems, matrix });
    rows.addReport(report, model.columns);
    return { columns: model, values: matrix.values, width: matrix.width, rowSumTolerance: report.rowSumTolerance, roundedRows: report.roundedRows };
  }
  return prepared;
}

/**
 * Whether a group's rows are percentages: at least two columns, every value ≥ 0, at least one
 * above 1, and 99 % of the complete rows summing to 100 within ½ per column. O(rows · width).
 */
function percentRows(values: Float64Array, width: number): boolean {
  if (width < 2) return false;
  let complete = 0;
  let hundred = 0;
  let aboveOne = false;
  for (let at = 0; at + width <= values.length; at += width) {
    let sum = 0;
    let finite = true;
    for (let k = 0; k < width; k++) {
      const v = values[at + k]!;
      if (!Number.isFinite(v)) finite = false;
      else if (v < 0) return false;
      else if (v > 1) aboveOne = true;
      sum += v;
    }
    if (!finite) continue;
    complete++;
    if (Math.abs(sum - 100) <= 0.5 * width) hundred++;
  }
  return aboveOne && complete > 0 && hundred >= 0.99 * complete;
}
