// Streaming reader over fs streams for files too large for memory: decodes chunks, scans records
// with the same scanners as the in-memory readers, reports progress in bytes, honours an
// AbortSignal between chunks, and computes the streaming aggregates in one bounded-memory pass.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { readHeader, reportRecordProblems } from './csv';
import { RecordState, scanRecord, unquoteField } from './csvScanner';
import { fileProblem, notRegularFileProblem, readErrorMessage, sniffedChunks } from './fileBytes';
import type { StreamSniff } from './fileBytes';
import { detectDelimiter, detectFormat, formatFromFileName } from './format';
import { MAX_JSON_DEPTH } from './json';
import { DEFAULT_MAX_PROBLEMS, formatMessageNumber, ProblemCollector, problemAt, quoteValue } from './problems';
import type { PositionSource } from './problems';
import { isMissingSpelling } from './table';
import type { DataFormat, Delimiter, FormatOption, Problem } from './types';
import type { AggregatePart, ModelSums } from './aggregateParts';
import { LabelInterner } from './labelInterner';
import {
  addDivergencePair,
  addCompensatedAt,
  argmaxRows,
  binaryProbabilityLoss,
  binaryTargets,
  clipProbability,
  DEFAULT_EPSILON,
  emptyDivergenceSums,
  errorRate,
  finishDivergenceSums,
  mapColumnsToClasses,
  negativeLogSoftmax,
  pairTotal,
  probabilityLoss,
  ROW_SUM_TOLERANCE,
  sameLabel,
  sigmoid,
  softplus,
  softBrierScore,
  softCrossEntropy,
  softCrossEntropyFromLogits,
  softmaxInto,
  sortClasses,
} from '../core';
import type { Matrix } from '../core';
import { componentName, componentNames } from './componentNames';
import { didYouMean } from './validate';

/** A file path, or any async iterable of chunks (an fs.ReadStream, a web stream reader...). */
export type StreamSource = string | AsyncIterable<Uint8Array | string>;

/** Progress after a chunk. */
export interface StreamProgress {
  bytesRead: number;
  /** File size when known (a path source), else undefined. */
  totalBytes: number | undefined;
  rows: number;
}

export interface StreamOptions {
  format?: FormatOption;
  /** For format detection (a path source uses its own name). */
  fileName?: string;
  delimiter?: Delimiter;
  /** Checked between chunks; an aborted stream resolves with `cancelled: true`, never rejects. */
  signal?: AbortSignal;
  onProgress?: (progress: StreamProgress) => void;
  /** Read size for path sources (default 1 MiB). */
  chunkBytes?: number;
  /**
   * Longest record (CSV) or line (JSON Lines) held while waiting for its end, default 16 MiB: past
   * it the stream stops with a problem (an unclosed quote would otherwise pull in the whole file).
   */
  maxRecordBytes?: number;
  maxProblems?: number;
  /** Read only these bytes of a path source (the parallel split); see `StreamRange`. */
  range?: StreamRange;
}

/**
 * A byte range `[start, end)` of a CSV/TSV file, for reading one file in parts. `end` must follow a
 * line feed. The range that starts the file reads the header; a later range is handed the header
 * and starts at a record boundary, so it neither skips a BOM nor reads a header. Rows, lines and
 * offsets in its batches and problems are relative to the range; `StreamSummary` gives the counts
 * that shift them (`mergeAggregateParts`).
 */
export interface StreamRange {
  start: number;
  end: number;
  /** For a range after the first: the header the first part read. */
  header?: StreamHeader;
  /**
   * For the first range: when the record in progress at `end` is unfinished (a quoted field with a
   * line break across the cut), keep reading to the end of the file instead of stopping, and say so
   * in `StreamSummary.rangeExtended` (the later part started mid-record and must be discarded).
   */
  extendPastEnd?: boolean;
}

/** A CSV/TSV header, read once by the part that starts the file. */
export interface StreamHeader {
  format: 'csv' | 'tsv';
  delimiter: Delimiter;
  columns: readonly string[];
}

/** Which columns a batch carries. */
export interface StreamColumns {
  /** Scalar numeric columns; NaN marks a missing or non-numeric cell (with a problem). */
  numbers?: readonly string[];
  /** Columns delivered as text. */
  labels?: readonly string[];
  /** Columns delivered as ids into a table of distinct texts (no string per row); see `LabelCodes`. */
  labelCodes?: readonly string[];
  /**
   * JSON vector columns, delivered row-major (`rowCount × width`). In JSON Lines a column listed in
   * `numbers` whose first record holds an array is delivered here too.
   */
  vectors?: readonly string[];
}

/** A batch of consecutive records. Arrays are reused after the callback returns: copy to keep. */
export interface RecordBatch {
  /** 0-based data row of the batch's first record. */
  firstRow: number;
  rowCount: number;
  numbers: ReadonlyMap<string, Float64Array>;
  labels: ReadonlyMap<string, string[]>;
  labelCodes: ReadonlyMap<string, LabelCodes>;
  vectors: ReadonlyMap<string, { width: number; values: Float64Array }>;
  /** 0-based line of each record's first character (for problems about whole rows). */
  lines: Float64Array;
  /** UTF-16 offsets (in the decoded file) of each record's start and end. */
  startOffsets: Float64Array;
  endOffsets: Float64Array;
}

/** A label column as ids: `texts[codes[i]]` is row i's text (unquoted), -1 an empty cell. */
export interface LabelCodes {
  codes: Int32Array;
  /** Distinct texts in order of first appearance, shared by all batches (grows as rows are read). */
  texts: readonly string[];
  /**
   * Where each text's first cell is (line, character, offset in the decoded text), parallel to
   * `texts`, when the reader knows it (CSV/TSV); JSON Lines leaves it empty (the record's start is used).
   */
  firstAt: { line: number; character: number; offset: number }[];
}

/** What a finished (or cancelled) stream saw. */
export interface StreamSummary {
  format: DataFormat;
  delimiter: Delimiter | undefined;
  /** Column names from the header (CSV) or the first record (JSON Lines). */
  columns: string[];
  rowCount: number;
  bytesRead: number;
  cancelled: boolean;
  problems: Problem[];
  problemCount: number;
  /** Line breaks and UTF-16 characters consumed (the shift for a later range's positions). */
  lineCount: number;
  characterCount: number;
  /** False when reading stopped early (an over-long record or a read error), or was cancelled. */
  complete: boolean;
  /** With `range.extendPastEnd`: the last record crossed `range.end`, so reading went on to the end of the file. */
  rangeExtended: boolean;
}

/** Records per batch handed to `onBatch`. */
const BATCH_ROWS = 16384;
const DEFAULT_CHUNK_BYTES = 1 << 20;
/** Default longest record carried between chunks before the stream gives up on it (bounded memory). */
const MAX_RECORD_BYTES = 16 << 20;

/** Positions of offsets inside the record being processed (records always start a line). */
class RecordPositions implements PositionSource {
  text = '';
  recordStart = 0;
  line = 0;

  set(text: string, recordStart: number, line: number): void {
    this.text = text;
    this.recordStart = recordStart;
    this.line = line;
  }

  positionAt(offset: number): { line: number; character: number } {
    let line = this.line;
    let lineStart = this.recordStart;
    const text = this.text;
    for (let i = this.recordStart; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, character: Math.max(0, offset - lineStart) };
  }
}

/** The batch being filled. */
class BatchBuffer implements RecordBatch {
  firstRow = 0;
  rowCount = 0;
  readonly numbers = new Map<string, Float64Array>();
  readonly labels = new Map<string, string[]>();
  readonly labelCodes = new Map<string, LabelCodes>();
  /** The table behind each `labelCodes` column. */
  readonly interners = new Map<string, LabelInterner>();
  readonly vectors = new Map<string, { width: number; values: Float64Array }>();
  readonly lines = new Float64Array(BATCH_ROWS);
  readonly startOffsets = new Float64Array(BATCH_ROWS);
  readonly endOffsets = new Float64Array(BATCH_ROWS);

