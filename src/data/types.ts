// The data layer's public value types: formats, read options, problems, the table model and its
// row index. Positions are 0-based lines and UTF-16 characters, exactly like VS Code's Position.
import type { LineCursor } from './lineStarts';

/** A text file format: TSV is CSV with a tab delimiter. */
export type TextFormat = 'csv' | 'tsv' | 'json' | 'jsonl';

/**
 * A concrete file format the readers understand: text, or binary and columnar (Parquet, Arrow IPC /
 * Feather, NumPy .npz / .npy), whose tables have no source text (see columnar/table.ts).
 */
export type DataFormat = TextFormat | 'parquet' | 'arrow' | 'npz' | 'npy';

/** A format to read with; `'auto'` decides from the file name, then from the content. */
export type FormatOption = TextFormat | 'auto';

/** The delimiters CSV detection chooses among. */
export type Delimiter = ',' | ';' | '\t' | '|';

/** A range of whole lines to analyse, 0-based and inclusive at both ends (VS Code selection lines). */
export interface LineSelection {
  startLine: number;
  endLine: number;
}

/** Options for {@link readTable}. */
export interface ReadOptions {
  /** Default `'auto'`: from `fileName`'s extension, else sniffed from the text. */
  format?: FormatOption;
  /** Used for format detection only; messages never embed it (the caller prints it). */
  fileName?: string;
  /**
   * Read only the records that intersect these lines. The CSV header still comes from the file;
   * the selection snaps outward to whole records (a quoted multi-line field, a JSON array element);
   * every position in the result stays absolute (relative to the whole text).
   */
  selection?: LineSelection;
  /** Force a CSV delimiter instead of detecting it. */
  delimiter?: Delimiter;
  /** Most problems listed per file (default 1000); the rest are only counted. */
  maxProblems?: number;
}

/** Machine-readable problem kinds. Stable: the extension maps them to diagnostic codes. */
export type ProblemCode =
  | 'empty-file'
  | 'missing-header'
  | 'duplicate-header'
  | 'empty-header'
  | 'unterminated-quote'
  | 'stray-quote'
  | 'ragged-row'
  | 'json-syntax'
  | 'not-an-object'
  | 'unsupported-json-shape'
  | 'columnar-length-mismatch'
  | 'unknown-column'
  | 'missing-value'
  | 'not-a-number'
  | 'not-finite'
  | 'vector-length'
  | 'probability-out-of-range'
  | 'negative-weight'
  | 'row-sum'
  | 'looks-like-logits'
  | 'unknown-label'
  | 'read-error'
  | 'not-utf-8';

export type ProblemSeverity = 'error' | 'warning' | 'information';

/**
 * One problem in the data, as a value (the readers never throw on bad input).
 *
 * `line`/`character` (and the optional ends, exclusive) are 0-based, with characters counted in
 * UTF-16 code units like VS Code's `Position`; a leading byte-order mark is not counted. To print
 * the conventional 1-based `FILE:LINE:COLUMN: message`, add 1 to both: see {@link formatProblem}.
 * `offset`/`endOffset` are UTF-16 offsets into the whole text (for streamed files, into the
 * decoded file). `row` is the 0-based data record (the header is not a row); `column` the column
 * name; `raw` the offending source text exactly as written (quotes included), cut to 200 chars.
 */
export interface Problem {
  code: ProblemCode;
  severity: ProblemSeverity;
  message: string;
  line: number;
  character: number;
  endLine?: number;
  endCharacter?: number;
  offset: number;
  endOffset?: number;
  row?: number;
  column?: string;
  raw: string;
}

/** A 0-based line and UTF-16 character, as in VS Code. */
export interface SourcePosition {
  line: number;
  character: number;
}

/** A half-open source range with its offsets. */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
  startOffset: number;
  endOffset: number;
}

/** What one column holds, decided while reading. */
export interface ColumnInfo {
  /** The header text (CSV) or the dotted path of the field (JSON: `pred.p1`). */
  name: string;
  /** 0-based position in {@link Table.columns}. */
  index: number;
  /** `'vector'` when the JSON values are arrays of numbers (`"probs": [0.1, 0.9]`). */
  shape: 'scalar' | 'vector';
  /** Vector length (the most common one when rows disagree); 1 for scalars. */
  width: number;
  /** Cells (vector: whole arrays) that are numbers. */
  numericCount: number;
  /** Cells that are empty, absent, `null`, `NA` or `NaN`. */
  missingCount: number;
  /** Cells that are present and not numbers (strings, booleans, objects). */
  textCount: number;
}

/** A numeric view of a column: NaN marks each cell that is not a number, with a problem for it. */
export interface NumericColumn {
  name: string;
  values: Float64Array;
  /** One `missing-value` or `not-a-number` problem per NaN cell (first `maxProblems`). */
  problems: Problem[];
  /** Total problems, including those not listed. */
  problemCount: number;
}

