// The one offset → line converter: a table's records placed by a forward walk over its line
// starts give the positions positionAt's binary search gives, for \n, \r\n, lone \r and a BOM.
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/data';
import { ForwardLineCursor, LineStarts } from '../../../src/data/lineStarts';

describe('ForwardLineCursor', () => {
  it.each([
    ['\\n', 'a,b\n1,2\n3,4\n'],
    ['\\r\\n', 'a,b\r\n1,2\r\n3,4\r\n'],
    ['lone \\r', 'a,b\r1,2\r3,4'],
    ['a BOM', '\ufeffa,b\n1,2\n"x\ny",4\n'],
  ])('agrees with positionAt at every offset (%s)', (_name, text) => {
    const lines = new LineStarts(text);
    const cursor = new ForwardLineCursor(lines);
    for (let offset = 0; offset <= text.length; offset++) {
      expect(cursor.moveTo(offset)).toBe(true);
      expect({ line: cursor.line, character: cursor.character }).toEqual(lines.positionAt(offset));
    }
    expect(cursor.moveTo(0)).toBe(text.length === 0);
  });

  it("is the table's: records in text order, a quoted line break inside one", () => {
    const table = readTable('\ufeffid,note\n1,"two\nlines"\n2,x\n', { format: 'csv' });
    const cursor = table.lineCursor();
    cursor.moveTo(table.index.rowStartOffset(1));
    expect([cursor.line, cursor.character]).toEqual([3, 0]);
    cursor.moveTo(table.index.rowEndOffset(1));
    expect([cursor.line, cursor.character]).toEqual([3, 3]);
  });
});
