// What a file is before it is parsed (src/data/fileBytes.ts) through readTableFile and readTable:
// encodings named by a BOM decoded, binary formats and non-regular files refused with one
// positioned problem in words, never thousands of CSV problems or a read that does not end.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFileBytes, readTable, readTableFile, sniffBytes, Utf32Decoder } from '../../../src/data';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-bytes-'));
const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

const CSV = 'label,p\nchat é,0.5\n😀,0.25\n';

function utf32(text: string, littleEndian: boolean): Buffer {
  const points = [0xfeff, ...Array.from(text, (c) => c.codePointAt(0)!)];
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((cp, i) => (littleEndian ? bytes.writeUInt32LE(cp, i * 4) : bytes.writeUInt32BE(cp, i * 4)));
  return bytes;
}

/** A ZIP archive's first local file header naming `entry` (what zip, xlsx and npz files start with). */
function zipHeader(entry: string): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(entry.length, 26);
  return Buffer.concat([header, Buffer.from(entry, 'latin1'), Buffer.alloc(64)]);
}

/** The one problem of a refused file, as [code, line, character, message]. */
async function refusal(path: string): Promise<[string, number, number, string]> {
  const table = await readTableFile(path);
  expect(table.rowCount).toBe(0);
  expect(table.problems).toHaveLength(1);
  const [problem] = table.problems;
  return [problem!.code, problem!.line, problem!.character, problem!.message];
}

describe('text encodings', () => {
  it('decodes UTF-16 LE and BE and UTF-32 LE and BE by their byte-order mark, with the positions of the UTF-8 file', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    const reference = await readTableFile(file('utf8.csv', `\ufeff${CSV}`));
    for (const [name, bytes] of [
      ['utf16le.csv', le],
      ['utf16be.csv', be],
      ['utf32le.csv', utf32(CSV, true)],
      ['utf32be.csv', utf32(CSV, false)],
    ] as const) {
      const table = await readTableFile(file(name, bytes));
      expect(table.problems, name).toEqual([]);
      expect(table.labels('label').values, name).toEqual(['chat é', '😀']);
      expect([...table.numbers('p').values], name).toEqual([0.5, 0.25]);
      expect(table.index.cellRange(1, 1), name).toEqual(reference.index.cellRange(1, 1));
    }
  });

  it('reads UTF-16 without a BOM by the NUL bytes on every other offset, as VS Code guesses it', async () => {
    const table = await readTableFile(file('utf16le-nobom.csv', Buffer.from('label,p\ncat,0.5\n', 'utf16le')));
    expect([table.problems, table.labels('label').values]).toEqual([[], ['cat']]);
  });

  it('reads a JSON document that starts with a UTF-8 BOM, in memory and from disk', async () => {
    const json = '\ufeff[{"y": 1, "p": 0.8},\n {"y": 0, "p": 0.3}]';
    for (const table of [readTable(json, { fileName: 'a.json' }), await readTableFile(file('bom.json', json))]) {
      expect(table.problems).toEqual([]);
      expect([...table.numbers('p').values]).toEqual([0.8, 0.3]);
      expect(table.index.cellRange(1, 1)!.start).toEqual({ line: 1, character: 15 });
    }
  });

  it('decodes UTF-32 split across chunks, a partial last unit as U+FFFD', () => {
    const bytes = utf32('a😀b', true);
    const decoder = new Utf32Decoder(true);
    expect(decoder.decode(bytes.subarray(0, 6), false) + decoder.decode(bytes.subarray(6, 13), false) + decoder.decode(bytes.subarray(13), true)).toBe('\ufeffa😀b');
    expect(new Utf32Decoder(true).decode(Uint8Array.of(0x61, 0, 0, 0, 0x62), true)).toBe('a\ufffd');
    expect(decodeFileBytes(Buffer.from([0xff, 0xfe, 0x79, 0]))).toEqual({ ok: true, text: '\ufeffy', encoding: 'utf-16le' });
  });
});

