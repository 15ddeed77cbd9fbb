// Streaming reader over fs streams for files too large for memory: decodes chunks, scans records
// with the same scanners as the in-memory readers, reports progress in bytes, honours an
// AbortSignal between chunks, and hands record batches (numbers, label codes) to a consumer.
import { columnarFormatOf } from './columnar/open';
import { streamColumnarRecords } from './columnar/stream';
import { open as openFile, stat } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { readHeader, reportRecordProblems } from './csv';
import { RecordState, scanRecord, unquoteField } from './csvScanner';
import { isBlankRecordBytes, scanRecordBytes } from './csvByteScanner';
import { fileProblem, notRegularFileProblem, readErrorMessage, sniffedChunks } from './fileBytes';
import type { StreamSniff } from './fileBytes';
import { detectDelimiter, detectFormat, formatFromFileName } from './format';
import { MAX_JSON_DEPTH } from './json';
import { DEFAULT_MAX_PROBLEMS, ProblemCollector, problemAt, quoteValue } from './problems';
import type { PositionSource } from './problems';
import { isMissingSpelling } from './table';
import type { DataFormat, Delimiter, FormatOption, Problem } from './types';
import { LabelInterner } from './labelInterner';
import { distributionWeightRefusal } from './validate';

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
  /**
   * Among `numbers`, columns each taken as a distribution over the rows: a value that is ±Infinity
   * or below 0 is a problem at its cell too (distributionWeightRefusal's words), and stays in the batch.
   */
  distributions?: readonly string[];
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
/**
 * Records in the first batch: a short one, so that the consumer's code and the reader's flush have
 * run (and been seen by the compiler) before the code of the scan is optimised; a first flush after
 * 16,384 rows would throw that optimised code away there and compile it again.
 */
const FIRST_BATCH_ROWS = 256;
const DEFAULT_CHUNK_BYTES = 1 << 20;
/** Default longest record carried between chunks before the stream gives up on it (bounded memory). */
const MAX_RECORD_BYTES = 16 << 20;

/** Positions of offsets inside the record being processed (records always start a line). */
class RecordPositions implements PositionSource {
  recordStart = 0;
  line = 0;

  /** `text()`: the chunk being read, decoded only when a position is asked for. */
  constructor(private readonly text: () => string) {}

  set(recordStart: number, line: number): void {
    this.recordStart = recordStart;
    this.line = line;
  }

  positionAt(offset: number): { line: number; character: number } {
    let line = this.line;
    let lineStart = this.recordStart;
    const text = this.text();
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
  /** Rows at which the batch is handed over: FIRST_BATCH_ROWS, then BATCH_ROWS. */
  full = FIRST_BATCH_ROWS;
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
    const chunks = fileChunks(source, start, end, chunkBytes);
    // Reading stops early (a cancel, an over-long record) by leaving the loop, which ends the
    // generator and closes the file; this is for a stream never iterated to its end.
    return { chunks, total: end - start, close: () => void chunks.return(undefined).catch(() => undefined) };
  } catch (error) {
    return fileProblem(readErrorMessage(error));
  }
}

/**
 * The bytes `[start, end)` of a file (or to its end, if it is shorter now), `chunkBytes` at a time.
 * Two buffers are reused for every chunk, the next read filling one while the caller reads the
 * other: a chunk is valid until the next one is asked for. (A fresh buffer per chunk, as fs
 * streams allocate, is memory outside the heap that the collector has to account for.)
 */
