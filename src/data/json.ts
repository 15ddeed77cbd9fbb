// JSON readers over jsonc-parser's visitor (the parser VS Code uses): an array of objects, an object
// of equal-length arrays (columnar), and JSON Lines. Nested objects become dotted paths, arrays of
// numbers vector columns; each record and cell keeps its source offsets.
import { printParseErrorCode, visit } from 'jsonc-parser/lib/esm/main.js';
import type { JSONVisitor, ParseErrorCode } from 'jsonc-parser/lib/esm/main.js';
import { emptyTable, MAX_COLUMNS, spanOf } from './csv';
import { LineStarts } from './lineStarts';
import { DEFAULT_MAX_PROBLEMS, ProblemCollector, problemAt, quoteValue, replacementCharacterProblem } from './problems';
import { ABSENT_32, RowIndexImpl } from './rowIndex';
import { TableImpl } from './table';
import type { VectorStore } from './table';
import type { ColumnInfo, LineSelection, Problem, ReadOptions } from './types';

/** Cells as found, in source order, before the table's shape is known. */
class CellList {
  count = 0;
  rows = new Uint32Array(256);
  columns = new Uint32Array(256);
  starts = new Uint32Array(256);
  ends = new Uint32Array(256);
  values = new Float64Array(256);
  /** Start in `pool` of a numeric array's elements, or -1 when the cell is not one. */
  vectorStarts = new Int32Array(256);
  vectorLengths = new Int32Array(256);
  pool = new Float64Array(256);
  poolCount = 0;

  add(row: number, column: number, start: number, end: number, value: number, vectorStart: number, vectorLength: number): void {
    if (this.count === this.rows.length) this.grow();
    const i = this.count++;
    this.rows[i] = row;
    this.columns[i] = column;
    this.starts[i] = start;
    this.ends[i] = end;
    this.values[i] = value;
    this.vectorStarts[i] = vectorStart;
    this.vectorLengths[i] = vectorLength;
  }

  push(value: number): void {
    if (this.poolCount === this.pool.length) {
      const pool = new Float64Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool[this.poolCount++] = value;
  }

  private grow(): void {
    const size = this.rows.length * 2;
    const copy = <T extends Uint32Array | Float64Array | Int32Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.rows = copy(this.rows, new Uint32Array(size));
    this.columns = copy(this.columns, new Uint32Array(size));
    this.starts = copy(this.starts, new Uint32Array(size));
    this.ends = copy(this.ends, new Uint32Array(size));
    this.values = copy(this.values, new Float64Array(size));
    this.vectorStarts = copy(this.vectorStarts, new Int32Array(size));
    this.vectorLengths = copy(this.vectorLengths, new Int32Array(size));
  }
}

/** What the readers accumulate before building the table. */
class JsonCollector {
  readonly cells = new CellList();
  readonly names: string[] = [];
  readonly columnOf = new Map<string, number>();
  rowStarts: number[] = [];
  rowEnds: number[] = [];
  /** Columnar JSON: each column's array range, for problems about a whole column. */
  readonly columnRanges = new Map<number, [number, number]>();

  column(name: string): number {
    let index = this.columnOf.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.columnOf.set(name, index);
    }
    return index;
  }
}

/**
 * Deepest nesting of arrays and objects read. jsonc-parser's visitor recurses once per level, so
 * without a bound 5,000-odd `[` would end the read with a stack overflow; past this, the record
 * is refused with a problem at the bracket that went too deep.
 */
export const MAX_JSON_DEPTH = 1000;

/** Thrown from inside the visitor to stop it (after a syntax error, or too deep): nothing after is read. */
class StopVisit {
  constructor(
    readonly reason: 'error' | 'depth',
    readonly offset = 0,
  ) {}
}

/** Frames of the visitor's stack. */
type Frame =
  | { kind: 'top-array' }
  | { kind: 'top-object'; path: string; start: number }
  | { kind: 'record'; path: string }
  | { kind: 'column'; name: string; next: number; start: number }
  | { kind: 'vector'; column: number; row: number; start: number; poolStart: number; numeric: boolean }
  | { kind: 'opaque'; column: number; row: number; start: number; depth: number }
  | { kind: 'skip' };

