// The malformed-file corpus under test/fixtures/data: each file produces exactly these problems,
// with 0-based lines and UTF-16 characters, offsets, rows, columns and raw text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, readTable, validateProbabilities } from '../../../src/data';
import type { Problem, Table } from '../../../src/data';

const dir = join(__dirname, '../../fixtures/data');
const read = (name: string): Table => readTable(readFileSync(join(dir, name), 'utf8'), { fileName: name });

/** Shorthand for an expected error problem. */
function problem(
  code: Problem['code'],
  message: string,
  [line, character, endLine, endCharacter]: [number, number, number, number],
  [offset, endOffset]: [number, number],
  raw: string,
  extra: { row?: number; column?: string; severity?: Problem['severity'] } = {},
): Problem {
  return {
    code,
    severity: extra.severity ?? 'error',
    message,
    line,
    character,
    endLine,
    endCharacter,
    offset,
    endOffset,
    raw,
    ...(extra.row === undefined ? {} : { row: extra.row }),
    ...(extra.column === undefined ? {} : { column: extra.column }),
  };
}

describe('malformed fixtures', () => {
  it('an unterminated quote is reported from the quote to the end of the file', () => {
    const table = read('unterminated-quote.csv');
    expect(table.rowCount).toBe(2);
    expect(table.problems).toEqual([
      problem('unterminated-quote', 'Unterminated quoted field: this quote is never closed, so the rest of the file is inside it', [2, 2, 4, 0], [16, 27], '"0.3\n1,0.7\n', { row: 1 }),
    ]);
    expect(table.numbers('p').values[0]).toBe(0.8);
  });

  it('ragged rows are kept, reported, and their missing cells are missing values', () => {
    const table = read('ragged-rows.csv');
    expect(table.rowCount).toBe(4);
    expect(table.problems).toEqual([
      problem('ragged-row', 'Row has 2 fields but the header has 3; the missing cells are treated as missing values', [2, 0, 2, 5], [24, 29], 'b,0.5', { row: 1 }),
      problem('ragged-row', 'Row has 4 fields but the header has 3; the extra field is ignored', [3, 10, 3, 13], [40, 43], '0.0', { row: 2 }),
    ]);
    expect(validateProbabilities(table, ['p_a', 'p_b']).problems).toEqual([problem('missing-value', 'Missing value in column "p_b"', [2, 0, 2, 5], [24, 29], 'b,0.5', { row: 1, column: 'p_b' })]);
    expect(table.index.cellRange(2, 2)).toEqual({ start: { line: 3, character: 6 }, end: { line: 3, character: 9 }, startOffset: 36, endOffset: 39 });
  });

  it('a BOM and CRLF line ends do not shift positions; a decimal comma is not a number', () => {
    const table = read('bom-crlf.csv');
    expect(table.delimiter).toBe(';');
    expect(table.columns.map((c) => c.name)).toEqual(['y', 'p']);
    expect(table.rowCount).toBe(3);
    expect(table.problems).toEqual([]);
    expect([...table.numbers('p').values]).toEqual([NaN, 0.25, 0.75]);
    expect(validateProbabilities(table, ['p']).problems).toEqual([problem('not-a-number', '"0,5" in column "p" is not a number', [1, 2, 1, 5], [8, 11], '0,5', { row: 0, column: 'p' })]);
    expect(table.index.rowRange(2)).toEqual({ start: { line: 4, character: 0 }, end: { line: 4, character: 6 }, startOffset: 23, endOffset: 29 });
    expect(table.index.positionAt(1)).toEqual({ line: 0, character: 0 });
  });

  it('NA, empty, NaN and null cells are missing values and text is not a number', () => {
    const table = read('na-cells.csv');
    const column = table.numbers('p');
    expect(column.problemCount).toBe(5);
    expect(column.problems).toEqual([
      problem('missing-value', 'Missing value (NA) in column "p"', [2, 2, 2, 4], [16, 18], 'NA', { row: 1, column: 'p' }),
      problem('missing-value', 'Missing value in column "p"', [3, 2, 3, 2], [21, 21], '', { row: 2, column: 'p' }),
      problem('missing-value', 'Missing value (NaN) in column "p"', [4, 2, 4, 5], [24, 27], 'NaN', { row: 3, column: 'p' }),
      problem('missing-value', 'Missing value (null) in column "p"', [5, 2, 5, 6], [30, 34], 'null', { row: 4, column: 'p' }),
      problem('not-a-number', '"abc" in column "p" is not a number', [6, 2, 6, 5], [37, 40], 'abc', { row: 5, column: 'p' }),
    ]);
    expect(table.column('p')).toMatchObject({ numericCount: 1, missingCount: 4, textCount: 1 });
  });

  it('p = 1.2 is out of range on exactly its cell', () => {
    const table = read('p-out-of-range.csv');
    const report = validateProbabilities(table, ['p']);
    expect(report.problems).toEqual([problem('probability-out-of-range', 'p = 1.2 is outside [0, 1]', [2, 2, 2, 5], [16, 19], '1.2', { row: 1, column: 'p' })]);
    expect(formatProblem(report.problems[0]!, 'p-out-of-range.csv')).toBe('p-out-of-range.csv:3:3: p = 1.2 is outside [0, 1]');
  });

  it('a JSON syntax error is reported at its offset and the records before it are kept', () => {
    const table = read('json-syntax-error.json');
    expect(table.problems).toEqual([problem('json-syntax', 'JSON syntax error: property name expected (found "}"); the records after it are not read', [2, 24, 2, 25], [52, 53], '}')]);
    expect(table.rowCount).toBe(1);
    expect([...table.numbers('p').values]).toEqual([0.8]);
  });

  it('JSON Lines lines that are not objects are reported and skipped', () => {
    const table = read('jsonl-not-object.jsonl');
    expect(table.problems).toEqual([
      problem('not-an-object', 'This line is an array, not an object: each JSON Lines line must be one record object', [1, 0, 1, 6], [27, 33], '[1, 2]'),
      problem('not-an-object', 'This line is a string "text", not an object: each JSON Lines line must be one record object', [4, 0, 4, 6], [62, 68], '"text"'),
    ]);
    expect(table.labels('label').values).toEqual(['cat', 'dog']);
    expect(table.index.rowRange(1).start).toEqual({ line: 3, character: 0 });
  });

  it('a file without a header gets a clear message', () => {
    const table = read('headerless.csv');
    expect(table.problems).toEqual([
      problem('missing-header', 'The first line holds only numbers: a header row naming the columns is required (it is read as the header here)', [0, 0, 0, 7], [0, 7], '0.1,0.9'),
    ]);
  });

  it('a duplicate header is reported and renamed like pandas', () => {
    const table = read('duplicate-header.csv');
    expect(table.columns.map((c) => c.name)).toEqual(['label', 'p', 'p.1', 'q']);
    expect(table.problems).toEqual([problem('duplicate-header', 'Duplicate column name "p" (also column 2); this one is called "p.1"', [0, 8, 0, 9], [8, 9], 'p', { column: 'p.1' })]);
    expect(table.numbers('p.1').values[0]).toBe(0.2);
  });
});
