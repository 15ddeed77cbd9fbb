// The Parquet reader of the columnar contract (source.ts), on hyparquet: the footer at open, then
// one row group at a time through positioned reads of a file handle, so a file larger than memory
// reads in memory bounded by one row group of the requested columns.
import type { FileHandle } from 'node:fs/promises';
import type { AsyncBuffer, ColumnData, ColumnMetaData, CompressionCodec, Compressors, DataReader, DecodedArray, FileMetaData, PageHeader, ParquetParsers, SchemaElement, SchemaTree } from 'hyparquet';
import { fileProblem } from '../fileBytes';
import type { Problem } from '../types';
import { clampRow, dateText, displayText, isAborted, PlainError, plainReason, rangeProblem, timestampText, timeText, toNumber } from './values';
import { openFileWith, WRITE_AGAIN } from './openFile';
import { loadZstd } from './zstd';
import type { ChunkColumn, ColumnarChunk, ColumnarField, ColumnarFile, ColumnarOpen, ColumnarReadOptions } from './source';

type Hyparquet = typeof import('hyparquet');

interface Libraries {
  hyparquet: Hyparquet;
  compressors: Compressors;
  /** hyparquet's page-header parser and decompression step, for checking pages before it decodes them. */
  parquetHeader: (reader: DataReader) => PageHeader;
  decompressPage: (bytes: Uint8Array, uncompressedSize: number, codec: CompressionCodec, compressors: Compressors | undefined) => Uint8Array;
  /** hyparquet's page decoders and conversions, for flat columns decoded page by page (see {@link decodeFlatColumn}). */
  pages: {
    readDataPage: typeof import('hyparquet/src/datapage.js').readDataPage;
    readDataPageV2: typeof import('hyparquet/src/datapage.js').readDataPageV2;
    readPlain: typeof import('hyparquet/src/plain.js').readPlain;
    convert: typeof import('hyparquet/src/convert.js').convert;
    convertWithDictionary: typeof import('hyparquet/src/convert.js').convertWithDictionary;
    defaultParsers: ParquetParsers;
  };
}

let libraries: Promise<Libraries> | undefined;

/** hyparquet and its decompressors, loaded on the first Parquet file (a failed load is retried). */
function loadLibraries(): Promise<Libraries> {
  libraries ??= Promise.all([
    import('hyparquet'),
    import('hyparquet-compressors'),
    import('hyparquet/src/column.js'),
    import('hyparquet/src/datapage.js'),
    import('hyparquet/src/plain.js'),
    import('hyparquet/src/convert.js'),
    loadZstd(),
  ]).then(
    ([hyparquet, extra, column, datapage, plain, convert, zstd]) => ({
      hyparquet,
      // zstd through WebAssembly (zstd.ts); the others as hyparquet-compressors has them.
      compressors: { ...extra.compressors, ZSTD: zstd },
      parquetHeader: column.parquetHeader,
      decompressPage: datapage.decompressPage,
      pages: {
        readDataPage: datapage.readDataPage,
        readDataPageV2: datapage.readDataPageV2,
        readPlain: plain.readPlain,
        convert: convert.convert,
        convertWithDictionary: convert.convertWithDictionary,
        defaultParsers: convert.DEFAULT_PARSERS,
      },
    }),
    (error: unknown) => {
      libraries = undefined;
      throw error;
    },
  );
  return libraries;
}

/** How a field's values become a chunk column. */
type Conversion = { kind: 'number'; decimalScale: number } | { kind: 'text' } | { kind: 'vector'; decimalScale: number } | { kind: 'other'; show: 'value' | 'utc' | 'time'; timeUnit: TimeUnitName };

type TimeUnitName = 'MILLIS' | 'MICROS' | 'NANOS';

const UNIT_DIGITS: Readonly<Record<TimeUnitName, number>> = { MILLIS: 3, MICROS: 6, NANOS: 9 };

interface FieldPlan {
  field: ColumnarField;
  conversion: Conversion;
}

interface RowGroupSpan {
  /** 0-based index in the file. */
  index: number;
  start: number;
  end: number;
}

/** Decoded values of one column, as hyparquet or {@link decodeFlatColumn} hands them over: runs that start at `rowStart`. */
interface Piece {
  rowStart: number;
  data: DecodedArray;
}

/** Decompressors hyparquet has without hyparquet-compressors. */
const BUILT_IN_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY']);

/** Vector widths are probed in at most this many leading row groups (a column null in all of them is width 0). */
const WIDTH_PROBE_ROW_GROUPS = 4;

const utf8 = new TextDecoder('utf-8');

/**
 * Dates and timestamps arrive as display text, exact to the file's unit (hyparquet's own parsers
 * would make a Date and drop microseconds). A timestamp adjusted to UTC gets its `Z` per field,
 * where the schema is known (see {@link otherText}).
 */
const PARSERS: Partial<ParquetParsers> = {
  dateFromDays: (days: number) => dateText(days),
  timestampFromMilliseconds: (value: bigint) => timestampText(BigInt(value), 3),
  timestampFromMicroseconds: (value: bigint) => timestampText(BigInt(value), 6),
  timestampFromNanoseconds: (value: bigint) => timestampText(BigInt(value), 9),
  // JSON columns stay their text: a label or an id, never parsed into objects.
  jsonFromBytes: (bytes: Uint8Array) => (bytes === undefined ? undefined : utf8.decode(bytes)),
};

/**
 * Opens a Parquet file: its footer (schema, row groups) is read and checked; the data is read by
 * `read`, one row group at a time. Never rejects: a missing file, a file that is not Parquet, cut
 * short or with a damaged footer is one `read-error` problem.
 */
export async function openParquet(path: string): Promise<ColumnarOpen> {
  return openFileWith(path, openHandle);
}

const CUT_SHORT = 'This Parquet file is cut short or corrupt (its footer could not be read)';

