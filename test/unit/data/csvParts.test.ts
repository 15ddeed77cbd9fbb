// Reading CSV in two parts (CsvReader.scanTo a cut, scanCsvPart after it, appendPart) gives the
// table one pass gives — cells, numbers, offsets, problems — for every cut at a line start; a cut
// inside a quoted line break is seen (the scan reaches past it), and a part with a problem is refused.
import { describe, expect, it } from 'vitest';
import { CsvReader, readTable, scanCsvPart } from '../../../src/data';
import type { Table } from '../../../src/data';

/** Everything a reader decides about a table, in plain values (NaN kept as a string). */
function snapshot(table: Table): unknown {
  const rows = [];
  for (let row = 0; row < table.rowCount; row++) {
    const cells = table.columns.map((column) => [table.index.cellRange(row, column.index), table.raw(row, column.index)]);
    rows.push([table.index.rowStartOffset(row), table.index.rowEndOffset(row), cells]);
  }
  const numbers = table.columns.map((column) => Array.from(table.numbers(column.name).values, (v) => (Number.isNaN(v) ? 'NaN' : v)));
  return { rowCount: table.rowCount, columns: table.columns, problems: table.problems, problemCount: table.problemCount, rows, numbers, lineSpan: [table.lineSpan.startLine, table.lineSpan.endLine] };
}

type Way = 'part' | 'crossed' | 'refused';

/** Reads `text` cut at `cut` the way readTableFileInParts does; says which way the records after it went. */
function readInParts(text: string, cut: number): { table: Table; way: Way } {
  const reader = new CsvReader(text, 'csv', { fileName: 'x.csv' });
  const reached = reader.scanTo(cut);
  if (reached !== cut) {
    reader.scanTo();
    return { table: reader.finish(), way: 'crossed' };
  }
  const part = scanCsvPart(text.slice(cut), reader.columnNames.length, reader.delimiter);
  if (part === undefined) {
    reader.scanTo();
    return { table: reader.finish(), way: 'refused' };
  }
  reader.appendPart(part);
  return { table: reader.finish(), way: 'part' };
}

/** Every offset just after a line feed, past the header line. */
function lineStartsAfterHeader(text: string): number[] {
  const cuts: number[] = [];
  for (let i = text.indexOf('\n') + 1; i > 0 && i < text.length; i = text.indexOf('\n', i) + 1) cuts.push(i);
  return cuts;
}

function expectEveryCut(text: string): Record<Way, number> {
  const single = snapshot(readTable(text, { fileName: 'x.csv' }));
  const ways: Record<Way, number> = { part: 0, crossed: 0, refused: 0 };
  for (const cut of lineStartsAfterHeader(text)) {
    const { table, way } = readInParts(text, cut);
    ways[way]++;
    expect(snapshot(table), `cut at ${cut} (${way})`).toEqual(single);
  }
  return ways;
}

describe('CSV read in two parts', () => {
  it('equals one pass at every cut of a clean numeric file', () => {
    const text = 'label,p0,p1\n0,0.25,0.75\n1,0.5,0.5\n1,1e-3,0.999\n0,-0,1\n';
    expect(expectEveryCut(text)).toEqual({ part: 4, crossed: 0, refused: 0 });
  });

  it('handles blank lines, CRLF, a trailing delimiter, text labels and no final line break', () => {
    const text = 'label,p,\r\n\r\ncat,0.5,\r\n\r\ndog,0.25,\r\n"bird",NA,\r\n  \r\nfish,0.125,';
    const ways = expectEveryCut(text);
    expect(ways.part).toBeGreaterThan(0);
    expect(ways.refused + ways.crossed).toBe(0);
  });

  it('sees a cut inside a quoted line break and scans on', () => {
    const text = 'id,note,x\n1,"a\nb\nc",2\n3,plain,4\n5,"d\ne",6\n';
    const ways = expectEveryCut(text);
    expect(ways.crossed).toBe(3);
    expect(ways.part).toBeGreaterThan(0);
  });

  it('refuses a part with a ragged row, a stray or an unterminated quote (one pass reports them)', () => {
    for (const text of ['a,b\n1,2\n3\n4,5\n', 'a,b\n1,2\n3,4,5\n6,7\n', 'a,b\n1,2\n"3"x,4\n5,6\n', 'a,b\n1,2\n3,"4\n']) {
      const ways = expectEveryCut(text);
      expect(ways.refused, text).toBeGreaterThan(0);
      expect(readTable(text, { fileName: 'x.csv' }).problemCount, text).toBeGreaterThan(0);
    }
  });

  it('joins 16-bit and 32-bit cell offsets when a record of 65535 characters or more is on either side', () => {
    const long = 'x'.repeat(70000);
    const text = `label,note,p\n0,short,0.5\n1,${long},0.25\n0,short,0.75\n1,short,1\n`;
    expect(expectEveryCut(text)).toEqual({ part: 4, crossed: 0, refused: 0 });
  });

  it('gives a part with no records when only blank lines follow the cut', () => {
    const text = 'a,b\n1,2\n\n\n';
    const reader = new CsvReader(text, 'csv', {});
    expect(reader.scanTo(8)).toBe(8);
    const part = scanCsvPart(text.slice(8), 2, ',');
    expect(part?.rows).toBe(0);
    reader.appendPart(part!);
    expect(snapshot(reader.finish())).toEqual(snapshot(readTable(text, { fileName: 'x.csv' })));
  });

  it('reads a TSV file in parts with its own delimiter', () => {
    const text = 'y\tp\n1\t0.5\n0\t0.25\n1\t0.75\n';
    const reader = new CsvReader(text, 'tsv', {});
    expect(reader.delimiter).toBe('\t');
    expect(reader.scanTo(10)).toBe(10);
    reader.appendPart(scanCsvPart(text.slice(10), 2, '\t')!);
    expect(snapshot(reader.finish())).toEqual(snapshot(readTable(text, { fileName: 'x.tsv' })));
  });
});
