// The two adapters over any columnar reader: the in-memory Table (columnar/table.ts) and the record
// batches of the streamed aggregates (columnar/stream.ts), checked on a file whose chunks are known.
import { describe, expect, it } from 'vitest';
import type { ChunkColumn, ColumnarChunk, ColumnarField, ColumnarFile } from '../../../../src/data/columnar/source';
import { readColumnarTable } from '../../../../src/data/columnar/table';

/** A columnar file held in memory, handing chunks of `chunkRows` rows (as a row group would). */
function memoryFile(fields: ColumnarField[], columns: Record<string, ChunkColumn>, rowCount: number, chunkRows = 2): ColumnarFile {
  return {
    format: 'parquet',
    rowCount,
    fields,
    byteLength: 1000,
    async read(names, onChunk, options = {}) {
      const end = Math.min(options.end ?? rowCount, rowCount);
      for (let first = options.start ?? 0; first < end; first += chunkRows) {
        const count = Math.min(chunkRows, end - first);
        const map = new Map<string, ChunkColumn>();
        for (const name of names) map.set(name, slice(columns[name]!, first, count));
        const chunk: ColumnarChunk = { firstRow: first, rowCount: count, columns: map };
        await onChunk(chunk);
      }
      return undefined;
    },
    async close() {},
  };
}

function slice(column: ChunkColumn, first: number, count: number): ChunkColumn {
  switch (column.kind) {
    case 'number':
      return { kind: 'number', values: column.values.slice(first, first + count) };
    case 'text':
      return { kind: 'text', values: column.values.slice(first, first + count) };
    case 'vector':
      return { kind: 'vector', width: column.width, values: column.values.slice(first * column.width, (first + count) * column.width), lengths: column.lengths.slice(first, first + count) };
  }
}

const FIELDS: ColumnarField[] = [
  { name: 'y', kind: 'text', width: 1, typeName: 'VARCHAR' },
  { name: 'p', kind: 'number', width: 1, typeName: 'DOUBLE' },
  { name: 'probs', kind: 'vector', width: 3, typeName: 'LIST<DOUBLE>' },
  { name: 'k', kind: 'number', width: 1, typeName: 'BIGINT' },
];
const COLUMNS: Record<string, ChunkColumn> = {
  y: { kind: 'text', values: ['cat', 'dog', null, 'cat', 'bird'] },
  p: { kind: 'number', values: Float64Array.from([0.25, NaN, 0.5, 1e-7, 0.1]) },
  probs: { kind: 'vector', width: 3, values: Float64Array.from([0.2, 0.3, 0.5, 0.1, 0.1, 0.8, NaN, NaN, NaN, 0.5, 0.5, NaN, 0.3, 0.3, 0.4]), lengths: Int32Array.from([3, 3, -1, 2, 3]) },
  k: { kind: 'number', values: Float64Array.from([3, 1, 3, 2, 1]) },
};

