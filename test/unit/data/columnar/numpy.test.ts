// The NumPy reader (src/data/columnar/numpy.ts) on files numpy wrote (scripts/reference/numpyFormats.py,
// values in test/fixtures/numpy/expected.json): every value exact (tolerance 0), chunks, dtypes, byte
// orders, Fortran order, records, and one problem in words per refused, damaged or truncated file.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { openNpy, openNpz } from '../../../../src/data/columnar/numpy';
import type { ColumnarFile, ColumnarOpen, ColumnarReadOptions } from '../../../../src/data/columnar/source';
import type { Problem } from '../../../../src/data/types';

const FIXTURES = join(__dirname, '../../../fixtures/numpy');
const fixture = (name: string): string => join(FIXTURES, name);

type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';
interface ExpectedField {
  name: string;
  kind: 'number' | 'vector' | 'text' | 'other';
  width: number;
  typeName: string;
  first?: (JsonNumber | JsonNumber[])[];
  last?: JsonNumber | JsonNumber[] | null;
  sum?: number;
  weightedSum?: number;
  nonFinite?: number;
  values?: (string | null)[];
  exact?: string[];
}
type Expected = Record<string, { rowCount: number; fields: ExpectedField[] } | { problem: string }>;
const EXPECTED = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as Expected;

const toNumber = (v: JsonNumber): number => (v === 'NaN' ? Number.NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const toNumbers = (v: JsonNumber | JsonNumber[]): number | number[] => (Array.isArray(v) ? v.map(toNumber) : toNumber(v));

/**
 * Σ values correctly rounded: Shewchuk's partials and the final rounding of Python's math.fsum
 * (Modules/mathmodule.c), so a sum here equals the script's to the last bit.
 */
function fsum(values: readonly number[]): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

async function open(name: string): Promise<ColumnarFile> {
  const opened = name.endsWith('.npz') ? await openNpz(fixture(name)) : await openNpy(fixture(name));
  if (!opened.ok) throw new Error(`${name}: ${opened.problem.message}`);
  return opened.file;
}

/** The one problem of a refused file. */
async function refusal(opened: Promise<ColumnarOpen>): Promise<Problem> {
  const result = await opened;
  if (result.ok) {
    await result.file.close();
    throw new Error('the file was opened');
  }
  return result.problem;
}

interface ReadResult {
  chunks: { firstRow: number; rowCount: number; names: string[] }[];
  /** Per field, its values in row order (a vector's flattened row-major). */
  values: Map<string, (number | string | null)[]>;
  problem: Problem | undefined;
}

async function readAll(file: ColumnarFile, names: readonly string[] = file.fields.map((f) => f.name), options?: ColumnarReadOptions): Promise<ReadResult> {
  const result: ReadResult = { chunks: [], values: new Map(names.map((n) => [n, []])), problem: undefined };
  result.problem = await file.read(
    names,
    (chunk) => {
      result.chunks.push({ firstRow: chunk.firstRow, rowCount: chunk.rowCount, names: [...chunk.columns.keys()] });
      for (const [name, column] of chunk.columns) {
        const into = result.values.get(name)!;
        if (column.kind === 'vector') {
          expect(column.values.length).toBe(chunk.rowCount * column.width);
          expect([...column.lengths]).toEqual(new Array(chunk.rowCount).fill(column.width));
        } else expect(column.values.length).toBe(chunk.rowCount);
        into.push(...column.values);
      }
    },
    options,
  );
  return result;
}

const numbers = (values: readonly (number | string | null)[] | undefined): number[] => values as number[];

let temp: string;
/** A file in the temp folder, for the damaged copies. */
const write = (name: string, bytes: Uint8Array | string): string => {
  const path = join(temp, name);
  writeFileSync(path, bytes);
  return path;
};
const bytesOf = (name: string): Buffer => readFileSync(fixture(name));

/** An .npy image with this header text (version 1.0 unless told), padded as np.save pads it. */
function npy(header: string, data: Uint8Array = new Uint8Array(0), version = 1): Buffer {
  const lengthBytes = version === 1 ? 2 : 4;
  const text = Buffer.from(header, version === 3 ? 'utf8' : 'latin1');
  const unpadded = 8 + lengthBytes + text.length + 1;
  const padded = Buffer.concat([text, Buffer.from(' '.repeat((64 - (unpadded % 64)) % 64) + '\n')]);
  const head = Buffer.alloc(8 + lengthBytes);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) head.writeUInt16LE(padded.length, 8);
  else head.writeUInt32LE(padded.length, 8);
  return Buffer.concat([head, padded, data]);
}

