// Readers on well-formed input: CSV quirks, JSON records / columnar / nested / vectors, JSON Lines,
// format detection, selections that snap to whole records, and position → record lookup.
import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectFormat, formatFromFileName, readTable } from '../../../src/data';

describe('format detection', () => {
  it('takes the format from the file name first', () => {
    expect(formatFromFileName('/d/a.CSV')).toBe('csv');
    expect(formatFromFileName('a.tsv')).toBe('tsv');
    expect(formatFromFileName('a.json')).toBe('json');
    expect(formatFromFileName('a.ndjson')).toBe('jsonl');
    expect(formatFromFileName('a.jsonl')).toBe('jsonl');
    expect(formatFromFileName('a.txt')).toBeUndefined();
    expect(formatFromFileName('dir.csv/file')).toBeUndefined();
  });

  it('sniffs JSON, JSON Lines and the CSV delimiter from content', () => {
    expect(detectFormat(' [{"a": 1}]')).toBe('json');
    expect(detectFormat('{"a": 1}\n{"a": 2}\n')).toBe('jsonl');
    expect(detectFormat('{\n  "a": [1]\n}')).toBe('json');
    expect(detectFormat('a\tb\n1\t2\n')).toBe('tsv');
    expect(detectDelimiter('a;b;c\n1,5;2;3\n')).toBe(';');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
    expect(detectDelimiter('"x,y";b\n"1,2";3\n')).toBe(';');
  });
});

