// The in-memory CSV/TSV reader: header, records, ragged rows and quoting problems, selections that
// snap to whole records, and the typed-array row index. Numbers are parsed during the scan.
import { RecordState, scanRecord, unquoteField } from './csvScanner';
import { detectDelimiter } from './format';
import { LineStarts } from './lineStarts';
import { parseNumber } from './number';
import { DEFAULT_MAX_PROBLEMS, ProblemCollector, problemAt, quoteValue, replacementCharacterProblem } from './problems';
import type { PositionSource } from './problems';
import { ABSENT_16, ABSENT_32, RowIndexImpl } from './rowIndex';
import { TableImpl } from './table';
import type { ColumnInfo, DataFormat, Delimiter, LineSelection, Problem, ReadOptions } from './types';

/** Records stored before the first resize, which sizes the store for the whole text from them. */
const FIRST_CAPACITY = 1024;
/** Cells of the first store at most: a wide header gets fewer first records, not 1,024 of them. */
const FIRST_CELLS = 1 << 20;

/**
 * Most columns a header may have. A wider one refuses the file with a problem on the header
 * (every column costs memory per record, and nothing a classifier writes is that wide).
 */
export const MAX_COLUMNS = 100_000;

/** Growable storage for the records kept so far. */
class RecordStore {
  /** Records kept so far. */
  rows = 0;
  /** Offset of the first record kept (-1: none yet), to estimate the bytes per record. */
  firstKept = -1;
  /** The last kept cell's end in records with extra fields (the relative starts cannot tell it). */
  readonly lastCellEnds = new Map<number, number>();
  /** Records before the first resize (FIRST_CAPACITY, fewer for a header wider than 1,024 columns). */
  readonly firstCapacity: number;
  capacity: number;
  rowStarts: Uint32Array;
  rowEnds: Uint32Array;
  cells: Uint16Array | Uint32Array;
  absent: number = ABSENT_16;
  values: Float64Array;

  constructor(readonly width: number) {
    this.firstCapacity = Math.max(1, Math.min(FIRST_CAPACITY, Math.floor(FIRST_CELLS / Math.max(width, 1))));
    this.capacity = this.firstCapacity;
    this.rowStarts = new Uint32Array(this.capacity);
    this.rowEnds = new Uint32Array(this.capacity);
    this.cells = new Uint16Array(this.capacity * width);
    this.values = new Float64Array(this.capacity * width);
  }

  resize(capacity: number): void {
    const w = this.width;
    const rowStarts = new Uint32Array(capacity);
    rowStarts.set(this.rowStarts.subarray(0, Math.min(capacity, this.capacity)));
    const rowEnds = new Uint32Array(capacity);
    rowEnds.set(this.rowEnds.subarray(0, Math.min(capacity, this.capacity)));
    const cells = this.cells instanceof Uint16Array ? new Uint16Array(capacity * w) : new Uint32Array(capacity * w);
    cells.set(this.cells.subarray(0, Math.min(capacity, this.capacity) * w));
    const values = new Float64Array(capacity * w);
    values.set(this.values.subarray(0, Math.min(capacity, this.capacity) * w));
    this.rowStarts = rowStarts;
    this.rowEnds = rowEnds;
    this.cells = cells;
    this.values = values;
    this.capacity = capacity;
  }

  /** Switches to 32-bit cell offsets when a record is 65535 characters or longer. */
  widen(): void {
    const wide = new Uint32Array(this.cells.length);
    for (let i = 0; i < this.cells.length; i++) {
      const v = this.cells[i]!;
      wide[i] = v === ABSENT_16 ? ABSENT_32 : v;
    }
    this.cells = wide;
    this.absent = ABSENT_32;
  }

  /** Exact-length views; copies only when more than half the capacity is unused. */
  trim(rows: number): void {
    if (this.capacity > 2 * rows + this.firstCapacity) {
      this.resize(rows);
      return;
    }
    const w = this.width;
    this.rowStarts = this.rowStarts.subarray(0, rows);
    this.rowEnds = this.rowEnds.subarray(0, rows);
    this.cells = this.cells.subarray(0, rows * w);
    this.values = this.values.subarray(0, rows * w);
  }
}