  constructor(columns: StreamColumns) {
    for (const name of columns.numbers ?? []) this.numbers.set(name, new Float64Array(BATCH_ROWS));
    for (const name of columns.labels ?? []) this.labels.set(name, new Array<string>(BATCH_ROWS).fill(''));
    for (const name of columns.labelCodes ?? []) {
      const interner = new LabelInterner();
      this.interners.set(name, interner);
      this.labelCodes.set(name, { codes: new Int32Array(BATCH_ROWS).fill(-1), texts: interner.texts, firstAt: [] });
    }
  }
}

/**
 * Opens a source as chunks plus its size when known. A path that cannot be opened, or that is not
 * a regular file (a directory, a FIFO, /dev/zero: never read), gives the problem instead.
 */
async function open(
  source: StreamSource,
  chunkBytes: number,
  range?: { start: number; end?: number },
): Promise<{ chunks: AsyncIterable<Uint8Array | string>; total: number | undefined; close: () => void } | Problem> {
  if (typeof source !== 'string') return { chunks: source, total: undefined, close: () => undefined };
  try {
    const info = await stat(source);
    const refused = notRegularFileProblem(info);
    if (refused !== undefined) return refused;
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? info.size, info.size);
    if (end <= start) return { chunks: (async function* () {})(), total: 0, close: () => undefined };
    // fs's `end` is inclusive.
    const stream = createReadStream(source, { highWaterMark: chunkBytes, start, end: end - 1 });
    return { chunks: stream, total: end - start, close: () => stream.destroy() };
  } catch (error) {
    return fileProblem(readErrorMessage(error));
  }
}

/**
 * Streams records in batches of up to 16,384 to `onBatch`, in file order. Memory stays bounded
 * by the chunk size, the longest record and one batch. CSV/TSV and JSON Lines are supported; a JSON
 * array document gets an `unsupported-json-shape` problem (read it in memory instead). Problems:
 * as the in-memory CSV reader's (header, ragged rows, quotes) plus `missing-value`/`not-a-number`
 * for requested numeric cells and `missing-value` for requested labels, with exact positions in CSV
 * and the line's range in JSON Lines. Never rejects: I/O errors become a `read-error` problem and
 * an abort resolves with `cancelled: true` (checked between chunks).
 * Example: `await streamRecords('preds.csv', { numbers: ['p'] }, (b) => sum += b.numbers.get('p')![0]!)`
 * resolves with `{ rowCount, bytesRead, problems, cancelled: false, ... }`.
 */
export async function streamRecords(
  source: StreamSource,
  columns: StreamColumns,
  onBatch: (batch: RecordBatch) => void,
  options: StreamOptions = {},
): Promise<StreamSummary> {
  const problems = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const fileName = options.fileName ?? (typeof source === 'string' ? source : undefined);
  const range = options.range;
  const header = range?.header;
  const summary: StreamSummary = {
    format: header !== undefined ? header.format : options.format !== undefined && options.format !== 'auto' ? options.format : (fileName && formatFromFileName(fileName)) || 'csv',
    delimiter: undefined,
    columns: [],
    rowCount: 0,
    bytesRead: 0,
    cancelled: false,
    problems: problems.problems,
    problemCount: 0,
    lineCount: 0,
    characterCount: 0,
    complete: false,
    rangeExtended: false,
  };
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const opened = await open(source, chunkBytes, range);
  if (!('chunks' in opened)) {
    problems.add(opened);
    summary.problemCount = problems.count;
    return summary;
  }
  // The stream that starts the file is sniffed like a whole file (fileBytes.ts): binary refused,
  // UTF-16/32 decoded. A later range (a split) starts mid-file; its first part did that.
  const sniff: StreamSniff = { problem: undefined, encoding: undefined, sourceBytes: 0 };
  const fromStart = range === undefined || (range.start === 0 && header === undefined);
  const chunks = fromStart ? sniffedChunks(opened.chunks, sniff) : opened.chunks;
  const formatKnown = header !== undefined || (options.format !== undefined && options.format !== 'auto') || (fileName !== undefined && formatFromFileName(fileName) !== undefined);
  const joiner = new Utf8Joiner();
  const maxRecordBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  let reader: ChunkReader | undefined;
  const batch = new BatchBuffer(columns);
  const flush = (): void => {
    if (batch.rowCount === 0) return;
    onBatch(batch);
    batch.firstRow += batch.rowCount;
    batch.rowCount = 0;
  };
  const closers = [opened.close];
  /** Feeds chunks to the reader; says why it stopped early, if it did. */
  const feed = async (chunks: AsyncIterable<Uint8Array | string>, sniffed: boolean): Promise<'cancelled' | 'stopped' | undefined> => {
    for await (const chunk of chunks) {
      if (options.signal?.aborted) return 'cancelled';
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      // File bytes, also when they were decoded from UTF-16/32 (sniffedChunks counts them).
      summary.bytesRead = sniffed ? sniff.sourceBytes : summary.bytesRead + bytes.byteLength;
      const text = joiner.join(bytes, false);
      if (reader === undefined) {
        if (!formatKnown) summary.format = detectFormat(text);
        if (summary.format === 'json') {
          problems.add({
            code: 'unsupported-json-shape',
            severity: 'error',
            message: 'A JSON array document cannot be streamed; stream JSON Lines or CSV, or open it in memory',
            line: 0,
            character: 0,
            offset: 0,
            raw: '',
          });
          return 'stopped';
        }
        reader =
          summary.format === 'jsonl'
            ? new JsonLinesChunkReader(columns, batch, problems, flush)
            : new CsvChunkReader(header?.delimiter ?? options.delimiter ?? (summary.format === 'tsv' ? '\t' : detectDelimiter(text)), columns, batch, problems, flush, header?.columns);
      }
      joiner.consumed(reader.push(text, false));
      summary.rowCount = reader.rows;
      if (joiner.carried > maxRecordBytes) {
        // One record this long is an unclosed quote (or a file without line breaks): stop rather than hold the file.
        problems.add({
          code: summary.format === 'jsonl' ? 'json-syntax' : 'unterminated-quote',
          severity: 'error',
          message:
            summary.format === 'jsonl'
              ? `A line is longer than ${maxRecordBytes} bytes; reading stopped there`
              : `A record is longer than ${maxRecordBytes} bytes, most likely a quote that is never closed; reading stopped there`,
          line: reader.line,
          character: 0,
          offset: reader.offset,
          raw: '',
        });
        return 'stopped';
      }
      options.onProgress?.({ bytesRead: summary.bytesRead, totalBytes: opened.total, rows: reader.rows });
    }
    return undefined;
  };
  try {
    let ended = await feed(chunks, fromStart);
    if (sniff.problem !== undefined) {
      problems.add(sniff.problem);
      ended = 'stopped';
    }
    // The range ends after a line feed, so bytes still carried there are an unfinished record: a
    // quoted line break crosses the cut. Reading on to the end of the file gives what one pass would.
    if (ended === undefined && range?.extendPastEnd === true && typeof source === 'string' && joiner.carried > 0) {
      const rest = await open(source, chunkBytes, { start: range.end });
      if (!('chunks' in rest)) throw new Error(rest.message);
      closers.push(rest.close);
      summary.rangeExtended = true;
      ended = await feed(rest.chunks, false);
    }
    if (ended === 'cancelled') summary.cancelled = true;
    if (reader !== undefined && ended === undefined) {
      reader.push(joiner.join(new Uint8Array(0), true), true);
      summary.rowCount = reader.rows;
    }
    flush();
    summary.complete = ended === undefined;
  } catch (error) {
    summary.complete = false;
    problems.add({ code: 'read-error', severity: 'error', message: `Cannot read the file: ${error instanceof Error ? error.message : String(error)}`, line: 0, character: 0, offset: 0, raw: '' });
  } finally {
    for (const close of closers) close();
  }
  if (reader !== undefined) {
    summary.columns = reader.columnNames;
    summary.delimiter = reader.delimiter;
    summary.lineCount = reader.line;
    summary.characterCount = reader.offset;
  }
  summary.problemCount = problems.count;
  return summary;
}