/**
 * Visits one JSON text whose records are either the elements of a top-level array (`mode:
 * 'document'`) or the text itself (`mode: 'line'`, JSON Lines). Offsets are shifted by `base`.
 */
function visitRecords(
  text: string,
  base: number,
  mode: 'document' | 'line',
  out: JsonCollector,
  report: (code: 'not-an-object' | 'unsupported-json-shape' | 'json-syntax', start: number, end: number, message: string) => void,
): { shape: 'records' | 'columnar'; ok: boolean } {
  const stack: Frame[] = [];
  let shape: 'records' | 'columnar' = 'records';
  let property = '';
  let failed = false;
  let row = out.rowStarts.length;
  const cells = out.cells;
  let depth = 0;
  let deepestOffset = 0;
  /** Counts a level; past MAX_JSON_DEPTH the visit stops (the caller reports where). */
  const enter = (offset: number): void => {
    deepestOffset = offset;
    if (++depth > MAX_JSON_DEPTH) throw new StopVisit('depth', offset);
  };

  const top = (): Frame | undefined => stack[stack.length - 1];
  /** Where a value that is starting belongs: a record field, a columnar element, or nowhere. */
  const target = (): { column: number; row: number } | undefined => {
    const frame = top();
    if (frame === undefined) return undefined;
    if (frame.kind === 'record') return { column: out.column(frame.path + property), row };
    if (frame.kind === 'column') return { column: out.column(frame.name), row: frame.next++ };
    return undefined;
  };

  // Where the current record's cells begin, so a record cut short by an error leaves none behind.
  let recordCells = cells.count;
  let recordPool = cells.poolCount;
  /** The record the parser closed without its `}` (it reports the error after the object's end). */
  let unclosedRow = -1;
  const beginRecord = (offset: number): void => {
    row = out.rowStarts.length;
    recordCells = cells.count;
    recordPool = cells.poolCount;
    out.rowStarts.push(base + offset);
    out.rowEnds.push(base + offset);
    stack.push({ kind: 'record', path: '' });
  };

  const visitor: JSONVisitor = {
    onObjectBegin(offset) {
      enter(offset);
      const frame = top();
      if (frame === undefined) {
        if (mode === 'line') beginRecord(offset);
        else {
          shape = 'columnar';
          stack.push({ kind: 'top-object', path: '', start: base + offset });
        }
        return;
      }
      switch (frame.kind) {
        case 'top-array':
          beginRecord(offset);
          return;
        case 'record':
          stack.push({ kind: 'record', path: `${frame.path}${property}.` });
          return;
        case 'top-object':
          // Columnar nesting: {"pred": {"p1": [...]}} gives column pred.p1; or, when its values
          // are scalars, pandas' to_json() default (orient='columns'): {"p": {"0": 0.8, "1": 0.3}}.
          stack.push({ kind: 'top-object', path: `${frame.path}${property}.`, start: base + offset });
          return;
        default: {
          const at = target();
          if (frame.kind === 'vector') frame.numeric = false;
          if (at !== undefined) stack.push({ kind: 'opaque', column: at.column, row: at.row, start: base + offset, depth: 1 });
          else if (frame.kind === 'opaque') frame.depth++;
          else stack.push({ kind: 'skip' });
        }
      }
    },
    onObjectProperty(name) {
      property = name;
      const frame = top();
      if (frame?.kind === 'top-object') columnPath = frame.path + name;
    },
    onObjectEnd(offset, length) {
      depth--;
      const frame = top();
      if (frame === undefined) return;
      if (frame.kind === 'opaque') {
        if (--frame.depth === 0) {
          stack.pop();
          cells.add(frame.row, frame.column, frame.start, base + offset + length, NaN, -1, 0);
        }
        return;
      }
      stack.pop();
      if (frame.kind === 'column') out.columnRanges.set(out.column(frame.name), [frame.start, base + offset + length]);
      if (frame.kind === 'record' && frame.path === '') {
        out.rowEnds[row] = base + offset + length;
        if (text.charCodeAt(offset) !== 0x7d /* } */) unclosedRow = row;
      }
    },
    onArrayBegin(offset) {
      enter(offset);
      const frame = top();
      if (frame === undefined) {
        if (mode === 'line') {
          report('not-an-object', base + offset, base + text.length, 'This line is an array, not an object: each JSON Lines line must be one record object');
          throw new StopVisit('error');
        }
        stack.push({ kind: 'top-array' });
        return;
      }
      if (frame.kind === 'top-object') {
        stack.push({ kind: 'column', name: columnPath, next: 0, start: base + offset });
        return;
      }
      if (frame.kind === 'top-array') {
        report('not-an-object', base + offset, base + offset, 'This array element is an array, not an object with named fields');
        stack.push({ kind: 'skip' });
        return;
      }
      if (frame.kind === 'vector') {
        frame.numeric = false;
        stack.push({ kind: 'opaque', column: frame.column, row: frame.row, start: -1, depth: 1 });
        return;
      }
      if (frame.kind === 'opaque') {
        frame.depth++;
        return;
      }
      const at = target();
      if (at === undefined) stack.push({ kind: 'skip' });
      else stack.push({ kind: 'vector', column: at.column, row: at.row, start: base + offset, poolStart: cells.poolCount, numeric: true });
    },
    onArrayEnd(offset, length) {
      depth--;
      const frame = top();
      if (frame === undefined) return;
      if (frame.kind === 'opaque') {
        if (--frame.depth === 0) {
          stack.pop();
          if (frame.start >= 0) cells.add(frame.row, frame.column, frame.start, base + offset + length, NaN, -1, 0);
        }
        return;
      }
      stack.pop();
      if (frame.kind === 'column') out.columnRanges.set(out.column(frame.name), [frame.start, base + offset + length]);
      if (frame.kind === 'vector') {
        const end = base + offset + length;
        if (frame.numeric) cells.add(frame.row, frame.column, frame.start, end, NaN, frame.poolStart, cells.poolCount - frame.poolStart);
        else {
          cells.poolCount = frame.poolStart;
          cells.add(frame.row, frame.column, frame.start, end, NaN, -1, 0);
        }
      }
    },
    onLiteralValue(value: unknown, offset, length) {
      const frame = top();
      if (frame === undefined) {
        if (mode === 'line') report('not-an-object', base + offset, base + offset + length, `This line is ${describe(value)}, not an object: each JSON Lines line must be one record object`);
        else report('unsupported-json-shape', base + offset, base + offset + length, 'The JSON document must be an array of objects or an object of equal-length arrays');
        return;
      }
      if (frame.kind === 'vector') {
        if (typeof value === 'number') cells.push(value);
        else frame.numeric = false;
        return;
      }
      if (frame.kind === 'top-array') {
        report('not-an-object', base + offset, base + offset + length, `This array element is ${describe(value)}, not an object with named fields`);
        return;
      }
      if (frame.kind === 'top-object' && frame.path !== '' && stack.length === 2) {
        // A column keyed by the row index (pandas' orient='columns'): its values in key order.
        const name = frame.path.slice(0, -1);
        stack[stack.length - 1] = { kind: 'column', name, next: 0, start: frame.start };
      } else if (frame.kind === 'top-object') {
        report(
          'unsupported-json-shape',
          base + offset,
          base + offset + length,
          `Field ${quoteValue(columnPath)} is not an array: a columnar JSON object must hold equal-length arrays (or, as pandas' to_json() writes, objects keyed by the row index)`,
        );
        return;
      }
      const at = target();
      if (at !== undefined) cells.add(at.row, at.column, base + offset, base + offset + length, typeof value === 'number' ? value : NaN, -1, 0);
    },
    onError(error: ParseErrorCode, offset, length) {
      report(
        'json-syntax',
        base + offset,
        base + offset + length,
        `JSON syntax error: ${describeError(error)}${near(text, offset, length)}${mode === 'document' ? '; the records after it are not read' : '; this line is left out'}`,
      );
      // Nothing after the first error is read: stop here rather than parse on.
      throw new StopVisit('error');
    },
  };
  let columnPath = '';
  try {
    visit(text, visitor, { disallowComments: true, allowTrailingComma: false });
  } catch (error) {
    // A stack overflow is the backstop of the depth bound (a thread with a smaller stack).
    const overflow = error instanceof RangeError && /call stack/i.test(error.message);
    if (!(error instanceof StopVisit) && !overflow) throw error;
    failed = true;
    if (overflow || (error instanceof StopVisit && error.reason === 'depth')) {
      const offset = error instanceof StopVisit ? error.offset : deepestOffset;
      report(
        'json-syntax',
        base + offset,
        base + offset + 1,
        `JSON nested more than ${MAX_JSON_DEPTH} levels deep here (arrays and objects inside one another): Entropy Lens reads records nested at most ${MAX_JSON_DEPTH} levels deep`,
      );
    }
  }
  if (failed && (stack.some((frame) => frame.kind === 'record') || unclosedRow === row)) {
    // Drop the record the error cut short, cells and all, so every kept record is complete.
    const last = out.rowStarts.length - 1;
    if (last >= 0 && row === last) {
      out.rowStarts.pop();
      out.rowEnds.pop();
      cells.count = recordCells;
      cells.poolCount = recordPool;
    }
  }
  return { shape, ok: !failed };
}