/** Offsets, numbers and cells of records scanned apart from the reader (another thread) — see {@link scanCsvPart}. */
export interface CsvPart {
  rows: number;
  /** Record starts and ends, relative to the start of the part's text. */
  rowStarts: Uint32Array;
  rowEnds: Uint32Array;
  /** Cell starts relative to their record (`rows × width`). */
  cells: Uint16Array | Uint32Array;
  /** Numbers row-major (`rows × width`), NaN where a cell is not a number. */
  values: Float64Array;
}

/** Where the records may be kept: the selection's span (the whole text without one). */
interface ScanWindow {
  start: number;
  end: number;
}

/**
 * Scans the records that start in `[from, until)` into `store`, and returns where the next record
 * would start: `until` when a record ends there, further when one runs across it (a quoted line
 * break), less when the window ended first. A record with a problem (ragged row, quotes) is kept
 * and handed to `onProblem`, which returns false to stop the scan right after it.
 */
function scanRecords(
  text: string,
  from: number,
  until: number,
  delimiterCode: number,
  state: RecordState,
  store: RecordStore,
  window: ScanWindow,
  onProblem: (state: RecordState, row: number, used: number, recordStart: number) => boolean,
): number {
  const width = store.width;
  const length = text.length;
  let rows = store.rows;
  // Hot loop: typed arrays in locals (reloaded after a resize or widen), no allocation per record.
  let cells = store.cells;
  let values = store.values;
  let rowStarts = store.rowStarts;
  let rowEnds = store.rowEnds;
  let absent = store.absent;
  let position = from;
  while (position < until) {
    const recordStart = position;
    if (rows === store.capacity) {
      // Size for the whole text from the records so far, so a big file resizes once, not 20 times.
      const perRow = (recordStart - store.firstKept) / rows;
      const remaining = Math.min(length, window.end + 1) - recordStart;
      const estimate = rows + Math.ceil((remaining / Math.max(perRow, 1)) * 1.1) + 16;
      store.resize(Math.max(Math.ceil(rows * 1.5), rows === store.firstCapacity ? estimate : 0));
      cells = store.cells;
      values = store.values;
      rowStarts = store.rowStarts;
      rowEnds = store.rowEnds;
    }
    // Numbers land directly in this row's slot; a skipped record's are overwritten by the next.
    scanRecord(text, position, delimiterCode, state, values, rows * width, width);
    position = state.next;
    const count = state.count;
    if (count === 1 && state.isBlank(text)) continue;
    if (recordStart > window.end) {
      position = recordStart;
      break;
    }
    if (state.end < window.start) continue;
    if (store.firstKept < 0) store.firstKept = recordStart;
    rowStarts[rows] = recordStart;
    rowEnds[rows] = state.end;
    const starts = state.starts;
    let used = count;
    if (used === width + 1 && starts[width] === state.ends[width]) used = width;
    const kept = used < width ? used : width;
    const base = rows * width;
    for (let c = 0; c < kept; c++) {
      const relative = starts[c]! - recordStart;
      if (relative >= absent) {
        store.widen();
        cells = store.cells;
        absent = store.absent;
      }
      cells[base + c] = relative;
    }
    for (let c = kept; c < width; c++) {
      cells[base + c] = absent;
      values[base + c] = NaN;
    }
    if (used > width) store.lastCellEnds.set(rows, state.ends[width - 1]!);
    rows++;
    if (used !== width || state.unterminatedQuote >= 0 || state.strayQuote >= 0) {
      if (!onProblem(state, rows - 1, used, recordStart)) break;
    }
  }
  store.rows = rows;
  return position;
}

/**
 * Reads CSV/TSV text into a table, in one pass ({@link readCsv}) or in two: the records before a
 * cut scanned here, those after it scanned elsewhere ({@link scanCsvPart}, on another thread) and
 * appended — or scanned here after all. Either way the table is the one a single pass gives.
 */
export class CsvReader {
  readonly delimiter: Delimiter;
  /** The header's column names (empty when the text has no header). */
  readonly columnNames: readonly string[];
  private readonly delimiterCode: number;
  private readonly maxProblems: number;
  private readonly problems: ProblemCollector;
  private readonly lines: LineStarts;
  private readonly state = new RecordState();
  private readonly columns: ColumnInfo[] = [];
  private readonly store: RecordStore;
  private readonly window: ScanWindow;
  private position: number;
  private readonly hasHeader: boolean;

