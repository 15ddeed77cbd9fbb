// The table model shared by every reader: row-major numbers, vector columns, the row index and
// the structural problems, with accessors that turn cells into numbers, labels or matrices and
// report every cell that is not what the role needs.
import { unquoteField } from './csvScanner';
import { ForwardLineCursor } from './lineStarts';
import type { LineStarts } from './lineStarts';
import { ProblemCollector, problemAt, quoteValue } from './problems';
import type { RowIndexImpl } from './rowIndex';
import type { ColumnInfo, DataFormat, Delimiter, LabelCodes, LabelColumn, LineSelection, NumericColumn, NumericMatrix, NumericRows, Problem, Table } from './types';

/** A JSON vector column: `values[row * width + k]`, and each row's array length (-1: not an array of numbers). */
export interface VectorStore {
  width: number;
  values: Float64Array;
  lengths: Int32Array;
}

/** Everything a reader hands to {@link TableImpl}. */
export interface TableParts {
  text: string;
  format: DataFormat;
  delimiter: Delimiter | undefined;
  shape: Table['shape'];
  columns: ColumnInfo[];
  rowCount: number;
  /** Scalar numbers row-major (`rowCount × columns.length`), NaN where a cell is not a number. */
  values: Float64Array;
  vectors: Map<number, VectorStore>;
  index: RowIndexImpl;
  lines: LineStarts;
  problems: ProblemCollector;
  lineSpan: LineSelection;
  maxProblems: number;
}

/** Spellings of a missing value (compared after trimming spaces). */
const MISSING_SPELLINGS = new Set(['', 'NA', 'N/A', 'na', 'n/a', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'None', 'none']);

/** Whether trimmed cell text spells a missing value (empty, NA, N/A, NaN, null, None). */
export function isMissingSpelling(text: string): boolean {
  const length = text.length;
  if (length === 0) return true;
  // Fast exit for ordinary labels: the spellings are at most 4 characters once trimmed, and only
  // a text that may start or end with whitespace (as String.prototype.trim sees it) can shrink.
  if (length > 4 && !mayBeSpace(text.charCodeAt(0)) && !mayBeSpace(text.charCodeAt(length - 1))) return false;
  return MISSING_SPELLINGS.has(text.trim());
}

/** Whether `text` occurs in `source` at `start` (a short label: a character loop beats startsWith). */
function spells(source: string, start: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (source.charCodeAt(start + i) !== text.charCodeAt(i)) return false;
  return true;
}

function mayBeSpace(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c >= 0x1680;
}

/**
 * A label column as distinct texts plus a code per row, from a scan that hands every row's text in
 * row order (missing cells as ''), as each table's `labelCodes` builds it. The last row's text and
 * code are remembered: a scan hands the same (interned) string for a repeated numeric label, so
 * runs of one class cost one comparison a row. An unknown column reads as all missing.
 */
export function labelCodesOf(name: string, rowCount: number, scan: (emit: (row: number, text: string) => void) => { allNumeric: boolean; problems: ProblemCollector }): LabelCodes {
  const codes = new Int32Array(rowCount);
  const distinct: string[] = [];
  const counts: number[] = [];
  const ids = new Map<string, number>();
  let lastText: string | undefined;
  let lastId = -1;
  const { allNumeric, problems } = scan((row, text) => {
    if (text !== lastText) {
      lastText = text;
      let id = ids.get(text);
      if (id === undefined) {
        id = distinct.length;
        ids.set(text, id);
        distinct.push(text);
        counts.push(0);
      }
      lastId = id;
    }
    codes[row] = lastId;
    counts[lastId]!++;
  });
  if (distinct.length === 0 && rowCount > 0) {
    distinct.push('');
    counts.push(rowCount);
  }
  return { name, distinct, codes, counts, allNumeric, problems: problems.problems, problemCount: problems.count };
}

