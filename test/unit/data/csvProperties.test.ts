// Property tests: random tables written as CSV with random quoting, delimiters and line endings
// read back to the same cells at the same positions; arbitrary text never makes a reader throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferRoles, readTable, validateLabels, validateNumeric, validateProbabilities } from '../../../src/data';
import type { Delimiter } from '../../../src/data';

const cellChars = fc.constantFrom('a', 'b', '1', '0', '.', '-', ' ', ',', ';', '\t', '|', '"', '\n', '\r', 'é', '😀');
const cell = fc.array(cellChars, { maxLength: 6 }).map((chars) => chars.join(''));

interface Written {
  text: string;
  cells: { start: number; end: number }[][];
}

/** Writes a CSV the way real tools do, recording where each cell went. */
function writeCsv(header: string[], rows: string[][], delimiter: Delimiter, newline: string, quoteAll: boolean[], bom: boolean): Written {
  let text = bom ? '\ufeff' : '';
  const cells: { start: number; end: number }[][] = [];
  const field = (value: string, forceQuote: boolean): string => {
    const needs = forceQuote || value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r') || value === '';
    return needs ? `"${value.replace(/"/g, '""')}"` : value;
  };
  const line = (values: string[], r: number): { start: number; end: number }[] => {
    const positions: { start: number; end: number }[] = [];
    values.forEach((value, c) => {
      if (c > 0) text += delimiter;
      const start = text.length;
      text += field(value, quoteAll[(r * 7 + c) % quoteAll.length] ?? false);
      positions.push({ start, end: text.length });
    });
    text += newline;
    return positions;
  };
  line(header, 0);
  rows.forEach((row, r) => cells.push(line(row, r + 1)));
  return { text, cells };
}

/** Line and character of an offset, computed naively (line breaks \n, \r\n, \r). */
function naivePosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      start = i + 1;
    }
  }
  const bom = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { line, character: offset - start - bom };
}

describe('CSV round trip', () => {
  it('random tables parse back to the same cells and positions', () => {
    const table = fc.integer({ min: 2, max: 5 }).chain((width) =>
      fc.record({
        header: fc.uniqueArray(
          cell.map((s) => `c${s}`),
          { minLength: width, maxLength: width },
        ),
        rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
        delimiter: fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
        newline: fc.constantFrom('\n', '\r\n', '\r'),
        quoteAll: fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        bom: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(table, ({ header, rows, delimiter, newline, quoteAll, bom }) => {
        const written = writeCsv(header, rows, delimiter, newline, quoteAll, bom);
        const parsed = readTable(written.text, { format: 'csv', delimiter });
        expect(parsed.problems.filter((p) => p.code !== 'missing-header')).toEqual([]);
        expect(parsed.columns.map((c) => c.name)).toEqual(header);
        expect(parsed.rowCount).toBe(rows.length);
        header.forEach((name, c) => {
          const labels = parsed.labels(name).values;
          rows.forEach((row, r) => {
            // The alphabet cannot spell NA/NaN/null, so only blank cells are missing.
            expect(labels[r]).toBe(row[c]!.trim() === '' ? '' : row[c]);
            const range = parsed.index.cellRange(r, c)!;
            const expected = written.cells[r]![c]!;
            expect([range.startOffset, range.endOffset]).toEqual([expected.start, expected.end]);
            expect(range.start).toEqual(naivePosition(written.text, expected.start));
            expect(range.end).toEqual(naivePosition(written.text, expected.end));
            expect(parsed.index.recordAtOffset(expected.start)).toBe(r);
          });
        });
      }),
      { numRuns: 400 },
    );
  });

  it('missing cells keep their source text out of the labels and become problems', () => {
    const parsed = readTable('a,b\n"",x\n NA ,y\n', { format: 'csv' });
    expect(parsed.labels('a').values).toEqual(['', '']);
    expect(parsed.labels('a').problemCount).toBe(2);
    expect(parsed.labels('b').values).toEqual(['x', 'y']);
  });
});

describe('robustness', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\n', '\r', 'a', '1', '.', 'e', '-', ' ', 'null', '\ufeff', ';', '\t'), { maxLength: 80 }).map((a) => a.join('')),
  );
  it('random text never makes any reader, accessor or validator throw', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('csv', 'tsv', 'json', 'jsonl', 'auto') as fc.Arbitrary<'csv' | 'tsv' | 'json' | 'jsonl' | 'auto'>, (text, format) => {
        const table = readTable(text, { format, selection: { startLine: 0, endLine: 2 } });
        const whole = readTable(text, { format });
        for (const t of [table, whole]) {
          for (const column of t.columns) {
            t.numbers(column.name);
            t.labels(column.name);
            t.matrix([column.name]);
            validateNumeric(t, [column.name]);
            validateProbabilities(t, [column.name]);
            validateLabels(t, column.name, ['a']);
          }
          inferRoles(t);
          for (let offset = -1; offset <= text.length + 1; offset++) t.index.recordAtOffset(offset);
          t.index.recordAt(1, 1);
          t.index.cellAt(0, 0);
          void t.lineSpan.startLine;
        }
      }),
      { numRuns: 1500 },
    );
  });
});
