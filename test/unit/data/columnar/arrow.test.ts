// The Arrow IPC reader on files apache-arrow writes, file format (Feather v2) and stream, in several
// record batches: every column kind with nulls, value by value against the arrays written,
// chunking, ranges, abort, LZ4 / ZSTD bodies, and files cut short or overwritten (one problem,
// never a throw).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Binary,
  Bool,
  CompressionType,
  compressionRegistry,
  DateDay,
  Decimal,
  Dictionary,
  Field,
  FixedSizeList,
  Float16,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  Message,
  RecordBatchFileWriter,
  RecordBatchReader,
  RecordBatchStreamWriter,
  Table,
  TimeMillisecond,
  TimestampMicrosecond,
  Uint64,
  Utf8,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLz4Frame, openArrow } from '../../../../src/data/columnar/arrow';
import type { ChunkColumn, ColumnarChunk, ColumnarFile, ColumnarReadOptions } from '../../../../src/data/columnar/source';
import type { Problem } from '../../../../src/data/types';

const ROWS = 3000;
/** Record batches of 1,200, 1,000 and 800 rows. */
const BATCHES = [1200, 1000, 800];
const DAY = 86_400_000;

const rows = Array.from({ length: ROWS }, (_, i) => i);
const f64 = rows.map((i) => (i === 3 ? null : i === 4 ? Number.NaN : ((i * 37) % 100) / 200));
const f32 = rows.map((i) => (i % 9) / 8);
const i32 = rows.map((i) => (i === 6 ? null : (i % 3) - 1));
const i64 = rows.map((i) => (i === 5 ? null : i === 2 ? 2n ** 53n + 1n : BigInt(i) * 1000003n));
const u64 = rows.map((i) => (i === 0 ? 2n ** 64n - 1n : BigInt(i)));
const flag = rows.map((i) => (i === 13 ? null : i % 2 === 0));
const label = rows.map((i) => (i === 3 ? null : i === 5 ? 'dgo' : ['cat', 'dog', 'bird'][i % 3]!));
const cls = rows.map((i) => (i === 10 ? null : ['cat', 'dog', 'bird'][(i * 7) % 3]!));
const probs = rows.map((i) => (i === 7 ? null : [((i * 37) % 100) / 200, 0.25, 0.75 - ((i * 37) % 100) / 200]));
const list = rows.map((i) => (i === 7 ? null : i === 8 ? [0.4, 0.6] : i === 9 ? [0.1, 0.2, 0.3, 0.4] : probs[i]!));
const day = rows.map((i) => (i === 11 ? null : new Date(Date.UTC(2024, 0, 1) + (i % 400) * DAY)));
const ts = rows.map((i) => BigInt(Date.UTC(2024, 0, 1)) * 1000n + BigInt(i) * 1001n);

function makeTable(): Table {
  return new Table({
    f64: vectorFromArray(f64, new Float64()),
    f32: vectorFromArray(f32, new Float32()),
    i32: vectorFromArray(i32, new Int32()),
    i64: vectorFromArray(i64, new Int64()),
    u64: vectorFromArray(u64, new Uint64()),
    flag: vectorFromArray(flag, new Bool()),
    label: vectorFromArray(label, new Utf8()),
    cls: vectorFromArray(cls, new Dictionary(new Utf8(), new Int32())),
    probs: vectorFromArray(probs, new FixedSizeList(3, new Field('item', new Float64(), true))),
    list: vectorFromArray(list, new List(new Field('item', new Float64(), true))),
    day: vectorFromArray(day, new DateDay()),
    ts: vectorFromArray(
      ts.map((micros) => Number(micros / 1000n)),
      new TimestampMicrosecond('UTC'),
    ),
  });
}

/** The table cut into BATCHES record batches (sharing one dictionary, as the file format requires). */
function batched(table: Table): Table {
  const parts = [];
  let start = 0;
  for (const size of BATCHES) {
    parts.push(...table.slice(start, start + size).batches);
    start += size;
  }
  return new Table(parts);
}