async function* fileChunks(path: string, start: number, end: number, chunkBytes: number): AsyncGenerator<Uint8Array, void, undefined> {
  const handle = await openFile(path, 'r');
  const size = Math.max(1, Math.min(chunkBytes, end - start));
  const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  let position = start;
  const read = (buffer: Buffer): Promise<Uint8Array> => {
    const length = Math.min(size, end - position);
    const at = position;
    position += length;
    return handle.read(buffer, 0, length, at).then(({ bytesRead }) => buffer.subarray(0, bytesRead));
  };
  let next: Promise<Uint8Array> | undefined;
  try {
    next = read(buffers[0]!);
    for (let k = 1; ; k++) {
      const chunk = await next;
      next = undefined;
      if (chunk.byteLength === 0) return;
      // A short read is the end of the file (it shrank since its size was read).
      if (chunk.byteLength < size && position < end) position = end;
      if (position < end) next = read(buffers[k % 2]!);
      yield chunk;
      if (next === undefined) return;
    }
  } finally {
    // A read still under way finishes before the handle closes (its error, if any, is moot).
    await next?.catch(() => undefined);
    await handle.close();
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
export async function streamRecords(source: StreamSource, columns: StreamColumns, onBatch: (batch: RecordBatch) => void, options: StreamOptions = {}): Promise<StreamSummary> {
  // Parquet, Arrow and NumPy files (known by their first bytes) have readers of their own.
  if (typeof source === 'string' && (options.range === undefined || (options.range.start === 0 && options.range.header === undefined))) {
    const columnar = await columnarFormatOf(source);
    if (columnar !== undefined) return streamColumnarRecords(source, columnar, columns, onBatch, options);
  }
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
    batch.full = BATCH_ROWS;
  };
  const closers = [opened.close];
  /** Feeds chunks to the reader; says why it stopped early, if it did. */
  const feed = async (chunks: AsyncIterable<Uint8Array | string>, sniffed: boolean): Promise<'cancelled' | 'stopped' | undefined> => {
    for await (const chunk of chunks) {
      if (options.signal?.aborted) return 'cancelled';
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      // File bytes, also when they were decoded from UTF-16/32 (sniffedChunks counts them).
      summary.bytesRead = sniffed ? sniff.sourceBytes : summary.bytesRead + bytes.byteLength;
      const complete = joiner.joinBytes(bytes, false);
      if (reader === undefined) {
        const text = joiner.text();
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
      // ASCII bytes are scanned as they are (by a reader that can); other text is decoded first.
      const read = joiner.ascii ? reader.pushAscii?.(complete, false) : undefined;
      joiner.consumed(read ?? reader.push(joiner.text(), false));
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
  /** `push` over the text's bytes when they are ASCII (the same records, offsets and problems), for a reader that can. */
  pushAscii?(bytes: Buffer, final: boolean): number;
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
  /** Whether the last join's complete bytes are ASCII (then a byte offset is a character offset). */
  ascii = true;
  private complete = Buffer.allocUnsafe(0);
  private decoded: string | undefined;

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
    this.joinBytes(chunk, final);
    return this.text();
  }

  /**
   * Appends the chunk and returns the complete bytes (up to the last line feed; all when final),
   * valid until `consumed`. Cut after the last line feed: a record never ends mid-text, so the
   * scanner never reads past the end (which makes V8 deoptimise it once per chunk), and a byte
   * 0x0A is never inside a multi-byte character.
   */
  joinBytes(chunk: Uint8Array, final: boolean): Buffer {
    this.append(chunk);
    const held = this.buffer.subarray(0, this.length);
    this.cut = final ? this.length : held.lastIndexOf(0x0a) + 1;
    this.complete = held.subarray(0, this.cut);
    this.ascii = isAscii(this.complete);
    this.decoded = undefined;
    return this.complete;
  }

  /** The last join's complete bytes as text, decoded once when first asked for. */
  text(): string {
    this.decoded ??= this.complete.toString(this.ascii ? 'latin1' : 'utf8');
    return this.decoded;
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
    const rest = Buffer.from(this.text().slice(characters), 'utf8');
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
  /** The chunk being read: as text (push), or as ASCII bytes (pushAscii) decoded only when needed. */
  private chunkText: string | undefined = '';
  private chunkBytes: Buffer | undefined;
  private readonly positions = new RecordPositions(() => this.text());
  private readonly delimiterCode: number;
  private numberColumns: { index: number; values: Float64Array; name: string; distribution: boolean }[] = [];
  /**
   * The common case's numbers, copied without the checks a record with missing fields or a
   * distribution column needs: each number column's field and batch array, when every number
   * column is in the header and none is a distribution.
   */
  private plainNumbers: { fields: Int32Array; values: Float64Array[] } | undefined;
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
    const distributions = new Set(this.columns.distributions ?? []);
    this.numberColumns = (this.columns.numbers ?? []).map((name) => ({ name, index: indexOf(name), values: this.batch.numbers.get(name)!, distribution: distributions.has(name) }));
    this.plainNumbers = this.numberColumns.every((column) => column.index >= 0 && !column.distribution)
      ? { fields: Int32Array.from(this.numberColumns, (column) => column.index), values: this.numberColumns.map((column) => column.values) }
      : undefined;
    this.labelColumns = (this.columns.labels ?? []).map((name) => ({ name, index: indexOf(name), values: this.batch.labels.get(name)! }));
    this.codeColumns = (this.columns.labelCodes ?? []).map((name) => {
      const codes = this.batch.labelCodes.get(name)!;
      return { name, index: indexOf(name), codes: codes.codes, firstAt: codes.firstAt, interner: this.batch.interners.get(name)! };
    });
    if (report) for (const name of this.columns.vectors ?? []) this.problems.add(unknownColumn(name, names));
  }

  push(text: string, final: boolean): number {
    this.chunkText = text;
    this.chunkBytes = undefined;
    let position = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) position = 1;
    }
    position = this.readText(text, position, final, false);
    this.base += position;
    return position;
  }

  pushAscii(bytes: Buffer, final: boolean): number {
    this.chunkText = undefined;
    this.chunkBytes = bytes;
    // An ASCII chunk has no BOM. Its header is read from the text, every record after it from the
    // bytes (so the byte path alone is the hot one from the first chunk on).
    this.started ||= bytes.length > 0;
    let position = this.width < 0 ? this.readText(this.text(), 0, final, true) : 0;
    const state = this.state;
    const delimiter = this.delimiterCode;
    const length = this.width < 0 ? position : bytes.length;
    while (position < length) {
      scanRecordBytes(bytes, position, delimiter, state);
      // A record is complete at a line break inside the chunk; a CR at the very end may be half a CRLF.
      // (The terminator read on every record: read only at a chunk's end, it would cost a deoptimisation there.)
      const carriageReturn = bytes[state.end] === 0x0d;
      const complete = state.terminated && !(state.next === length && carriageReturn);
      if (!complete && !final) break;
      this.positions.set(position, this.line);
      if (!isBlankRecordBytes(bytes, state)) this.record(position);
      this.line += state.lineBreaks + (state.terminated ? 1 : 0);
      position = state.next;
    }
    this.base += position;
    return position;
  }

  /** Reads the records of `text` from `position` (only up to the header when `untilHeader`); returns where it stopped. */
  private readText(text: string, position: number, final: boolean, untilHeader: boolean): number {
    const state = this.state;
    const length = text.length;
    while (position < length && !(untilHeader && this.width >= 0)) {
      scanRecord(text, position, this.delimiterCode, state);
      // A record is complete at a line break inside the text; a CR at the very end may be half a CRLF.
      const complete = state.terminated && !(state.next === length && text.charCodeAt(state.end) === 0x0d);
      if (!complete && !final) break;
      this.positions.set(position, this.line);
      if (!state.isBlank(text)) this.record(position);
      this.line += state.lineBreaks + (state.terminated ? 1 : 0);
      position = state.next;
    }
    return position;
  }

  /** The chunk being read as text (ASCII bytes decode to the same characters at the same offsets). */
  private text(): string {
    this.chunkText ??= this.chunkBytes!.toString('latin1');
    return this.chunkText;
  }

  private record(recordStart: number): void {
    const state = this.state;
    const shifted = this.shifted;
    if (this.width < 0) {
      this.useHeader(
        readHeader(this.text(), this.positions, state, shifted).map((c) => c.name),
        true,
      );
      if (state.unterminatedQuote >= 0) reportRecordProblems(this.text(), this.positions, state, shifted, -1);
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
      reportRecordProblems(this.text(), this.positions, state, shifted, row, width, used, recordStart);
    }
    const values = state.values;
    const numberColumns = this.numberColumns;
    const plain = used === width ? this.plainNumbers : undefined;
    if (plain !== undefined) {
      // Every field is there: only a cell that is not a number needs a word.
      const { fields, values: columns } = plain;
      for (let c = 0; c < fields.length; c++) {
        const value = values[fields[c]!]!;
        columns[c]![i] = value;
        if (value !== value) this.cellProblem(row, numberColumns[c]!.name, fields[c]!, recordStart, false);
      }
    }
    for (let c = 0; plain === undefined && c < numberColumns.length; c++) {
      const column = numberColumns[c]!;
      const index = column.index;
      if (index >= 0 && index < used) {
        const value = values[index]!;
        column.values[i] = value;
        if (value !== value) this.cellProblem(row, column.name, index, recordStart, false);
        else if (column.distribution && !(value >= 0 && value !== Infinity)) this.refusedCell(row, column.name, index, value);
      } else {
        column.values[i] = NaN;
        if (index >= 0) this.cellProblem(row, column.name, -1, recordStart, false);
      }
    }
    for (const column of this.labelColumns) {
      const index = column.index;
      const value = index >= 0 && index < used ? unquoteField(this.text(), state.starts[index]!, state.ends[index]!) : '';
      column.values[i] = value;
      if (index >= 0 && value.trim() === '') this.cellProblem(row, column.name, index < used ? index : -1, recordStart, true);
    }
    const bytes = this.chunkBytes;
    for (const column of this.codeColumns) {
      const index = column.index;
      const known = column.interner.texts.length;
      const id =
        index < 0 || index >= used
          ? -1
          : bytes !== undefined
            ? column.interner.idOfFieldBytes(bytes, state.starts[index]!, state.ends[index]!)
            : column.interner.idOfField(this.text(), state.starts[index]!, state.ends[index]!);
      column.codes[i] = id;
      // A label seen for the first time: where its cell is, for a problem about that label.
      if (id >= known) column.firstAt[id] = { ...this.positions.positionAt(state.starts[index]!), offset: this.base + state.starts[index]! };
      if (index >= 0 && (id < 0 || column.interner.blank[id] === true)) this.cellProblem(row, column.name, index < used ? index : -1, recordStart, true);
    }
    if (batch.rowCount === batch.full) this.flush();
  }

  private cellProblem(row: number, column: string, index: number, recordStart: number, label: boolean): void {
    const state = this.state;
    this.problems.report(() => {
      const text = this.text();
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

  /** A number the column may not hold (a distribution's weight that is infinite or negative), at its cell. */
  private refusedCell(row: number, column: string, index: number, value: number): void {
    const state = this.state;
    const refusal = distributionWeightRefusal(column, value)!;
    this.problems.report(() => this.shift(problemAt(this.text(), this.positions, state.starts[index]!, state.ends[index]!, { ...refusal, row, column })));
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
  private readonly distributions: ReadonlySet<string>;

  constructor(
    columns: StreamColumns,
    private readonly batch: BatchBuffer,
    private readonly problems: ProblemCollector,
    private readonly flush: () => void,
  ) {
    this.vectorNames = [...(columns.vectors ?? [])];
    this.distributions = new Set(columns.distributions ?? []);
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
      report(
        'json-syntax',
        `JSON nested more than ${MAX_JSON_DEPTH} levels deep here (arrays and objects inside one another): Entropy Lens reads records nested at most ${MAX_JSON_DEPTH} levels deep`,
      );
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
      } else if (this.distributions.has(name)) {
        const refusal = distributionWeightRefusal(name, value);
        if (refusal !== undefined) report(refusal.code, refusal.message, row, name);
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
    if (batch.rowCount === batch.full) this.flush();
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