/** The in-memory table; see {@link Table}. */
export class TableImpl implements Table {
  readonly format: DataFormat;
  readonly delimiter: Delimiter | undefined;
  readonly shape: Table['shape'];
  readonly columns: readonly ColumnInfo[];
  readonly rowCount: number;
  readonly index: RowIndexImpl;
  readonly lineSpan: LineSelection;
  private readonly text: string;
  private readonly values: Float64Array;
  private readonly vectors: Map<number, VectorStore>;
  private readonly lines: LineStarts;
  private readonly collector: ProblemCollector;
  private readonly maxProblems: number;
  private readonly byName = new Map<string, ColumnInfo>();

  constructor(parts: TableParts) {
    this.text = parts.text;
    this.format = parts.format;
    this.delimiter = parts.delimiter;
    this.shape = parts.shape;
    this.columns = parts.columns;
    this.rowCount = parts.rowCount;
    this.values = parts.values;
    this.vectors = parts.vectors;
    this.index = parts.index;
    this.lines = parts.lines;
    this.collector = parts.problems;
    this.lineSpan = parts.lineSpan;
    this.maxProblems = parts.maxProblems;
    for (const column of parts.columns) this.byName.set(column.name, column);
    this.countCells();
  }

  get problems(): readonly Problem[] {
    return this.collector.problems;
  }

  get problemCount(): number {
    return this.collector.count;
  }

  column(name: string): ColumnInfo | undefined {
    return this.byName.get(name);
  }

  raw(row: number, column: number): string | undefined {
    const start = this.index.cellStart(row, column);
    return start < 0 ? undefined : this.text.slice(start, this.index.cellEnd(row, column));
  }

  source(startOffset: number, endOffset: number): string {
    return this.text.slice(startOffset, endOffset);
  }

  lineCursor(): ForwardLineCursor {
    return new ForwardLineCursor(this.lines);
  }

  /** The cell as text: CSV unquoted, JSON strings decoded, other JSON values as written. */
  cellText(row: number, column: number): string | undefined {
    const start = this.index.cellStart(row, column);
    if (start < 0) return undefined;
    const end = this.index.cellEnd(row, column);
    if (this.format === 'csv' || this.format === 'tsv') return unquoteField(this.text, start, end);
    if (this.text.charCodeAt(start) === 0x22) {
      try {
        return String(JSON.parse(this.text.slice(start, end)));
      } catch {
        return this.text.slice(start + 1, end - 1);
      }
    }
    return this.text.slice(start, end);
  }

  numbers(name: string): NumericColumn {
    const problems = new ProblemCollector(this.maxProblems);
    const values = new Float64Array(this.rowCount).fill(NaN);
    const column = this.byName.get(name);
    if (column === undefined || column.shape === 'vector') {
      problems.add(this.columnProblem(name, column));
      return { name, values, problems: problems.problems, problemCount: problems.count };
    }
    const width = this.columns.length;
    const source = this.values;
    for (let row = 0, at = column.index; row < this.rowCount; row++, at += width) {
      const value = source[at]!;
      values[row] = value;
      if (value !== value) problems.report(() => this.cellProblem(row, column));
    }
    return { name, values, problems: problems.problems, problemCount: problems.count };
  }

  labels(name: string): LabelColumn {
    const values: string[] = new Array<string>(this.rowCount).fill('');
    const { allNumeric, problems } = this.scanLabels(name, (row, text) => {
      values[row] = text;
    });
    return { name, values, allNumeric, problems: problems.problems, problemCount: problems.count };
  }

  labelCodes(name: string): LabelCodes {
    return labelCodesOf(name, this.rowCount, (emit) => this.scanLabels(name, emit));
  }