async function openHandle(handle: FileHandle, size: number): Promise<ColumnarOpen> {
  const buffer = handleBuffer(handle, size);
  const refuse = (message: string): ColumnarOpen => ({ ok: false, problem: fileProblem(message) });
  if (size === 0) return refuse('The file is empty: a Parquet file holds at least its schema');
  const head = new Uint8Array(await buffer.slice(0, Math.min(4, size)));
  const tail = new Uint8Array(await buffer.slice(Math.max(0, size - 8), size));
  const startsAsParquet = asciiOf(head) === 'PAR1';
  const endMagic = tail.length === 8 ? asciiOf(tail.subarray(4)) : '';
  if (endMagic === 'PARE') return refuse('This Parquet file is encrypted: Entropy Lens cannot read encrypted Parquet files; write it again without encryption');
  if (endMagic !== 'PAR1') {
    return refuse(
      startsAsParquet
        ? `${CUT_SHORT}: it does not end with the Parquet marker PAR1, so it was probably cut off while being written or copied; ${WRITE_AGAIN}`
        : 'This is not a Parquet file: it neither starts nor ends with the Parquet marker PAR1',
    );
  }
  const footerLength = new DataView(tail.buffer, tail.byteOffset).getUint32(0, true);
  if (size < 12 || footerLength === 0 || footerLength > size - 12) {
    return refuse(`${CUT_SHORT}: its footer claims ${footerLength.toLocaleString('en-US')} bytes in a file of ${size.toLocaleString('en-US')}; ${WRITE_AGAIN}`);
  }
  let libs: Libraries;
  try {
    libs = await loadLibraries();
  } catch (error) {
    return refuse(`The Parquet reader could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  let metadata: FileMetaData;
  let schema: SchemaTree;
  try {
    metadata = await libs.hyparquet.parquetMetadataAsync(buffer, { parsers: PARSERS, geoparquet: false });
    schema = libs.hyparquet.parquetSchema(metadata);
    checkMetadata(metadata, schema, size - 8 - footerLength);
  } catch (error) {
    return refuse(`${CUT_SHORT}: ${plainReason(error) ?? 'it does not decode as Parquet metadata'}; ${WRITE_AGAIN}`);
  }
  const groups: RowGroupSpan[] = [];
  let rowCount = 0;
  metadata.row_groups.forEach((group, index) => {
    const rows = Number(group.num_rows);
    groups.push({ index, start: rowCount, end: rowCount + rows });
    rowCount += rows;
  });
  const plans = new Map<string, FieldPlan>();
  for (const child of schema.children) plans.set(child.element.name, planField(child));
  const file = new ParquetFile(handle, buffer, size, libs, metadata, schema, groups, rowCount, plans);
  await file.probeWidths();
  return { ok: true, file };
}

/**
 * The footer's structure is what hyparquet relies on later: a schema with columns, row counts that
 * add up, every column chunk inside the data (before `dataEnd`, where the footer starts).
 */
function checkMetadata(metadata: FileMetaData, schema: SchemaTree, dataEnd: number): void {
  if (schema.children.length === 0) throw new PlainError('its schema has no columns');
  let rows = 0;
  for (const group of metadata.row_groups) {
    const count = Number(group.num_rows);
    if (!Number.isSafeInteger(count) || count < 0) throw new PlainError('a row group has an impossible row count');
    if (!Array.isArray(group.columns)) throw new PlainError('a row group lists no columns');
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined || !Array.isArray(meta.path_in_schema)) throw new PlainError('a column chunk has no description');
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (!(start >= 4 && end >= start && end <= dataEnd)) throw new PlainError("it places a column chunk outside the file's data");
    }
    rows += count;
  }
  const declared = Number(metadata.num_rows);
  if (declared !== rows) throw new PlainError(`it declares ${declared.toLocaleString('en-US')} rows but its row groups hold ${rows.toLocaleString('en-US')}`);
}

class ParquetFile implements ColumnarFile {
  readonly format = 'parquet' as const;
  readonly fields: ColumnarField[];
  private closing: Promise<void> | undefined;

  constructor(
    private readonly handle: FileHandle,
    private readonly buffer: AsyncBuffer,
    readonly byteLength: number,
    private readonly libs: Libraries,
    private readonly metadata: FileMetaData,
    private readonly schema: SchemaTree,
    private readonly groups: readonly RowGroupSpan[],
    readonly rowCount: number,
    private readonly plans: Map<string, FieldPlan>,
  ) {
    this.fields = [...plans.values()].map((plan) => plan.field);
  }

  /**
   * Sets each vector field's width to its first non-null row's length, reading the list columns
   * of the first row groups (a damaged group is left to `read` to report; the width stays 0).
   */
  async probeWidths(): Promise<void> {
    const pending = new Map([...this.plans].filter(([, plan]) => plan.conversion.kind === 'vector'));
    for (const group of this.groups.slice(0, WIDTH_PROBE_ROW_GROUPS)) {
      if (pending.size === 0 || group.end === group.start) continue;
      let pieces: Map<string, Piece[]>;
      try {
        pieces = await this.readGroup(group, group.start, group.end, [...pending.keys()]);
      } catch {
        return;
      }
      for (const [name, runs] of pieces) {
        const width = firstListLength(runs);
        if (width === undefined) continue;
        const plan = pending.get(name)!;
        plan.field = { ...plan.field, width };
        pending.delete(name);
      }
    }
    this.fields.splice(0, this.fields.length, ...[...this.plans.values()].map((plan) => plan.field));
  }

  async read(names: readonly string[], onChunk: (chunk: ColumnarChunk) => void | Promise<void>, options: ColumnarReadOptions = {}): Promise<Problem | undefined> {
    if (this.closing !== undefined) return fileProblem('The Parquet file was closed before it was read');
    const wanted = [...new Set(names)];
    const unknown = wanted.find((name) => !this.plans.has(name));
    if (unknown !== undefined) return fileProblem(`This Parquet file has no column "${unknown}"`);
    const start = clampRow(options.start ?? 0, 0, this.rowCount);
    const end = clampRow(options.end ?? this.rowCount, start, this.rowCount);
    const chunkRows = options.chunkRows !== undefined && options.chunkRows >= 1 ? Math.floor(options.chunkRows) : Number.POSITIVE_INFINITY;
    const { signal } = options;
    for (const group of this.groups) {
      const from = Math.max(start, group.start);
      const to = Math.min(end, group.end);
      if (from >= to) continue;
      if (isAborted(signal)) return undefined;
      let pieces: Map<string, Piece[]>;
      try {
        pieces = wanted.length === 0 ? new Map() : await this.readGroup(group, from, to, wanted);
      } catch (error) {
        return rangeProblem(`Row group ${group.index + 1}`, from, to, reasonOf(error));
      }
      for (let first = from; first < to; first += chunkRows) {
        if (isAborted(signal)) return undefined;
        const last = Math.min(to, first + chunkRows);
        const columns = new Map<string, ChunkColumn>();
        try {
          for (const name of wanted) columns.set(name, convertColumn(this.plans.get(name)!, pieces.get(name)!, first, last));
        } catch (error) {
          return rangeProblem(`Row group ${group.index + 1}`, from, to, reasonOf(error));
        }
        await onChunk({ firstRow: first, rowCount: last - first, columns });
      }
    }
    return undefined;
  }

  /**
   * Rows [from, to) of one row group's named columns, as runs per column. The column chunks are
   * read once and their pages checked ({@link checkColumnChunk}); flat number and text columns are
   * then decoded page by page from the check's decompressed pages ({@link decodeFlatColumn}), the
   * others by hyparquet, which is handed the check's decompressed pages instead of decompressing
   * them a second time.
   */
  private async readGroup(group: RowGroupSpan, from: number, to: number, names: readonly string[]): Promise<Map<string, Piece[]>> {
    const { hyparquet, compressors } = this.libs;
    const wanted = new Set(names);
    const rows = group.end - group.start;
    const decompressed = new DecompressedPages(compressors);
    const segments: Segment[] = [];
    const pieces = new Map<string, Piece[]>(names.map((name) => [name, []]));
    const assembled: string[] = [];
    for (const chunk of this.metadata.row_groups[group.index]!.columns) {
      const meta = chunk.meta_data;
      const name = meta?.path_in_schema[0];
      if (meta === undefined || name === undefined || !wanted.has(name)) continue;
      if ((meta.codec as CompressionCodec | undefined) === undefined) throw new PlainError(`column "${name}" names a compression that does not exist (the footer is damaged)`);
      if (!BUILT_IN_CODECS.has(meta.codec) && compressors[meta.codec] === undefined) {
        throw new PlainError(`unsupported compression ${meta.codec} in column "${name}" (write the file again with snappy, zstd or gzip)`);
      }
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const bytes = new Uint8Array(await this.buffer.slice(start, end));
      const levels = levelsOf(this.schema, meta.path_in_schema);
      const kind = this.plans.get(name)?.conversion.kind;
      if (levels.flat && (kind === 'number' || kind === 'text')) {
        const pages: CheckedPage[] = [];
        checkColumnChunk(this.libs, bytes, meta, levels, rows, decompressed, pages);
        const decoder = flatDecoder(this.libs, this.schema, meta, decompressed.compressors);
        pieces.get(name)!.push(decodeFlatColumn(this.libs, decoder, pages, kind, levels.definition, group.start, from - group.start, to - group.start));
      } else {
        checkColumnChunk(this.libs, bytes, meta, levels, rows, decompressed);
        segments.push({ start, end, bytes });
        if (!assembled.includes(name)) assembled.push(name);
      }
    }
    if (assembled.length === 0) return pieces;
    await hyparquet.parquetRead({
      file: segmentBuffer(segments, this.buffer),
      metadata: this.metadata,
      columns: assembled,
      rowStart: from,
      rowEnd: to,
      compressors: decompressed.compressors,
      parsers: PARSERS,
      // Unannotated BYTE_ARRAY (binary) arrives as bytes: shown as text when it is UTF-8, else hex.
      utf8: false,
      geoparquet: false,
      // Runs may reach outside [from, to) (whole pages); convertColumn takes only the rows asked for.
      onChunk: (run: ColumnData) => pieces.get(run.columnName)?.push({ rowStart: run.rowStart, data: run.columnData }),
    });
    return pieces;
  }

  close(): Promise<void> {
    this.closing ??= this.handle.close().catch(() => undefined);
    return this.closing;
  }
}

/**
 * An AsyncBuffer (hyparquet's file) over positioned reads of a handle: each slice is its own
 * ArrayBuffer, read in full or failing in plain words when the file is shorter than the footer says.
 */
function handleBuffer(handle: FileHandle, byteLength: number): AsyncBuffer {
  return {
    byteLength,
    async slice(start: number, end = byteLength): Promise<ArrayBuffer> {
      if (!(start >= 0 && end <= byteLength && start <= end)) {
        throw new PlainError(
          `its footer points at bytes ${start.toLocaleString('en-US')}–${end.toLocaleString('en-US')}, beyond the end of the file (${byteLength.toLocaleString('en-US')} bytes): the file is cut short or corrupt`,
        );
      }
      const bytes = new Uint8Array(end - start);
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, start + filled);
        if (bytesRead === 0) throw new PlainError('the file ended before its data did (was it changed while being read?)');
        filled += bytesRead;
      }
      return bytes.buffer;
    },
  };
}

/** Bytes of the file already read, at their position. */
interface Segment {
  start: number;
  end: number;
  bytes: Uint8Array;
}

/** An AsyncBuffer answering from the segments already read (joined when a range spans several), else from the file. */
function segmentBuffer(segments: readonly Segment[], file: AsyncBuffer): AsyncBuffer {
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  return {
    byteLength: file.byteLength,
    slice(start: number, end = file.byteLength) {
      const out = new Uint8Array(end - start);
      let at = start;
      for (const segment of sorted) {
        if (segment.end <= at || segment.start > at) continue;
        const take = Math.min(end, segment.end) - at;
        out.set(segment.bytes.subarray(at - segment.start, at - segment.start + take), at - start);
        at += take;
        if (at >= end) return out.buffer;
      }
      return at >= end ? out.buffer : file.slice(start, end);
    },
  };
}

/**
 * Decompressed pages kept from the check for hyparquet's own decompression of the same bytes
 * (each used once), behind decompressors that fall back to the real ones.
 */
class DecompressedPages {
  private readonly kept = new Map<string, { input: Uint8Array; output: Uint8Array }[]>();
  readonly compressors: Compressors;

  constructor(real: Compressors) {
    const wrapped: Compressors = {};
    for (const codec of Object.keys(real) as CompressionCodec[]) {
      const decompress = real[codec]!;
      wrapped[codec] = (input, outputLength) => {
        const kept = this.take(input, outputLength);
        if (kept !== undefined) return kept;
        try {
          return decompress(input, outputLength);
        } catch {
          throw new PlainError(`its ${codec.toLowerCase().replace('_raw', '')}-compressed data is damaged`);
        }
      };
    }
    this.compressors = wrapped;
  }

  keep(input: Uint8Array, output: Uint8Array): void {
    const key = `${input.length}:${output.length}`;
    const list = this.kept.get(key);
    if (list === undefined) this.kept.set(key, [{ input, output }]);
    else list.push({ input, output });
  }

  private take(input: Uint8Array, outputLength: number): Uint8Array | undefined {
    const list = this.kept.get(`${input.length}:${outputLength}`);
    const index = list?.findIndex((entry) => Buffer.compare(entry.input, input) === 0) ?? -1;
    if (index < 0) return undefined;
    return list!.splice(index, 1)[0]!.output;
  }
}

/** Parquet's maximum repetition and definition levels of a leaf column, and whether it is flat (one value per row). */
interface Levels {
  repetition: number;
  definition: number;
  flat: boolean;
  /** The leaf's physical type. */
  type: SchemaElement['type'];
}

function levelsOf(schema: SchemaTree, path: readonly string[]): Levels {
  let node = schema;
  let repetition = 0;
  let definition = 0;
  for (const part of path) {
    const child = node.children.find((candidate) => candidate.element.name === part);
    if (child === undefined) throw new PlainError(`the footer names a column "${path.join('.')}" its schema does not have`);
    if (child.element.repetition_type === 'REPEATED') repetition++;
    if (child.element.repetition_type !== 'REQUIRED') definition++;
    node = child;
  }
  return { repetition, definition, flat: path.length === 1 && repetition === 0, type: node.element.type };
}

/** A page as the check saw it: a data page decompressed (version 2: its levels as written, its values decompressed), a dictionary page as written. */
interface CheckedPage {
  header: PageHeader;
  page: Uint8Array;
  values?: Uint8Array;
}

/** Most values one column chunk may hold: more than a JavaScript array can (2^27) would crash the decoder. */
const MAX_CHUNK_VALUES = 2 ** 26;
/** Largest page decompressed (the footer's own totals bound it first). */
const MAX_PAGE_BYTES = 2 ** 30;

/**
 * Walks a column chunk's pages and throws in plain words where a damaged file would make hyparquet
 * crash the process or loop: counts beyond the chunk's values, sizes beyond its bytes, and
 * run-length runs longer than their page (hyparquet writes such runs into a growing array, which
 * ends in a fatal out-of-memory error, not an exception). O(chunk bytes), one decompression
 * per page, kept for the decoder: in `pages` when given ({@link decodeFlatColumn}), else for hyparquet.
 */
function checkColumnChunk(libs: Libraries, bytes: Uint8Array, meta: ColumnMetaData, levels: Levels, rows: number, decompressed: DecompressedPages, pages?: CheckedPage[]): void {
  const damaged = (what: string): never => {
    throw new PlainError(`column "${meta.path_in_schema.join('.')}" is damaged (${what})`);
  };
  const chunkValues = Number(meta.num_values);
  if (!(chunkValues >= 0 && chunkValues <= (levels.flat ? rows : MAX_CHUNK_VALUES))) damaged(`it claims ${chunkValues.toLocaleString('en-US')} values`);
  const pageLimit = Math.min(MAX_PAGE_BYTES, Number(meta.total_uncompressed_size));
  const reader: DataReader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  let values = 0;
  while (reader.offset < bytes.length - 1 && values < chunkValues) {
    const header = libs.parquetHeader(reader);
    const size = header.compressed_page_size;
    const uncompressed = header.uncompressed_page_size;
    if (!(Number.isInteger(size) && size >= 0 && reader.offset + size <= bytes.length)) damaged('a page runs past the end of its column chunk');
    if (!(Number.isInteger(uncompressed) && uncompressed >= 0 && uncompressed <= pageLimit)) damaged('a page claims an impossible size');
    const page = bytes.subarray(reader.offset, reader.offset + size);
    reader.offset += size;
    const expand = (input: Uint8Array, length: number): Uint8Array => {
      if (meta.codec === 'UNCOMPRESSED') return input;
      const output = libs.decompressPage(input, length, meta.codec, decompressed.compressors);
      if (pages === undefined) decompressed.keep(input, output);
      return output;
    };
    if (header.type === 'DICTIONARY_PAGE') {
      const count = header.dictionary_page_header?.num_values ?? -1;
      if (!(count >= 0 && count <= MAX_CHUNK_VALUES && count <= Math.max(uncompressed, 1) * 8)) damaged('its dictionary claims an impossible size');
      pages?.push({ header, page });
    } else if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header;
      const count = daph?.num_values ?? -1;
      if (!(count >= 0 && count <= chunkValues - values)) damaged('a page claims more values than its column chunk');
      const data = expand(page, uncompressed);
      let at = 0;
      if (levels.repetition > 0) at = checkRuns(data, at, undefined, bitWidthOf(levels.repetition), count, damaged);
      if (levels.definition > 0) at = checkRuns(data, at, undefined, bitWidthOf(levels.definition), count, damaged);
      checkValueRuns(data, at, daph!.encoding, levels.type, count, damaged, true);
      pages?.push({ header, page: data });
      values += count;
    } else if (header.type === 'DATA_PAGE_V2') {
      const v2 = header.data_page_header_v2;
      const count = v2?.num_values ?? -1;
      if (!(count >= 0 && count <= chunkValues - values)) damaged('a page claims more values than its column chunk');
      if (!(v2!.num_nulls >= 0 && v2!.num_nulls <= count && v2!.num_rows >= 0 && v2!.num_rows <= rows)) damaged('a page header is inconsistent');
      const repetitionBytes = v2!.repetition_levels_byte_length;
      const definitionBytes = v2!.definition_levels_byte_length;
      if (!(repetitionBytes >= 0 && definitionBytes >= 0 && repetitionBytes + definitionBytes <= page.length && repetitionBytes + definitionBytes <= uncompressed))
        damaged('a page header is inconsistent');
      if (levels.repetition > 0) checkRuns(page, 0, repetitionBytes, bitWidthOf(levels.repetition), count, damaged);
      if (levels.definition > 0) checkRuns(page, repetitionBytes, definitionBytes, bitWidthOf(levels.definition), count, damaged);
      const rest = page.subarray(repetitionBytes + definitionBytes);
      const data = v2!.is_compressed === false ? rest : expand(rest, uncompressed - repetitionBytes - definitionBytes);
      checkValueRuns(data, 0, v2!.encoding, levels.type, count, damaged, false);
      pages?.push({ header, page, values: data });
      values += count;
    }
  }
}

/** The run-length-encoded values of a data page (booleans, dictionary indices), checked as {@link checkRuns}. */
function checkValueRuns(data: Uint8Array, at: number, encoding: string, type: SchemaElement['type'], count: number, damaged: (what: string) => never, version1: boolean): void {
  if (count === 0) return;
  if (encoding === 'RLE' && type === 'BOOLEAN') {
    checkRuns(data, at, undefined, 1, count, damaged);
  } else if (encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY' || (version1 && encoding === 'RLE')) {
    if (at >= data.length) return;
    const width = data[at]!;
    if (width > 32) damaged('a page gives an impossible bit width');
    if (width > 0) checkRuns(data, at + 1, data.length - at - 1, width, count, damaged);
  }
}

/**
 * Checks one RLE / bit-packed hybrid sequence of at most `count` values (with its 4-byte length
 * when `length` is undefined): no run longer than the values left, the one thing hyparquet does
 * not bound. Run headers are read exactly as hyparquet reads them (32-bit varints); bytes that end
 * early stop the check (hyparquet then fails with an error of its own). Returns the offset after it.
 */
function checkRuns(data: Uint8Array, at: number, length: number | undefined, bitWidth: number, count: number, damaged: (what: string) => never): number {
  let offset = at;
  let byteLength = length;
  if (byteLength === undefined) {
    if (offset + 4 > data.length) return data.length;
    byteLength = (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16) | (data[offset + 3]! << 24)) >>> 0;
    offset += 4;
  }
  const start = offset;
  let seen = 0;
  while (seen < count && offset < data.length) {
    let header = 0;
    let ended = false;
    for (let shift = 0; ; shift += 7) {
      if (offset >= data.length) {
        ended = true;
        break;
      }
      const byte = data[offset++]!;
      header |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
    }
    if (ended) break;
    if (header & 1) {
      seen += Math.max(0, header >> 1) * 8;
      offset += Math.max(0, header >> 1) * bitWidth;
    } else {
      const run = header >>> 1;
      if (run > count - seen) damaged(`a run of ${run.toLocaleString('en-US')} values where ${(count - seen).toLocaleString('en-US')} are left`);
      seen += run;
      offset += (bitWidth + 7) >> 3;
    }
  }
  return start + byteLength;
}

function bitWidthOf(maxLevel: number): number {
  return 32 - Math.clz32(maxLevel);
}

/** hyparquet's description of one column for its page decoders and conversions. */
type ColumnDecoder = Parameters<Libraries['pages']['convert']>[1];

/** The decoder hyparquet would build for a top-level column (its options as {@link ParquetFile.readGroup} passes them). */
function flatDecoder(libs: Libraries, schema: SchemaTree, meta: ColumnMetaData, compressors: Compressors): ColumnDecoder {
  const node = schema.children.find((child) => child.element.name === meta.path_in_schema[0])!;
  return {
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element: node.element,
    schemaPath: [schema, node],
    codec: meta.codec,
    compressors,
    parsers: { ...libs.pages.defaultParsers, ...PARSERS },
    utf8: false,
  };
}

const OUT_OF_BOUNDS = 'Offset is outside the bounds of the DataView';

/**
 * Rows [from, to) (within the row group) of a flat number or text column, decoded from the pages
 * {@link checkColumnChunk} checked and decompressed: values go straight into one Float64Array
 * (NaN for a null) or one text array (null), where hyparquet would assemble a JS array of boxed
 * values per page. The values are those hyparquet gives (its readPlain, dictionary and convert
 * steps; encodings other than PLAIN and dictionary go through its page decoders), as
 * {@link convertColumn} would take them. Pages wholly outside [from, to) are not decoded. The run
 * starts at row `from`; fewer rows than asked for mean the column chunk ended early.
 */
function decodeFlatColumn(libs: Libraries, decoder: ColumnDecoder, pages: readonly CheckedPage[], kind: 'number' | 'text', maxDefinition: number, groupStart: number, from: number, to: number): Piece {
  const { readPlain, convert, convertWithDictionary, readDataPage, readDataPageV2 } = libs.pages;
  const { type, codec } = decoder;
  const typeLength = decoder.element.type_length;
  const numbers = kind === 'number' ? new Float64Array(to - from) : undefined;
  const texts = kind === 'text' ? new Array<string | null>(to - from).fill(null) : undefined;
  let dictionary: DecodedArray | undefined;
  let dictionaryNumbers: Float64Array | undefined;
  let dictionaryTexts: (string | null)[] | undefined;
  let row = 0;
  let covered = 0;
  for (const { header, page, values } of pages) {
    if (header.type === 'DICTIONARY_PAGE') {
      const bytes = libs.decompressPage(page, header.uncompressed_page_size, codec, decoder.compressors);
      const plain = readPlain({ view: viewOf(bytes), offset: 0 }, type, header.dictionary_page_header!.num_values, typeLength);
      dictionary = convert(plain, decoder);
      if (numbers !== undefined) dictionaryNumbers = numbersOf(dictionary);
      else dictionaryTexts = textsOf(dictionary);
      continue;
    }
    if (row >= to) break;
    const version1 = header.type === 'DATA_PAGE';
    const v2 = header.data_page_header_v2;
    const count = version1 ? header.data_page_header!.num_values : v2!.num_values;
    const encoding = version1 ? header.data_page_header!.encoding : v2!.encoding;
    if (row + count <= from) {
      row += count;
      continue;
    }
    let definitions: Int32Array | undefined;
    let present = count;
    let valueBytes = page;
    let at = 0;
    if (version1) {
      if (maxDefinition > 0) {
        definitions = new Int32Array(count);
        at = readHybrid(page, 0, undefined, bitWidthOf(maxDefinition), definitions);
        present = 0;
        for (let i = 0; i < count; i++) if (definitions[i] === maxDefinition) present++;
      }
    } else {
      if (maxDefinition > 0) {
        definitions = new Int32Array(count);
        readHybrid(page, v2!.repetition_levels_byte_length, v2!.definition_levels_byte_length, bitWidthOf(maxDefinition), definitions);
      }
      present = count - v2!.num_nulls;
      valueBytes = values!;
    }
    const dictionaryEncoded = encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY' || (version1 && encoding === 'RLE' && type !== 'BOOLEAN');
    let dense: Float64Array | (string | null)[];
    if (encoding === 'PLAIN') {
      const plain = convert(readPlain({ view: viewOf(valueBytes), offset: at }, type, present, typeLength), decoder);
      dense = numbers !== undefined ? numbersOf(plain) : textsOf(plain);
    } else if (dictionaryEncoded && dictionary !== undefined) {
      if (at >= valueBytes.length) throw new RangeError(OUT_OF_BOUNDS);
      const width = valueBytes[at]!;
      const indices = new Int32Array(present);
      if (width > 0 || !version1) readHybrid(valueBytes, at + 1, valueBytes.length - at - 1, width, indices);
      if (numbers !== undefined) {
        const gathered = new Float64Array(present);
        for (let k = 0; k < present; k++) gathered[k] = dictionaryNumbers![indices[k]!]!;
        dense = gathered;
      } else {
        const gathered = new Array<string | null>(present);
        for (let k = 0; k < present; k++) gathered[k] = dictionaryTexts![indices[k]!] ?? null;
        dense = gathered;
      }
    } else {
      // Delta, byte-stream-split and run-length booleans: hyparquet's own page decoders.
      const decoded = version1 ? readDataPage(page, header.data_page_header!, decoder) : readDataPageV2(page, header, { ...decoder, compressors: { [codec]: () => values! } });
      const converted = convertWithDictionary(decoded.dataPage, dictionary, encoding, decoder);
      dense = numbers !== undefined ? numbersOf(converted) : textsOf(converted);
    }
    const lo = Math.max(from, row);
    const hi = Math.min(to, row + count);
    if (numbers !== undefined) scatter(numbers, dense as Float64Array, definitions, maxDefinition, row, lo, hi, from, Number.NaN);
    else scatter(texts!, dense as (string | null)[], definitions, maxDefinition, row, lo, hi, from, null);
    covered += hi - lo;
    row += count;
  }
  if (numbers !== undefined) return { rowStart: groupStart + from, data: covered === numbers.length ? numbers : numbers.slice(0, covered) };
  texts!.length = covered;
  return { rowStart: groupStart + from, data: texts! };
}

/**
 * Rows [lo, hi) of a page whose first row is `row`, into `out` (whose first row is `from`): the
 * page's values in order for the rows at the maximum definition level, `none` for the others.
 * A damaged page with fewer values than rows gives NaN (or undefined → null) for the missing ones,
 * as hyparquet's assembly does.
 */
function scatter<T>(
  out: { [index: number]: T },
  dense: { readonly [index: number]: T; readonly length: number },
  definitions: Int32Array | undefined,
  maxDefinition: number,
  row: number,
  lo: number,
  hi: number,
  from: number,
  none: T,
): void {
  if (definitions === undefined) {
    for (let i = lo; i < hi; i++) out[i - from] = dense[i - row] ?? none;
    return;
  }
  let k = 0;
  for (let i = row; i < hi; i++) {
    if (definitions[i - row] === maxDefinition) {
      if (i >= lo) out[i - from] = dense[k] ?? none;
      k++;
    } else if (i >= lo) {
      out[i - from] = none;
    }
  }
}

/** Decoded values as doubles, as {@link toNumber} reads them (a Float64Array as it is). */
function numbersOf(data: DecodedArray): Float64Array {
  if (data instanceof Float64Array) return data;
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint32Array) return new Float64Array(data);
  const out = new Float64Array(data.length);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let k = 0; k < data.length; k++) out[k] = Number(data[k]!);
  } else {
    for (let k = 0; k < data.length; k++) out[k] = toNumber(data[k]);
  }
  return out;
}

/** Decoded values as text, as {@link textOf} reads them. */
function textsOf(data: DecodedArray): (string | null)[] {
  const out = new Array<string | null>(data.length);
  for (let k = 0; k < data.length; k++) out[k] = textOf(data[k]);
  return out;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes an RLE / bit-packed hybrid sequence (with its 4-byte length when `length` is undefined)
 * into all of `output`, as hyparquet's readRleBitPackedHybrid does, but into a typed array. Runs
 * longer than the values left are cut ({@link checkRuns} has refused those already); bytes that
 * end early throw a RangeError, as hyparquet's reads do. Returns the offset after the sequence.
 */
function readHybrid(data: Uint8Array, at: number, length: number | undefined, bitWidth: number, output: Int32Array): number {
  let offset = at;
  let byteLength = length;
  if (byteLength === undefined) {
    if (offset + 4 > data.length) throw new RangeError(OUT_OF_BOUNDS);
    byteLength = (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16) | (data[offset + 3]! << 24)) >>> 0;
    offset += 4;
  }
  const start = offset;
  const count = output.length;
  // As hyparquet computes it (a width of 32 masks to 0 there too).
  const mask = (1 << bitWidth) - 1;
  const rleBytes = (bitWidth + 7) >> 3;
  let seen = 0;
  while (seen < count) {
    let header = 0;
    for (let shift = 0; ; shift += 7) {
      if (offset >= data.length) throw new RangeError(OUT_OF_BOUNDS);
      const byte = data[offset++]!;
      header |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
    }
    if (header & 1) {
      const values = (header >> 1) << 3;
      if (values <= 0) {
        if (values < 0) throw new RangeError(OUT_OF_BOUNDS);
        if (offset < data.length) offset++;
        continue;
      }
      const bytes = (values / 8) * bitWidth;
      if (offset + bytes > data.length) throw new RangeError(OUT_OF_BOUNDS);
      const take = Math.min(values, count - seen);
      if (bitWidth === 1) {
        for (let j = 0; j < take; j++) output[seen++] = (data[offset + (j >> 3)]! >> (j & 7)) & 1;
      } else if (bitWidth > 0) {
        let byteAt = offset;
        let shift = 0;
        for (let j = 0; j < take; j++) {
          let value = data[byteAt]! >>> shift;
          let got = 8 - shift;
          for (let next = byteAt + 1; got < bitWidth; next++, got += 8) value |= data[next]! << got;
          output[seen++] = value & mask;
          shift += bitWidth;
          byteAt += shift >> 3;
          shift &= 7;
        }
      } else {
        output.fill(0, seen, seen + take);
        seen += take;
        // hyparquet reads a run's first byte before it looks at the width.
        if (offset < data.length) offset++;
      }
      offset += bytes;
    } else {
      const run = header >>> 1;
      let value = 0;
      for (let i = 0; i < rleBytes; i++) {
        if (offset >= data.length) throw new RangeError(OUT_OF_BOUNDS);
        value |= data[offset++]! << (i << 3);
      }
      const fill = Math.min(run, count - seen);
      output.fill(value, seen, seen + fill);
      seen += fill;
    }
  }
  return start + byteLength;
}

function planField(node: SchemaTree): FieldPlan {
  const { element } = node;
  const name = element.name;
  if (node.children.length === 0) {
    if (element.repetition_type === 'REPEATED') {
      // A bare repeated field (the oldest list encoding): one array per row.
      const typeName = `LIST<${leafTypeName(element)}>`;
      return numericLeaf(element) ? { field: { name, kind: 'vector', width: 0, typeName }, conversion: { kind: 'vector', decimalScale: decimalScaleOf(element) } } : otherPlan(name, typeName, element);
    }
    const typeName = leafTypeName(element);
    if (numericLeaf(element)) return { field: { name, kind: 'number', width: 1, typeName }, conversion: { kind: 'number', decimalScale: decimalScaleOf(element) } };
    if (textLeaf(element)) return { field: { name, kind: 'text', width: 1, typeName }, conversion: { kind: 'text' } };
    return otherPlan(name, typeName, element);
  }
  const item = listItem(node);
  if (item !== undefined) {
    const itemName = item.children.length === 0 ? leafTypeName(item.element) : groupTypeName(item);
    const typeName = `LIST<${itemName}>`;
    if (item.children.length === 0 && numericLeaf(item.element)) {
      return { field: { name, kind: 'vector', width: 0, typeName }, conversion: { kind: 'vector', decimalScale: decimalScaleOf(item.element) } };
    }
    return otherPlan(name, typeName, element);
  }
  return otherPlan(name, groupTypeName(node), element);
}

function otherPlan(name: string, typeName: string, element: SchemaElement): FieldPlan {
  const logical = element.logical_type;
  let show: 'value' | 'utc' | 'time' = 'value';
  let timeUnit: TimeUnitName = 'MILLIS';
  if (logical?.type === 'TIMESTAMP' && logical.isAdjustedToUTC) show = 'utc';
  else if (element.converted_type === 'TIMESTAMP_MILLIS' || element.converted_type === 'TIMESTAMP_MICROS') show = logical === undefined ? 'utc' : 'value';
  if (logical?.type === 'TIME') {
    show = 'time';
    timeUnit = logical.unit;
  } else if (element.converted_type === 'TIME_MILLIS' || element.converted_type === 'TIME_MICROS') {
    show = 'time';
    timeUnit = element.converted_type === 'TIME_MILLIS' ? 'MILLIS' : 'MICROS';
  }
  return { field: { name, kind: 'other', width: 1, typeName }, conversion: { kind: 'other', show, timeUnit } };
}

/**
 * The item of a LIST-annotated group as hyparquet assembles it: the repeated group's only child
 * (the 3-level list DuckDB, pyarrow and Spark write), or the repeated field itself (2-level).
 */
function listItem(node: SchemaTree): SchemaTree | undefined {
  const annotated = node.element.converted_type === 'LIST' || node.element.logical_type?.type === 'LIST';
  if (!annotated || node.children.length !== 1) return undefined;
  const repeated = node.children[0]!;
  if (repeated.element.repetition_type !== 'REPEATED') return undefined;
  if (repeated.children.length === 0) return repeated;
  return repeated.children.length === 1 ? repeated.children[0]! : undefined;
}

const TEMPORAL = new Set(['DATE', 'TIME_MILLIS', 'TIME_MICROS', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS', 'INTERVAL']);

function numericLeaf(element: SchemaElement): boolean {
  const logical = element.logical_type?.type;
  if (element.converted_type === 'DECIMAL' || logical === 'DECIMAL' || logical === 'FLOAT16') return true;
  if (element.converted_type !== undefined && TEMPORAL.has(element.converted_type)) return false;
  if (logical === 'DATE' || logical === 'TIME' || logical === 'TIMESTAMP' || logical === 'INTERVAL') return false;
  return element.type === 'BOOLEAN' || element.type === 'INT32' || element.type === 'INT64' || element.type === 'FLOAT' || element.type === 'DOUBLE';
}

function textLeaf(element: SchemaElement): boolean {
  const logical = element.logical_type?.type;
  return (
    (element.type === 'BYTE_ARRAY' || element.type === 'FIXED_LEN_BYTE_ARRAY') && (element.converted_type === 'UTF8' || element.converted_type === 'ENUM' || logical === 'STRING' || logical === 'ENUM')
  );
}

function decimalScaleOf(element: SchemaElement): number {
  const logical = element.logical_type;
  if (logical?.type === 'DECIMAL') return logical.scale;
  return element.converted_type === 'DECIMAL' ? (element.scale ?? 0) : 0;
}

/** The type as the file spells it: the logical type where there is one, else the physical type. */
function leafTypeName(element: SchemaElement): string {
  const logical = element.logical_type;
  const physical = element.type === 'FIXED_LEN_BYTE_ARRAY' ? `FIXED_LEN_BYTE_ARRAY(${element.type_length ?? '?'})` : (element.type ?? 'GROUP');
  if (logical !== undefined) {
    switch (logical.type) {
      case 'DECIMAL':
        return `DECIMAL(${logical.precision},${logical.scale})`;
      case 'TIMESTAMP':
        return `TIMESTAMP(${logical.unit}${logical.isAdjustedToUTC ? ', UTC' : ''})`;
      case 'TIME':
        return `TIME(${logical.unit})`;
      case 'INTEGER': {
        const name = `${logical.isSigned ? 'INT' : 'UINT'}${logical.bitWidth}`;
        return name === element.type ? physical : name;
      }
      default:
        return logical.type;
    }
  }
  switch (element.converted_type) {
    case undefined:
      return element.type === 'BYTE_ARRAY' ? 'BYTE_ARRAY (binary)' : physical;
    case 'DECIMAL':
      return `DECIMAL(${element.precision ?? '?'},${element.scale ?? 0})`;
    case 'INT_32':
    case 'INT_64':
      return physical;
    case 'UTF8':
      return 'STRING';
    default:
      return element.converted_type.replace(/^(U?INT)_/, '$1');
  }
}

function groupTypeName(node: SchemaTree): string {
  const { element } = node;
  if (element.converted_type === 'MAP' || element.converted_type === 'MAP_KEY_VALUE' || element.logical_type?.type === 'MAP') return 'MAP';
  if (element.logical_type?.type === 'VARIANT') return 'VARIANT';
  if (element.converted_type === 'LIST' || element.logical_type?.type === 'LIST') return 'LIST';
  const inner = node.children.map((child) => `${child.element.name}: ${child.children.length === 0 ? leafTypeName(child.element) : groupTypeName(child)}`).join(', ');
  const name = `${element.repetition_type === 'REPEATED' ? 'REPEATED ' : ''}STRUCT<${inner}>`;
  return name.length > 120 ? `${name.slice(0, 117)}…>` : name;
}

/** The first non-null list's length among a column's runs, or undefined when all are null. */
function firstListLength(runs: readonly Piece[]): number | undefined {
  for (const run of runs) {
    for (let i = 0; i < run.data.length; i++) {
      const value: unknown = run.data[i];
      if (Array.isArray(value) || ArrayBuffer.isView(value)) return (value as ArrayLike<unknown>).length;
    }
  }
  return undefined;
}

/**
 * Rows [first, last) of one column as a chunk column. Every row must be covered by a run: fewer
 * values than rows means the row group is damaged.
 */
function convertColumn(plan: FieldPlan, runs: readonly Piece[], first: number, last: number): ChunkColumn {
  const count = last - first;
  const { conversion } = plan;
  let covered = 0;
  const each = (visit: (source: DecodedArray, from: number, length: number, at: number) => void): void => {
    for (const run of runs) {
      const from = Math.max(first, run.rowStart);
      const to = Math.min(last, run.rowStart + run.data.length);
      if (from >= to) continue;
      visit(run.data, from - run.rowStart, to - from, from - first);
      covered += to - from;
    }
    if (covered < count) throw new PlainError(`column "${plan.field.name}" holds fewer values than the row group's row count: the file is damaged`);
  };
  switch (conversion.kind) {
    case 'number': {
      const values = new Float64Array(count).fill(Number.NaN);
      each((source, from, length, at) => {
        if (source instanceof Float64Array) values.set(source.subarray(from, from + length), at);
        else for (let i = 0; i < length; i++) values[at + i] = toNumber(source[from + i]);
      });
      if (conversion.decimalScale > 0) for (let i = 0; i < count; i++) values[i] = exactDecimal(values[i]!, conversion.decimalScale);
      return { kind: 'number', values };
    }
    case 'text': {
      const values: (string | null)[] = new Array<string | null>(count).fill(null);
      each((source, from, length, at) => {
        for (let i = 0; i < length; i++) values[at + i] = textOf(source[from + i]);
      });
      return { kind: 'text', values };
    }
    case 'other': {
      const values: (string | null)[] = new Array<string | null>(count).fill(null);
      each((source, from, length, at) => {
        for (let i = 0; i < length; i++) values[at + i] = otherText(source[from + i], conversion);
      });
      return { kind: 'text', values };
    }
    case 'vector': {
      const width = plan.field.width;
      const values = new Float64Array(count * width).fill(Number.NaN);
      const lengths = new Int32Array(count).fill(-1);
      each((source, from, length, at) => {
        for (let i = 0; i < length; i++) {
          const row: unknown = source[from + i];
          if (!Array.isArray(row) && !ArrayBuffer.isView(row)) continue;
          const items = row as ArrayLike<unknown>;
          lengths[at + i] = items.length;
          const base = (at + i) * width;
          const fits = Math.min(items.length, width);
          for (let k = 0; k < fits; k++) {
            const value = toNumber(items[k]);
            values[base + k] = conversion.decimalScale > 0 ? exactDecimal(value, conversion.decimalScale) : value;
          }
        }
      });
      return { kind: 'vector', width, values, lengths };
    }
  }
}

/**
 * A DECIMAL as the double nearest its exact value unscaled / 10^scale (DuckDB's and pyarrow's
 * cast). hyparquet multiplies by 10^−scale, which is off by an ulp now and then (0.30000000000000004
 * for 3 × 10^−1); below 2^50 the unscaled integer is recovered exactly and divided instead.
 */
function exactDecimal(value: number, scale: number): number {
  const power = 10 ** scale;
  const unscaled = Math.round(value * power);
  return Number.isFinite(value) && Math.abs(unscaled) < 2 ** 50 ? unscaled / power : value;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return utf8.decode(value);
  return displayText(value);
}

function otherText(value: unknown, conversion: Extract<Conversion, { kind: 'other' }>): string | null {
  if (conversion.show === 'utc' && typeof value === 'string') return `${value}Z`;
  if (conversion.show === 'time' && (typeof value === 'number' || typeof value === 'bigint')) return timeText(BigInt(value), UNIT_DIGITS[conversion.timeUnit]);
  return displayText(value);
}

function asciiOf(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** Why a Parquet read failed, in plain words: {@link plainReason}, else hyparquet's words without their jargon. */
function reasonOf(error: unknown): string {
  const plain = plainReason(error);
  if (plain !== undefined) return plain;
  const message = error instanceof Error ? error.message : String(error);
  const codec = /unsupported compression codec: (\w+)/.exec(message);
  if (codec) return `unsupported compression ${codec[1]} (write the file again with snappy, zstd or gzip)`;
  if (/not supported|unsupported/i.test(message)) return `it uses a Parquet feature Entropy Lens cannot read (${message.replace(/^parquet /, '')})`;
  if (/file_path not supported/.test(message)) return 'its data is kept in other files, which Entropy Lens does not follow';
  if (
    error instanceof RangeError ||
    /thrift|out of range|outside the bounds|exceeds|too short|decompressed page length|invalid|premature|end of input|missing|undefined|snappy|zstd|gzip|brotli|lz4|offset/i.test(message)
  ) {
    return 'its data is damaged or cut short (the bytes do not decode as Parquet)';
  }
  if (error instanceof TypeError) return 'its data is damaged (the bytes do not decode as Parquet)';
  return message.replace(/^parquet /, '');
}