/** Turns decoded text chunks into records. */
interface ChunkReader {
  rows: number;
  columnNames: string[];
  delimiter: Delimiter | undefined;
  /** 0-based line and file offset where the next unread record starts. */
  readonly line: number;
  readonly offset: number;
  /** Reads the complete records of `text` (all of it when final); returns the characters consumed. */
  push(text: string, final: boolean): number;
}

/**
 * Turns byte chunks into flat strings: the unconsumed tail of the previous text plus the new bytes
 * up to their last line feed. Concatenating strings would build cons strings, which V8 reads
 * far more slowly in charCodeAt loops, so the tail is carried as bytes and the whole is decoded at
 * once (as Latin-1 when it is ASCII: the same string, decoded faster). The bytes are gathered in
 * one buffer reused for the whole stream (the carried tail moved to its front), not concatenated
 * into a new one per chunk.
 */
class Utf8Joiner {
  private buffer = Buffer.allocUnsafe(0);
  /** Bytes held: the carried tail, then the chunks appended after it. */
  private length = 0;
  private cut = 0;
  private ascii = true;
  private text = '';

  private append(chunk: Uint8Array): void {
    const need = this.length + chunk.byteLength;
    if (need > this.buffer.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buffer.length * 2));
      this.buffer.copy(next, 0, 0, this.length);
      this.buffer = next;
    }
    this.buffer.set(chunk, this.length);
    this.length = need;
  }

  join(chunk: Uint8Array, final: boolean): string {
    this.append(chunk);
    const held = this.buffer.subarray(0, this.length);
    // Cut after the last line feed: a record never ends mid-text, so the scanner never reads past
    // the end of a string (which makes V8 deoptimise it once per chunk), and a byte 0x0A is never
    // inside a multi-byte character.
    this.cut = final ? this.length : held.lastIndexOf(0x0a) + 1;
    const complete = held.subarray(0, this.cut);
    this.ascii = isAscii(complete);
    this.text = complete.toString(this.ascii ? 'latin1' : 'utf8');
    return this.text;
  }

  /** Bytes waiting for the next chunk. */
  get carried(): number {
    return this.length;
  }

  /** The reader consumed `characters` of the last text; the rest is carried, moved to the front. */
  consumed(characters: number): void {
    if (this.ascii) {
      this.buffer.copyWithin(0, characters, this.length);
      this.length -= characters;
      return;
    }
    // Re-encoded from the text, as before (an invalid sequence is U+FFFD by then).
    const rest = Buffer.from(this.text.slice(characters), 'utf8');
    const tail = Buffer.from(this.buffer.subarray(this.cut, this.length));
    this.length = 0;
    this.append(rest);
    this.append(tail);
  }
}

/** CSV over chunks: the text after the last complete record is carried into the next chunk. */
class CsvChunkReader implements ChunkReader {
  rows = 0;
  columnNames: string[] = [];
  private base = 0;
  line = 0;

  get offset(): number {
    return this.base;
  }
  private started = false;
  private width = -1;
  private readonly state = new RecordState();
  private readonly positions = new RecordPositions();
  private readonly delimiterCode: number;
  private numberColumns: { index: number; values: Float64Array; name: string }[] = [];
  private labelColumns: { index: number; values: string[]; name: string }[] = [];
  private codeColumns: { index: number; codes: Int32Array; interner: LabelInterner; firstAt: LabelCodes['firstAt']; name: string }[] = [];

  constructor(
    readonly delimiter: Delimiter,
    private readonly columns: StreamColumns,
    private readonly batch: BatchBuffer,
    private readonly problems: ProblemCollector,
    private readonly flush: () => void,
    header?: readonly string[],
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
    const view = Object.create(problems) as ProblemCollector;
    view.add = (p: Problem) => problems.add(this.shift(p));
    view.report = (build: () => Problem) => problems.report(() => this.shift(build()));
    this.shifted = view;
    if (header !== undefined) {
      // A later part of a split file: it starts at a record, after the header the first part read
      // (and reported on), so no BOM and no header here.
      this.started = true;
      this.useHeader([...header], false);
    }
  }

  /** Takes the column names and finds the requested columns (unknown ones reported when `report`). */
  private useHeader(names: string[], report: boolean): void {
    this.width = names.length;
    this.columnNames = names;
    const indexOf = (name: string): number => {
      const index = names.indexOf(name);
      if (index < 0 && report) this.problems.add(unknownColumn(name, names));
      return index;
    };
    this.numberColumns = (this.columns.numbers ?? []).map((name) => ({ name, index: indexOf(name), values: this.batch.numbers.get(name)! }));
    this.labelColumns = (this.columns.labels ?? []).map((name) => ({ name, index: indexOf(name), values: this.batch.labels.get(name)! }));
    this.codeColumns = (this.columns.labelCodes ?? []).map((name) => {
      const codes = this.batch.labelCodes.get(name)!;
      return { name, index: indexOf(name), codes: codes.codes, firstAt: codes.firstAt, interner: this.batch.interners.get(name)! };
    });
    if (report) for (const name of this.columns.vectors ?? []) this.problems.add(unknownColumn(name, names));
  }

