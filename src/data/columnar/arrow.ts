// The Arrow IPC reader of the columnar contract (source.ts), on apache-arrow: the file format
// (Feather v2, `ARROW1`) and the stream format, one record batch at a time through positioned
// reads of a file handle, so memory stays bounded by a record batch whatever the file's size.
import type { FileHandle } from 'node:fs/promises';
import type { Data, DataType, RecordBatch, RecordBatchReader, Schema, Vector } from 'apache-arrow';
import { fileProblem } from '../fileBytes';
import type { Problem } from '../types';
import { bytesText, clampRow, dateText, displayText, isAborted, PlainError, plainReason, rangeProblem, timestampText, timeText, toNumber } from './values';
import { openFileWith, WRITE_AGAIN } from './openFile';
import type { ChunkColumn, ColumnarChunk, ColumnarField, ColumnarFile, ColumnarOpen, ColumnarReadOptions } from './source';

type Arrow = typeof import('apache-arrow');

let library: Promise<Arrow> | undefined;

/**
 * apache-arrow, loaded on the first Arrow file, with decoders for the two body compressions of
 * the IPC format registered (pyarrow's Feather v2 writes LZ4 frames by default; ZSTD by request).
 */
function loadArrow(): Promise<Arrow> {
  library ??= Promise.all([import('apache-arrow'), import('hyparquet-compressors')]).then(
    ([arrow, compressors]) => {
      const { compressionRegistry, CompressionType } = arrow;
      const lz4 = compressionRegistry.get(CompressionType.LZ4_FRAME);
      compressionRegistry.set(CompressionType.LZ4_FRAME, { encode: lz4?.encode, decode: decodeLz4Frame });
      const zstd = compressionRegistry.get(CompressionType.ZSTD);
      compressionRegistry.set(CompressionType.ZSTD, { encode: zstd?.encode, decode: (bytes) => aligned(compressors.decompressZstd(bytes)) });
      return arrow;
    },
    (error: unknown) => {
      library = undefined;
      throw error;
    },
  );
  return library;
}

/** Bytes at an 8-byte aligned offset: apache-arrow views a decompressed buffer as Float64Array and the like. */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}

/** How a field's values become a chunk column. */
type Conversion = 'number' | 'text' | 'vector' | 'other';

interface FieldPlan {
  field: ColumnarField;
  /** The field's position among the schema's fields (names may repeat in Arrow). */
  index: number;
  conversion: Conversion;
}

interface BatchSpan {
  /** 0-based index among the record batches. */
  index: number;
  start: number;
  end: number;
}

/** What the rows after the last readable batch are, when the stream is cut short or damaged there. */
interface StreamTail {
  afterRow: number;
  reason: string;
}

/** Vector widths are probed in at most this many leading record batches. */
const WIDTH_PROBE_BATCHES = 4;

/** `ARROW1` and its padding to 8 bytes, at the start of the file format; `ARROW1` alone at its end. */
const MAGIC = 'ARROW1';

const utf8 = new TextDecoder('utf-8');

/**
 * Opens an Arrow IPC file (Feather v2) or stream: the schema, and the row count of every record
 * batch from the messages' headers (their bodies are not read). Never rejects: a missing file,
 * one that is not Arrow, cut short or with a damaged footer is one `read-error` problem.
 */
export async function openArrow(path: string): Promise<ColumnarOpen> {
  return openFileWith(path, openHandle);
}

const FILE_CUT_SHORT = 'This Arrow file is cut short or corrupt (its footer could not be read)';

