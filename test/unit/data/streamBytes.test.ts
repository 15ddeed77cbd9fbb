// The streaming reader scans ASCII chunks as bytes and other chunks as text: whichever way a
// chunk goes, and wherever a chunk boundary cuts a cell, the rows, label ids, numbers, lines,
// offsets and problems are the in-memory reader's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable, streamRecords } from '../../../src/data';
import type { RecordBatch, StreamSummary } from '../../../src/data';

/** Chunks of a text's UTF-8 bytes, `size` bytes each (cutting cells, CRLFs and characters). */
async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

interface Streamed {
  summary: StreamSummary;
  labels: string[];
  numbers: number[][];
  lines: number[];
  starts: number[];
  ends: number[];
  /** Distinct labels by id, and where each was first seen. */
  texts: readonly string[];
  firstAt: { line: number; character: number; offset: number }[];
}

async function stream(source: string | AsyncIterable<Uint8Array>, numberNames: string[], chunkBytes?: number): Promise<Streamed> {
  const out: Streamed = { summary: undefined as unknown as StreamSummary, labels: [], numbers: numberNames.map(() => []), lines: [], starts: [], ends: [], texts: [], firstAt: [] };
  out.summary = await streamRecords(
    source,
    { numbers: numberNames, labelCodes: ['label'] },
    (batch: RecordBatch) => {
      const codes = batch.labelCodes.get('label')!;
      for (let i = 0; i < batch.rowCount; i++) {
        const id = codes.codes[i]!;
        out.labels.push(id < 0 ? '' : codes.texts[id]!);
        numberNames.forEach((name, k) => out.numbers[k]!.push(batch.numbers.get(name)![i]!));
        out.lines.push(batch.lines[i]!);
        out.starts.push(batch.startOffsets[i]!);
        out.ends.push(batch.endOffsets[i]!);
      }
      out.texts = codes.texts;
      out.firstAt = codes.firstAt;
    },
    { format: 'csv', ...(chunkBytes !== undefined ? { chunkBytes } : {}) },
  );
  return out;
}

/** Plain rows: more than the sniffed head (8 KiB), so that later chunks reach the reader on their own. */
const FILLER = Array.from({ length: 400 }, (_, i) => `${'abc'[i % 3]},${(i % 97) / 97},${1 - (i % 97) / 97}`);

/** Rows of every kind the byte path must handle, with one non-ASCII label among them. */
const TEXT = [
  'label,p_a,p_b',
  ...FILLER,
  'a,0.25,0.75',
  '"b",1e-3,0.999',
  'a,-0,1',
  'c,oops,0.5',
  'b,"0.5",0.5',
  'a, 0.125 ,0.875',
  'a,9007199254740993e-16,0.1',
  '"a,b",NA,0.2',
  'c,0.3',
  'a,0.0000001234567,2.5E+2',
  'ç,0.5,0.5',
  'b,inf,-inf',
  'a,1.7976931348623157e308,4.9e-324',
  '"multi\nline",0.5,0.5',
  'b,0.4,0.6,extra',
  '',
  ...FILLER,
  'a,0.5,0.5',
].join('\r\n');

/** The 0-based line of an offset of TEXT (its line breaks are CRLF, and one LF in a quoted label). */
const lineOf = (offset: number): number => TEXT.slice(0, offset).split('\n').length - 1;

/** The same rows all ASCII: every chunk (the header's too) is read as bytes. */
const ASCII_TEXT = TEXT.replace('ç,', 'c2,');

describe('streamRecords over bytes and text chunks', () => {
  const cases = [1, 2, 3, 5, 8, 13, 64, 1 << 20].flatMap((size) => [
    { size, name: 'with a non-ASCII label', text: TEXT },
    { size, name: 'all ASCII', text: ASCII_TEXT },
  ]);

  it.each(cases)('at $size-byte chunks ($name) gives the in-memory rows, numbers, positions and problems', async ({ size, text }) => {
    const table = readTable(text, { format: 'csv' });
    const expectedNumbers = ['p_a', 'p_b'].map((name) => [...table.numbers(name).values]);
    const expectedProblems = [...table.problems, ...table.numbers('p_a').problems, ...table.numbers('p_b').problems].sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
    const got = await stream(chunks(text, size), ['p_a', 'p_b']);
    expect(got.labels).toEqual(table.labels('label').values);
    // Object.is, element by element: -0 and NaN as themselves.
    got.numbers.forEach((values, k) => values.forEach((v, row) => expect(Object.is(v, expectedNumbers[k]![row]), `row ${row} column ${k}`).toBe(true)));
    expect(got.lines).toEqual(got.lines.map((_, row) => table.index.rowRange(row).start.line));
    expect(got.starts).toEqual(got.starts.map((_, row) => table.index.rowStartOffset(row)));
    const sorted = [...got.summary.problems].sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
    expect(sorted).toEqual(expectedProblems);
    expect(got.summary.problemCount).toBe(got.summary.problems.length);
  });

  it('keeps a bad cell at its line and column whether its chunk was read as bytes or as text', async () => {
    for (const size of [4, 1 << 20]) {
      const got = await stream(chunks(TEXT, size), ['p_a', 'p_b']);
      const oops = got.summary.problems.find((problem) => problem.raw === 'oops')!;
      expect(oops).toMatchObject({ code: 'not-a-number', line: lineOf(TEXT.indexOf('oops')), character: 2, endCharacter: 6, row: FILLER.length + 3, column: 'p_a' });
      expect(TEXT.slice(oops.offset, oops.endOffset)).toBe('oops');
    }
  });

  it('places each label first seen where its cell is, also a label first seen in a byte chunk', async () => {
    for (const size of [3, 1 << 20]) {
      const got = await stream(chunks(TEXT, size), ['p_a']);
      const at = (label: string): { line: number; character: number; offset: number } => got.firstAt[got.texts.indexOf(label)]!;
      expect(at('"b"')).toBeUndefined();
      expect(at('a,b')).toEqual({ line: lineOf(TEXT.indexOf('"a,b"')), character: 0, offset: TEXT.indexOf('"a,b"') });
      expect(at('ç')).toEqual({ line: lineOf(TEXT.indexOf('ç,')), character: 0, offset: TEXT.indexOf('ç,') });
      expect(at('multi\nline')).toEqual({ line: lineOf(TEXT.indexOf('"multi')), character: 0, offset: TEXT.indexOf('"multi') });
    }
  });

  it('reads a file from disk the same way as from chunks', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'entropy-lens-bytes-')), 'mixed.csv');
    writeFileSync(path, TEXT);
    const fromDisk = await stream(path, ['p_a', 'p_b'], 16);
    const fromChunks = await stream(chunks(TEXT, 16), ['p_a', 'p_b']);
    expect(fromDisk.summary.problems).toEqual(fromChunks.summary.problems);
    expect(fromDisk.labels).toEqual(fromChunks.labels);
    expect(fromDisk.ends).toEqual(fromChunks.ends);
  });
});