  constructor(
    private readonly text: string,
    private readonly format: 'csv' | 'tsv',
    private readonly options: ReadOptions,
  ) {
    this.maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
    this.problems = new ProblemCollector(this.maxProblems);
    this.lines = new LineStarts(text);
    const notUtf8 = replacementCharacterProblem(text, this.lines);
    if (notUtf8) this.problems.add(notUtf8);
    this.delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : detectDelimiter(text));
    this.delimiterCode = this.delimiter.charCodeAt(0);
    const state = this.state;
    const length = text.length;
    let position = this.lines.bomLength;
    let headerFound = false;
    while (position < length) {
      scanRecord(text, position, this.delimiterCode, state);
      if (!state.isBlank(text)) {
        headerFound = true;
        break;
      }
      position = state.next;
    }
    const tooWide = headerFound ? headerWidthProblem(text, this.lines, state) : undefined;
    this.hasHeader = headerFound && tooWide === undefined;
    if (!this.hasHeader) {
      this.problems.add(
        tooWide ??
          problemAt(text, this.lines, 0, length, {
            code: 'empty-file',
            message: 'The file has no header row and no data: a header row naming the columns is required',
          }),
      );
      this.store = new RecordStore(0);
      this.window = { start: 0, end: length };
      this.position = length;
      this.columnNames = [];
      return;
    }
    this.columns = readHeader(text, this.lines, state, this.problems);
    this.columnNames = this.columns.map((column) => column.name);
    this.store = new RecordStore(this.columns.length);
    if (state.unterminatedQuote >= 0) reportRecordProblems(text, this.lines, state, this.problems, -1);
    const selection = options.selection;
    this.window = selection === undefined ? { start: 0, end: length } : { start: this.lines.lineStart(selection.startLine), end: this.lines.lineEnd(selection.endLine) };
    this.position = state.unterminatedQuote >= 0 ? length : state.next;
  }

  /** Where the first record after the header starts (a cut before it is of no use). */
  get dataStart(): number {
    return this.position;
  }

  /**
   * Scans the records that start before `until` (default: all). Returns where the next record
   * starts: `until` itself when a record ends there, further when one runs across it.
   */
  scanTo(until = this.text.length): number {
    if (this.position >= until) return this.position;
    const { text, lines, problems } = this;
    const width = this.store.width;
    this.position = scanRecords(text, this.position, until, this.delimiterCode, this.state, this.store, this.window, (state, row, used, recordStart) => {
      reportRecordProblems(text, lines, state, problems, row, width, used, recordStart);
      return true;
    });
    // A record past the selection ends the reading for good.
    if (this.position < until) this.position = this.text.length;
    return this.position;
  }

  /**
   * Appends the records of `text.slice(at)` scanned by {@link scanCsvPart}, where `at` is where the
   * reader stopped (the offset `scanTo` returned) and the records after it were not scanned here.
   */
  appendPart(part: CsvPart): void {
    const store = this.store;
    const offset = this.position;
    const width = store.width;
    const rows = store.rows;
    const total = rows + part.rows;
    if (total > store.capacity) store.resize(total);
    if (part.cells instanceof Uint32Array && store.cells instanceof Uint16Array) store.widen();
    store.values.set(part.values.subarray(0, part.rows * width), rows * width);
    const cells = store.cells;
    if (cells instanceof Uint32Array && part.cells instanceof Uint16Array) {
      for (let at = 0, to = rows * width; at < part.rows * width; at++, to++) {
        const cell = part.cells[at]!;
        cells[to] = cell === ABSENT_16 ? ABSENT_32 : cell;
      }
    } else {
      cells.set(part.cells.subarray(0, part.rows * width), rows * width);
    }
    for (let row = 0; row < part.rows; row++) {
      store.rowStarts[rows + row] = part.rowStarts[row]! + offset;
      store.rowEnds[rows + row] = part.rowEnds[row]! + offset;
    }
    if (store.firstKept < 0 && part.rows > 0) store.firstKept = part.rowStarts[0]! + offset;
    store.rows = total;
    this.position = this.text.length;
  }

  /** The table of every record scanned or appended so far. */
  finish(): TableImpl {
    const { text, format, lines, problems, store } = this;
    if (!this.hasHeader) return emptyTable(text, format, this.delimiter, lines, problems, this.maxProblems, this.options.selection);
    const rows = store.rows;
    store.trim(rows);
    const index = new RowIndexImpl(rows, store.width, store.rowStarts, store.rowEnds, { kind: 'relative', starts: store.cells, lastCellEnds: store.lastCellEnds }, lines);
    return new TableImpl({
      text,
      format,
      delimiter: this.delimiter,
      shape: 'rows',
      columns: this.columns,
      rowCount: rows,
      values: store.values,
      vectors: new Map(),
      index,
      lines,
      problems,
      lineSpan: spanOf(lines, rows > 0 ? store.rowStarts[0]! : -1, rows > 0 ? store.rowEnds[rows - 1]! : -1, this.options.selection),
      maxProblems: this.maxProblems,
    });
  }
}