const float64s = (...values: number[]): Buffer => Buffer.from(new Float64Array(values).buffer);

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'entropy-lens-numpy-'));
});

describe('every value numpy wrote, exactly', () => {
  const files = Object.entries(EXPECTED).filter((entry): entry is [string, { rowCount: number; fields: ExpectedField[] }] => 'fields' in entry[1]);

  it.each(files)('%s lists its fields as the script says and reads every value to the last bit', async (name, expected) => {
    const file = await open(name);
    try {
      expect(file.format).toBe(name.endsWith('.npz') ? 'npz' : 'npy');
      expect(file.byteLength).toBe(bytesOf(name).length);
      expect(file.rowCount).toBe(expected.rowCount);
      expect(file.fields.map(({ name, kind, width, typeName }) => ({ name, kind, width, typeName }))).toEqual(
        expected.fields.map(({ name, kind, width, typeName }) => ({ name, kind, width, typeName })),
      );
      const read = await readAll(file);
      expect(read.problem).toBeUndefined();
      for (const field of expected.fields) {
        const values = read.values.get(field.name)!;
        if (field.values !== undefined) {
          expect(values, field.name).toEqual(field.values);
          continue;
        }
        if (expected.rowCount === 0) {
          expect(values).toEqual([]);
          continue;
        }
        const all = numbers(values);
        const rows = field.kind === 'vector' ? Array.from({ length: expected.rowCount }, (_, i) => all.slice(i * field.width, (i + 1) * field.width)) : all;
        expect(rows.slice(0, field.first!.length), field.name).toEqual(field.first!.map(toNumbers));
        expect(rows.at(-1), field.name).toEqual(toNumbers(field.last!));
        // Tolerance 0: both sides are correctly rounded sums of the same doubles.
        expect(fsum(all.filter(Number.isFinite)), field.name).toBe(field.sum);
        expect(fsum(all.map((v, i) => v * (i + 1)).filter(Number.isFinite)), field.name).toBe(field.weightedSum);
        expect(all.filter((v) => !Number.isFinite(v)).length, field.name).toBe(field.nonFinite);
      }
    } finally {
      await file.close();
    }
  });

  it('reads np.savez and np.savez_compressed of the same arrays to identical columns', async () => {
    const [stored, deflated] = await Promise.all([open('digits_eval.npz'), open('digits_eval_compressed.npz')]);
    const a = await readAll(stored);
    const b = await readAll(deflated);
    expect(a.values.get('logits')).toHaveLength(3000);
    expect(b.values).toEqual(a.values);
    await Promise.all([stored.close(), deflated.close()]);
  });

  it('gives int64 and uint64 beyond 2^53 as the nearest double (ties to even), as astype(float64) does', async () => {
    const file = await open('dtypes.npz');
    const read = await readAll(file, ['i8', 'u8']);
    const expected = EXPECTED['dtypes.npz'] as { fields: ExpectedField[] };
    for (const name of ['i8', 'u8']) {
      const exact = expected.fields.find((f) => f.name === name)!.exact!;
      expect(read.values.get(name)).toEqual(exact.map((text) => Number(BigInt(text))));
    }
    expect(read.values.get('i8')!.slice(3, 6)).toEqual([2 ** 53, -(2 ** 63), 2 ** 63]);
    expect(read.values.get('u8')!.slice(3, 5)).toEqual([2 ** 53, 2 ** 64]);
    await file.close();
  });

  it('reads big-endian arrays to the same values as little-endian ones, dtype by dtype', async () => {
    const [little, big] = await Promise.all([open('dtypes.npz'), open('dtypes_big.npz')]);
    expect(big.fields.map((f) => f.typeName)).toEqual(['>f8', '>f4', '>f2', '>i8', '>i4', '>i2', '|i1', '>u8', '>u4', '>u2', '|u1', '|b1', '>U12', '|S6']);
    const a = await readAll(little);
    const b = await readAll(big);
    expect(b.values).toEqual(a.values);
    expect(a.values.get('f2')).toEqual([0.0999755859375, -0, Number.NaN, -Infinity, 5.960464477539063e-8, 65504, 1.5]);
    expect(a.values.get('b1')).toEqual([1, 0, 1, 1, 0, 0, 1]);
    expect(a.values.get('text')).toEqual(['', 'a', 'chat é', '😀 emoji', 'naïve', 'zzzzzzzzzzzz', 'tab\there']);
    expect(a.values.get('bytes')).toEqual(['', 'a', 'café', 'naïve', '0042', '-1', 'ok']);
    await Promise.all([little.close(), big.close()]);
  });

  it('transposes Fortran-ordered 2-D arrays on read: the same rows as the C-ordered copy', async () => {
    const file = await open('orders.npz');
    const read = await readAll(file, ['c', 'f', 'fbig'], { chunkRows: 2 });
    expect(read.values.get('c')).toEqual(Array.from({ length: 15 }, (_, i) => i * 1.5 - 4));
    expect(read.values.get('f')).toEqual(read.values.get('c'));
    expect(read.values.get('fbig')).toEqual(numbers(read.values.get('c')).map((v) => v * 2));
    await file.close();
    const [fortran, logits] = await Promise.all([open('logits_fortran.npy'), open('logits.npy')]);
    const f = await readAll(fortran, ['logits_fortran'], { start: 3, end: 17, chunkRows: 5 });
    const c = await readAll(logits, ['logits'], { start: 3, end: 17 });
    expect(f.values.get('logits_fortran')).toEqual(numbers(c.values.get('logits')).map(Math.fround));
    await Promise.all([fortran.close(), logits.close()]);
  });

  it('gives one field per record field, a subarray field as a vector, padding left out, nested records dotted', async () => {
    const file = await open('records.npy');
    const read = await readAll(file, ['species', 'p', 'ok'], { start: 48, end: 52 });
    expect(read.values.get('species')).toEqual(['setosa', 'setosa', 'versicolor', 'versicolor']);
    expect(read.values.get('p')).toHaveLength(12);
    await file.close();
    const npz = await open('records.npz');
    expect(npz.fields.map((f) => f.name)).toEqual(['preds.y', 'preds.score', 'preds.meta.id', 'preds.meta.flag', 'w']);
    const all = await readAll(npz, ['preds.meta.id', 'preds.y']);
    expect(all.values.get('preds.meta.id')).toEqual(Array.from({ length: 10 }, (_, i) => 4_000_000_000 + i));
    expect(all.values.get('preds.y')).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    await npz.close();
  });

  it('reads an .npy given to openNpz (np.load decides by content too), named after the file stem', async () => {
    const opened = await openNpz(fixture('labels.npy'));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.file.format).toBe('npy');
    expect(opened.file.fields.map((f) => [f.name, f.kind])).toEqual([['labels', 'text']]);
    const read = await readAll(opened.file, ['labels'], { start: 149 });
    expect(read.values.get('labels')).toEqual(['virginica']);
    await opened.file.close();
  });

  it('skips 0-D arrays (scalars) of an .npz: they are no column', async () => {
    const file = await open('scalars.npz');
    expect(file.fields.map((f) => f.name)).toEqual(['y']);
    expect((await readAll(file)).values.get('y')).toEqual([0, 1, 1, 0]);
    await file.close();
    // A pickled 0-D entry (np.savez(..., config={...})) is skipped as well, not refused.
    const y = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", float64s(0.25, 0.5));
    const config = npy("{'descr': '|O', 'fortran_order': False, 'shape': (), }", Buffer.from([0x80, 4, 0x95, 0, 0x2e]));
    const opened = await openNpz(write('config.npz', zipSync({ 'y.npy': y, 'config.npy': config }, { level: 0 })));
    expect(opened.ok && opened.file.fields.map((f) => f.name)).toEqual(['y']);
    if (opened.ok) await opened.file.close();
  });

  it('reads a ZIP64 directory (what np.savez writes past 4 GiB) like the plain one', async () => {
    const path = write('zip64.npz', asZip64(bytesOf('digits_eval.npz')));
    const opened = await openNpz(path);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const plain = await open('digits_eval.npz');
    expect((await readAll(opened.file)).values).toEqual((await readAll(plain)).values);
    await Promise.all([opened.file.close(), plain.close()]);
  });
});