  push(text: string, final: boolean): number {
    const state = this.state;
    let position = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) position = 1;
    }
    const length = text.length;
    while (position < length) {
      scanRecord(text, position, this.delimiterCode, state);
      // A record is complete at a line break inside the text; a CR at the very end may be half a CRLF.
      const complete = state.terminated && !(state.next === length && text.charCodeAt(state.end) === 0x0d);
      if (!complete && !final) break;
      this.positions.set(text, position, this.line);
      if (!state.isBlank(text)) this.record(text, position);
      this.line += state.lineBreaks + (state.terminated ? 1 : 0);
      position = state.next;
    }
    this.base += position;
    return position;
  }

  private record(text: string, recordStart: number): void {
    const state = this.state;
    const shifted = this.shifted;
    if (this.width < 0) {
      this.useHeader(
        readHeader(text, this.positions, state, shifted).map((c) => c.name),
        true,
      );
      if (state.unterminatedQuote >= 0) reportRecordProblems(text, this.positions, state, shifted, -1);
      return;
    }
    const width = this.width;
    const row = this.rows++;
    const batch = this.batch;
    const i = batch.rowCount++;
    batch.lines[i] = this.line;
    batch.startOffsets[i] = this.base + recordStart;
    batch.endOffsets[i] = this.base + state.end;
    let used = state.count;
    if (used === width + 1 && state.starts[width] === state.ends[width]) used = width;
    if (used !== width || state.unterminatedQuote >= 0 || state.strayQuote >= 0) {
      reportRecordProblems(text, this.positions, state, shifted, row, width, used, recordStart);
    }
    const values = state.values;
    const numberColumns = this.numberColumns;
    for (let c = 0; c < numberColumns.length; c++) {
      const column = numberColumns[c]!;
      const index = column.index;
      if (index >= 0 && index < used) {
        const value = values[index]!;
        column.values[i] = value;
        if (value !== value) this.cellProblem(text, row, column.name, index, recordStart, false);
      } else {
        column.values[i] = NaN;
        if (index >= 0) this.cellProblem(text, row, column.name, -1, recordStart, false);
      }
    }
    for (const column of this.labelColumns) {
      const index = column.index;
      const value = index >= 0 && index < used ? unquoteField(text, state.starts[index]!, state.ends[index]!) : '';
      column.values[i] = value;
      if (index >= 0 && value.trim() === '') this.cellProblem(text, row, column.name, index < used ? index : -1, recordStart, true);
    }
    for (const column of this.codeColumns) {
      const index = column.index;
      const known = column.interner.texts.length;
      const id = index >= 0 && index < used ? column.interner.idOfField(text, state.starts[index]!, state.ends[index]!) : -1;
      column.codes[i] = id;
      // A label seen for the first time: where its cell is, for a problem about that label.
      if (id >= known) column.firstAt[id] = { ...this.positions.positionAt(state.starts[index]!), offset: this.base + state.starts[index]! };
      if (index >= 0 && (id < 0 || column.interner.blank[id] === true)) this.cellProblem(text, row, column.name, index < used ? index : -1, recordStart, true);
    }
    if (batch.rowCount === BATCH_ROWS) this.flush();
  }

  private cellProblem(text: string, row: number, column: string, index: number, recordStart: number, label: boolean): void {
    const state = this.state;
    this.problems.report(() => {
      const start = index >= 0 ? state.starts[index]! : recordStart;
      const end = index >= 0 ? state.ends[index]! : state.end;
      const cell = index >= 0 ? unquoteField(text, start, end) : '';
      const missing = label ? true : isMissingSpelling(cell);
      const problem = problemAt(text, this.positions, start, end, {
        code: missing ? 'missing-value' : 'not-a-number',
        message: missing
          ? cell.trim() === ''
            ? `Missing value in column "${column}"`
            : `Missing value (${cell.trim()}) in column "${column}"`
          : `${quoteValue(cell)} in column "${column}" is not a number`,
        row,
        column,
      });
      return this.shift(problem);
    });
  }

  private shift(problem: Problem): Problem {
    problem.offset += this.base;
    if (problem.endOffset !== undefined) problem.endOffset += this.base;
    return problem;
  }

  /** A collector view that moves buffer offsets to file offsets (this.base at the time of the call). */
  private readonly shifted: ProblemCollector;
}

/** JSON Lines over chunks: complete lines are parsed with JSON.parse; dotted names walk nested objects. */
class JsonLinesChunkReader implements ChunkReader {
  rows = 0;
  columnNames: string[] = [];
  readonly delimiter = undefined;
  private base = 0;
  line = 0;

  get offset(): number {
    return this.base;
  }
  private started = false;
  private readonly vectorNames: string[];

  constructor(
    columns: StreamColumns,
    private readonly batch: BatchBuffer,
    private readonly problems: ProblemCollector,
    private readonly flush: () => void,
  ) {
    this.vectorNames = [...(columns.vectors ?? [])];
  }