  /**
   * Every label cell's text, in row order, to `emit`; missing cells are reported and handed over
   * as ''. Numeric labels repeat (class 0..K−1 over millions of rows): a cell whose number was
   * seen before and whose source spells exactly the same text gets that same string object, found
   * by value and confirmed in place (startsWith), without slicing a new string or re-checking it.
   */
  private scanLabels(name: string, emit: (row: number, text: string) => void): { allNumeric: boolean; problems: ProblemCollector } {
    const problems = new ProblemCollector(this.maxProblems);
    const column = this.byName.get(name);
    if (column === undefined) {
      problems.add(this.columnProblem(name, column));
      return { allNumeric: false, problems };
    }
    let allNumeric = true;
    const scalar = column.shape !== 'vector';
    const interned = new Map<number, string>();
    const source = this.text;
    const index = this.index;
    const store = this.values;
    const stride = this.columns.length;
    for (let row = 0, at = column.index; row < this.rowCount; row++, at += stride) {
      const value = store[at]!;
      const numeric = scalar && value === value;
      if (numeric) {
        const known = interned.get(value);
        if (known !== undefined) {
          const start = index.cellStart(row, column.index);
          if (start >= 0 && index.cellEnd(row, column.index) - start === known.length && spells(source, start, known)) {
            emit(row, known);
            continue;
          }
        }
      }
      const text = this.cellText(row, column.index);
      if (text === undefined || this.isMissing(row, column.index, text)) {
        problems.report(() => this.cellProblem(row, column));
        emit(row, '');
        continue;
      }
      emit(row, text);
      if (!numeric) allNumeric = false;
      // Only a cell that is its own text (not quoted) may stand for later cells spelled the same.
      else if (!interned.has(value) && text.charCodeAt(0) !== 0x22 && text === source.slice(index.cellStart(row, column.index), index.cellEnd(row, column.index))) interned.set(value, text);
    }
    return { allNumeric, problems };
  }

  matrix(columns: readonly string[]): NumericMatrix {
    const problems = new ProblemCollector(this.maxProblems);
    const first = columns.length === 1 ? this.byName.get(columns[0]!) : undefined;
    if (first !== undefined && first.shape === 'vector') return this.vectorMatrix(first, problems);
    const width = columns.length;
    const values = new Float64Array(this.rowCount * width);
    const infos: ColumnInfo[] = [];
    for (const name of columns) {
      const info = this.byName.get(name);
      if (info === undefined || info.shape === 'vector') {
        problems.add(this.columnProblem(name, info));
        return { columns: [...columns], width, rowCount: this.rowCount, values: values.fill(NaN), problems: problems.problems, problemCount: problems.count };
      }
      infos.push(info);
    }
    const stride = this.columns.length;
    const source = this.values;
    const indices = Int32Array.from(infos, (info) => info.index);
    const rows = this.rowCount;
    let bad = 0;
    for (let row = 0, from = 0, to = 0; row < rows; row++, from += stride) {
      for (let k = 0; k < width; k++, to++) {
        const value = source[from + indices[k]!]!;
        values[to] = value;
        if (value !== value) bad++;
      }
    }
    // Problems only when some cell is not a number (a second pass over those rows only).
    for (let row = 0; bad > 0 && row < rows; row++) {
      for (let k = 0; k < width; k++) {
        if (values[row * width + k]! !== values[row * width + k]!) {
          bad--;
          const info = infos[k]!;
          problems.report(() => this.cellProblem(row, info));
        }
      }
    }
    return { columns: [...columns], width, rowCount: this.rowCount, values, problems: problems.problems, problemCount: problems.count };
  }

  columnRows(columns: readonly string[]): NumericRows | undefined {
    const first = this.byName.get(columns[0] ?? '');
    if (first === undefined || first.shape === 'vector') return undefined;
    for (let k = 1; k < columns.length; k++) {
      const info = this.byName.get(columns[k]!);
      if (info === undefined || info.shape === 'vector' || info.index !== first.index + k) return undefined;
    }
    return { values: this.values, rowCount: this.rowCount, width: columns.length, stride: this.columns.length, offset: first.index };
  }