describe('chunks', () => {
  it('hands 65,536 rows at most by default: a 300-row array is one chunk', async () => {
    const file = await open('logits.npy');
    const read = await readAll(file);
    expect(read.chunks).toEqual([{ firstRow: 0, rowCount: 300, names: ['logits'] }]);
    await file.close();
  });

  it.each(['digits_eval.npz', 'digits_eval_compressed.npz'])('%s: chunkRows, start and end give consecutive chunks of the same values as one read', async (name) => {
    const file = await open(name);
    const whole = await readAll(file);
    const part = await readAll(file, ['proba', 'ids', 'y'], { start: 10, end: 250, chunkRows: 64 });
    expect(part.problem).toBeUndefined();
    expect(part.chunks.map((c) => [c.firstRow, c.rowCount])).toEqual([
      [10, 64],
      [74, 64],
      [138, 64],
      [202, 48],
    ]);
    // The columns come in the order asked for.
    expect(part.chunks[0]!.names).toEqual(['proba', 'ids', 'y']);
    expect(part.values.get('proba')).toEqual(whole.values.get('proba')!.slice(100, 2500));
    expect(part.values.get('ids')).toEqual(whole.values.get('ids')!.slice(10, 250));
    expect(part.values.get('ids')!.slice(0, 2)).toEqual(['img_0010', 'img_0011']);
    expect(part.values.get('y')).toEqual(whole.values.get('y')!.slice(10, 250));
    await file.close();
  });

  it('clamps start and end to the rows, and reads nothing when start is not before end', async () => {
    const file = await open('iris.npz');
    const tail = await readAll(file, ['y'], { start: 140, end: 10_000, chunkRows: 4.7 });
    expect(tail.chunks.map((c) => [c.firstRow, c.rowCount])).toEqual([
      [140, 4],
      [144, 4],
      [148, 2],
    ]);
    expect(tail.values.get('y')).toEqual(new Array(10).fill(2));
    const none = await readAll(file, ['y'], { start: 100, end: 100 });
    expect(none.chunks).toEqual([]);
    expect(none.problem).toBeUndefined();
    await file.close();
  });

  it('still counts rows in chunks when no field is asked for', async () => {
    const file = await open('iris.npz');
    const read = await readAll(file, [], { chunkRows: 100 });
    expect(read.chunks).toEqual([
      { firstRow: 0, rowCount: 100, names: [] },
      { firstRow: 100, rowCount: 50, names: [] },
    ]);
    await file.close();
  });

  it('hands arrays the receiver owns: changing one chunk changes no later read', async () => {
    const file = await open('digits_eval_compressed.npz');
    const seen: Float64Array[] = [];
    await file.read(['logits'], (chunk) => {
      const column = chunk.columns.get('logits')!;
      if (column.kind !== 'vector') throw new Error(column.kind);
      seen.push(column.values);
      column.values.fill(0);
    });
    const again = await readAll(file, ['logits'], { end: 1 });
    expect(again.values.get('logits')![0]).toBe(7.204161797940758);
    expect(seen).toHaveLength(1);
    await file.close();
  });

  it('refuses a field the file does not have with a problem, not a throw', async () => {
    const file = await open('iris.npz');
    const read = await readAll(file, ['y', 'nope']);
    expect(read.problem?.message).toBe('This .npz file has no field "nope"');
    expect(read.chunks).toEqual([]);
    await file.close();
  });
});