async function openHandle(handle: FileHandle, size: number): Promise<ColumnarOpen> {
  const refuse = (message: string): ColumnarOpen => ({ ok: false, problem: fileProblem(message) });
  if (size === 0) return refuse('The file is empty: an Arrow file holds at least its schema');
  const head = await readBytes(handle, 0, Math.min(8, size));
  const isFileFormat = asciiOf(head.subarray(0, 6)) === MAGIC;
  if (!isFileFormat) {
    if (asciiOf(head.subarray(0, 4)) === 'FEA1')
      return refuse('This is a Feather v1 file, which Entropy Lens does not read: save it again as Feather v2 (pandas: pd.read_feather(path).to_feather(path))');
    const first = head.length >= 4 ? new DataView(head.buffer, head.byteOffset).getInt32(0, true) : 0;
    // A stream starts with a continuation marker (-1) or, before Arrow 0.15, the schema's length.
    if (first !== -1 && !(first > 0 && first <= size - 4)) {
      return refuse('This is not an Arrow IPC file: it starts with neither the Arrow file marker ARROW1 nor an Arrow stream message');
    }
  }
  let footerStart = size;
  if (isFileFormat) {
    const tail = size >= 18 ? await readBytes(handle, size - 10, 10) : new Uint8Array(0);
    if (asciiOf(tail.subarray(4)) !== MAGIC) {
      return refuse(`${FILE_CUT_SHORT}: it does not end with the Arrow marker ARROW1, so it was probably cut off while being written or copied; ${WRITE_AGAIN}`);
    }
    const footerLength = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
    footerStart = size - 10 - footerLength;
    if (footerLength <= 0 || footerStart < 8) {
      return refuse(`${FILE_CUT_SHORT}: its footer claims ${footerLength.toLocaleString('en-US')} bytes in a file of ${size.toLocaleString('en-US')}; ${WRITE_AGAIN}`);
    }
  }
  let arrow: Arrow;
  try {
    arrow = await loadArrow();
  } catch (error) {
    return refuse(`The Arrow reader could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  let reader: RecordBatchReader;
  try {
    reader = await openReader(arrow, handle, size);
  } catch (error) {
    const what = isFileFormat ? FILE_CUT_SHORT : 'This Arrow stream is cut short or corrupt (its schema could not be read)';
    return refuse(`${what}: ${reasonOf(error)}; ${WRITE_AGAIN}`);
  }
  try {
    if (reader.schema === undefined || reader.schema === null) return refuse('This Arrow file holds no schema: it is empty or not an Arrow IPC file');
    let batches: BatchSpan[];
    let tail: StreamTail | undefined;
    if (isFileFormat) {
      const counted = await countFileBatches(arrow, handle, reader, footerStart);
      if (typeof counted === 'string') return refuse(`This Arrow file is corrupt: ${counted}; ${WRITE_AGAIN}`);
      batches = counted;
    } else {
      ({ batches, tail } = await countStreamBatches(arrow, handle, size));
    }
    const plans = planFields(arrow, reader.schema);
    const rowCount = batches.length === 0 ? 0 : batches[batches.length - 1]!.end;
    const file = new ArrowFile(handle, size, arrow, isFileFormat, batches, tail, rowCount, plans);
    await file.probeWidths();
    return { ok: true, file };
  } finally {
    await reader.cancel();
  }
}

/**
 * A reader over the shared handle. apache-arrow closes the handle it reads when it is done or
 * cancelled; it gets a stand-in with the handle's reads and a close that does nothing, so the
 * handle lives until `ColumnarFile.close` and one read's end never cuts another short.
 */
async function openReader(arrow: Arrow, handle: FileHandle, size: number): Promise<RecordBatchReader> {
  const standIn = {
    fd: handle.fd,
    stat: async () => ({ size }),
    read: (buffer: Uint8Array, offset: number, length: number, position: number) => handle.read(buffer, offset, length, position),
    close: async () => undefined,
  } as unknown as FileHandle;
  const reader = await arrow.RecordBatchReader.from(standIn);
  await reader.open({ autoDestroy: false });
  return reader;
}

/** The rows of each record batch the file format's footer lists, from each batch's header; or what is wrong. */
async function countFileBatches(arrow: Arrow, handle: FileHandle, reader: RecordBatchReader, footerStart: number): Promise<BatchSpan[] | string> {
  const footer = reader.footer;
  if (footer === null) return 'its footer does not decode';
  const batches: BatchSpan[] = [];
  let rows = 0;
  for (let index = 0; index < footer.numRecordBatches; index++) {
    const block = footer.getRecordBatch(index);
    const where = `record batch ${index + 1}`;
    if (block === null) return `the footer's entry for ${where} does not decode`;
    if (!(block.offset >= 8 && block.offset + block.metaDataLength + Number(block.bodyLength) <= footerStart)) return `the footer places ${where} outside the file's data`;
    let message: MessageAt | undefined;
    try {
      message = await messageAt(arrow, handle, block.offset, footerStart);
    } catch (error) {
      const plain = plainReason(error);
      return `the header of ${where} (at byte ${block.offset.toLocaleString('en-US')}) is damaged${plain === undefined ? '' : ` (${plain})`}`;
    }
    if (message?.rows === undefined) return `the footer's entry for ${where} does not point at a record batch`;
    batches.push({ index, start: rows, end: rows + message.rows });
    rows += message.rows;
  }
  return batches;
}

/**
 * The rows of each record batch of a stream, walking its message headers and skipping their
 * bodies. A stream cut short or damaged part-way keeps the batches before; the rest becomes the
 * problem the read ends with. A batch whose header is whole but whose body is cut is counted and
 * fails when read.
 */
async function countStreamBatches(arrow: Arrow, handle: FileHandle, size: number): Promise<{ batches: BatchSpan[]; tail: StreamTail | undefined }> {
  const batches: BatchSpan[] = [];
  let rows = 0;
  let position = 0;
  while (position < size) {
    let message: MessageAt | undefined;
    try {
      message = await messageAt(arrow, handle, position, size);
    } catch (error) {
      const plain = plainReason(error);
      const where = `the message at byte ${position.toLocaleString('en-US')} of ${size.toLocaleString('en-US')}`;
      return { batches, tail: { afterRow: rows, reason: plain === undefined ? `${where} is damaged` : `${where} is damaged or cut short (${plain})` } };
    }
    if (message === undefined) break;
    if (message.rows !== undefined) {
      batches.push({ index: batches.length, start: rows, end: rows + message.rows });
      rows += message.rows;
    }
    if (message.next > size) {
      if (message.rows !== undefined) break;
      return { batches, tail: { afterRow: rows, reason: `the file ends inside a dictionary at byte ${size.toLocaleString('en-US')}, so it was cut short` } };
    }
    position = message.next;
  }
  return { batches, tail: undefined };
}

interface MessageAt {
  /** A record batch's row count; undefined for other messages. */
  rows: number | undefined;
  /** The byte after the message's body. */
  next: number;
}

/** The IPC message at `position` (continuation marker or pre-0.15 length, flatbuffer header); undefined at the end-of-stream marker. */
async function messageAt(arrow: Arrow, handle: FileHandle, position: number, limit: number): Promise<MessageAt | undefined> {
  if (limit - position < 4) throw new PlainError('the file ends inside a message');
  const prefix = await readBytes(handle, position, Math.min(8, limit - position));
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let length = view.getInt32(0, true);
  let headerStart = position + 4;
  if (length === -1) {
    if (prefix.length < 8) throw new PlainError('the file ends inside a message');
    length = view.getInt32(4, true);
    headerStart = position + 8;
  }
  if (length === 0) return undefined;
  if (length < 0 || headerStart + length > limit) throw new PlainError('a message header runs past the end of the file');
  const message = arrow.Message.decode(await readBytes(handle, headerStart, length));
  const body = message.bodyLength;
  if (!(Number.isSafeInteger(body) && body >= 0)) throw new PlainError('a message header gives an impossible body length');
  // Bodies start 8-byte aligned after the header (the header's length includes its padding).
  const next = headerStart + length + body;
  if (message.isRecordBatch()) {
    const rows = message.header().length;
    if (!(Number.isSafeInteger(rows) && rows >= 0)) throw new PlainError('a record batch header gives an impossible row count');
    return { rows, next };
  }
  if (!message.isSchema() && !message.isDictionaryBatch()) throw new PlainError('a message is of no known kind');
  return { rows: undefined, next };
}

function planFields(arrow: Arrow, schema: Schema): Map<string, FieldPlan> {
  const plans = new Map<string, FieldPlan>();
  schema.fields.forEach((field, index) => {
    let name = field.name;
    // Arrow allows repeated names; the contract needs one per field (pandas' "name.1" style).
    for (let k = 1; plans.has(name); k++) name = `${field.name}.${k}`;
    const type = field.type;
    const typeName = String(type);
    const conversion = conversionOf(arrow, type);
    const width = conversion === 'vector' && arrow.DataType.isFixedSizeList(type) ? type.listSize : conversion === 'vector' ? 0 : 1;
    plans.set(name, { field: { name, kind: conversion, width, typeName }, index, conversion });
  });
  return plans;
}

function conversionOf(arrow: Arrow, type: DataType): Conversion {
  const { DataType: T } = arrow;
  if (numericType(arrow, type)) return 'number';
  if (textType(arrow, type)) return 'text';
  if (T.isDictionary(type)) return textType(arrow, type.dictionary) ? 'text' : numericType(arrow, type.dictionary) ? 'number' : 'other';
  if ((T.isList(type) || T.isLargeList(type) || T.isFixedSizeList(type)) && type.children[0] !== undefined && numericType(arrow, type.children[0].type)) return 'vector';
  return 'other';
}

function numericType(arrow: Arrow, type: DataType): boolean {
  const { DataType: T } = arrow;
  return T.isInt(type) || T.isFloat(type) || T.isBool(type) || T.isDecimal(type);
}

function textType(arrow: Arrow, type: DataType): boolean {
  const { DataType: T } = arrow;
  return T.isUtf8(type) || T.isLargeUtf8(type) || T.isUtf8View(type);
}

class ArrowFile implements ColumnarFile {
  readonly format = 'arrow' as const;
  readonly fields: ColumnarField[];
  private closing: Promise<void> | undefined;

  constructor(
    private readonly handle: FileHandle,
    readonly byteLength: number,
    private readonly arrow: Arrow,
    private readonly isFileFormat: boolean,
    private readonly batches: readonly BatchSpan[],
    private readonly tail: StreamTail | undefined,
    readonly rowCount: number,
    private readonly plans: Map<string, FieldPlan>,
  ) {
    this.fields = [...plans.values()].map((plan) => plan.field);
  }

  /** Sets each variable-length list field's width to its first non-null row's length (0 when none is found). */
  async probeWidths(): Promise<void> {
    const pending = [...this.plans.values()].filter((plan) => plan.conversion === 'vector' && plan.field.width === 0);
    if (pending.length === 0) return;
    await this.eachBatch(0, WIDTH_PROBE_BATCHES, (batch) => {
      for (const plan of [...pending]) {
        const data = batch.data.children[plan.index];
        if (data === undefined || !isListType(this.arrow, data.type)) continue;
        for (let row = 0; row < data.length; row++) {
          if (!data.getValid(row)) continue;
          const offsets = data.valueOffsets as ArrayLike<number | bigint>;
          plan.field = { ...plan.field, width: Number(offsets[row + 1]!) - Number(offsets[row]!) };
          pending.splice(pending.indexOf(plan), 1);
          break;
        }
      }
      return pending.length === 0;
    }).catch(() => undefined);
    this.fields.splice(0, this.fields.length, ...[...this.plans.values()].map((plan) => plan.field));
  }

  async read(names: readonly string[], onChunk: (chunk: ColumnarChunk) => void | Promise<void>, options: ColumnarReadOptions = {}): Promise<Problem | undefined> {
    if (this.closing !== undefined) return fileProblem('The Arrow file was closed before it was read');
    const wanted = [...new Set(names)];
    const unknown = wanted.find((name) => !this.plans.has(name));
    if (unknown !== undefined) return fileProblem(`This Arrow file has no column "${unknown}"`);
    const start = clampRow(options.start ?? 0, 0, this.rowCount);
    const end = clampRow(options.end ?? this.rowCount, start, this.rowCount);
    const chunkRows = options.chunkRows !== undefined && options.chunkRows >= 1 ? Math.floor(options.chunkRows) : Number.POSITIVE_INFINITY;
    const { signal } = options;
    const first = this.batches.findIndex((span) => span.end > start);
    const reaches = this.batches.findIndex((span) => span.end >= end);
    const dictionaries = new WeakMap<Vector, (string | null)[]>();
    let problem: Problem | undefined;
    let aborted = false;
    if (first >= 0 && start < end) {
      const failed = await this.eachBatch(
        first,
        (reaches < 0 ? this.batches.length : reaches + 1) - first,
        async (batch, span) => {
          const from = Math.max(start, span.start);
          const to = Math.min(end, span.end);
          try {
            for (const name of wanted) checkData(this.arrow, batch.data.children[this.plans.get(name)!.index]!, name);
          } catch (error) {
            problem = rangeProblem(`Record batch ${span.index + 1}`, from, to, reasonOf(error));
            return true;
          }
          for (let row = from; row < to; row += chunkRows) {
            if (isAborted(signal)) {
              aborted = true;
              return true;
            }
            const last = Math.min(to, row + chunkRows);
            const columns = new Map<string, ChunkColumn>();
            try {
              for (const name of wanted) {
                const plan = this.plans.get(name)!;
                columns.set(name, convertColumn(this.arrow, plan, batch.data.children[plan.index]!, row - span.start, last - span.start, dictionaries));
              }
            } catch (error) {
              problem = rangeProblem(`Record batch ${span.index + 1}`, from, to, reasonOf(error));
              return true;
            }
            await onChunk({ firstRow: row, rowCount: last - row, columns });
          }
          aborted = isAborted(signal);
          return aborted;
        },
        () => isAborted(signal),
      );
      if (failed !== undefined) return failed;
    }
    if (aborted || isAborted(signal)) return undefined;
    if (problem !== undefined) return problem;
    if (this.tail !== undefined && end === this.rowCount) {
      return { ...fileProblem(`The rows after row ${this.tail.afterRow.toLocaleString('en-US')} could not be read: ${this.tail.reason}`), row: this.tail.afterRow };
    }
    return undefined;
  }

  /**
   * Reads `count` record batches from batch `first` with a reader of its own (the file format by
   * index, the stream from its start, skipping earlier batches), handing each to `visit` until it
   * returns true. A batch that cannot be read is the problem returned (undefined otherwise).
   */
  private async eachBatch(first: number, count: number, visit: (batch: RecordBatch, span: BatchSpan) => boolean | Promise<boolean>, stop: () => boolean = () => false): Promise<Problem | undefined> {
    const last = Math.min(this.batches.length, first + count);
    if (first >= last) return undefined;
    let reader: RecordBatchReader;
    try {
      reader = await openReader(this.arrow, this.handle, this.byteLength);
    } catch (error) {
      const span = this.batches[first]!;
      return rangeProblem(`Record batch ${span.index + 1}`, span.start, span.end, reasonOf(error));
    }
    try {
      let streamIndex = 0;
      for (let index = first; index < last; index++) {
        if (stop()) return undefined;
        const span = this.batches[index]!;
        let batch: RecordBatch | null = null;
        try {
          if (this.isFileFormat) {
            batch = await reader.readRecordBatch(index);
          } else {
            for (; streamIndex <= index; streamIndex++) {
              const next = (await reader.next()) as IteratorResult<RecordBatch>;
              batch = next.done === true ? null : next.value;
              if (batch === null) break;
            }
          }
          if (batch === null) throw new PlainError('the batch is missing where the file says it is');
          if (batch.numRows !== span.end - span.start)
            throw new PlainError(`it holds ${batch.numRows.toLocaleString('en-US')} rows where its header says ${(span.end - span.start).toLocaleString('en-US')}`);
        } catch (error) {
          return rangeProblem(`Record batch ${span.index + 1}`, span.start, span.end, reasonOf(error));
        }
        if (await visit(batch, span)) return undefined;
      }
      return undefined;
    } finally {
      await reader.cancel();
    }
  }

  close(): Promise<void> {
    this.closing ??= this.handle.close().catch(() => undefined);
    return this.closing;
  }
}

function isListType(arrow: Arrow, type: DataType): boolean {
  return arrow.DataType.isList(type) || arrow.DataType.isLargeList(type);
}

/** Rows [from, to) (within its batch) of one column's data, checked by {@link checkData}, as a chunk column. */
function convertColumn(arrow: Arrow, plan: FieldPlan, data: Data, from: number, to: number, dictionaries: WeakMap<Vector, (string | null)[]>): ChunkColumn {
  const count = to - from;
  switch (plan.conversion) {
    case 'number': {
      const at = numberReader(arrow, data);
      const values = new Float64Array(count);
      for (let i = 0; i < count; i++) values[i] = at(from + i);
      return { kind: 'number', values };
    }
    case 'text': {
      const at = textReader(arrow, data, dictionaries);
      const values = new Array<string | null>(count);
      for (let i = 0; i < count; i++) values[i] = at(from + i);
      return { kind: 'text', values };
    }
    case 'other': {
      const at = otherReader(arrow, data);
      const values = new Array<string | null>(count);
      for (let i = 0; i < count; i++) values[i] = at(from + i);
      return { kind: 'text', values };
    }
    case 'vector': {
      const width = plan.field.width;
      const values = new Float64Array(count * width).fill(Number.NaN);
      const lengths = new Int32Array(count).fill(-1);
      const child = data.children[0]!;
      const item = numberReader(arrow, child);
      const fixed = arrow.DataType.isFixedSizeList(data.type) ? data.type.listSize : -1;
      const offsets = data.valueOffsets as ArrayLike<number | bigint> | undefined;
      for (let i = 0; i < count; i++) {
        const row = from + i;
        if (!data.getValid(row)) continue;
        // A fixed-size list's child is sliced with it; a list's offsets point into the whole child.
        const begin = fixed >= 0 ? row * fixed : Number(offsets![row]!);
        const length = fixed >= 0 ? fixed : Number(offsets![row + 1]!) - begin;
        lengths[i] = length;
        const fits = Math.min(length, width);
        for (let k = 0; k < fits; k++) values[i * width + k] = item(begin + k);
      }
      return { kind: 'vector', width, values, lengths };
    }
  }
}

/**
 * Throws when a column's buffers are shorter than its rows or its offsets go backwards or out of
 * range: apache-arrow decodes a damaged body without complaint (short views read as undefined).
 */
function checkData(arrow: Arrow, data: Data, name: string): void {
  const { DataType: T } = arrow;
  const damaged = (what: string): never => {
    throw new PlainError(`column "${name}" is damaged (${what})`);
  };
  const type = data.type;
  if (data.nullCount > 0 && (data.nullBitmap?.length ?? 0) * 8 < data.offset + data.length) damaged('its validity bitmap is shorter than its rows');
  if (T.isDictionary(type)) {
    if ((data.values?.length ?? 0) < data.length) damaged('fewer dictionary indices than rows');
    if (data.dictionary === undefined) damaged('its dictionary is missing');
    const size = data.dictionary!.length;
    const indices = data.values as ArrayLike<number | bigint>;
    for (let i = 0; i < data.length; i++) {
      const index = Number(indices[i]!);
      if ((index < 0 || index >= size) && data.getValid(i)) damaged(`dictionary index ${index} outside its ${size} values`);
    }
    return;
  }
  if (T.isInt(type) || T.isFloat(type) || T.isDecimal(type) || T.isDate(type) || T.isTime(type) || T.isTimestamp(type) || T.isDuration(type) || T.isFixedSizeBinary(type)) {
    if ((data.values?.length ?? 0) < data.length * data.stride) damaged('its values are shorter than its rows');
  } else if (T.isBool(type)) {
    if ((data.values?.length ?? 0) * 8 < data.offset + data.length) damaged('its values are shorter than its rows');
  } else if (T.isUtf8(type) || T.isLargeUtf8(type) || T.isBinary(type) || T.isLargeBinary(type) || T.isList(type) || T.isLargeList(type)) {
    const offsets = data.valueOffsets as ArrayLike<number | bigint> | undefined;
    if (offsets === undefined || offsets.length < data.length + 1) damaged('its offsets are shorter than its rows');
    const limit = T.isList(type) || T.isLargeList(type) ? (data.children[0]?.length ?? 0) : (data.values?.length ?? 0);
    let previous = Number(offsets![0]!);
    if (previous < 0) damaged('an offset is negative');
    for (let i = 1; i <= data.length; i++) {
      const next = Number(offsets![i]!);
      if (next < previous) damaged('its offsets go backwards');
      previous = next;
    }
    if (previous > limit) damaged('its offsets run past its values');
  }
  if (T.isFixedSizeList(type) && (data.children[0]?.length ?? 0) < data.length * type.listSize) damaged('its lists are shorter than its rows');
  if (T.isList(type) || T.isLargeList(type) || T.isFixedSizeList(type)) {
    const child = data.children[0];
    if (child !== undefined) checkData(arrow, child, name);
  }
}

/**
 * A numeric column's value at a row as a double: floats as they are (half floats widened),
 * integers exact up to 2^53 in magnitude and the nearest double beyond (64-bit ones through
 * `Number(bigint)`, as numpy's int64 → float64), booleans 0 / 1, decimals as the double nearest
 * unscaled / 10^scale, null NaN.
 */
function numberReader(arrow: Arrow, data: Data): (row: number) => number {
  const { DataType: T } = arrow;
  const type = data.type;
  const hasNulls = data.nullCount > 0;
  let read: (row: number) => number;
  if (T.isFloat(type) && type.precision === arrow.Precision.HALF) {
    const values = data.values as Uint16Array;
    read = (row) => halfToNumber(values[row]!);
  } else if (T.isInt(type) || T.isFloat(type)) {
    const values = data.values as ArrayLike<number | bigint>;
    read = (row) => toNumber(values[row * data.stride]);
  } else if (T.isBool(type)) {
    const values = data.values as Uint8Array;
    read = (row) => {
      const bit = data.offset + row;
      return (values[bit >> 3]! >> (bit & 7)) & 1;
    };
  } else if (T.isDecimal(type)) {
    const values = data.values as Uint32Array;
    const words = data.stride;
    const scale = type.scale;
    read = (row) => decimalToNumber(values, row * words, words, scale);
  } else if (T.isDictionary(type)) {
    const dictionary = data.dictionary!;
    const indices = data.values as ArrayLike<number | bigint>;
    read = (row) => toNumber(dictionary.get(Number(indices[row]!)));
  } else {
    read = () => Number.NaN;
  }
  return hasNulls ? (row) => (data.getValid(row) ? read(row) : Number.NaN) : read;
}

/** A decimal's little-endian two's-complement words (32 bits each) as the double nearest unscaled / 10^scale. */
function decimalToNumber(words: Uint32Array, at: number, count: number, scale: number): number {
  let unscaled = 0n;
  for (let k = count - 1; k >= 0; k--) unscaled = (unscaled << 32n) | BigInt(words[at + k]!);
  const bits = BigInt(32 * count);
  if (unscaled >= 1n << (bits - 1n)) unscaled -= 1n << bits;
  // Exact integers divide to the correctly rounded quotient; beyond 2^53 the unscaled value rounds first.
  return scale >= 0 ? Number(unscaled) / 10 ** scale : Number(unscaled) * 10 ** -scale;
}

/** An IEEE 754 half-precision float's bits as a number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** A text column's value at a row: UTF-8 decoded, dictionary strings decoded once per dictionary. */
function textReader(arrow: Arrow, data: Data, dictionaries: WeakMap<Vector, (string | null)[]>): (row: number) => string | null {
  const { DataType: T } = arrow;
  const type = data.type;
  if (T.isDictionary(type)) {
    const dictionary = data.dictionary!;
    let strings = dictionaries.get(dictionary);
    if (strings === undefined) {
      strings = Array.from({ length: dictionary.length }, (_, i) => {
        const value: unknown = dictionary.get(i);
        return typeof value === 'string' ? value : null;
      });
      dictionaries.set(dictionary, strings);
    }
    const indices = data.values as ArrayLike<number | bigint>;
    const known = strings;
    return (row) => (data.getValid(row) ? (known[Number(indices[row]!)] ?? null) : null);
  }
  if (T.isUtf8(type) || T.isLargeUtf8(type)) {
    const offsets = data.valueOffsets as ArrayLike<number | bigint>;
    const bytes = data.values as Uint8Array;
    return (row) => (data.getValid(row) ? utf8.decode(bytes.subarray(Number(offsets[row]!), Number(offsets[row + 1]!))) : null);
  }
  const vector = new arrow.Vector([data]);
  return (row) => {
    const value: unknown = vector.get(row);
    return typeof value === 'string' ? value : null;
  };
}

/**
 * An `other` column's value at a row as display text: dates `YYYY-MM-DD`, timestamps ISO 8601
 * exact to their unit (`Z` when the type has a time zone: the value is then an instant in UTC),
 * times `HH:MM:SS.fff`, binary as text or hex, structs and lists as JSON.
 */
function otherReader(arrow: Arrow, data: Data): (row: number) => string | null {
  const { DataType: T, TimeUnit, DateUnit } = arrow;
  const type = data.type;
  const digits = (unit: number): number => (unit === TimeUnit.SECOND ? 0 : unit === TimeUnit.MILLISECOND ? 3 : unit === TimeUnit.MICROSECOND ? 6 : 9);
  let read: (row: number) => string | null;
  if (T.isTimestamp(type)) {
    const values = data.values as ArrayLike<bigint | number>;
    const zone = type.timezone !== null && type.timezone !== undefined && type.timezone !== '' ? 'Z' : '';
    read = (row) => `${timestampText(BigInt(values[row]!), digits(type.unit))}${zone}`;
  } else if (T.isDate(type)) {
    const values = data.values as ArrayLike<bigint | number>;
    read =
      type.unit === DateUnit.DAY
        ? (row) => dateText(Number(values[row]!))
        : (row) => {
            const millis = BigInt(values[row]!);
            return millis % 86_400_000n === 0n ? dateText(Number(millis / 86_400_000n)) : timestampText(millis, 3);
          };
  } else if (T.isTime(type)) {
    const values = data.values as ArrayLike<bigint | number>;
    read = (row) => timeText(BigInt(values[row]!), digits(type.unit));
  } else {
    const vector = new arrow.Vector([data]);
    read = (row) => {
      const value: unknown = vector.get(row);
      return value instanceof Uint8Array ? bytesText(value) : displayText(value);
    };
  }
  return (row) => (data.getValid(row) ? read(row) : null);
}

/** Why an Arrow read failed, in plain words. */
function reasonOf(error: unknown): string {
  const plain = plainReason(error);
  if (plain !== undefined) return plain;
  const message = error instanceof Error ? error.message : String(error);
  if (/compressed but codec not found/i.test(message)) return 'it is compressed with a codec Entropy Lens cannot decompress';
  if (/Expected to read \d+/i.test(message) || /body length/i.test(message)) return 'the file ends in the middle of it, so it was cut short';
  if (/lz4|zstd|frame/i.test(message)) return `its compressed data is damaged (${message})`;
  if (error instanceof RangeError || error instanceof TypeError || /offset|bounds|flatbuffer|Unrecognized|invalid|expected/i.test(message)) {
    return 'its data is damaged (the bytes do not decode as Arrow)';
  }
  return message;
}

/**
 * An LZ4 frame (the format of `lz4` and of Arrow's LZ4_FRAME buffers) decompressed: every frame
 * in the input, blocks compressed or stored, linked or independent, checksums skipped (not
 * verified). Throws in plain words on a damaged frame. O(output).
 */
export function decodeLz4Frame(input: Uint8Array): Uint8Array {
  const u32 = (at: number): number => {
    if (at + 4 > input.length) throw new PlainError('an LZ4 frame is cut short');
    return (input[at]! | (input[at + 1]! << 8) | (input[at + 2]! << 16) | (input[at + 3]! << 24)) >>> 0;
  };
  let output = new Uint8Array(Math.max(64, input.length * 3));
  let written = 0;
  const reserve = (more: number): void => {
    if (written + more <= output.length) return;
    const grown = new Uint8Array(Math.max(written + more, output.length * 2));
    grown.set(output.subarray(0, written));
    output = grown;
  };
  let at = 0;
  while (at < input.length) {
    const magic = u32(at);
    if (magic >= 0x184d2a50 && magic <= 0x184d2a5f) {
      at += 8 + u32(at + 4);
      continue;
    }
    if (magic !== 0x184d2204) throw new PlainError('an LZ4 frame does not start with the LZ4 marker');
    const flags = input[at + 4]!;
    if (flags >> 6 !== 1) throw new PlainError('an LZ4 frame has an unknown version');
    const blockChecksums = (flags & 0x10) !== 0;
    const contentSize = (flags & 0x08) !== 0;
    const contentChecksum = (flags & 0x04) !== 0;
    const dictionary = (flags & 0x01) !== 0;
    if (dictionary) throw new PlainError('an LZ4 frame needs a dictionary, which Arrow never uses');
    const maxBlock = [0, 0, 0, 0, 1 << 16, 1 << 18, 1 << 20, 1 << 22][(input[at + 5]! >> 4) & 7]!;
    if (maxBlock === 0) throw new PlainError('an LZ4 frame has an unknown block size');
    at += 6 + (contentSize ? 8 : 0) + 1;
    for (;;) {
      const size = u32(at);
      at += 4;
      if (size === 0) break;
      const length = size & 0x7fffffff;
      if (at + length > input.length) throw new PlainError('an LZ4 block is cut short');
      if (size & 0x80000000) {
        reserve(length);
        output.set(input.subarray(at, at + length), written);
        written += length;
      } else {
        reserve(maxBlock);
        written = decodeLz4Block(input, at, at + length, output, written);
      }
      at += length + (blockChecksums ? 4 : 0);
    }
    if (contentChecksum) at += 4;
  }
  return output.subarray(0, written);
}

/** One LZ4 block (input[from, to)) decoded into `output` from `written` (which has room for it); the new end. */
function decodeLz4Block(input: Uint8Array, from: number, to: number, output: Uint8Array, written: number): number {
  let at = from;
  let out = written;
  const fail = (): never => {
    throw new PlainError('an LZ4 block is damaged');
  };
  while (at < to) {
    const token = input[at++]!;
    let literals = token >> 4;
    if (literals === 15) {
      let byte;
      do {
        if (at >= to) fail();
        byte = input[at++]!;
        literals += byte;
      } while (byte === 255);
    }
    if (at + literals > to || out + literals > output.length) fail();
    output.set(input.subarray(at, at + literals), out);
    at += literals;
    out += literals;
    if (at >= to) break;
    if (at + 2 > to) fail();
    const offset = input[at]! | (input[at + 1]! << 8);
    at += 2;
    if (offset === 0 || offset > out) fail();
    let match = token & 15;
    if (match === 15) {
      let byte;
      do {
        if (at >= to) fail();
        byte = input[at++]!;
        match += byte;
      } while (byte === 255);
    }
    match += 4;
    if (out + match > output.length) fail();
    // Byte by byte: a match may overlap the bytes it is writing (a run).
    for (let source = out - offset, stop = out + match; out < stop; ) output[out++] = output[source++]!;
  }
  return out;
}

async function readBytes(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new PlainError('the file ended before its data did (was it changed while being read?)');
    filled += bytesRead;
  }
  return bytes;
}

function asciiOf(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