let dir: string;
const pathOf = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'entropy-lens-arrow-'));
  const table = makeTable();
  // Timestamps with microseconds: written from the exact BigInt values.
  const exact = new Table({ ...Object.fromEntries(table.schema.fields.map((field, k) => [field.name, table.getChildAt(k)!])), ts: exactTimestamps() });
  const whole = batched(exact);
  expect(whole.batches.map((batch) => batch.numRows)).toEqual(BATCHES);
  writeFileSync(pathOf('table.arrow'), tableToIPC(whole, 'file'));
  writeFileSync(pathOf('table.arrows'), tableToIPC(whole, 'stream'));
});

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** The ts column from its exact microsecond counts (vectorFromArray takes milliseconds). */
function exactTimestamps() {
  const vector = vectorFromArray(
    ts.map(() => 0),
    new TimestampMicrosecond('UTC'),
  );
  const values = vector.data[0]!.values as BigInt64Array;
  ts.forEach((micros, i) => (values[i] = micros));
  return vector;
}

async function opened(path: string): Promise<ColumnarFile> {
  const result = await openArrow(path);
  if (!result.ok) throw new Error(`expected ${path} to open: ${result.problem.message}`);
  return result.file;
}

interface ReadResult {
  chunks: ColumnarChunk[];
  problem: Problem | undefined;
}

async function readAll(file: ColumnarFile, fields: readonly string[], options?: ColumnarReadOptions): Promise<ReadResult> {
  const chunks: ColumnarChunk[] = [];
  const problem = await file.read(fields, (chunk) => void chunks.push(chunk), options);
  return { chunks, problem };
}

function joined(chunks: readonly ColumnarChunk[], name: string): (number | string | null)[] {
  return chunks.flatMap((chunk) => Array.from((chunk.columns.get(name) as Exclude<ChunkColumn, { kind: 'vector' }>).values as ArrayLike<number | string | null>));
}

function vectors(chunks: readonly ColumnarChunk[], name: string): { widths: number[]; values: number[]; lengths: number[] } {
  const columns = chunks.map((chunk) => chunk.columns.get(name)!).filter((column) => column.kind === 'vector');
  return {
    widths: [...new Set(columns.map((column) => column.width))],
    values: columns.flatMap((column) => Array.from(column.values)),
    lengths: columns.flatMap((column) => Array.from(column.lengths)),
  };
}

const spans = (chunks: readonly ColumnarChunk[]): [number, number][] => chunks.map((chunk) => [chunk.firstRow, chunk.rowCount]);
const numbers = (values: readonly (number | bigint | boolean | null)[]): number[] => values.map((value) => (value === null ? Number.NaN : Number(value)));
const rowMajor = (lists: readonly (number[] | null)[], width: number): number[] => lists.flatMap((row) => Array.from({ length: width }, (_, k) => row?.[k] ?? Number.NaN));
const FORMATS = [
  ['file', 'table.arrow'],
  ['stream', 'table.arrows'],
] as const;

describe('opening an Arrow IPC file', () => {
  it.each(FORMATS)('lists every field of the %s format with the kind, width and type name the contract names', async (_format, name) => {
    const file = await opened(pathOf(name));
    expect(file.format).toBe('arrow');
    expect(file.rowCount).toBe(ROWS);
    expect(file.byteLength).toBe(readFileSync(pathOf(name)).length);
    expect(file.fields.map((field) => [field.name, field.kind, field.width, field.typeName])).toEqual([
      ['f64', 'number', 1, 'Float64'],
      ['f32', 'number', 1, 'Float32'],
      ['i32', 'number', 1, 'Int32'],
      ['i64', 'number', 1, 'Int64'],
      ['u64', 'number', 1, 'Uint64'],
      ['flag', 'number', 1, 'Bool'],
      ['label', 'text', 1, 'Utf8'],
      ['cls', 'text', 1, 'Dictionary<Int32, Utf8>'],
      ['probs', 'vector', 3, 'FixedSizeList[3]<Float64>'],
      ['list', 'vector', 3, 'List<Float64>'],
      ['day', 'other', 1, 'Date32<DAY>'],
      ['ts', 'other', 1, 'Timestamp<MICROSECOND, UTC>'],
    ]);
    await file.close();
  });
});