describe('abort', () => {
  it('ends a read whose signal is aborted between chunks, resolving with no problem', async () => {
    const file = await open('digits_eval.npz');
    const controller = new AbortController();
    const firstRows: number[] = [];
    const problem = await file.read(
      ['logits'],
      (chunk) => {
        firstRows.push(chunk.firstRow);
        if (chunk.firstRow === 50) controller.abort();
      },
      { chunkRows: 50, signal: controller.signal },
    );
    expect(problem).toBeUndefined();
    expect(firstRows).toEqual([0, 50]);
    await file.close();
  });

  it('reads nothing when the signal is aborted before the read', async () => {
    const file = await open('records.npy');
    const read = await readAll(file, ['y'], { signal: AbortSignal.abort() });
    expect(read.chunks).toEqual([]);
    expect(read.problem).toBeUndefined();
    await file.close();
  });
});

describe('close', () => {
  it('is idempotent, and a read after it is a problem', async () => {
    const file = await open('logits.npy');
    await file.close();
    await file.close();
    const read = await readAll(file, ['logits']);
    expect(read.problem?.message).toBe('The .npy file was closed before it was read');
    expect(read.chunks).toEqual([]);
  });
});

describe('refusals, one problem in words', () => {
  it.each(Object.entries(EXPECTED).filter((entry): entry is [string, { problem: string }] => 'problem' in entry[1]))('%s', async (name, expected) => {
    const problem = await refusal(openNpz(fixture(name)));
    expect(problem.code).toBe('read-error');
    expect(problem.line).toBe(0);
    expect(problem.message.startsWith(expected.problem)).toBe(true);
  });

  it('says what to do with pickled objects, mismatched lengths, 3-D arrays and scalars', async () => {
    expect((await refusal(openNpz(fixture('objects.npz')))).message).toBe(
      "The array 'meta' in this .npz holds Python objects (pickled); save it with a numeric or string dtype: np.savez(..., meta=meta.astype(str))",
    );
    expect((await refusal(openNpz(fixture('mismatched.npz')))).message).toBe('The arrays in this .npz have different lengths: y has 300 rows, logits 299; every array must have one entry per row');
    expect((await refusal(openNpz(fixture('images.npz')))).message).toBe(
      "The array 'images' in this .npz has 3 dimensions (20 × 8 × 8): only 1-D arrays (a column) and 2-D arrays (a vector per row) can be read; flatten the trailing dimensions first: np.savez(..., images=images.reshape(len(images), -1))",
    );
    expect((await refusal(openNpz(fixture('only_scalars.npz')))).message).toBe(
      'This .npz holds no arrays with rows, only single values (0-D arrays: temperature); save the columns as 1-D arrays, one entry per row',
    );
  });

  it('names every length group when several arrays disagree', async () => {
    const y = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", float64s(1, 2));
    const z = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", float64s(1));
    const path = write('three.npz', zipSync({ 'y.npy': y, 'w.npy': y, 'ids.npy': y, 'z.npy': z }, { level: 0 }));
    expect((await refusal(openNpz(path))).message).toBe('The arrays in this .npz have different lengths: y, w and ids have 2 rows, z 1; every array must have one entry per row');
  });

  it('refuses an .npy cut in half, with the sizes its header promises', async () => {
    const bytes = bytesOf('logits.npy');
    const path = write('half.npy', bytes.subarray(0, bytes.length / 2));
    expect((await refusal(openNpy(path))).message).toBe(
      'The array in this .npy file is cut short: its header says 300 × 10 float64 values (24,000 bytes) but 11,936 bytes are there; the file was probably copied or written only in part: copy or save it again',
    );
    const within = write('within.npy', bytes.subarray(0, 40));
    expect((await refusal(openNpy(within))).message).toMatch(/^The array in this \.npy file is cut short: it ends within its header \(40 bytes are there\)/);
    const magic = write('magic.npy', bytes.subarray(0, 3));
    expect((await refusal(openNpy(magic))).message).toMatch(/^The array in this \.npy file is cut short/);
  });

  it.each(['digits_eval.npz', 'digits_eval_compressed.npz'])('refuses %s cut in half: its table of contents is gone', async (name) => {
    const bytes = bytesOf(name);
    const path = write(`half-${name}`, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await refusal(openNpz(path))).message).toBe(
      "This .npz file is cut short: the ZIP archive's table of contents, which comes at its end, is missing, so its arrays cannot be found (np.load refuses it too); the file was probably copied or written only in part: copy or save it again",
    );
  });

  it('refuses an .npz whose array is cut short inside a whole archive, naming the array', async () => {
    const logits = bytesOf('logits.npy');
    const path = write(
      'short-entry.npz',
      zipSync({ 'y.npy': npy("{'descr': '<i8', 'fortran_order': False, 'shape': (300,), }", Buffer.alloc(2400)), 'logits.npy': logits.subarray(0, logits.length / 2) }, { level: 0 }),
    );
    expect((await refusal(openNpz(path))).message).toBe(
      "The array 'logits' in this .npz is cut short: its header says 300 × 10 float64 values (24,000 bytes) but 11,936 bytes are there; the file was probably copied or written only in part: copy or save it again",
    );
  });

  it('refuses damaged compressed data and a checksum that does not match', async () => {
    const bytes = Buffer.from(bytesOf('digits_eval_compressed.npz'));
    const at = bytes.indexOf('logits.npy') + 'logits.npy'.length + 20 + 5000;
    for (let i = 0; i < 64; i++) bytes[at + i] = (bytes[at + i]! * 31 + i) & 0xff;
    const damaged = (await refusal(openNpz(write('flipped.npz', bytes)))).message;
    expect(damaged).toMatch(/^The array 'logits' in this \.npz is damaged: (its compressed bytes do not unpack|its unpacked bytes do not match the archive's checksum); the file was probably copied/);
    const zip = Buffer.from(zipSync({ 'y.npy': npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", float64s(0.25, 0.75)) }, { level: 6 }));
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
    zip.writeUInt32LE((zip.readUInt32LE(central + 16) ^ 1) >>> 0, central + 16);
    expect((await refusal(openNpz(write('crc.npz', zip)))).message).toBe(
      "The array 'y' in this .npz is damaged: its unpacked bytes do not match the archive's checksum; the file was probably copied or written only in part: copy or save it again",
    );
  });

  it('refuses a garbage header, a header without its keys, and a format version it does not know', async () => {
    const bytes = Buffer.from(bytesOf('logits.npy'));
    bytes.write("{'descr': <f8", 10, 'latin1');
    expect((await refusal(openNpy(write('garbage.npy', bytes)))).message).toBe(
      "The array in this .npy file has a damaged header: it is not the Python dictionary np.save writes (expected a value at character 11, found '<')",
    );
    expect((await refusal(openNpy(write('keys.npy', npy("{'descr': '<f8', 'shape': (1,), }", float64s(1)))))).message).toBe(
      "The array in this .npy file has a damaged header: it lacks 'fortran_order'",
    );
    const v4 = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", float64s(1), 2);
    v4[6] = 4;
    expect((await refusal(openNpy(write('v4.npy', v4)))).message).toBe(
      "The array in this .npy file was written in NumPy's file format version 4.0, newer than the versions Entropy Lens reads (1.0, 2.0 and 3.0)",
    );
    const notDict = npy('[1, 2]', float64s(1));
    expect((await refusal(openNpy(write('list.npy', notDict)))).message).toBe('The array in this .npy file has a damaged header: it is not the Python dictionary np.save writes');
  });

  it('reads a hand-written header with Python 2 longs, double quotes and escapes', async () => {
    const path = write('py2.npy', npy('{"descr": u"<f8", "fortran_order": False, "shape": (3L,), "extra\\x21": None}', float64s(0.5, -1, 2)));
    const opened = await openNpy(path);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.file.fields).toEqual([{ name: 'py2', kind: 'number', width: 1, typeName: '<f8' }]);
    expect((await readAll(opened.file)).values.get('py2')).toEqual([0.5, -1, 2]);
    await opened.file.close();
  });

  it('refuses types it cannot read, naming what to do', async () => {
    const cases: [string, string][] = [
      [
        "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }",
        'The array in this .npy file holds complex numbers (<c16), which no loss reads; save the real part or the magnitude: np.save(path, np.abs(x))',
      ],
      ["{'descr': '<f16', 'fortran_order': False, 'shape': (1,), }", 'The array in this .npy file holds extended-precision floats (<f16); save them as float64: np.save(path, x.astype(np.float64))'],
      ["{'descr': '|V8', 'fortran_order': False, 'shape': (1,), }", 'The array in this .npy file holds raw bytes (|V8), neither numbers nor text; save it with a numeric or string dtype'],
      ["{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", 'The array in this .npy file holds Python objects (pickled); save it with a numeric or string dtype: np.save(path, x.astype(str))'],
      [
        "{'descr': '<U3', 'fortran_order': False, 'shape': (2, 2), }",
        'The array in this .npy file is a 2-D array of U3 values (2 × 2): only numbers make a vector per row; save each column as a 1-D array of its own',
      ],
      [
        "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
        'The array in this .npy file is a single value (a 0-D array), not a column of rows; save a 1-D array: np.save(path, np.atleast_1d(x))',
      ],
      [
        "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1, 1), }",
        'The array in this .npy file is a 2-D array of records (1 × 1): only 1-D record arrays can be read; save it flattened: np.save(path, x.reshape(-1))',
      ],
      [
        "{'descr': [('y', '<i8'), ('m', '<f8', (2, 2))], 'fortran_order': False, 'shape': (1,), }",
        "The field 'm' of the records in this .npy file is a 2 × 2 subarray per record: only a list of numbers per record can be read; save it as an array of its own: np.save(path, x['m'].reshape(len(x), -1))",
      ],
      [
        "{'descr': [('y', '<i8'), ('o', '|O')], 'fortran_order': False, 'shape': (1,), }",
        "The field 'o' of the records in this .npy file holds Python objects (pickled); save it with a numeric or string dtype: np.save(path, x['o'].astype(str))",
      ],
      [
        "{'descr': [('meta', [('id', '<u4'), ('o', '|O')])], 'fortran_order': False, 'shape': (1,), }",
        "The field 'meta.o' of the records in this .npy file holds Python objects (pickled); save it with a numeric or string dtype: np.save(path, x['meta']['o'].astype(str))",
      ],
      [
        "{'descr': 'float64', 'fortran_order': False, 'shape': (1,), }",
        "The array in this .npy file has the type 'float64', which Entropy Lens does not read; save it as numbers or strings: np.save(path, x.astype(np.float64))",
      ],
    ];
    for (const [i, [header, message]] of cases.entries()) {
      expect((await refusal(openNpy(write(`type${i}.npy`, npy(header, Buffer.alloc(64)))))).message).toBe(message);
    }
    const npz = write('complex.npz', zipSync({ 'z.npy': npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", Buffer.alloc(8)) }, { level: 0 }));
    expect((await refusal(openNpz(npz))).message).toBe("The array 'z' in this .npz holds complex numbers (<c8), which no loss reads; save the real part or the magnitude: np.savez(..., z=np.abs(z))");
  });

  it('refuses files that are not NumPy at all, empty files, ZIPs without arrays and missing paths', async () => {
    const csv = write('not.npy', 'label,p\na,0.5\n');
    expect((await refusal(openNpy(csv))).message).toBe(
      `This is not a NumPy .npy file: it does not start with NumPy's mark (\\x93NUMPY) but with "label,p\\x0a"; it may be damaged, or another format saved under this name`,
    );
    expect((await refusal(openNpz(csv))).message).toMatch(/^This is not a NumPy \.npz file: an \.npz is a ZIP archive of \.npy arrays \(np\.savez\)/);
    expect((await refusal(openNpz(write('empty.npz', '')))).message).toBe('This file is empty: a NumPy .npz archive (np.savez) holds at least its table of contents');
    expect((await refusal(openNpz(write('text.zip', zipSync({ 'notes.txt': Buffer.from('hi') }))))).message).toBe('This .npz holds no NumPy arrays: its ZIP archive has no .npy files');
    expect((await refusal(openNpy(join(temp, 'missing.npy')))).message).toBe('The file does not exist: check the path');
    const folder = join(temp, 'folder.npz');
    mkdirSync(folder, { recursive: true });
    expect((await refusal(openNpz(folder))).message).toMatch(/^This is a directory/);
  });
});

/**
 * The same archive with a ZIP64 directory: every entry's sizes and offset moved to a ZIP64 extra
 * field (0xFFFFFFFF in their places), a ZIP64 end record and its locator before the end record,
 * whose counts and offsets are 0xFFFF / 0xFFFFFFFF — the shape np.savez writes for huge arrays.
 */
function asZip64(zip: Buffer): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 5, 6]));
  const entries = zip.readUInt16LE(end + 10);
  const directoryOffset = zip.readUInt32LE(end + 16);
  const headers: Buffer[] = [];
  for (let i = 0, at = directoryOffset; i < entries; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const header = Buffer.from(zip.subarray(at, at + 46 + nameLength));
    const extra = Buffer.alloc(28);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(header.readUInt32LE(24)), 4);
    extra.writeBigUInt64LE(BigInt(header.readUInt32LE(20)), 12);
    extra.writeBigUInt64LE(BigInt(header.readUInt32LE(42)), 20);
    for (const field of [20, 24, 42]) header.writeUInt32LE(0xffffffff, field);
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt16LE(0, 32);
    headers.push(header, extra);
    at += 46 + nameLength + extraLength + commentLength;
  }
  const directory = Buffer.concat(headers);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(entries), 24);
  record.writeBigUInt64LE(BigInt(entries), 32);
  record.writeBigUInt64LE(BigInt(directory.length), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  const tail = Buffer.alloc(22);
  tail.writeUInt32LE(0x06054b50, 0);
  tail.writeUInt16LE(0xffff, 8);
  tail.writeUInt16LE(0xffff, 10);
  tail.writeUInt32LE(0xffffffff, 12);
  tail.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([zip.subarray(0, directoryOffset), directory, record, locator, tail]);
}