describe('binary files', () => {
  it('reads a Parquet file as Parquet whatever its name (this one is damaged: one problem says so)', async () => {
    const parquet = Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x04, 0x15, 0x10, 0x15, 0x14, 0x4c, 0x15]), Buffer.alloc(4000, 7), Buffer.from('PAR1')]);
    const [code, line, character, message] = await refusal(file('preds.csv', parquet));
    expect([code, line, character]).toEqual(['read-error', 0, 0]);
    expect(message).toBe('This Parquet file is cut short or corrupt (its footer could not be read): its footer claims 117,901,063 bytes in a file of 4,016; write or copy the file again');
  });

  it('names a ZIP archive, an Excel workbook and a NumPy .npz by their first entry', async () => {
    expect((await refusal(file('a.csv', zipHeader('data.csv'))))[3]).toMatch(/^This is a ZIP archive, not text: .*; extract the data file first \(unzip FILE\)$/);
    expect((await refusal(file('b.csv', zipHeader('[Content_Types].xml'))))[3]).toMatch(/^This is an Excel workbook or another Office document \(\.xlsx, a ZIP archive\), not text/);
    // An .npz is read as NumPy: this one is only a header, so it is cut short.
    expect((await refusal(file('c.csv', zipHeader('arr_0.npy'))))[3]).toMatch(/^This \.npz file is cut short: the ZIP archive's table of contents/);
  });

  it('hands NumPy and Arrow files to their readers by their magic numbers', async () => {
    expect((await refusal(file('n.csv', Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0, 0x76, 0])]))))[3]).toMatch(/^The array in this \.npy file is cut short/);
    expect((await refusal(file('a.csv', Buffer.concat([Buffer.from('ARROW1'), Buffer.alloc(8)]))))[3]).toMatch(/Arrow/);
  });

  it('names gzip, HDF5, SQLite and PNG files by their magic numbers', async () => {
    const magics: [string, Buffer][] = [
      ['a gzip-compressed file', gzipSync(Buffer.from('y,p\n1,0.5\n'))],
      ['an HDF5 file', Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
      ['an SQLite database', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84)])],
      ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ];
    for (const [what, bytes] of magics) expect((await refusal(file('m.csv', bytes)))[3]).toContain(`This is ${what}, not text`);
  });

  it('places a NUL byte in an otherwise textual file, and refuses it once instead of parsing it', async () => {
    const [code, line, character, message] = await refusal(file('nul.csv', 'y,p\n1,0.5\n0,0\u00003\n'));
    expect([code, line, character]).toEqual(['read-error', 2, 3]);
    expect(message).toBe(
      'This file holds binary data, not text (a NUL byte at line 3, column 4): Entropy Lens reads CSV, TSV, JSON and JSON Lines text, and Parquet, Arrow IPC / Feather v2 and NumPy .npy / .npz files. If it is text in another encoding, save it as UTF-8',
    );
  });

  it('refuses text handed over in memory the same way (a document opened anyway)', () => {
    const table = readTable('PAR1\u0015\u0004\u0015\u0010', { fileName: 'a.csv' });
    expect(table.problems.map((p) => [p.code, p.message.slice(0, 30)])).toEqual([['read-error', 'This is a Parquet file, not te']]);
  });

  it('reads a CSV whose header merely starts with a magic word', () => {
    expect(readTable('PAR1,p\n1,0.5\n', { fileName: 'a.csv' }).numbers('PAR1').values).toEqual(Float64Array.of(1));
    expect(sniffBytes(Buffer.from('BZh,x\n1,2\n'))).toEqual({ kind: 'text', encoding: 'utf-8', bomLength: 0 });
  });
});

describe('paths that are not regular files', () => {
  it('refuses a directory and a missing file in words', async () => {
    const sub = join(dir, 'folder.csv');
    mkdirSync(sub, { recursive: true });
    expect(await refusal(sub)).toEqual(['read-error', 0, 0, 'This is a directory, not a regular file: name a CSV, TSV, JSON or JSON Lines file inside it']);
    expect(await refusal(join(dir, 'nope.csv'))).toEqual(['read-error', 0, 0, 'The file does not exist: check the path']);
  });

  it.runIf(existsSync('/dev/zero'))('refuses /dev/zero at once instead of reading it for ever', async () => {
    expect(await refusal('/dev/zero')).toEqual(['read-error', 0, 0, 'This is a device, not a regular file: save the data to a file and open that']);
  });

  it('refuses a named pipe without waiting for a writer', async () => {
    const fifo = join(dir, 'pipe.csv');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here
    }
    expect(await refusal(fifo)).toEqual(['read-error', 0, 0, 'This is a named pipe (FIFO), not a regular file: save the data to a file and open that']);
  });
});