/** A label view of a column: every cell as its source text (`'0042'` stays `'0042'`). */
export interface LabelColumn {
  name: string;
  /** Cell text, unquoted; JSON numbers keep their source spelling; missing cells are `''`. */
  values: string[];
  /** True when every present cell is a number; label order may then be numeric-aware. */
  allNumeric: boolean;
  /** `missing-value` problems for empty/absent/null cells. */
  problems: Problem[];
  problemCount: number;
}

/**
 * A label column as its distinct texts and one code per row, exactly what interning
 * `labels(name).values` would give (missing cells are the text `''`), built without a string per
 * row: the core's label rules then run once per distinct value.
 */
export interface LabelCodes {
  name: string;
  /** Distinct cell texts in first-seen order. */
  distinct: string[];
  /** Index into `distinct` of each row's label. */
  codes: Int32Array;
  /** Rows per distinct value. */
  counts: number[];
  /** As in {@link LabelColumn}. */
  allNumeric: boolean;
  problems: Problem[];
  problemCount: number;
}

/** Columns read in place from a table's row-major numbers; see {@link Table.columnRows}. */
export interface NumericRows {
  readonly values: Float64Array;
  readonly rowCount: number;
  readonly width: number;
  readonly stride: number;
  readonly offset: number;
}

/**
 * Several numeric columns (or one vector column) as a row-major matrix: `values[row * width + k]`.
 * This is the shape probability, logit and target groups are handed to the core in.
 */
export interface NumericMatrix {
  columns: string[];
  width: number;
  rowCount: number;
  values: Float64Array;
  problems: Problem[];
  problemCount: number;
}

/**
 * Where every record and cell came from, stored in typed arrays (no object per cell).
 * Rows are 0-based data records; columns are indices into {@link Table.columns}.
 */
export interface RowIndex {
  readonly rowCount: number;
  readonly columnCount: number;
  /** UTF-16 offset of the first character of the record. */
  rowStartOffset(row: number): number;
  /** UTF-16 offset just past the record's last character (line break excluded). */
  rowEndOffset(row: number): number;
  /** The record's range; lines may differ when a quoted field or JSON element spans lines. */
  rowRange(row: number): SourceRange;
  /** The cell's raw range (quotes included); undefined when the record lacks that column. */
  cellRange(row: number, column: number): SourceRange | undefined;
  /** The record containing the offset, by binary search; -1 when none (header, blank line). */
  recordAtOffset(offset: number): number;
  /** The record containing the position (O(log n)); -1 when none. */
  recordAt(line: number, character: number): number;
  /** The cell containing the position; undefined outside every cell. */
  cellAt(line: number, character: number): { row: number; column: number } | undefined;
  /** Offset → position via the line-start table (built on first use). */
  positionAt(offset: number): SourcePosition;
  /** Position → offset; characters past the end of a line clamp to it. */
  offsetAt(line: number, character: number): number;
  /** Bytes held by the index's typed arrays (row and cell offsets, line starts once built). */
  readonly byteLength: number;
}

/** A parsed document: named columns plus the row index and the structural problems. */
export interface Table {
  readonly format: DataFormat;
  /** The CSV delimiter used; undefined for JSON formats. */
  readonly delimiter: Delimiter | undefined;
  /** JSON: `'records'` (array of objects / JSON Lines) or `'columnar'` (object of arrays). */
  readonly shape: 'rows' | 'records' | 'columnar';
  readonly columns: readonly ColumnInfo[];
  readonly rowCount: number;
  readonly index: RowIndex;
  /** Parse and structure problems (first `maxProblems`), in source order. */
  readonly problems: readonly Problem[];
  /** All structural problems, including those not listed. */
  readonly problemCount: number;
  /** Lines actually read when a selection was given (after snapping); else the whole text. */
  readonly lineSpan: LineSelection;
  /** Column by exact name. */
  column(name: string): ColumnInfo | undefined;
  /** Numbers of a scalar column; an unknown or vector column gives all-NaN plus an `unknown-column` problem. */
  numbers(name: string): NumericColumn;
  /** Text of a scalar column. */
  labels(name: string): LabelColumn;
  /** The same column as distinct texts plus a code per row (no string per row); see {@link LabelCodes}. */
  labelCodes(name: string): LabelCodes;
  /** Columns (scalars in order, or exactly one vector column) as a row-major matrix. */
  matrix(columns: readonly string[]): NumericMatrix;
  /**
   * Adjacent scalar columns, in file order, read in place from the table's row-major numbers
   * (no copy): cell (row, k) is `values[offset + row * stride + k]`, NaN where it is not a number.
   * Undefined when the columns are not adjacent scalars in that order (use {@link matrix}).
   */
  columnRows(columns: readonly string[]): NumericRows | undefined;
  /** The cell's raw source text (quotes included), or undefined when absent. */
  raw(row: number, column: number): string | undefined;
  /** The document text between two offsets (e.g. a problem's range). */
  source(startOffset: number, endOffset: number): string;
  /** A cursor turning offsets visited in text order into lines and characters (the table's own line starts). */
  lineCursor(): LineCursor;
}