  private vectorMatrix(column: ColumnInfo, problems: ProblemCollector): NumericMatrix {
    const store = this.vectors.get(column.index)!;
    const width = store.width;
    const values = store.values.slice();
    for (let row = 0; row < this.rowCount; row++) {
      const length = store.lengths[row]!;
      if (length === width) {
        for (let k = 0; k < width; k++) {
          if (values[row * width + k]! !== values[row * width + k]!) {
            problems.report(() => this.cellProblem(row, column));
            break;
          }
        }
        continue;
      }
      if (length < 0) {
        problems.report(() => this.cellProblem(row, column));
        continue;
      }
      problems.report(() => {
        const range = this.cellOrRecord(row, column.index);
        return problemAt(this.text, this.lines, range[0], range[1], {
          code: 'vector-length',
          message: `"${column.name}" has ${length} values here but ${width} in most rows`,
          row,
          column: column.name,
        });
      });
    }
    return { columns: [column.name], width, rowCount: this.rowCount, values, problems: problems.problems, problemCount: problems.count };
  }

  /** A missing-value or not-a-number problem for one cell, ranged over the cell (or the record when absent). */
  cellProblem(row: number, column: ColumnInfo): Problem {
    const start = this.index.cellStart(row, column.index);
    const [from, to] = this.cellOrRecord(row, column.index);
    const text = start < 0 ? undefined : this.cellText(row, column.index);
    if (text === undefined || this.isMissing(row, column.index, text)) {
      return problemAt(this.text, this.lines, from, to, {
        code: 'missing-value',
        message: text === undefined || text.trim() === '' ? `Missing value in column "${column.name}"` : `Missing value (${text.trim()}) in column "${column.name}"`,
        row,
        column: column.name,
      });
    }
    return problemAt(this.text, this.lines, from, to, {
      code: 'not-a-number',
      message: `${quoteValue(text)} in column "${column.name}" is not a number`,
      row,
      column: column.name,
    });
  }

  /** The cell's offsets, or the record's when the cell is absent. */
  cellOrRecord(row: number, column: number): [number, number] {
    const start = this.index.cellStart(row, column);
    if (start >= 0) return [start, this.index.cellEnd(row, column)];
    return [this.index.rowStartOffset(row), this.index.rowEndOffset(row)];
  }

  private isMissing(row: number, column: number, text: string): boolean {
    if (this.format === 'json' || this.format === 'jsonl') {
      const start = this.index.cellStart(row, column);
      // A JSON string "NA" is data spelled NA; only null and empty strings are missing there.
      if (this.text.startsWith('null', start)) return true;
      return text.trim() === '';
    }
    return isMissingSpelling(text);
  }

  private columnProblem(name: string, column: ColumnInfo | undefined): Problem {
    const position = this.lines.positionAt(0);
    return {
      code: 'unknown-column',
      severity: 'error',
      message:
        column === undefined
          ? `No column named ${quoteValue(name)} (columns: ${this.columns.map((c) => c.name).join(', ')})`
          : `Column ${quoteValue(name)} holds arrays; use it alone as a group of columns`,
      line: position.line,
      character: position.character,
      offset: 0,
      raw: name,
    };
  }

  /** Fills each column's numeric / missing / text counts: one row-major pass, text only for NaN cells. */
  private countCells(): void {
    const width = this.columns.length;
    const nonNumbers = new Float64Array(width);
    const values = this.values;
    const total = this.rowCount * width;
    // Most tables are all numbers: a plain NaN count first, per column only when it found some.
    let any = false;
    for (let at = 0; at < total; at++) if (values[at]! !== values[at]!) any = true;
    for (let at = 0, column = 0; any && at < total; at++) {
      if (values[at]! !== values[at]!) nonNumbers[column] = nonNumbers[column]! + 1;
      if (++column === width) column = 0;
    }
    for (const column of this.columns) {
      let numeric = this.rowCount - nonNumbers[column.index]!;
      let missing = 0;
      let text = 0;
      const vector = this.vectors.get(column.index);
      if (nonNumbers[column.index]! > 0) {
        for (let row = 0, at = column.index; row < this.rowCount; row++, at += width) {
          if (values[at]! === values[at]!) continue;
          if (vector !== undefined && vector.lengths[row]! >= 0) {
            numeric++;
            continue;
          }
          const cell = this.cellText(row, column.index);
          if (cell === undefined || this.isMissing(row, column.index, cell)) missing++;
          else text++;
        }
      }
      column.numericCount = numeric;
      column.missingCount = missing;
      column.textCount = text;
    }
  }
}