describe('inputs that used to overflow', () => {
  it('names JSON nested 200,000 deep at the bracket past the limit, in a document and in a JSON Lines line', () => {
    const document = readTable(`[{"y": 1, "deep": ${'['.repeat(200_000)}`, { fileName: 'a.json' });
    expect(document.problems.map((p) => [p.code, p.line, p.character, p.raw])).toEqual([['json-syntax', 0, 18 + 998, '[']]);
    expect(document.problems[0]!.message).toBe('JSON nested more than 1000 levels deep here (arrays and objects inside one another): Entropy Lens reads records nested at most 1000 levels deep');
    const lines = readTable(`{"y": 1}\n{"y": ${'{"a": '.repeat(200_000)}\n{"y": 0}\n`, { fileName: 'a.jsonl' });
    expect(lines.problems.map((p) => [p.code, p.line, p.character])).toEqual([['json-syntax', 1, 6 + 999 * 6]]);
    expect([...lines.numbers('y').values]).toEqual([1, 0]);
  });

  it('reads JSON nested 1000 deep', () => {
    const table = readTable(`[{"y": 1, "deep": ${'['.repeat(998)}${']'.repeat(998)}}]`, { fileName: 'a.json' });
    expect([table.problems, table.rowCount]).toEqual([[], 1]);
  });

  it('refuses a 2,000,000-column CSV header at column 100,001, and keeps a 2,000,000-field row as a ragged row', () => {
    const wide = readTable(`${'c,'.repeat(2_000_000)}\n1\n`, { fileName: 'a.csv' });
    expect(wide.problems.map((p) => [p.code, p.line, p.character])).toEqual([['read-error', 0, 200_000]]);
    expect(wide.problems[0]!.message).toBe(
      'The header has 2,000,000 columns, more than the 100,000 Entropy Lens reads (this is column 100,001): keep only the columns to analyse, e.g. with pandas (usecols=) or csvcut -c',
    );
    expect([wide.rowCount, wide.columns.length]).toEqual([0, 0]);
    const ragged = readTable(`y,p\n1,0.5\n${'0,'.repeat(1_000_000)}0\n`, { fileName: 'a.csv' });
    expect(ragged.problems.map((p) => [p.code, p.row, p.message])).toEqual([['ragged-row', 1, 'Row has 1000001 fields but the header has 2; the extra fields are ignored']]);
  });

  it('refuses JSON records with more than 100,000 fields, or too sparse to hold as a table, at the field past the limit', () => {
    const wide = readTable(`[${JSON.stringify(Object.fromEntries(Array.from({ length: 100_001 }, (_, k) => [`c${k}`, k])))}]`, { fileName: 'a.json' });
    expect(wide.problems.map((p) => [p.code, p.raw, p.message.slice(0, 90)])).toEqual([
      ['read-error', '100000', 'The records have 100,001 distinct fields, more than the 100,000 columns Entropy Lens reads'],
    ]);
    const lines = Array.from({ length: 3000 }, (_, r) => JSON.stringify(Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`r${r}k${k}`, 1]))));
    const sparse = readTable(`${lines.join('\n')}\n`, { fileName: 'a.jsonl' });
    expect(sparse.problems.map((p) => [p.code, p.line, p.message])).toEqual([
      ['read-error', 2115, 'The 3,000 records name 90,000 different fields between them (270,000,000 cells as a table), too sparse to read as a table: records should share their field names'],
    ]);
    expect([sparse.rowCount, sparse.columns.length]).toEqual([0, 0]);
  });

  it('reads a 5,000-column header with few first records allocated', () => {
    const header = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 5000 }, (_, i) => String(i % 7)).join(',');
    const table = readTable(`${header}\n${Array.from({ length: 300 }, () => row).join('\n')}\n`, { fileName: 'a.csv' });
    expect([table.problems, table.rowCount, table.numbers('c4999').values[299]]).toEqual([[], 300, 4999 % 7]);
  });
});
