// Pulls the columns a command names out of a table, validating them with the data layer and
// collecting every problem before anything is computed, so one run reports all bad cells.
import type { LabelSet } from '../analysis/labelSet';
import type { Matrix, RowView } from '../core';
import type { LabelCodes, NumericMatrix, Problem, ProblemReport, Table } from '../data';
import { cleanProbabilityRows, didYouMean, quoteValue, validateDistribution, validateFinite, validateLabels, validateNumeric, validateProbabilities, validateWeights } from '../data';
import { fileProblem, fromDataProblem, InputProblems } from './problems';
import type { CliProblem } from './problems';

/** Problems about the header's names alone: they leave the rows, if any, readable. */
const HEADER_CODES: ReadonlySet<string> = new Set(['duplicate-header', 'empty-header', 'missing-header']);

export class TableInput {
  private readonly collected: CliProblem[] = [];
  private unlisted = 0;
  /** Label columns read so far, so checking their classes does not scan them again. */
  private readonly labelColumns = new Map<string, LabelCodes>();
  /** Per probability group (names joined by NUL): the row-sum tolerance its numbers as written allow. */
  private readonly tolerances = new Map<string, number>();
  /** Problems that leave nothing to analyse (a file refused or empty, no rows): the real cause, told first. */
  private readonly fileLevel: CliProblem[] = [];

  constructor(readonly table: Table) {
    this.addReport({ problems: [...table.problems], problemCount: table.problemCount });
    if (table.rowCount > 0) return;
    // No rows: the errors that ate them (a refused or empty file, a syntax error, an unclosed
    // quote) are the cause; without such an error, the lack of rows is.
    for (const problem of table.problems) {
      if (problem.severity !== 'error' || HEADER_CODES.has(problem.code)) continue;
      const same = this.collected.find((seen) => seen.line === problem.line + 1 && seen.column === problem.character + 1 && seen.why === problem.message);
      if (same !== undefined && !this.fileLevel.includes(same)) this.fileLevel.push(same);
    }
    if (this.fileLevel.length === 0) {
      const noRows = fileProblem(table.format === 'csv' || table.format === 'tsv' ? 'The file has a header row but no data rows' : 'The file has no records to analyse');
      this.fileLevel.push(noRows);
      this.collected.push(noRows);
    }
  }

  /**
   * Throws InputProblems, the real cause first, when there is nothing to analyse: the file gave
   * no rows (missing, not a regular file, binary, empty, a header without rows) or one of
   * `columnNames` (every column the command line names) is not in it. Run before any command
   * logic, so no later refusal (a class mapping of no labels) hides the cause.
   */
  assertReadable(columnNames: readonly string[]): void {
    // Columns read from records cut short by an error are no list to check names against.
    const cut = this.table.rowCount === 0 && this.table.problems.some((problem) => problem.severity === 'error' && !HEADER_CODES.has(problem.code));
    const unknown = cut ? [] : this.unknownColumns(columnNames);
    if (this.table.rowCount > 0 && unknown.length === 0) return;
    const first = [...this.fileLevel, ...unknown];
    throw new InputProblems([...first, ...this.collected.filter((problem) => !first.includes(problem))], this.unlisted);
  }

  /** Every problem collected so far (errors and warnings) and how many more were not listed. */
  get problemsSoFar(): { problems: readonly CliProblem[]; unlisted: number } {
    return { problems: this.collected, unlisted: this.unlisted };
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

  /**
   * Numeric columns (or one vector column) as a row-major matrix; bad cells become problems, and
   * with `finite` (what the values are, for the message: 'logits') so do ±Infinity cells.
   */
  numbers(names: readonly string[], finite?: string): Matrix {
    if (!this.exists(names)) return emptyMatrix(names.length);
    this.addReport(validateNumeric(this.table, names));
    if (finite !== undefined) this.addReport(validateFinite(this.table, names, finite));
    return coreMatrix(this.table.matrix(names));
  }

  /** A sample-weight column: missing, non-numeric, infinite and negative cells become problems. */
  weights(name: string): Float64Array {
    if (!this.exists([name])) return new Float64Array(0);
    this.addReport(validateNumeric(this.table, [name]));
    this.addReport(validateWeights(this.table, name));
    return Float64Array.from(this.table.matrix([name]).values);
  }

  /**
   * Columns each taken as one distribution over its rows (`entropy --column`, `kl` of two
   * columns): missing, non-numeric, infinite and negative cells become problems, in file order
   * (as a streamed file lists them).
   */
  distributions(names: readonly string[]): Matrix[] {
    if (!this.exists(names)) return names.map(() => emptyMatrix(1));
    this.addReport(validateDistribution(this.table, names));
    return names.map((name) => coreMatrix(this.table.matrix([name])));
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
    const unknown = this.unknownColumns(names);
    this.collected.push(...unknown);
    return names.every((name) => this.table.column(name) !== undefined);
  }

  /** A problem for each name (once) that is not a column; none when the file has no columns at all (it has its problem). */
  private unknownColumns(names: readonly string[]): CliProblem[] {
    const columns = this.table.columns.map((column) => column.name);
    if (columns.length === 0) return [];
    const listed = columns.slice(0, 20).map(quoteValue).join(', ') + (columns.length > 20 ? ` and ${columns.length - 20} more` : '');
    const unknown = [...new Set(names)].filter((name) => this.table.column(name) === undefined);
    return unknown.map((name) => {
      return fileProblem(`Unknown column ${quoteValue(name)}: the file's columns are ${listed}${didYouMean(name, columns)}`, name);
    });
  }

  private addReport(report: ProblemReport | { problems: readonly Problem[]; problemCount: number }): void {
    // The same cell can be reported by two views of it (e.g. labels and numbers); list it once.
    for (const problem of report.problems) {
      const cliProblem = fromDataProblem(problem);
      const duplicate = this.collected.some((seen) => seen.line === cliProblem.line && seen.column === cliProblem.column && seen.why === cliProblem.why);
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