/**
 * Reads CSV or TSV text. The header is the first non-blank record; blank lines are skipped; a
 * trailing delimiter (an extra empty last field) is accepted; rows with too few or too many fields
 * are kept (missing cells absent, extra ones ignored) and reported as `ragged-row`.
 */
export function readCsv(text: string, format: 'csv' | 'tsv', options: ReadOptions): TableImpl {
  const reader = new CsvReader(text, format, options);
  reader.scanTo();
  return reader.finish();
}

/**
 * Scans `text` — the records after a cut, from a record's start to the end of the file — for
 * {@link CsvReader.appendPart}, with the header's `width` and `delimiter`. Undefined as soon as a
 * record has a problem (ragged row, quotes): the reader then scans the range itself, so problems
 * come with the whole text's lines and in one pass's order. O(text length).
 */
export function scanCsvPart(text: string, width: number, delimiter: Delimiter): CsvPart | undefined {
  const store = new RecordStore(width);
  let clean = true;
  scanRecords(text, 0, text.length, delimiter.charCodeAt(0), new RecordState(), store, { start: 0, end: text.length }, () => (clean = false));
  if (!clean) return undefined;
  store.trim(store.rows);
  return { rows: store.rows, rowStarts: store.rowStarts, rowEnds: store.rowEnds, cells: store.cells, values: store.values };
}

/**
 * The refusal of a header record with more than {@link MAX_COLUMNS} columns, placed on the first
 * column past the limit; undefined for a header of a usable width. O(1).
 */
export function headerWidthProblem(text: string, lines: PositionSource, state: RecordState): Problem | undefined {
  let count = state.count;
  if (count > 1 && state.starts[count - 1] === state.ends[count - 1]) count--;
  if (count <= MAX_COLUMNS) return undefined;
  return problemAt(text, lines, state.starts[MAX_COLUMNS]!, state.ends[MAX_COLUMNS]!, {
    code: 'read-error',
    message: `The header has ${count.toLocaleString('en-US')} columns, more than the ${MAX_COLUMNS.toLocaleString('en-US')} Entropy Lens reads (this is column ${(MAX_COLUMNS + 1).toLocaleString('en-US')}): keep only the columns to analyse, e.g. with pandas (usecols=) or csvcut -c`,
  });
}

/** Column names from the header record, reporting empty, duplicate and number-only headers. */
export function readHeader(text: string, lines: PositionSource, state: RecordState, problems: ProblemCollector): ColumnInfo[] {
  let count = state.count;
  // A trailing delimiter on the header line adds an empty last name: drop it.
  if (count > 1 && state.starts[count - 1] === state.ends[count - 1]) count--;
  const columns: ColumnInfo[] = [];
  const seen = new Map<string, number>();
  let numeric = 0;
  for (let c = 0; c < count; c++) {
    const start = state.starts[c]!;
    const end = state.ends[c]!;
    let name = unquoteField(text, start, end);
    if (parseNumber(text, start, end) === parseNumber(text, start, end)) numeric++;
    if (name.trim() === '') {
      name = `unnamed_${c}`;
      problems.add(
        problemAt(text, lines, start, end, {
          code: 'empty-header',
          severity: 'warning',
          message: `Column ${c + 1} has no name in the header; it is called "${name}"`,
          column: name,
        }),
      );
    }
    const previous = seen.get(name);
    if (previous !== undefined) {
      let k = 1;
      while (seen.has(`${name}.${k}`)) k++;
      const renamed = `${name}.${k}`;
      problems.add(
        problemAt(text, lines, start, end, {
          code: 'duplicate-header',
          message: `Duplicate column name ${quoteValue(name)} (also column ${previous + 1}); this one is called ${quoteValue(renamed)}`,
          column: renamed,
        }),
      );
      name = renamed;
    }
    seen.set(name, c);
    columns.push({ name, index: c, shape: 'scalar', width: 1, numericCount: 0, missingCount: 0, textCount: 0 });
  }
  if (numeric === count) {
    problems.add(
      problemAt(text, lines, state.starts[0]!, state.end, {
        code: 'missing-header',
        message: 'The first line holds only numbers: a header row naming the columns is required (it is read as the header here)',
      }),
    );
  }
  return columns;
}