describe('readColumnarTable', () => {
  it('reads every field with its shape and counts, and places cells on the row grid', async () => {
    const table = await readColumnarTable(memoryFile(FIELDS, COLUMNS, 5), { format: 'parquet', maxProblems: 100 });
    expect(table.rowCount).toBe(5);
    expect(table.columns.map((c) => [c.name, c.shape, c.width, c.numericCount, c.missingCount, c.textCount])).toEqual([
      ['y', 'scalar', 1, 0, 1, 4],
      ['p', 'scalar', 1, 4, 1, 0],
      ['probs', 'vector', 3, 4, 1, 0],
      ['k', 'scalar', 1, 5, 0, 0],
    ]);
    // Row index 3, column 1 (p) is line 4, character 1.
    expect(table.index.cellRange(3, 1)?.start).toEqual({ line: 4, character: 1 });
    expect(table.index.cellAt(4, 1)).toEqual({ row: 3, column: 1 });
    expect(table.index.recordAt(0, 0)).toBe(-1);
    expect(table.raw(3, 1)).toBe('1e-7');
    expect(table.raw(3, 2)).toBe('[0.5, 0.5]');
    expect(table.raw(2, 0)).toBe('null');
  });

  it('gives numbers, labels and label codes with a positioned problem per missing cell', async () => {
    const table = await readColumnarTable(memoryFile(FIELDS, COLUMNS, 5), { format: 'parquet', maxProblems: 100 });
    const p = table.numbers('p');
    expect(Array.from(p.values)).toEqual([0.25, NaN, 0.5, 1e-7, 0.1]);
    expect(p.problems.map((x) => [x.code, x.row, x.column, x.line, x.character, x.message])).toEqual([['missing-value', 1, 'p', 2, 1, 'Missing value in column "p"']]);
    const labels = table.labels('y');
    expect(labels.values).toEqual(['cat', 'dog', '', 'cat', 'bird']);
    expect(labels.allNumeric).toBe(false);
    expect(labels.problems.map((x) => x.row)).toEqual([2]);
    const k = table.labelCodes('k');
    expect(k.distinct).toEqual(['3', '1', '2']);
    expect(Array.from(k.codes)).toEqual([0, 1, 0, 2, 1]);
    expect(k.counts).toEqual([2, 2, 1]);
    expect(k.allNumeric).toBe(true);
    const y = table.numbers('y');
    expect(y.problems.map((x) => [x.code, x.row, x.raw])).toEqual([
      ['not-a-number', 0, 'cat'],
      ['not-a-number', 1, 'dog'],
      ['missing-value', 2, 'null'],
      ['not-a-number', 3, 'cat'],
      ['not-a-number', 4, 'bird'],
    ]);
    expect(y.problems[0]!.message).toBe('"cat" in column "y" is not a number (the column holds VARCHAR)');
  });

  it('reads a list column as one vector group, naming null and short rows', async () => {
    const table = await readColumnarTable(memoryFile(FIELDS, COLUMNS, 5), { format: 'parquet', maxProblems: 100 });
    const m = table.matrix(['probs']);
    expect(m.width).toBe(3);
    expect(Array.from(m.values.subarray(0, 6))).toEqual([0.2, 0.3, 0.5, 0.1, 0.1, 0.8]);
    expect(m.problems.map((x) => [x.code, x.row, x.message])).toEqual([
      ['missing-value', 2, 'Missing value in column "probs"'],
      ['vector-length', 3, '"probs" has 2 values here but 3 in most rows'],
    ]);
    const scalars = table.matrix(['p', 'k']);
    expect(Array.from(scalars.values)).toEqual([0.25, 3, NaN, 1, 0.5, 3, 1e-7, 2, 0.1, 1]);
    expect(scalars.problems.map((x) => x.row)).toEqual([1]);
    expect(table.matrix(['nope']).problems[0]!.message).toBe('No column named "nope" (columns: y, p, probs, k)');
  });

  it("lists a matrix's problems in row order across its columns, the first ones when they are capped", async () => {
    const fields: ColumnarField[] = [
      { name: 'a', kind: 'number', width: 1, typeName: 'DOUBLE' },
      { name: 'b', kind: 'number', width: 1, typeName: 'DOUBLE' },
    ];
    const rows = 3000;
    const a = new Float64Array(rows).fill(0.5);
    const b = new Float64Array(rows).fill(0.5);
    a[2500] = NaN; // beyond the first transpose block
    b[7] = NaN;
    a[1500] = NaN;
    const table = await readColumnarTable(memoryFile(fields, { a: { kind: 'number', values: a }, b: { kind: 'number', values: b } }, rows, 700), { format: 'parquet', maxProblems: 2 });
    const m = table.matrix(['a', 'b']);
    expect([m.problemCount, m.problems.map((p) => [p.row, p.column])]).toEqual([
      3,
      [
        [7, 'b'],
        [1500, 'a'],
      ],
    ]);
    expect([m.values[7 * 2 + 1], m.values[2500 * 2], m.values[2999 * 2 + 1]]).toEqual([NaN, NaN, 0.5]);
  });

  it('reads only the first rows when asked (the head of Analyze File on Disk)', async () => {
    const table = await readColumnarTable(memoryFile(FIELDS, COLUMNS, 5), { format: 'parquet', maxProblems: 100, rowLimit: 3 });
    expect(table.rowCount).toBe(3);
    expect(table.labels('y').values).toEqual(['cat', 'dog', '']);
  });
});