describe('CSV', () => {
  it('reads RFC 4180 quoting: doubled quotes, delimiters and newlines inside quotes', () => {
    const table = readTable('name,p\n"a ""b"", c",0.5\n"multi\nline",0.25\n', { format: 'csv' });
    expect(table.labels('name').values).toEqual(['a "b", c', 'multi\nline']);
    expect([...table.numbers('p').values]).toEqual([0.5, 0.25]);
    expect(table.index.rowRange(1)).toMatchObject({ start: { line: 2, character: 0 }, end: { line: 3, character: 10 } });
    expect(table.raw(0, 0)).toBe('"a ""b"", c"');
  });

  it('accepts a trailing delimiter on every line and skips blank lines', () => {
    const table = readTable('a,b,\n1,2,\n\n   \n3,4,\n', { format: 'csv' });
    expect(table.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(table.problems).toEqual([]);
    expect([...table.numbers('b').values]).toEqual([2, 4]);
  });

  it('keeps label strings as written when the column is not all numeric', () => {
    const table = readTable('id\n0042\nx7\n', { format: 'csv' });
    expect(table.labels('id')).toMatchObject({ values: ['0042', 'x7'], allNumeric: false });
    expect(readTable('id\n0042\n7\n', { format: 'csv' }).labels('id')).toMatchObject({ values: ['0042', '7'], allNumeric: true });
  });

  it('reads an empty file as a clear problem, never a throw', () => {
    expect(readTable('', { format: 'csv' }).problems.map((p) => p.code)).toEqual(['empty-file']);
    expect(readTable('\n\n', { format: 'csv' }).rowCount).toBe(0);
  });

  it('lists at most maxProblems problems and counts the rest', () => {
    const text = 'a,b\n' + '1\n'.repeat(30);
    const table = readTable(text, { format: 'csv', maxProblems: 10 });
    expect(table.problems).toHaveLength(10);
    expect(table.problemCount).toBe(30);
    expect(table.numbers('b').problemCount).toBe(30);
  });

  it('keeps 16-bit cell offsets until a record is 65535 characters long, then widens', () => {
    const long = 'x'.repeat(70000);
    const table = readTable(`a,b,c\n1,2,3\n${long},5,6\n7,8,9\n`, { format: 'csv' });
    expect(table.index.cellRange(1, 1)!.startOffset).toBe(12 + 70001);
    expect([...table.numbers('c').values]).toEqual([3, 6, 9]);
    expect(table.index.recordAtOffset(12 + 70003)).toBe(1);
  });
});

describe('JSON', () => {
  it('reads an array of objects with nested paths and vector fields, keeping offsets', () => {
    const text = '[\n  {"label": "cat", "pred": {"p1": 0.25}, "probs": [0.25, 0.75]},\n  {"label": "dog", "pred": {"p1": 0.5}, "probs": [0.5, 0.5]}\n]';
    const table = readTable(text, { fileName: 'x.json' });
    expect(table.shape).toBe('records');
    expect(table.columns.map((c) => [c.name, c.shape, c.width])).toEqual([
      ['label', 'scalar', 1],
      ['pred.p1', 'scalar', 1],
      ['probs', 'vector', 2],
    ]);
    expect([...table.numbers('pred.p1').values]).toEqual([0.25, 0.5]);
    expect([...table.matrix(['probs']).values]).toEqual([0.25, 0.75, 0.5, 0.5]);
    expect(table.labels('label').values).toEqual(['cat', 'dog']);
    expect(table.index.rowRange(1)).toMatchObject({ start: { line: 2, character: 2 }, end: { line: 2, character: text.split('\n')[2]!.length } });
    expect(table.index.cellRange(0, 2)).toMatchObject({ start: { line: 1, character: 50 }, end: { line: 1, character: 62 } });
  });

  it('reads a columnar object of equal-length arrays and finds records by any cell', () => {
    const text = '{"y": [1, 0],\n "p": [0.75, 0.25]}';
    const table = readTable(text, { format: 'json' });
    expect(table.shape).toBe('columnar');
    expect([...table.numbers('p').values]).toEqual([0.75, 0.25]);
    expect(table.index.recordAtOffset(text.indexOf('0.25'))).toBe(1);
    expect(table.index.recordAtOffset(text.indexOf('1,'))).toBe(0);
    expect(table.index.recordAt(1, 9)).toBe(0);
    expect(table.index.recordAt(1, 13)).toBe(1);
  });

  it('reports columnar arrays of different lengths', () => {
    const table = readTable('{"y": [1, 0, 1], "p": [0.75]}', { format: 'json' });
    expect(table.problems.map((p) => [p.code, p.message, p.character, p.endCharacter])).toEqual([['columnar-length-mismatch', 'Column "p" has 1 value but the longest column has 3', 22, 28]]);
    expect(table.numbers('p').problemCount).toBe(2);
  });

  it('treats JSON null and missing keys as missing values and strings as text', () => {
    const table = readTable('[{"p": 0.5}, {"p": null}, {}, {"p": "0.5"}]', { format: 'json' });
    const column = table.numbers('p');
    expect(column.problems.map((p) => [p.code, p.row])).toEqual([
      ['missing-value', 1],
      ['missing-value', 2],
      ['not-a-number', 3],
    ]);
  });

  it('reads JSON Lines with CRLF and blank lines', () => {
    const table = readTable('{"y": 1}\r\n\r\n{"y": 0}\r\n', { fileName: 'a.jsonl' });
    expect([...table.numbers('y').values]).toEqual([1, 0]);
    expect(table.index.rowRange(1)).toMatchObject({ start: { line: 2, character: 0 }, end: { line: 2, character: 8 } });
  });
});

describe('selections', () => {
  const csv = 'label,note,p\ncat,"one\ntwo\nthree",0.1\ndog,plain,0.2\nhorse,"x\ny",0.3\ncow,z,0.4\n';

  it('take the header from the file and snap into a multi-line quoted field to the whole record', () => {
    const table = readTable(csv, { format: 'csv', selection: { startLine: 2, endLine: 2 } });
    expect(table.columns.map((c) => c.name)).toEqual(['label', 'note', 'p']);
    expect(table.labels('label').values).toEqual(['cat']);
    expect(table.lineSpan).toMatchObject({ startLine: 1, endLine: 3 });
    expect(table.index.rowRange(0).start).toEqual({ line: 1, character: 0 });
  });

  it('keep absolute positions and every record the lines touch', () => {
    const table = readTable(csv, { format: 'csv', selection: { startLine: 4, endLine: 5 } });
    expect(table.labels('label').values).toEqual(['dog', 'horse']);
    expect(table.index.cellRange(1, 2)).toMatchObject({ start: { line: 6, character: 3 }, startOffset: csv.indexOf('0.3') });
    expect(table.index.recordAt(6, 4)).toBe(1);
    expect(table.index.recordAt(7, 0)).toBe(-1);
  });

  it('that cover only the header give no rows', () => {
    expect(readTable(csv, { format: 'csv', selection: { startLine: 0, endLine: 0 } }).rowCount).toBe(0);
  });

  it('snap to whole JSON array elements', () => {
    const json = '[\n  {"y": 1,\n   "p": 0.9},\n  {"y": 0,\n   "p": 0.2},\n  {"y": 1, "p": 0.6}\n]';
    const table = readTable(json, { format: 'json', selection: { startLine: 4, endLine: 4 } });
    expect([...table.numbers('p').values]).toEqual([0.2]);
    expect(table.index.rowRange(0).start).toEqual({ line: 3, character: 2 });
  });

  it('pick JSON Lines by line', () => {
    const table = readTable('{"y": 1}\n{"y": 2}\n{"y": 3}\n', { format: 'jsonl', selection: { startLine: 1, endLine: 2 } });
    expect([...table.numbers('y').values]).toEqual([2, 3]);
  });
});

describe('position lookup', () => {
  it('maps every offset to the record containing it, or -1 between records', () => {
    const text = 'a,b\n1,2\n\n33,44\n5,6';
    const table = readTable(text, { format: 'csv' });
    const expected = [...text].map((_, offset) => {
      for (let r = 0; r < table.rowCount; r++) {
        if (offset >= table.index.rowStartOffset(r) && offset <= table.index.rowEndOffset(r)) return r;
      }
      return -1;
    });
    expect([...text].map((_, offset) => table.index.recordAtOffset(offset))).toEqual(expected);
    expect(table.index.recordAt(0, 1)).toBe(-1);
    expect(table.index.recordAt(3, 4)).toBe(1);
    expect(table.index.cellAt(3, 3)).toEqual({ row: 1, column: 1 });
    expect(table.index.cellAt(2, 0)).toBeUndefined();
  });

  it('finds records in a large table by binary search', () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${i % 2},${(i % 100) / 100}`);
    const table = readTable(`y,p\n${rows.join('\n')}\n`, { format: 'csv' });
    for (const row of [0, 1, 9999, 19999]) {
      expect(table.index.recordAt(row + 1, 2)).toBe(row);
    }
    expect(table.index.byteLength).toBeLessThan(20000 * 20 + 20001 * 4 + 64);
  });
});

describe('readTableFile', () => {
  it('decodes ASCII and UTF-8 files alike and reports a missing file as a problem', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readTableFile } = await import('../../../src/data');
    const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-read-'));
    writeFileSync(join(dir, 'ascii.csv'), 'label,p\ncat,0.5\n');
    writeFileSync(join(dir, 'utf8.csv'), '\ufefflabel,p\nchat é,0.5\n😀,0.25\n');
    expect((await readTableFile(join(dir, 'ascii.csv'))).labels('label').values).toEqual(['cat']);
    const utf8 = await readTableFile(join(dir, 'utf8.csv'));
    expect(utf8.labels('label').values).toEqual(['chat é', '😀']);
    expect(utf8.index.cellRange(1, 1)!.start).toEqual({ line: 2, character: 3 });
    const missing = await readTableFile(join(dir, 'nope.csv'));
    expect(missing.problems.map((p) => p.code)).toEqual(['read-error']);
    expect(missing.problems[0]!.message).toBe('The file does not exist: check the path');
  });
});

describe('text that was not UTF-8', () => {
  it('a warning at the first U+FFFD (the decoder put it for bytes that were not UTF-8), counting the others, in every text format', () => {
    const csv = readTable('label,p\ncaf\ufffd,0.9\ncaf\ufffd,0.2\n', { format: 'csv' });
    const warning = csv.problems.find((p) => p.code === 'not-utf-8');
    expect(warning).toMatchObject({ severity: 'warning', line: 1, character: 3, raw: '\ufffd' });
    expect(warning?.message).toMatch(/^"\ufffd" \(U\+FFFD\) here and in 1 more place: bytes that were not valid UTF-8/);
    const jsonl = readTable('{"label": "caf\ufffd", "p": 0.9}\n', { format: 'jsonl' });
    expect(jsonl.problems.find((p) => p.code === 'not-utf-8')).toMatchObject({ line: 0, character: 14 });
    const json = readTable('[{"label": "caf\ufffd", "p": 0.9}]', { format: 'json' });
    expect(json.problems.find((p) => p.code === 'not-utf-8')).toMatchObject({ line: 0, character: 15 });
  });

  it('none in UTF-8 text, accented or not', () => {
    expect(readTable('label,p\ncafé,0.9\ncafè,0.2\n', { format: 'csv' }).problems.filter((p) => p.code === 'not-utf-8')).toEqual([]);
  });
});
