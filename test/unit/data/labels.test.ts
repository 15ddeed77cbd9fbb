// Label columns keep each cell's own spelling even where repeated numeric labels share one string,
// and labelCodes() is exactly labels() interned (distinct texts in first-seen order, codes, counts).
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/data';
import type { Table } from '../../../src/data';
import { seededRandom } from '../seededData';

/** labels(name).values interned by text, the reference labelCodes() must equal. */
function interned(table: Table, name: string): { distinct: string[]; codes: number[]; counts: number[] } {
  const distinct: string[] = [];
  const counts: number[] = [];
  const codes = table.labels(name).values.map((text) => {
    let id = distinct.indexOf(text);
    if (id < 0) {
      id = distinct.push(text) - 1;
      counts.push(0);
    }
    counts[id]!++;
    return id;
  });
  return { distinct, codes, counts };
}

function expectCodesMatchLabels(table: Table, name: string): void {
  const codes = table.labelCodes(name);
  const labels = table.labels(name);
  expect({ distinct: codes.distinct, codes: [...codes.codes], counts: codes.counts }).toEqual(interned(table, name));
  expect(codes.allNumeric).toBe(labels.allNumeric);
  expect(codes.problems).toEqual(labels.problems);
  expect(codes.problemCount).toBe(labels.problemCount);
}

describe('labels', () => {
  it('keeps every spelling of the same number as written (1, 1.0, 01, "1", -0, 0) and reports missing cells', () => {
    const cells = ['1', '1.0', '1', '01', '"1"', '1', '-0', '0', '-0', 'NA', '1e0', '1', '', ' 1'];
    const text = `label,p\n${cells.map((c) => `${c},0.5`).join('\n')}\n`;
    const table = readTable(text, { format: 'csv' });
    const column = table.labels('label');
    expect(column.values).toEqual(['1', '1.0', '1', '01', '1', '1', '-0', '0', '-0', '', '1e0', '1', '', ' 1']);
    expect(column.problems.map((p) => p.line)).toEqual([10, 13]);
    expect(column.allNumeric).toBe(true);
    expectCodesMatchLabels(table, 'label');
    expect(table.labelCodes('label').distinct).toEqual(['1', '1.0', '01', '-0', '0', '', '1e0', ' 1']);
  });

  it('keeps JSON Lines numbers as written and strings as strings', () => {
    const table = readTable('{"y": 2}\n{"y": 2.0}\n{"y": "2"}\n{"y": 2}\n{"y": null}\n', { format: 'jsonl' });
    const column = table.labels('y');
    expect(column.values).toEqual(['2', '2.0', '2', '2', '']);
    expect(column.allNumeric).toBe(false);
    expectCodesMatchLabels(table, 'y');
  });

  it('says a column with any text label is not all numeric', () => {
    const table = readTable('label\n1\ncat\n1\n', { format: 'csv' });
    expect(table.labels('label').values).toEqual(['1', 'cat', '1']);
    expect(table.labels('label').allNumeric).toBe(false);
    expectCodesMatchLabels(table, 'label');
  });

  it('gives labelCodes equal to the interned labels on many rows, and all missing for an unknown column', () => {
    const random = seededRandom(3);
    const spellings = ['0', '1', '2', '2.0', '"2"', 'NA', '', 'cat', '10', '-0'];
    const rows = Array.from({ length: 5000 }, () => `${spellings[Math.floor(random() * spellings.length)]},1`);
    const table = readTable(`label,x\n${rows.join('\n')}\n`, { format: 'csv' });
    expectCodesMatchLabels(table, 'label');
    const numeric = readTable(`label,x\n${rows.filter((r) => /^-?\d/.test(r)).join('\n')}\n`, { format: 'csv' });
    expectCodesMatchLabels(numeric, 'label');
    expect(numeric.labelCodes('label').allNumeric).toBe(true);
    const missing = table.labelCodes('nope');
    expect(missing.distinct).toEqual(['']);
    expect(missing.counts).toEqual([5000]);
    expect(missing.problems.map((p) => p.code)).toEqual(table.labels('nope').problems.map((p) => p.code));
  });
});