  push(text: string, final: boolean): number {
    let position = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) position = 1;
    }
    for (;;) {
      const newline = text.indexOf('\n', position);
      if (newline < 0 && !final) break;
      const next = newline < 0 ? text.length : newline + 1;
      let end = newline < 0 ? text.length : newline;
      if (end > position && text.charCodeAt(end - 1) === 0x0d) end--;
      if (position >= text.length) break;
      this.lineRecord(text, position, end);
      this.line++;
      position = next;
      if (newline < 0) break;
    }
    this.base += position;
    return position;
  }

  private lineRecord(text: string, start: number, end: number): void {
    const lineText = text.slice(start, end);
    if (lineText.trim() === '') return;
    const report = (code: Problem['code'], message: string, row?: number, column?: string): void =>
      this.problems.report(() => ({
        code,
        severity: 'error',
        message,
        line: this.line,
        character: 0,
        endLine: this.line,
        endCharacter: end - start,
        offset: this.base + start,
        endOffset: this.base + end,
        ...(row === undefined ? {} : { row }),
        ...(column === undefined ? {} : { column }),
        raw: lineText.slice(0, 200),
      }));
    let record: unknown;
    try {
      record = JSON.parse(lineText);
    } catch (error) {
      report('json-syntax', `JSON syntax error: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      report('not-an-object', 'This line is not an object: each JSON Lines line must be one record object');
      return;
    }
    const object = record as Record<string, unknown>;
    if (depthOf(object) > MAX_JSON_DEPTH) {
      // JSON.parse takes any depth; the walks below would not (and the in-memory reader refuses it).
      report('json-syntax', `JSON nested more than ${MAX_JSON_DEPTH} levels deep here (arrays and objects inside one another): Entropy Lens reads records nested at most ${MAX_JSON_DEPTH} levels deep`);
      return;
    }
    if (this.rows === 0) {
      this.columnNames = flattenNames(object);
      // A requested numeric column that holds arrays is a vector column.
      for (const name of [...this.batch.numbers.keys()]) {
        if (Array.isArray(valueAt(object, name))) {
          this.batch.numbers.delete(name);
          this.vectorNames.push(name);
        }
      }
    }
    const row = this.rows++;
    const batch = this.batch;
    const i = batch.rowCount++;
    batch.lines[i] = this.line;
    batch.startOffsets[i] = this.base + start;
    batch.endOffsets[i] = this.base + end;
    for (const [name, values] of batch.numbers) {
      const value = valueAt(object, name);
      values[i] = typeof value === 'number' ? value : NaN;
      if (typeof value !== 'number') {
        if (value === undefined || value === null || value === '') report('missing-value', `Missing value in column "${name}"`, row, name);
        else report('not-a-number', `${quoteValue(typeof value === 'string' ? value : JSON.stringify(value))} in column "${name}" is not a number`, row, name);
      }
    }
    for (const [name, values] of batch.labels) {
      const value = valueAt(object, name);
      values[i] = value === undefined || value === null ? '' : typeof value === 'string' ? value : String(value);
      if (values[i] === '') report('missing-value', `Missing value in column "${name}"`, row, name);
    }
    for (const [name, column] of batch.labelCodes) {
      const value = valueAt(object, name);
      const id = batch.interners.get(name)!.idOf(value === undefined || value === null ? '' : typeof value === 'string' ? value : String(value));
      column.codes[i] = id;
      if (id < 0) report('missing-value', `Missing value in column "${name}"`, row, name);
    }
    for (const name of this.vectorNames) {
      const value = valueAt(object, name);
      let vector = batch.vectors.get(name);
      if (vector === undefined && Array.isArray(value)) {
        vector = { width: value.length, values: new Float64Array(BATCH_ROWS * value.length) };
        batch.vectors.set(name, vector);
      }
      if (vector === undefined) {
        report(value === undefined || value === null ? 'missing-value' : 'not-a-number', `Column "${name}" is not an array of numbers here`, row, name);
        continue;
      }
      const ok = Array.isArray(value) && value.length === vector.width && value.every((v) => typeof v === 'number');
      for (let k = 0; k < vector.width; k++) vector.values[i * vector.width + k] = ok ? (value as number[])[k]! : NaN;
      if (!ok) {
        if (Array.isArray(value) && value.length !== vector.width) report('vector-length', `"${name}" has ${value.length} values here but ${vector.width} in the first row`, row, name);
        else report(value === undefined || value === null ? 'missing-value' : 'not-a-number', `Column "${name}" is not an array of numbers here`, row, name);
      }
    }
    if (batch.rowCount === BATCH_ROWS) this.flush();
  }
}

/** A field by exact key, else by walking a dotted path through nested objects. */
function valueAt(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  let current: unknown = object;
  for (const part of name.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** How deeply arrays and objects nest in a parsed value (an explicit stack: no recursion). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

function flattenNames(object: Record<string, unknown>, prefix = ''): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) names.push(...flattenNames(value as Record<string, unknown>, `${prefix}${key}.`));
    else names.push(prefix + key);
  }
  return names;
}

function unknownColumn(name: string, columns: readonly string[]): Problem {
  return { code: 'unknown-column', severity: 'error', message: `No column named ${quoteValue(name)} (columns: ${columns.join(', ')})`, line: 0, character: 0, offset: 0, raw: name };
}

/** One model to score while streaming: probability or logit columns (or one vector column). */
export interface StreamModelSpec {
  name?: string;
  kind: 'probabilities' | 'logits';
  columns: readonly string[];
}

/** What to aggregate in one pass. */
export interface AggregateSpec {
  /** Label column: class counts (entropy) and the truth for cross-entropy. */
  label?: string;
  /** Class order; default: the core's rule (sorted labels), or by column name (p_cow ↔ cow). */
  classes?: readonly string[];
  /** Binary: the positive label (default: the greater label in the core's order). */
  positiveLabel?: string;
  models?: readonly StreamModelSpec[];
  /** One-hot or soft target columns instead of a label column. */
  targets?: readonly string[];
  /** Two columns taken as distributions over rows, for D(P‖Q) and D(Q‖P). */
  kl?: { p: string; q: string };
  /** Probability clipping; default the core's default ε; `'none'` gives +∞ losses. */
  epsilon?: number | 'none';
  /** Normalise probability rows first instead of reporting rows that do not sum to 1. */
  normalize?: boolean;
  /**
   * |Σp − 1| a row may be off by and still be used as given; default 1e-6. Callers pass the
   * rounding of the numbers as written (six decimals over three columns: 1.5e-6).
   */
  rowSumTolerance?: number;
  /** Keep per-row losses of each model (8 or 4 bytes a row). Default `'none'`. */
  perRowLoss?: 'float64' | 'float32' | 'none';
}

/** One model's streamed scores, in nats. */
export interface StreamModelResult {
  name: string;
  columns: string[];
  n: number;
  sumNats: number;
  meanNats: number;
  brier: number;
  errorRate: number;
  clipped: number;
  infinite: number;
  perRowLoss?: Float64Array | Float32Array;
}

/** Streamed aggregates; every number in nats. */
export interface AggregateResult extends StreamSummary {
  classes: string[];
  /** Label counts in `classes` order (entropy of the label column). */
  counts: number[];
  models: StreamModelResult[];
  kl?: {
    sumP: number;
    sumQ: number;
    /** D(P‖Q) and D(Q‖P) of the normalised columns, +∞ where P>0 and Q=0 (counted). */
    pqNats: number;
    qpNats: number;
    infinitePq: number;
    infiniteQp: number;
  };
}

/**
 * Per-label sums for one model while the class mapping may still be unknown. Flat typed arrays
 * indexed `label id × candidates + k`, grown by doubling, so a row's updates touch one cache line
 * run and a batch allocates nothing.
 */
class ModelAccumulator implements ModelSums {
  width = -1;
  /** Candidate true columns per label (binary: 0 = label negative, 1 = label positive). */
  candidates = 0;
  /** Per label id, per candidate true column k: sums of losses, Brier scores, clipped and infinite rows. */
  loss = new Float64Array(0);
  brier = new Float64Array(0);
  /** The compensations of loss and brier (Neumaier): hi + lo is each sum to ~n·ε², whatever the grouping. */
  lossLo = new Float64Array(0);
  brierLo = new Float64Array(0);
  clipped = new Float64Array(0);
  infinite = new Float64Array(0);
  /** Per label id, rows whose prediction is column k (binary: [negative, positive]). */
  predicted = new Float64Array(0);
  readonly count: number[] = [];
  /** Per label id: its column when the class order is given up front, else -1 (cached). */
  readonly known: number[] = [];
  /** Scratch rows (raw values, and exponentials or prefix sums of squares), reused across batches. */
  row = new Float64Array(0);
  aux = new Float64Array(0);
  /** Targets mode: the loss and Brier sums as compensated pairs ([loss, Brier] and their corrections). */
  targetHi = new Float64Array(2);
  targetLo = new Float64Array(2);
  errors = 0;
  clippedRows = 0;
  infiniteRows = 0;
  n = 0;
  perRow: Float64Array | Float32Array | undefined;

  constructor(
    readonly spec: StreamModelSpec,
    private readonly perRowKind: 'float64' | 'float32' | 'none',
  ) {}

  setWidth(width: number): void {
    this.width = width;
    this.candidates = width === 1 ? 2 : width;
    this.row = new Float64Array(width);
    this.aux = new Float64Array(width);
  }

  /** Makes room for label id `label`. */
  slot(label: number): void {
    if (label < this.count.length) return;
    const need = (label + 1) * this.candidates;
    if (need > this.loss.length) {
      const size = Math.max(need, this.loss.length * 2, 16 * this.candidates);
      const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
        const next = new Float64Array(size);
        next.set(a);
        return next;
      };
      this.loss = grow(this.loss);
      this.brier = grow(this.brier);
      this.lossLo = grow(this.lossLo);
      this.brierLo = grow(this.brierLo);
      this.clipped = grow(this.clipped);
      this.infinite = grow(this.infinite);
      this.predicted = grow(this.predicted);
    }
    while (this.count.length <= label) this.count.push(0);
  }

  /** The sums as plain data (for a part posted from another thread). */
  sums(): ModelSums {
    const { width, candidates, loss, brier, lossLo, brierLo, clipped, infinite, predicted, count, targetHi, targetLo, errors, clippedRows, infiniteRows, n, perRow } = this;
    return { width, candidates, loss, brier, lossLo, brierLo, clipped, infinite, predicted, count, targetHi, targetLo, errors, clippedRows, infiniteRows, n, perRow };
  }

  storeRow(row: number, value: number): void {
    if (this.perRowKind === 'none') return;
    if (this.perRow === undefined || row >= this.perRow.length) {
      const size = Math.max(1024, (this.perRow?.length ?? 0) * 2, row + 1);
      const next = this.perRowKind === 'float32' ? new Float32Array(size) : new Float64Array(size);
      next.fill(NaN);
      if (this.perRow !== undefined) next.set(this.perRow);
      this.perRow = next;
    }
    this.perRow[row] = value;
  }
}

/**
 * Streams a file once and computes, with bounded memory: label counts (entropy of the label
 * column), and per model the sum and mean cross-entropy, Brier score, error rate, clipped and
 * infinite rows (all in nats), plus KL sums for two columns taken as distributions over rows.
 *
 * The losses follow the core's formulas term by term (binaryCrossEntropy, crossEntropy,
 * crossEntropyFromLogits, the Brier and error-rate functions; softCrossEntropy batch by batch for
 * targets) in one fused O(classes) pass per row that also validates the row. When the class order
 * (and so each row's true column) is given up front, each row is scored against its class; when it
 * is only known once every label has been seen, the sums are kept per label value and candidate
 * column, and at the end the core's mapping rule (mapColumnsToClasses, binaryTargets) picks the
 * column of each label. Memory: O(labels × classes) plus, when asked, one float per row for per-row losses
 * (available when the mapping is known up front: `classes` given for several columns,
 * `positiveLabel` for one column, or `targets`).
 * KL: D(P‖Q) = (1/ΣP)·Σ P ln(P/Q) − ln ΣP + ln ΣQ over rows, +∞ when some P > 0 has Q = 0.
 * Rows with a missing or invalid value are left out of that model and reported as problems (rows
 * whose probabilities do not sum to 1 too, unless `normalize`). Never rejects.
 * Example: samples/three-class-models.csv with `targets: ['target_0', 'target_1', 'target_2']` and
 * models m1_p0..2 and m2_p0..2 gives meanNats 1.3783889 and 0.6391076 (1.988595 and 0.922037 bits),
 * the same as the core's softCrossEntropy on the whole file.
 */
export async function streamAggregates(source: StreamSource, spec: AggregateSpec, options: StreamOptions = {}): Promise<AggregateResult> {
  return finishAggregates(await streamAggregatePart(source, spec, options), spec, options);
}

/**
 * The first half of `streamAggregates`: one pass over the source (or `options.range` of it) that
 * keeps the sums per label value, before the class mapping is resolved. Parts of consecutive
 * ranges merge with `mergeAggregateParts`; `finishAggregates` turns a part into the result.
 */
export async function streamAggregatePart(source: StreamSource, spec: AggregateSpec, options: StreamOptions = {}): Promise<AggregatePart> {
  const models = (spec.models ?? []).map((model) => new ModelAccumulator(model, spec.perRowLoss ?? 'none'));
  const eps = spec.epsilon ?? DEFAULT_EPSILON;
  const epsValue = eps === 'none' ? 0 : eps;
  const numbers = new Set<string>();
  for (const model of spec.models ?? []) for (const c of model.columns) numbers.add(c);
  for (const c of spec.targets ?? []) numbers.add(c);
  if (spec.kl !== undefined) {
    numbers.add(spec.kl.p);
    numbers.add(spec.kl.q);
  }
  let labelTexts: readonly string[] = [];
  const labelFirstLine: number[] = [];
  const labelFirstCharacter: number[] = [];
  const labelFirstOffset: number[] = [];
  const labelCounts: number[] = [];
  const kl = emptyDivergenceSums();
  const extra = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const rowProblem = (batch: RecordBatch, i: number, code: Problem['code'], message: string, column?: string): void =>
    extra.report(() => ({
      code,
      severity: 'error',
      message,
      line: batch.lines[i]!,
      character: 0,
      offset: batch.startOffsets[i]!,
      endOffset: batch.endOffsets[i]!,
      row: batch.firstRow + i,
      ...(column === undefined ? {} : { column }),
      raw: '',
    }));

  const onBatch = (batch: RecordBatch): void => {
    const n = batch.rowCount;
    let labelOf: Int32Array | undefined;
    if (spec.label !== undefined) {
      const column = batch.labelCodes.get(spec.label)!;
      labelOf = column.codes;
      labelTexts = column.texts;
      for (let i = 0; i < n; i++) {
        const id = labelOf[i]!;
        if (id < 0) continue;
        // Ids are handed out in row order, so a new one is always the next.
        if (id === labelCounts.length) {
          const at = column.firstAt[id];
          labelFirstLine.push(at?.line ?? batch.lines[i]!);
          labelFirstCharacter.push(at?.character ?? 0);
          labelFirstOffset.push(at?.offset ?? batch.startOffsets[i]!);
          labelCounts.push(0);
        }
        labelCounts[id]!++;
      }
    }
    // The core's own check of ε (the targets path still calls the core): thrown, the stream stops
    // with it as a read-error problem, as when every path went through the core.
    if (models.length > 0 && !(epsValue >= 0 && epsValue < 0.5)) throw new Error(`eps must be in [0, 0.5) or 'none', got ${epsValue}`);
    for (const model of models) {
      if (spec.targets !== undefined) scoreTargetsBatch(model, batch, labelOf, spec, rowProblem);
      else if (labelOf !== undefined) scoreLabelledBatch(model, batch, labelOf, spec, epsValue, rowProblem);
    }
    if (spec.kl !== undefined) {
      const p = batch.numbers.get(spec.kl.p)!;
      const q = batch.numbers.get(spec.kl.q)!;
      for (let i = 0; i < n; i++) {
        const a = p[i]!;
        const b = q[i]!;
        if (a !== a || b !== b) continue;
        if (a < 0 || b < 0 || a === Infinity || b === Infinity) {
          rowProblem(batch, i, 'not-a-number', `A distribution needs finite non-negative values (${spec.kl.p} = ${a}, ${spec.kl.q} = ${b})`);
          continue;
        }
        addDivergencePair(kl, a, b);
      }
    }
  };

  const summary = await streamRecords(source, { numbers: [...numbers], labelCodes: spec.label === undefined ? [] : [spec.label] }, onBatch, options);
  return {
    summary,
    labels: labelTexts.slice(0, labelCounts.length),
    labelFirstLine,
    labelFirstCharacter,
    labelFirstOffset,
    labelCounts,
    models: models.map((model) => model.sums()),
    kl,
    rowProblems: extra.problems,
    rowProblemCount: extra.count,
  };
}

/** Model `i`'s display name. */
function modelName(spec: AggregateSpec, i: number): string {
  return spec.models?.[i]?.name ?? `model ${i + 1}`;
}

/**
 * The second half of `streamAggregates`: resolves the class mapping now that every label has been
 * seen (the core's sortClasses, mapColumnsToClasses, binaryTargets), picks each label's column of
 * the per-label sums, and lists the reader's and the scoring problems in file order.
 */
export function finishAggregates(part: AggregatePart, spec: AggregateSpec, options: Pick<StreamOptions, 'maxProblems'> = {}): AggregateResult {
  const { summary, labelFirstLine, labelFirstCharacter, labelFirstOffset, labelCounts, kl } = part;
  const extra = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  extra.problems.push(...part.rowProblems);
  extra.count = part.rowProblemCount;
  const distinct = part.labels;
  const result: AggregateResult = { ...summary, classes: [], counts: [], models: [] };
  if (distinct.length > 0) {
    try {
      const sorted = sortClasses(distinct);
      result.classes = sorted.classes.map(String);
      result.counts = sorted.classes.map(() => 0);
      distinct.forEach((label, id) => {
        const k = sorted.classes.findIndex((c) => sameLabel(c, label));
        result.counts[k] = (result.counts[k] ?? 0) + (labelCounts[id] ?? 0);
      });
    } catch (error) {
      extra.add(coreProblem(error));
    }
  }
  for (const [i, model] of part.models.entries()) {
    const modelSpec = spec.models![i]!;
    const name = modelName(spec, i);
    const columns = [...modelSpec.columns];
    const out: StreamModelResult = { name, columns, n: 0, sumNats: 0, meanNats: NaN, brier: NaN, errorRate: NaN, clipped: 0, infinite: 0 };
    if (spec.targets !== undefined) {
      const sumNats = pairTotal([model.targetHi[0]!], [model.targetLo[0]!]);
      const brier = pairTotal([model.targetHi[1]!], [model.targetLo[1]!]) / model.n;
      Object.assign(out, { n: model.n, sumNats, brier, errorRate: model.errors / model.n, clipped: model.clippedRows, infinite: model.infiniteRows });
    } else if (model.width > 0 && distinct.length > 0) {
      try {
        const candidate = candidateOf(model.width, modelSpec.columns, distinct, spec);
        let errors = 0;
        const lossParts: number[] = [];
        const lossCorrections: number[] = [];
        const brierParts: number[] = [];
        const brierCorrections: number[] = [];
        distinct.forEach((label, id) => {
          const k = candidate[id]!;
          const count = model.count[id] ?? 0;
          if (count === 0) return;
          if (k < 0) {
            const rows = `${count} row${count === 1 ? '' : 's'} left out`;
            const classes = spec.classes ?? [];
            const known = classes.length > 0 ? ` (${classes.join(', ')})` : '';
            extra.add({
              code: 'unknown-label',
              severity: 'error',
              message: `Label ${quoteValue(label)} is not among the classes of ${name}${known}${didYouMean(label, classes)} (${rows})`,
              line: labelFirstLine[id]!,
              character: labelFirstCharacter[id] ?? 0,
              offset: labelFirstOffset[id] ?? 0,
              raw: label,
              column: spec.label!,
            });
            return;
          }
          out.n += count;
          const at = id * model.candidates;
          lossParts.push(model.loss[at + k]!);
          lossCorrections.push(model.lossLo[at + k]!);
          brierParts.push(model.brier[at + k]!);
          brierCorrections.push(model.brierLo[at + k]!);
          out.clipped += model.clipped[at + k]!;
          out.infinite += model.infinite[at + k]!;
          errors += model.width === 1 ? (k === 1 ? count - model.predicted[at + 1]! : model.predicted[at + 1]!) : count - model.predicted[at + k]!;
        });
        out.sumNats = pairTotal(lossParts, lossCorrections);
        out.brier = pairTotal(brierParts, brierCorrections) / out.n;
        out.errorRate = errors / out.n;
      } catch (error) {
        extra.add(coreProblem(error));
      }
    }
    out.meanNats = out.sumNats / out.n;
    if (model.perRow !== undefined) out.perRowLoss = model.perRow.subarray(0, summary.rowCount);
    result.models.push(out);
  }
  if (spec.kl !== undefined) {
    const d = finishDivergenceSums(kl);
    result.kl = { sumP: d.totalP, sumQ: d.totalQ, pqNats: d.klPQNats, qpNats: d.klQPNats, infinitePq: d.infinitePQ, infiniteQp: d.infiniteQP };
  }
  const merged = [...summary.problems, ...extra.problems].sort((a, b) => a.offset - b.offset);
  result.problems = merged.slice(0, options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  result.problemCount = summary.problemCount + extra.count;
  return result;
}

/** The true column of each label id under the core's rules. */
function candidateOf(width: number, columns: readonly string[], distinct: readonly string[], spec: AggregateSpec): number[] {
  if (width === 1) {
    const targets = binaryTargets(distinct, spec.positiveLabel);
    return distinct.map((label) => (sameLabel(label, targets.positive) ? 1 : 0));
  }
  const names = componentNames(columns, width);
  const mapping = mapColumnsToClasses(names, distinct, spec.classes);
  return distinct.map((label) => mapping.classes.findIndex((c) => sameLabel(c, label)));
}

/** Candidate column for a label when the mapping is known up front (per-row losses), else -1. */
function knownCandidate(model: ModelAccumulator, label: string, spec: AggregateSpec): number {
  if (model.width === 1) return spec.positiveLabel === undefined ? -1 : sameLabel(label, spec.positiveLabel) ? 1 : 0;
  if (spec.classes === undefined) return -1;
  return spec.classes.findIndex((c) => sameLabel(c, label));
}

/** Scores one batch for one model against target columns (soft or one-hot), through the core. */
/** Reports a row problem for the batch's row `i` (set up by streamAggregates). */
type RowProblemReporter = (batch: RecordBatch, i: number, code: Problem['code'], message: string, column?: string) => void;

/**
 * Whether prediction value `v` (column `k` of a group) can be scored; when not — NaN is already a
 * missing-value problem, ±∞ is not finite, a probability outside [0, 1] — reports why and says no.
 */
function usablePrediction(
  v: number,
  k: number,
  batch: RecordBatch,
  i: number,
  columns: readonly string[],
  vector: boolean,
  probabilities: boolean,
  rowProblem: RowProblemReporter,
): boolean {
  if (!(v - v === 0)) {
    if (v === v) rowProblem(batch, i, probabilities ? 'probability-out-of-range' : 'not-a-number', `${columns.join(', ')}: ${v} is not a finite number`, columns[0]);
    return false;
  }
  if (probabilities && (v < 0 || v > 1)) {
    rowProblem(batch, i, 'probability-out-of-range', `${componentName(columns, k, vector)} = ${formatMessageNumber(v)} is outside [0, 1]`, columns[0]);
    return false;
  }
  return true;
}

/**
 * A model's prediction columns in a batch — one vector column (row-major) or one array per scalar
 * column — with its width, which the model takes on first sight (later batches are checked
 * against it by the caller).
 */
function predictionColumns(
  model: ModelAccumulator,
  batch: RecordBatch,
): { columns: readonly string[]; vector: { width: number; values: Float64Array } | undefined; width: number; sources: Float64Array[] | undefined } {
  const columns = model.spec.columns;
  const vector = columns.length === 1 ? batch.vectors.get(columns[0]!) : undefined;
  const width = vector !== undefined ? vector.width : columns.length;
  if (model.width < 0) model.setWidth(width);
  return { columns, vector, width, sources: vector === undefined ? columns.map((c) => batch.numbers.get(c)!) : undefined };
}

function scoreTargetsBatch(
  model: ModelAccumulator,
  batch: RecordBatch,
  labelOf: Int32Array | undefined,
  spec: AggregateSpec,
  rowProblem: RowProblemReporter,
): void {
  const { columns, vector, width, sources } = predictionColumns(model, batch);
  const probabilities = model.spec.kind === 'probabilities';
  const value = (i: number, k: number): number => (vector !== undefined ? vector.values[i * width + k]! : sources![k]![i]!);
  const targets = spec.targets!.map((c) => batch.numbers.get(c)!);
  const rows: number[] = [];
  for (let i = 0; i < batch.rowCount; i++) {
    if (labelOf !== undefined && labelOf[i]! < 0) continue;
    let ok = true;
    let sum = 0;
    for (let k = 0; k < width; k++) {
      const v = value(i, k);
      if (!usablePrediction(v, k, batch, i, columns, vector !== undefined, probabilities, rowProblem)) {
        ok = false;
        break;
      }
      sum += v;
    }
    if (ok && targets.some((t) => !Number.isFinite(t[i]!))) ok = false;
    if (ok && probabilities && width > 1 && !spec.normalize && Math.abs(sum - 1) > (spec.rowSumTolerance ?? ROW_SUM_TOLERANCE)) {
      rowProblem(batch, i, 'row-sum', `Row sums to ${formatMessageNumber(sum)}, not 1 (${columns.join(' + ')})`, columns[0]);
      ok = false;
    }
    if (ok) rows.push(i);
  }
  const n = rows.length;
  if (n === 0) return;
  const data = new Float64Array(n * width);
  for (let r = 0; r < n; r++) for (let k = 0; k < width; k++) data[r * width + k] = value(rows[r]!, k);
  const matrix = { data, rows: n, cols: width };
  const options = { eps: spec.epsilon ?? DEFAULT_EPSILON, normalize: spec.normalize ?? false, rowSumTolerance: spec.rowSumTolerance ?? ROW_SUM_TOLERANCE };
  const asProbabilities = (): Matrix => {
    if (probabilities) return matrix;
    const out = new Float64Array(n * width);
    for (let r = 0; r < n; r++) softmaxInto(data, r * width, width, out, r * width);
    return { data: out, rows: n, cols: width };
  };
  const t = new Float64Array(n * width);
  for (let r = 0; r < n; r++) for (let k = 0; k < width; k++) t[r * width + k] = targets[k]![rows[r]!]!;
  const tm = { data: t, rows: n, cols: width };
  const ce = probabilities ? softCrossEntropy(tm, matrix, options) : softCrossEntropyFromLogits(tm, matrix);
  const brier = softBrierScore(tm, asProbabilities(), { normalize: options.normalize, rowSumTolerance: options.rowSumTolerance });
  // Row by row into the compensated pairs, as the label mode's sums: grouping changes nothing.
  for (let r = 0; r < n; r++) {
    addCompensatedAt(model.targetHi, model.targetLo, 0, ce.rowLossNats[r]!);
    addCompensatedAt(model.targetHi, model.targetLo, 1, brier.rowBrier[r]!);
  }
  model.n += n;
  model.clippedRows += ce.clippedRows;
  model.infiniteRows += ce.infiniteRows;
  model.errors += errorRate(argmaxRows(tm), matrix).errors;
  for (let r = 0; r < n; r++) model.storeRow(batch.firstRow + rows[r]!, ce.rowLossNats[r]!);
}

/**
 * Scores one batch for one model against a label column in one fused pass per row, O(width): the
 * range check, row sum, normalisation, argmax and losses happen in the same loop over the batch's
 * column arrays, with no per-batch copy. With the class order known (`classes`, or `positiveLabel`
 * for one column) each row is scored against its own class, the core's formulas term by term
 * (−ln clip(p_y), log-sum-exp − s_y, Σ_k (1[k = y] − p_k)²). Otherwise every candidate column k is
 * accumulated per label value: −ln clip(p_k) for each k (width logs), and the Brier score of each
 * candidate as Σ_{j<k} p_j² + Σ_{j>k} p_j² + (1 − p_k)² from prefix and suffix sums of squares (no
 * cancellation, unlike Σ p² − 2p_k + 1 when p_k ≈ 1); the end picks the column of each label.
 */
function scoreLabelledBatch(
  model: ModelAccumulator,
  batch: RecordBatch,
  labelOf: Int32Array,
  spec: AggregateSpec,
  eps: number,
  rowProblem: RowProblemReporter,
): void {
  const { columns, vector, width, sources } = predictionColumns(model, batch);
  if (width !== model.width) return;
  const probabilities = model.spec.kind === 'probabilities';
  const normalize = spec.normalize ?? false;
  const vectorValues = vector?.values;
  const labels = batch.labelCodes.get(spec.label!)!.texts;
  const known = width === 1 ? spec.positiveLabel !== undefined : spec.classes !== undefined;
  const c = model.candidates;
  const hi = 1 - eps;
  const row = model.row;
  const aux = model.aux;
  const keepRows = known && spec.perRowLoss !== undefined && spec.perRowLoss !== 'none';
  const fuseBrier = known && probabilities && width > 1;
  // Room for every label id of the batch up front, so the sums can be held in locals.
  let maxId = -1;
  for (let i = 0; i < batch.rowCount; i++) if (labelOf[i]! > maxId) maxId = labelOf[i]!;
  if (maxId < 0) return;
  model.slot(maxId);
  const { loss: lossSums, brier: brierSums, lossLo, brierLo, clipped, infinite, predicted, count } = model;
  for (let i = 0; i < batch.rowCount; i++) {
    const id = labelOf[i]!;
    if (id < 0) continue;
    // Gather and validate the row (first bad value reported), with the argmax of the raw values
    // (first index wins ties, as the core's argmaxRows).
    let sum = 0;
    let best = 0;
    let max = -Infinity;
    let ok = true;
    // With the row's class known, its Brier term over the raw values comes with the gather (the
    // same terms in the same order as the pass below, which it replaces unless the row is rescaled).
    const own = fuseBrier ? knownOf(model, id, labels[id]!, spec) : -1;
    let ownBrier = 0;
    for (let k = 0; k < width; k++) {
      const v = sources !== undefined ? sources[k]![i]! : vectorValues![i * width + k]!;
      if (!usablePrediction(v, k, batch, i, columns, vector !== undefined, probabilities, rowProblem)) {
        ok = false;
        break;
      }
      row[k] = v;
      sum += v;
      if (own >= 0) {
        const d = (k === own ? 1 : 0) - v;
        ownBrier += d * d;
      }
      if (k === 0 || v > max) {
        max = v;
        best = k;
      }
    }
    if (!ok) continue;
    // Rows off by more than the tolerance are reported, or divided by their sum (the core's
    // prepareProbabilityRows); rows within it are used exactly as given.
    let scale = false;
    if (probabilities && width > 1 && Math.abs(sum - 1) > (spec.rowSumTolerance ?? ROW_SUM_TOLERANCE)) {
      if (!normalize || sum === 0) {
        rowProblem(batch, i, 'row-sum', normalize ? `Row sums to 0 and cannot be normalised (${columns.join(' + ')})` : `Row sums to ${formatMessageNumber(sum)}, not 1 (${columns.join(' + ')})`, columns[0]);
        continue;
      }
      scale = true;
    }
    count[id]!++;
    const base = id * c;
    if (width === 1) {
      const v = row[0]!;
      const pPositive = probabilities ? v : sigmoid(v);
      const clippedRow = probabilities && clipProbability(v, eps, hi) !== v;
      predicted[base + ((probabilities ? v > 0.5 : v > 0) ? 1 : 0)]!++;
      const k0 = known ? knownOf(model, id, labels[id]!, spec) : 0;
      const k1 = known ? k0 : 1;
      for (let y = k0; y <= k1; y++) {
        let loss: number;
        if (probabilities) {
          loss = binaryProbabilityLoss(v, y === 1, eps, hi);
        } else loss = softplus(y === 1 ? -v : v);
        const d = y - pPositive;
        addCompensatedAt(lossSums, lossLo, base + y, loss);
        addCompensatedAt(brierSums, brierLo, base + y, d * d);
        if (clippedRow) clipped[base + y]!++;
        if (loss === Infinity) infinite[base + y]!++;
        if (keepRows) model.storeRow(batch.firstRow + i, loss);
      }
      continue;
    }
    // The row's probabilities p: the row as given, divided by the sum into aux, or the softmax of
    // the logits into aux (the core's softmaxInto).
    let p = aux;
    if (probabilities) {
      if (scale) for (let k = 0; k < width; k++) aux[k] = row[k]! / sum;
      else p = row;
    } else softmaxInto(row, 0, width, aux, 0);
    predicted[base + best]!++;
    let k = known ? knownOf(model, id, labels[id]!, spec) : width - 1;
    if (k < 0) continue;
    const last = known ? k : 0;
    // Known: only the row's class. Unknown: every column, backwards so the running sum of squares
    // after k is at hand; the sum before k is added in a second, forward pass.
    let suffix = 0;
    for (; k >= last; k--) {
      const pk = p[k]!;
      let loss: number;
      if (probabilities) {
        loss = probabilityLoss(pk, eps, hi);
        // The clipped flag as before: the column's value, after normalising when asked, against ε.
        const v = normalize ? row[k]! / sum : row[k]!;
        if (clipProbability(v, eps, hi) !== v) clipped[base + k]!++;
      } else loss = negativeLogSoftmax(row, 0, width, k);
      addCompensatedAt(lossSums, lossLo, base + k, loss);
      if (loss === Infinity) infinite[base + k]!++;
      if (known) {
        let brier = ownBrier;
        if (p !== row) {
          brier = 0;
          for (let j = 0; j < width; j++) {
            const d = (j === k ? 1 : 0) - p[j]!;
            brier += d * d;
          }
        }
        addCompensatedAt(brierSums, brierLo, base + k, brier);
        if (keepRows) model.storeRow(batch.firstRow + i, loss);
      } else {
        const d = 1 - pk;
        addCompensatedAt(brierSums, brierLo, base + k, suffix + d * d);
        suffix += pk * pk;
      }
    }
    if (known) continue;
    let prefix = 0;
    for (let j = 0; j < width; j++) {
      addCompensatedAt(brierSums, brierLo, base + j, prefix);
      prefix += p[j]! * p[j]!;
    }
  }
}

/** The true column of a label id when the class order is given up front (cached: the core's label comparison is not free). */
function knownOf(model: ModelAccumulator, id: number, label: string, spec: AggregateSpec): number {
  let k = model.known[id];
  if (k === undefined) {
    k = knownCandidate(model, label, spec);
    model.known[id] = k;
  }
  return k;
}

function coreProblem(error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unknown-label', severity: 'error', message, line: 0, character: 0, offset: 0, raw: '' };
}