describe('reading an Arrow IPC file', () => {
  it.each(FORMATS)('reads the %s format to exactly the values written, one chunk per record batch', async (_format, name) => {
    const file = await opened(pathOf(name));
    const { chunks, problem } = await readAll(
      file,
      file.fields.map((field) => field.name),
    );
    expect(problem).toBeUndefined();
    expect(spans(chunks)).toEqual([
      [0, 1200],
      [1200, 1000],
      [2200, 800],
    ]);
    expect(joined(chunks, 'f64')).toEqual(numbers(f64));
    expect(joined(chunks, 'f32')).toEqual(f32);
    expect(joined(chunks, 'i32')).toEqual(numbers(i32));
    // Beyond 2^53 a 64-bit integer becomes the nearest double: 2^53 + 1 → 2^53, 2^64 − 1 → 2^64.
    expect(joined(chunks, 'i64')).toEqual(numbers(i64));
    expect(joined(chunks, 'i64')[2]).toBe(2 ** 53);
    expect(joined(chunks, 'u64')[0]).toBe(2 ** 64);
    expect(joined(chunks, 'flag')).toEqual(numbers(flag));
    expect(joined(chunks, 'label')).toEqual(label);
    expect(joined(chunks, 'cls')).toEqual(cls);
    const fixed = vectors(chunks, 'probs');
    expect(fixed.widths).toEqual([3]);
    expect(fixed.lengths).toEqual(probs.map((row) => (row === null ? -1 : 3)));
    expect(fixed.values).toEqual(rowMajor(probs, 3));
    const lists = vectors(chunks, 'list');
    expect(lists.widths).toEqual([3]);
    expect(lists.lengths).toEqual(list.map((row) => (row === null ? -1 : row.length)));
    // The short row leaves NaN; the long one keeps what fits.
    expect(lists.values).toEqual(rowMajor(list, 3));
    expect(joined(chunks, 'day')).toEqual(day.map((date) => (date === null ? null : date.toISOString().slice(0, 10))));
    expect(joined(chunks, 'ts').slice(0, 3)).toEqual(['2024-01-01T00:00:00Z', '2024-01-01T00:00:00.001001Z', '2024-01-01T00:00:00.002002Z']);
    expect(chunks[0]!.columns.get('day')!.kind).toBe('text');
    await file.close();
  });

  it.each(FORMATS)('reads a start–end range of the %s format across record-batch boundaries, cut into chunkRows pieces', async (_format, name) => {
    const file = await opened(pathOf(name));
    const ranged = await readAll(file, ['f64', 'label', 'list'], { start: 1100, end: 2300 });
    expect(spans(ranged.chunks)).toEqual([
      [1100, 100],
      [1200, 1000],
      [2200, 100],
    ]);
    expect(joined(ranged.chunks, 'label')).toEqual(label.slice(1100, 2300));
    expect(vectors(ranged.chunks, 'list').values).toEqual(rowMajor(list.slice(1100, 2300), 3));
    const cut = await readAll(file, ['i32'], { start: 50, chunkRows: 700 });
    expect(spans(cut.chunks)).toEqual([
      [50, 700],
      [750, 450],
      [1200, 700],
      [1900, 300],
      [2200, 700],
      [2900, 100],
    ]);
    expect(joined(cut.chunks, 'i32')).toEqual(numbers(i32.slice(50)));
    expect((await readAll(file, ['i32'], { start: 10, end: 10 })).chunks).toEqual([]);
    await file.close();
  });

  it('awaits onChunk before reading further, and stops early without a problem when aborted', async () => {
    const file = await opened(pathOf('table.arrows'));
    let inside = false;
    let overlapped = false;
    const controller = new AbortController();
    const firstRows: number[] = [];
    const problem = await file.read(
      ['f64'],
      async (chunk) => {
        overlapped ||= inside;
        inside = true;
        firstRows.push(chunk.firstRow);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (chunk.firstRow === 1500) controller.abort();
        inside = false;
      },
      { chunkRows: 300, signal: controller.signal },
    );
    expect(problem).toBeUndefined();
    expect(overlapped).toBe(false);
    expect(firstRows).toEqual([0, 300, 600, 900, 1200, 1500]);
    await file.close();
  });

  it('reads a stream whose record batches each replace the dictionary', async () => {
    const first = new Table({ cls: vectorFromArray(['a', 'b', 'a'], new Dictionary(new Utf8(), new Int32())) });
    const second = new Table({ cls: vectorFromArray(['z', null, 'y', 'z'], new Dictionary(new Utf8(), new Int32())) });
    writeFileSync(pathOf('replaced.arrows'), tableToIPC(first.concat(second), 'stream'));
    const file = await opened(pathOf('replaced.arrows'));
    const { chunks } = await readAll(file, ['cls']);
    expect(spans(chunks)).toEqual([
      [0, 3],
      [3, 4],
    ]);
    expect(joined(chunks, 'cls')).toEqual(['a', 'b', 'a', 'z', null, 'y', 'z']);
    await file.close();
  });

  it('reads decimals as the nearest double, half floats, binary as text or hex, and times of day', async () => {
    // 128-bit decimals, scale 2: 1.25, −1.25 (two's complement) and 0.31.
    const words = new Uint32Array([125, 0, 0, 0, 2 ** 32 - 125, 0xffffffff, 0xffffffff, 0xffffffff, 31, 0, 0, 0]);
    const table = new Table({
      amount: makeVector(makeData({ type: new Decimal(2, 10, 128), length: 3, data: words })),
      half: makeVector(makeData({ type: new Float16(), length: 3, data: new Uint16Array([0x3c00, 0xc000, 0x7e00]) })),
      bytes: vectorFromArray([new Uint8Array([0xff, 0]), new Uint8Array([104, 105]), null], new Binary()),
      time: makeVector(makeData({ type: new TimeMillisecond(), length: 3, data: new Int32Array([0, 3_723_004, 86_399_999]) })),
    });
    writeFileSync(pathOf('kinds.arrow'), tableToIPC(table, 'file'));
    const file = await opened(pathOf('kinds.arrow'));
    expect(file.fields.map((field) => field.kind)).toEqual(['number', 'number', 'other', 'other']);
    const { chunks } = await readAll(file, ['amount', 'half', 'bytes', 'time']);
    expect(joined(chunks, 'amount')).toEqual([1.25, -1.25, 0.31]);
    expect(joined(chunks, 'half')).toEqual([1, -2, Number.NaN]);
    expect(joined(chunks, 'bytes')).toEqual(['0xff00', 'hi', null]);
    expect(joined(chunks, 'time')).toEqual(['00:00:00', '01:02:03.004', '23:59:59.999']);
    await file.close();
  });

  it('names an unknown column in a problem, and refuses to read once closed (close is idempotent)', async () => {
    const file = await opened(pathOf('table.arrow'));
    expect((await readAll(file, ['nope'])).problem?.message).toBe('This Arrow file has no column "nope"');
    await file.close();
    await file.close();
    const after = await readAll(file, ['f64']);
    expect(after.chunks).toEqual([]);
    expect(after.problem?.code).toBe('read-error');
  });
});