/**
 * Reads a JSON document: an array of record objects, or an object of equal-length arrays
 * (columnar). Anything else, and syntax errors (with their exact offset), are problems.
 */
export function readJson(text: string, options: ReadOptions): TableImpl {
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const problems = new ProblemCollector(maxProblems);
  const lines = new LineStarts(text);
  const notUtf8 = replacementCharacterProblem(text, lines);
  if (notUtf8) problems.add(notUtf8);
  const out = new JsonCollector();
  const report = reporter(text, lines, problems);
  if (text.trim() === '' || text.trim() === '\ufeff') {
    report('empty-file', 0, text.length, 'The file is empty: expected an array of objects');
    return build(text, 'json', 'records', out, lines, problems, maxProblems, options.selection);
  }
  // jsonc-parser does not skip a byte-order mark: the document starts after it (offsets stay the text's).
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const { shape } = visitRecords(bom === 0 ? text : text.slice(bom), bom, 'document', out, report);
  if (shape === 'columnar') {
    let rows = 0;
    const counts = new Map<number, number>();
    for (let i = 0; i < out.cells.count; i++) {
      const column = out.cells.columns[i]!;
      counts.set(column, Math.max(counts.get(column) ?? 0, out.cells.rows[i]! + 1));
    }
    for (const n of counts.values()) rows = Math.max(rows, n);
    for (const [column, n] of counts) {
      if (n !== rows) {
        const [start, end] = out.columnRanges.get(column) ?? [0, 0];
        report('columnar-length-mismatch', start, end, `Column ${quoteValue(out.names[column]!)} has ${n} value${n === 1 ? '' : 's'} but the longest column has ${rows}`);
      }
    }
    out.rowStarts = [];
    out.rowEnds = [];
    for (let row = 0; row < rows; row++) {
      out.rowStarts.push(Number.MAX_SAFE_INTEGER);
      out.rowEnds.push(0);
    }
    for (let i = 0; i < out.cells.count; i++) {
      const row = out.cells.rows[i]!;
      out.rowStarts[row] = Math.min(out.rowStarts[row]!, out.cells.starts[i]!);
      out.rowEnds[row] = Math.max(out.rowEnds[row]!, out.cells.ends[i]!);
    }
  }
  return build(text, 'json', shape, out, lines, problems, maxProblems, options.selection);
}

