// Label columns keep each cell's own spelling even where repeated numeric labels share one string.
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/data';

describe('labels', () => {
  it('keeps every spelling of the same number as written (1, 1.0, 01, "1", -0, 0) and reports missing cells', () => {
    const cells = ['1', '1.0', '1', '01', '"1"', '1', '-0', '0', '-0', 'NA', '1e0', '1', '', ' 1'];
    const text = `label,p\n${cells.map((c) => `${c},0.5`).join('\n')}\n`;
    const column = readTable(text, { format: 'csv' }).labels('label');
    expect(column.values).toEqual(['1', '1.0', '1', '01', '1', '1', '-0', '0', '-0', '', '1e0', '1', '', ' 1']);
    expect(column.problems.map((p) => p.line)).toEqual([10, 13]);
    expect(column.allNumeric).toBe(true);
  });

  it('keeps JSON Lines numbers as written and strings as strings', () => {
    const column = readTable('{"y": 2}\n{"y": 2.0}\n{"y": "2"}\n{"y": 2}\n{"y": null}\n', { format: 'jsonl' }).labels('y');
    expect(column.values).toEqual(['2', '2.0', '2', '2', '']);
    expect(column.allNumeric).toBe(false);
  });

  it('says a column with any text label is not all numeric', () => {
    const column = readTable('label\n1\ncat\n1\n', { format: 'csv' }).labels('label');
    expect(column.values).toEqual(['1', 'cat', '1']);
    expect(column.allNumeric).toBe(false);
  });
});