describe('compressed Arrow bodies', () => {
  /** Writes the table with bodies compressed by `encode` (the decoder is the reader's own). */
  function writeCompressed(name: string, type: CompressionType, encode: (bytes: Uint8Array) => Uint8Array, format: 'file' | 'stream'): string {
    const decode = compressionRegistry.get(type)?.decode;
    compressionRegistry.set(type, { encode, decode });
    const Writer = format === 'file' ? RecordBatchFileWriter : RecordBatchStreamWriter;
    const bytes = new Writer({ compressionType: type }).writeAll(batched(makeTable())).toUint8Array(true);
    writeFileSync(pathOf(name), bytes);
    return pathOf(name);
  }

  beforeAll(async () => {
    // Loads the reader's decoders into apache-arrow's registry before the tests add encoders beside them.
    await (await opened(pathOf('table.arrow'))).close();
  });

  it.each([
    ['LZ4 frames', CompressionType.LZ4_FRAME, lz4Frame],
    ['ZSTD frames', CompressionType.ZSTD, zstdFrame],
  ] as const)('reads bodies compressed as %s to the values written', async (_name, type, encode) => {
    for (const format of ['file', 'stream'] as const) {
      const path = writeCompressed(`compressed-${type}.${format}`, type, encode, format);
      // The body is smaller than the uncompressed file: compression took effect.
      expect(readFileSync(path).length).toBeLessThan(readFileSync(pathOf(format === 'file' ? 'table.arrow' : 'table.arrows')).length);
      const file = await opened(path);
      const { chunks, problem } = await readAll(file, ['f64', 'i32', 'label', 'cls', 'list']);
      expect(problem).toBeUndefined();
      expect(joined(chunks, 'f64')).toEqual(numbers(f64));
      expect(joined(chunks, 'i32')).toEqual(numbers(i32));
      expect(joined(chunks, 'label')).toEqual(label);
      expect(joined(chunks, 'cls')).toEqual(cls);
      expect(vectors(chunks, 'list').values).toEqual(rowMajor(list, 3));
      await file.close();
    }
  });

  it('decodes an LZ4 frame whose match overlaps the bytes it writes', () => {
    // Literals "abc", then a match of 9 bytes at offset 3 (abcabcabc), in one compressed block.
    const block = [0x35, 0x61, 0x62, 0x63, 0x03, 0x00, 0x00];
    const frame = Uint8Array.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x00, block.length, 0, 0, 0, ...block, 0, 0, 0, 0]);
    expect(Buffer.from(decodeLz4Frame(frame)).toString()).toBe('abcabcabcabc');
    expect(() => decodeLz4Frame(Uint8Array.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x00, 3, 0, 0, 0, 0x05, 0x10, 0x00, 0, 0, 0, 0]))).toThrow(/LZ4 block is damaged/);
  });

  // The reference lz4 tool (linked blocks, checksums) where the machine has it; skipped, and said
  // so in the test list, where it has not.
  const hasLz4 = spawnSync('lz4', ['--version']).status === 0;
  it.skipIf(!hasLz4)('decodes what the lz4 command line tool writes (linked blocks, checksums)', () => {
    const input = Buffer.from(Array.from({ length: 300_000 }, (_, i) => `row ${i % 977}, p=${(i % 13) / 13}\n`).join(''));
    const made = spawnSync('lz4', ['-c', '-BD', '--content-size', '-BX'], { input, maxBuffer: 1 << 28 });
    expect(made.status).toBe(0);
    expect(made.stdout.length).toBeLessThan(input.length / 2);
    expect(Buffer.from(decodeLz4Frame(made.stdout)).equals(input)).toBe(true);
  });
});