/** Reads JSON Lines / NDJSON: one object per line, blank lines allowed; each bad line is one problem. */
export function readJsonLines(text: string, options: ReadOptions): TableImpl {
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const problems = new ProblemCollector(maxProblems);
  const lines = new LineStarts(text);
  const notUtf8 = replacementCharacterProblem(text, lines);
  if (notUtf8) problems.add(notUtf8);
  const out = new JsonCollector();
  const report = reporter(text, lines, problems);
  let selectionStart = 0;
  let selectionEnd = text.length;
  if (options.selection !== undefined) {
    selectionStart = lines.lineStart(options.selection.startLine);
    selectionEnd = lines.lineEnd(options.selection.endLine);
  }
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const next = end < 0 ? text.length : end + 1;
    if (end < 0) end = text.length;
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
    if (start > selectionEnd) break;
    if (end >= selectionStart && text.slice(start, end).trim() !== '') {
      visitRecords(text.slice(start, end), start, 'line', out, report);
    }
    start = next;
  }
  return build(text, 'jsonl', 'records', out, lines, problems, maxProblems, undefined);
}

type Reporter = (code: 'not-an-object' | 'unsupported-json-shape' | 'json-syntax' | 'empty-file' | 'columnar-length-mismatch', start: number, end: number, message: string) => void;

