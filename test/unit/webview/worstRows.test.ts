import { describe, expect, it } from 'vitest';
import { sortWorstRows, worstRows } from '../../../src/webview/model/worstRows';
import { threeClassSnapshot } from './snapshots';

describe('worst rows table', () => {
  it('ranks rows by loss, worst first, with label, prediction, share and × mean', () => {
    const snapshot = threeClassSnapshot();
    const rows = worstRows(snapshot, snapshot.models[0]!, 50, 'loss', true);
    expect(rows.map((r) => r.row)).toEqual([2, 0, 1]);
    const worst = rows[0]!;
    expect(worst.rank).toBe(1);
    expect(worst.line).toBe(4);
    expect(worst.label).toBe('0');
    expect(worst.predicted).toBe('2');
    expect(worst.trueClassProbability).toBe(0.1);
    expect(worst.share).toBeCloseTo(Math.log(10) / (2 * Math.log(2.5) + Math.log(10)), 14);
    expect(worst.timesMean).toBeCloseTo(3 * Math.log(10) / (2 * Math.log(2.5) + Math.log(10)), 14);
  });

  it('sorts by any column, keeps ranks, and is stable for ties', () => {
    const snapshot = threeClassSnapshot();
    const rows = worstRows(snapshot, snapshot.models[0]!, 50, 'row', false);
    expect(rows.map((r) => r.row)).toEqual([0, 1, 2]);
    expect(rows.map((r) => r.rank)).toEqual([2, 3, 1]);
    expect(sortWorstRows(rows, 'p', true).map((r) => r.row)).toEqual([0, 1, 2]);
    expect(sortWorstRows(rows, 'label', false).map((r) => r.label)).toEqual(['0', '1', '2']);
  });

  it('limits the table to the requested number of rows', () => {
    const snapshot = threeClassSnapshot();
    expect(worstRows(snapshot, snapshot.models[1]!, 2, 'loss', true).map((r) => r.row)).toEqual([2, 0]);
  });
});