describe('broken Arrow files', () => {
  const copyOf = (source: string, name: string, change: (bytes: Buffer) => Buffer): string => {
    writeFileSync(pathOf(name), change(readFileSync(pathOf(source))));
    return pathOf(name);
  };

  it('refuses a file-format file cut in half with one problem saying it is cut short', async () => {
    const result = await openArrow(copyOf('table.arrow', 'half.arrow', (bytes) => bytes.subarray(0, bytes.length >> 1)));
    expect(!result.ok && result.problem.message).toMatch(/^This Arrow file is cut short or corrupt \(its footer could not be read\): it does not end with the Arrow marker ARROW1/);
  });

  it('reads the record batches of a stream cut in half, then ends with one problem naming the rows cut', async () => {
    const file = await opened(copyOf('table.arrows', 'half.arrows', (bytes) => bytes.subarray(0, bytes.length >> 1)));
    const { chunks, problem } = await readAll(file, ['f64', 'label']);
    expect(chunks.length).toBeGreaterThan(0);
    const read = chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
    expect(joined(chunks, 'label')).toEqual(label.slice(0, read));
    expect(problem?.code).toBe('read-error');
    expect(problem?.message).toMatch(
      /^(Record batch \d \(rows [\d,]+–[\d,]+\) could not be read: the file ends in the middle of it, so it was cut short|The rows after row [\d,]+ could not be read: )/,
    );
    expect(problem?.row).toBe(read);
    await file.close();
  });

  it('refuses a damaged footer and a damaged record batch header, each with one problem', async () => {
    const footer = copyOf('table.arrow', 'footer.arrow', (bytes) => {
      const copy = Buffer.from(bytes);
      copy.writeInt32LE(copy.length, copy.length - 10);
      return copy;
    });
    const reader = RecordBatchReader.from(readFileSync(pathOf('table.arrow'))).open();
    const block = reader.footer!.getRecordBatch(1)!;
    const header = copyOf('table.arrow', 'header.arrow', (bytes) => {
      const copy = Buffer.from(bytes);
      copy.fill(0xff, block.offset + 8, block.offset + block.metaDataLength);
      return copy;
    });
    const results = await Promise.all([openArrow(footer), openArrow(header)]);
    expect(results.map((result) => (result.ok ? 'opened' : result.problem.message.split(':')[0]))).toEqual([
      'This Arrow file is cut short or corrupt (its footer could not be read)',
      'This Arrow file is corrupt',
    ]);
  });

  it('ends the read with one problem naming the record batch whose string offsets are overwritten', async () => {
    const reader = RecordBatchReader.from(readFileSync(pathOf('table.arrow'))).open();
    const block = reader.footer!.getRecordBatch(1)!;
    const bytes = readFileSync(pathOf('table.arrow'));
    const length = bytes.readInt32LE(block.offset + 4);
    const message = Message.decode(bytes.subarray(block.offset + 8, block.offset + 8 + length));
    // Buffers in field order: validity and data for the six numeric fields, then label's validity, offsets.
    const offsets = (message.header() as { buffers: { offset: number; length: number }[] }).buffers[13]!;
    const path = copyOf('table.arrow', 'offsets.arrow', (source) => {
      const copy = Buffer.from(source);
      const body = block.offset + block.metaDataLength;
      copy.fill(0xff, body + offsets.offset, body + offsets.offset + offsets.length);
      return copy;
    });
    const file = await opened(path);
    const { chunks, problem } = await readAll(file, ['f64', 'label']);
    expect(spans(chunks)).toEqual([[0, 1200]]);
    expect(problem?.message).toMatch(/^Record batch 2 \(rows 1,200–2,199\) could not be read: column "label" is damaged \(an offset is negative\)/);
    expect((await readAll(file, ['f64'])).problem).toBeUndefined();
    await file.close();
  });

  it('refuses a Feather v1 file, a text file and an empty file, each with one problem', async () => {
    const results = await Promise.all([
      openArrow(copyOf('table.arrow', 'v1.feather', () => Buffer.from('FEA1\0\0\0\0rest'))),
      openArrow(copyOf('table.arrow', 'text.arrow', () => Buffer.from('a,b\n1,2\n'))),
      openArrow(copyOf('table.arrow', 'empty.arrow', () => Buffer.alloc(0))),
    ]);
    expect(results.map((result) => (result.ok ? 'opened' : result.problem.message.split(':')[0]))).toEqual([
      'This is a Feather v1 file, which Entropy Lens does not read',
      'This is not an Arrow IPC file',
      'The file is empty',
    ]);
  });

  it.each(FORMATS)('never throws on bytes overwritten anywhere in the %s format: it opens or refuses, and a read gives at most one problem', async (_format, name) => {
    const source = readFileSync(pathOf(name));
    let seed = 3;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 16; trial++) {
      const at = Math.floor(random() * source.length);
      const path = copyOf(name, `noise${trial}-${name}`, (bytes) => {
        const copy = Buffer.from(bytes);
        for (let i = at; i < Math.min(copy.length, at + 48); i++) copy[i] = Math.floor(random() * 256);
        return copy;
      });
      const result = await openArrow(path);
      if (!result.ok) {
        expect(result.problem.code).toBe('read-error');
        continue;
      }
      const problem = await result.file.read(
        result.file.fields.map((field) => field.name),
        () => undefined,
      );
      if (problem !== undefined) expect(problem.code).toBe('read-error');
      await result.file.close();
    }
  });
});

