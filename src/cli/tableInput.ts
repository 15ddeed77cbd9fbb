// Pulls the columns a command names out of a table, validating them with the data layer and
// collecting every problem before anything is computed, so one run reports all bad cells.
import type { LabelSet } from '../analysis/labelSet';
import type { Matrix, RowView } from '../core';
import type { LabelCodes, NumericMatrix, Problem, ProblemReport, Table } from '../data';
import { cleanProbabilityRows, validateLabels, validateNumeric, validateProbabilities } from '../data';
import { fileProblem, fromDataProblem, InputProblems } from './problems';
import type { CliProblem } from './problems';

export class TableInput {
  private readonly collected: CliProblem[] = [];
  private unlisted = 0;
  /** Label columns read so far, so checking their classes does not scan them again. */
  private readonly labelColumns = new Map<string, LabelCodes>();
  /** Per probability group (names joined by NUL): the row-sum tolerance its numbers as written allow. */
  private readonly tolerances = new Map<string, number>();

  constructor(readonly table: Table) {
    this.addReport({ problems: [...table.problems], problemCount: table.problemCount });
    if (table.rowCount === 0 && table.columns.length > 0) this.collected.push(fileProblem('the file has a header row but no data rows'));
  }

  /**
   * The label column as its distinct texts plus a code per row (Table.labelCodes: no string per
   * row, and the core's label rules then run once per distinct value); missing cells become problems.
   */
  labels(name: string): LabelSet {
    if (!this.exists([name])) return { distinct: [], codes: new Int32Array(0), counts: [] };
    const column = this.table.labelCodes(name);
    this.labelColumns.set(name, column);
    this.addReport(column);
    return column;
  }

  /** Numeric columns (or one vector column) as a row-major matrix; bad cells become problems. */
  numbers(names: readonly string[]): Matrix {
    if (!this.exists(names)) return emptyMatrix(names.length);
    this.addReport(validateNumeric(this.table, names));
    return coreMatrix(this.table.matrix(names));
  }

  /**
   * Probability columns: bad cells, p ∉ [0, 1] and (unless normalising) rows whose sum is off by
   * more than 1e-6 become problems; "looks like logits" is kept as a warning.
   */
  probabilities(names: readonly string[], normalize: boolean): Matrix {
    return this.exists(names) ? this.checkedProbabilities(names, normalize) : emptyMatrix(names.length);
  }

  /**
   * As {@link probabilities}, but a clean group of adjacent columns (nothing to report) comes as a
   * RowView of the table's own numbers: scored in place, without copying its rows out.
   */
  probabilityRows(names: readonly string[], normalize: boolean): Matrix | RowView {
    if (!this.exists(names)) return emptyMatrix(names.length);
    const clean = cleanProbabilityRows(this.table, names, normalize ? { checkRowSums: false } : {});
    if (clean === undefined) return this.checkedProbabilities(names, normalize);
    return { store: clean.values, rows: clean.rowCount, cols: clean.width, stride: clean.stride, offset: clean.offset };
  }

  private checkedProbabilities(names: readonly string[], normalize: boolean): Matrix {
    const matrix = this.table.matrix(names);
    const report = validateProbabilities(this.table, names, normalize ? { normalize: true, matrix } : { matrix });
    this.addReport(report);
    this.tolerances.set(names.join('\u0000'), report.rowSumTolerance);
    return coreMatrix(matrix);
  }

  /**
   * |Σp − 1| the core must accept for a probability group read by {@link probabilityRows}: rows off
   * only by the rounding of their decimals (six decimals: up to 1.5e-6 over three columns) are
   * scored as written. Undefined (the core's default) for a group that needed no such allowance.
   */
  rowSumTolerance(names: readonly string[]): number | undefined {
    return this.tolerances.get(names.join('\u0000'));
  }

  /** Labels not among `classes` become problems at their cells. */
  checkLabels(name: string, classes: readonly string[]): void {
    if (this.exists([name])) this.addReport(validateLabels(this.table, name, classes, undefined, this.labelColumns.get(name)));
  }

  /** Throws InputProblems when any error was collected; warnings alone pass. */
  assertUsable(): void {
    if (this.collected.some((problem) => problem.severity === 'error')) throw new InputProblems(this.collected, this.unlisted);
  }

  /** Warnings (and information) collected so far, for stderr. */
  get warnings(): readonly CliProblem[] {
    return this.collected.filter((problem) => problem.severity !== 'error');
  }

  private exists(names: readonly string[]): boolean {
    const missing = names.filter((name) => this.table.column(name) === undefined);
    // A file without a header already has its problem; naming every column again adds nothing.
    if (this.table.columns.length === 0) return missing.length === 0;
    for (const name of missing) {
      const known = this.table.columns.map((column) => column.name).join(', ');
      this.collected.push(fileProblem(`unknown column '${name}' (the file has: ${known})`, name));
    }
    return missing.length === 0;
  }

  private addReport(report: ProblemReport | { problems: readonly Problem[]; problemCount: number }): void {
    // The same cell can be reported by two views of it (e.g. labels and numbers); list it once.
    for (const problem of report.problems) {
      const cliProblem = fromDataProblem(problem);
      const duplicate = this.collected.some(
        (seen) => seen.line === cliProblem.line && seen.column === cliProblem.column && seen.why === cliProblem.why,
      );
      if (!duplicate) this.collected.push(cliProblem);
    }
    this.unlisted += Math.max(0, report.problemCount - report.problems.length);
  }
}

function coreMatrix(matrix: NumericMatrix): Matrix {
  return { data: matrix.values, rows: matrix.rowCount, cols: matrix.width };
}

function emptyMatrix(cols: number): Matrix {
  return { data: new Float64Array(0), rows: 0, cols };
}