function reporter(text: string, lines: LineStarts, problems: ProblemCollector): Reporter {
  return (code, start, end, message) => problems.report(() => problemAt(text, lines, start, end, { code, message }));
}

/** Builds the table from the collected cells, keeping only the selected records when asked. */
function build(
  text: string,
  format: 'json' | 'jsonl',
  shape: 'records' | 'columnar',
  out: JsonCollector,
  lines: LineStarts,
  problems: ProblemCollector,
  maxProblems: number,
  selection: LineSelection | undefined,
): TableImpl {
  const tooLarge = sizeProblem(text, lines, out);
  if (tooLarge !== undefined) {
    problems.add(tooLarge);
    return emptyTable(text, format, undefined, lines, problems, maxProblems, selection);
  }
  const width = out.names.length;
  const totalRows = out.rowStarts.length;
  // Which records survive (a selection keeps the records it touches) and their new numbers.
  const newRow = new Int32Array(totalRows);
  let rows = 0;
  const from = selection === undefined ? 0 : lines.lineStart(selection.startLine);
  const to = selection === undefined ? text.length : lines.lineEnd(selection.endLine);
  const touched = new Uint8Array(totalRows);
  if (shape === 'columnar') {
    // A columnar record is spread over the file: it is selected when one of its cells is.
    for (let i = 0; i < out.cells.count; i++) {
      if (out.cells.ends[i]! >= from && out.cells.starts[i]! <= to) touched[out.cells.rows[i]!] = 1;
    }
  } else {
    for (let row = 0; row < totalRows; row++) touched[row] = out.rowEnds[row]! >= from && out.rowStarts[row]! <= to ? 1 : 0;
  }
  for (let row = 0; row < totalRows; row++) newRow[row] = touched[row] === 1 ? rows++ : -1;
  const rowStarts = new Uint32Array(rows);
  const rowEnds = new Uint32Array(rows);
  for (let row = 0; row < totalRows; row++) {
    const target = newRow[row]!;
    if (target < 0) continue;
    rowStarts[target] = out.rowStarts[row]!;
    rowEnds[target] = out.rowEnds[row]!;
  }
  const starts = new Uint32Array(rows * width).fill(ABSENT_32);
  const ends = new Uint32Array(rows * width).fill(ABSENT_32);
  const values = new Float64Array(rows * width).fill(NaN);
  const cells = out.cells;

  // Vector width per column: the most common array length.
  const lengthCounts = new Map<number, Map<number, number>>();
  for (let i = 0; i < cells.count; i++) {
    if (cells.vectorStarts[i]! < 0) continue;
    const column = cells.columns[i]!;
    let counts = lengthCounts.get(column);
    if (counts === undefined) lengthCounts.set(column, (counts = new Map()));
    counts.set(cells.vectorLengths[i]!, (counts.get(cells.vectorLengths[i]!) ?? 0) + 1);
  }
  const vectors = new Map<number, VectorStore>();
  for (const [column, counts] of lengthCounts) {
    let best = 0;
    let bestCount = -1;
    for (const [length, count] of counts) if (count > bestCount || (count === bestCount && length > best)) [best, bestCount] = [length, count];
    vectors.set(column, { width: best, values: new Float64Array(rows * best).fill(NaN), lengths: new Int32Array(rows).fill(-1) });
  }

  for (let i = 0; i < cells.count; i++) {
    const row = newRow[cells.rows[i]!];
    if (row === undefined || row < 0) continue;
    const column = cells.columns[i]!;
    const at = row * width + column;
    starts[at] = cells.starts[i]!;
    ends[at] = cells.ends[i]!;
    values[at] = cells.values[i]!;
    const vector = vectors.get(column);
    const vectorStart = cells.vectorStarts[i]!;
    if (vector !== undefined && vectorStart >= 0) {
      const length = cells.vectorLengths[i]!;
      vector.lengths[row] = length;
      if (length === vector.width) vector.values.set(cells.pool.subarray(vectorStart, vectorStart + length), row * vector.width);
    }
  }

  const columns: ColumnInfo[] = out.names.map((name, index) => {
    const vector = vectors.get(index);
    return { name, index, shape: vector ? 'vector' : 'scalar', width: vector ? vector.width : 1, numericCount: 0, missingCount: 0, textCount: 0 };
  });
  const index = new RowIndexImpl(rows, width, rowStarts, rowEnds, { kind: 'absolute', starts, ends }, lines, shape === 'columnar');
  return new TableImpl({
    text,
    format,
    delimiter: undefined,
    shape,
    columns,
    rowCount: rows,
    values,
    vectors,
    index,
    lines,
    problems,
    lineSpan: spanOf(lines, rows > 0 ? rowStarts[0]! : -1, rows > 0 ? rowEnds[rows - 1]! : -1, selection),
    maxProblems,
  });
}