/** A test LZ4 frame: independent 64 KiB blocks, each compressed greedily (4-byte hash matches). */
function lz4Frame(input: Uint8Array): Uint8Array {
  const out: number[] = [0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x00];
  for (let start = 0; start < input.length; start += 1 << 16) {
    const block = lz4Block(input.subarray(start, Math.min(input.length, start + (1 << 16))));
    out.push(block.length & 255, (block.length >> 8) & 255, (block.length >> 16) & 255, block.length >>> 24);
    for (const byte of block) out.push(byte);
  }
  out.push(0, 0, 0, 0);
  return Uint8Array.from(out);
}

function lz4Block(input: Uint8Array): number[] {
  const out: number[] = [];
  const seen = new Map<number, number>();
  let anchor = 0;
  const length = (rest: number): void => {
    for (; rest >= 255; rest -= 255) out.push(255);
    out.push(rest);
  };
  const emit = (literalEnd: number, match: number, offset: number): void => {
    const literals = literalEnd - anchor;
    out.push((Math.min(literals, 15) << 4) | (match === 0 ? 0 : Math.min(match - 4, 15)));
    if (literals >= 15) length(literals - 15);
    for (let k = anchor; k < literalEnd; k++) out.push(input[k]!);
    if (match > 0) {
      out.push(offset & 255, offset >> 8);
      if (match - 4 >= 15) length(match - 19);
    }
  };
  let i = 0;
  // The format's last 5 bytes are literals and the last match starts 12 bytes before the end.
  while (i + 12 <= input.length) {
    const key = input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16) | (input[i + 3]! << 24);
    const candidate = seen.get(key);
    seen.set(key, i);
    if (candidate !== undefined && i - candidate <= 65535) {
      let match = 4;
      while (i + match < input.length - 5 && input[candidate + match] === input[i + match]) match++;
      emit(i, match, i - candidate);
      i += match;
      anchor = i;
    } else {
      i++;
    }
  }
  emit(input.length, 0, 0);
  return out;
}