/** Ragged-row, unterminated-quote and stray-quote problems of one record. */
export function reportRecordProblems(text: string, lines: PositionSource, state: RecordState, problems: ProblemCollector, row: number, width = 0, used = width, recordStart = 0): void {
  const rowField = row >= 0 ? { row } : {};
  if (row >= 0 && used !== width && state.unterminatedQuote < 0) {
    problems.report(() =>
      used > width
        ? problemAt(text, lines, state.starts[width]!, state.end, {
            code: 'ragged-row',
            message: `Row has ${used} fields but the header has ${width}; the extra ${used - width === 1 ? 'field is' : 'fields are'} ignored`,
            ...rowField,
          })
        : problemAt(text, lines, recordStart, state.end, {
            code: 'ragged-row',
            message: `Row has ${used} ${used === 1 ? 'field' : 'fields'} but the header has ${width}; the missing cells are treated as missing values`,
            ...rowField,
          }),
    );
  }
  if (state.unterminatedQuote >= 0) {
    problems.report(() =>
      problemAt(text, lines, state.unterminatedQuote, text.length, {
        code: 'unterminated-quote',
        message: 'Unterminated quoted field: this quote is never closed, so the rest of the file is inside it',
        ...rowField,
      }),
    );
  }
  if (state.strayQuote >= 0) {
    let end = state.strayQuote;
    for (let c = 0; c < state.count; c++) if (state.starts[c]! < state.strayQuote) end = state.ends[c]!;
    problems.report(() =>
      problemAt(text, lines, state.strayQuote, end, {
        code: 'stray-quote',
        severity: 'warning',
        message: 'Characters after a closing quote; a quoted field should end at the delimiter',
        ...rowField,
      }),
    );
  }
}

/** The lines the table covers: its first and last records (else the selection, else the whole text). */
export function spanOf(lines: LineStarts, firstOffset: number, lastOffset: number, selection: LineSelection | undefined): LineSelection {
  let cached: LineSelection | undefined;
  const compute = (): LineSelection => {
    if (firstOffset >= 0) return { startLine: lines.positionAt(firstOffset).line, endLine: lines.positionAt(lastOffset).line };
    if (selection !== undefined) return { ...selection };
    return { startLine: 0, endLine: Math.max(0, lines.lineCount - 1) };
  };
  // Lazy: a whole-file read should not pay for the line table unless someone asks.
  return {
    get startLine() {
      cached ??= compute();
      return cached.startLine;
    },
    get endLine() {
      cached ??= compute();
      return cached.endLine;
    },
  };
}

/** A table without rows or columns (an empty file, or one refused as a whole), with its problems. */
export function emptyTable(
  text: string,
  format: DataFormat,
  delimiter: Delimiter | undefined,
  lines: LineStarts,
  problems: ProblemCollector,
  maxProblems: number,
  selection: LineSelection | undefined,
): TableImpl {
  const index = new RowIndexImpl(0, 0, new Uint32Array(0), new Uint32Array(0), { kind: 'relative', starts: new Uint16Array(0), lastCellEnds: new Map() }, lines);
  return new TableImpl({
    text,
    format,
    delimiter,
    shape: format === 'csv' || format === 'tsv' ? 'rows' : 'records',
    columns: [],
    rowCount: 0,
    values: new Float64Array(0),
    vectors: new Map(),
    index,
    lines,
    problems,
    lineSpan: spanOf(lines, -1, -1, selection),
    maxProblems,
  });
}