/**
 * Most cells (records × distinct fields) a JSON table may have: more than any dense JSON text a
 * string can hold (each cell takes at least `"a":1,`), so only records that each name different
 * fields reach it, and their table would not fit in memory.
 */
const MAX_CELLS = 2 ** 27;

/**
 * The refusal of records with more than MAX_COLUMNS distinct fields, or too sparse to hold as a
 * table (records × fields > MAX_CELLS), placed on the first field past the limit; else undefined.
 * O(cells) only when a limit is passed.
 */
function sizeProblem(text: string, lines: LineStarts, out: JsonCollector): Problem | undefined {
  const width = out.names.length;
  const rows = out.rowStarts.length;
  if (width <= MAX_COLUMNS && rows * width <= MAX_CELLS) return undefined;
  const cells = out.cells;
  let columns = 0;
  for (let i = 0; i < cells.count; i++) {
    columns = Math.max(columns, cells.columns[i]! + 1);
    const wide = columns > MAX_COLUMNS;
    if (!wide && (cells.rows[i]! + 1) * columns <= MAX_CELLS) continue;
    const field = out.names[cells.columns[i]!]!;
    const count = (n: number): string => n.toLocaleString('en-US');
    return problemAt(text, lines, cells.starts[i]!, cells.ends[i]!, {
      code: 'read-error',
      message: wide
        ? `The records have ${count(width)} distinct fields, more than the ${count(MAX_COLUMNS)} columns Entropy Lens reads (field ${quoteValue(field)} here is number ${count(MAX_COLUMNS + 1)}): keep only the fields to analyse`
        : `The ${count(rows)} records name ${count(width)} different fields between them (${count(rows * width)} cells as a table), too sparse to read as a table: records should share their field names`,
    });
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string ${quoteValue(value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

/** `: found "…"` with the text at a syntax error, so the message shows what is wrong. */
function near(text: string, offset: number, length: number): string {
  const found = text.slice(offset, offset + Math.max(length, 1));
  return found.trim() === '' ? (offset >= text.length ? ' (the text ends here)' : '') : ` (found ${quoteValue(found)})`;
}

function describeError(error: ParseErrorCode): string {
  const name = printParseErrorCode(error);
  // 'ValueExpected' → 'value expected'
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