/** A test Zstandard frame of RLE blocks (runs of one byte) and raw blocks, which any decoder reads. */
function zstdFrame(input: Uint8Array): Uint8Array {
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0xa0, input.length & 255, (input.length >> 8) & 255, (input.length >> 16) & 255, input.length >>> 24];
  const blocks: { type: number; size: number; bytes: number[] }[] = [];
  let raw: number[] = [];
  const flush = (): void => {
    for (let k = 0; k < raw.length; k += 1 << 17) blocks.push({ type: 0, size: Math.min(raw.length - k, 1 << 17), bytes: raw.slice(k, k + (1 << 17)) });
    raw = [];
  };
  for (let i = 0; i < input.length; ) {
    let run = 1;
    while (i + run < input.length && input[i + run] === input[i] && run < 1 << 17) run++;
    if (run >= 8) {
      flush();
      blocks.push({ type: 1, size: run, bytes: [input[i]!] });
    } else {
      for (let k = 0; k < run; k++) raw.push(input[i + k]!);
    }
    i += run;
  }
  flush();
  blocks.forEach((block, k) => {
    const header = (k === blocks.length - 1 ? 1 : 0) | (block.type << 1) | (block.size << 3);
    out.push(header & 255, (header >> 8) & 255, (header >> 16) & 255);
    for (const byte of block.bytes) out.push(byte);
  });
  return Uint8Array.from(out);
}
