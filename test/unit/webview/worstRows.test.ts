// The worst-rows table model: worst first, equal losses sharing a rank and counted over the whole
// model (also beyond the rows shown), the id column's text per row, sortable by any column.
import { describe, expect, it } from 'vitest';
import type { PanelSnapshot } from '../../../src/protocol/panel';
import { sortWorstRows, worstRows } from '../../../src/webview/model/worstRows';
import { modelFromProbabilities, threeClassSnapshot } from './snapshots';

/** A three-class snapshot whose first model has the given true-class probabilities on every row. */
function snapshotWith(pTrue: number[], ids: string[] | null = null): PanelSnapshot {
  const base = threeClassSnapshot();
  const n = pTrue.length;
  const labels = pTrue.map(() => 0);
  const model = modelFromProbabilities('m', pTrue, labels, labels, 0);
  return {
    ...base,
    rowCount: n,
    rowLine: Uint32Array.from(pTrue, (_, i) => i + 2),
    rowStatus: new Uint8Array(n),
    labelIndex: Int32Array.from(labels),
    rowIds: ids ? { column: 'transaction_id', ids } : null,
    models: [model],
  };
}

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
    expect(worst.timesMean).toBeCloseTo((3 * Math.log(10)) / (2 * Math.log(2.5) + Math.log(10)), 14);
  });

  it('sorts by any column, keeps ranks, and is stable for ties', () => {
    const snapshot = threeClassSnapshot();
    const rows = worstRows(snapshot, snapshot.models[0]!, 50, 'row', false);
    expect(rows.map((r) => r.row)).toEqual([0, 1, 2]);
    // Rows 0 and 1 both give the true class 0.4: one shared rank, not 2 and 3 by row order.
    expect(rows.map((r) => r.rank)).toEqual([2, 2, 1]);
    expect(sortWorstRows(rows, 'p', true).map((r) => r.row)).toEqual([0, 1, 2]);
    expect(sortWorstRows(rows, 'label', false).map((r) => r.label)).toEqual(['0', '1', '2']);
  });

  it('limits the table to the requested number of rows', () => {
    const snapshot = threeClassSnapshot();
    expect(worstRows(snapshot, snapshot.models[1]!, 2, 'loss', true).map((r) => r.row)).toEqual([2, 0]);
  });
});

describe('worst rows: ties and ids', () => {
  it('gives tied rows one rank and the number of rows sharing it, in row order', () => {
    const snapshot = snapshotWith([0.5, 0.1, 0.5, 0.9, 0.5]);
    const rows = worstRows(snapshot, snapshot.models[0]!, 50, 'loss', true);
    expect(rows.map((r) => [r.row, r.rank, r.tied])).toEqual([
      [1, 1, 1],
      [0, 2, 3],
      [2, 2, 3],
      [4, 2, 3],
      [3, 5, 1],
    ]);
  });
  it('counts the rows sharing the last shown loss beyond the limit', () => {
    const pTrue = Array.from({ length: 1000 }, (_, i) => (i < 3 ? 0.1 : 1));
    const snapshot = snapshotWith(pTrue);
    const rows = worstRows(snapshot, snapshot.models[0]!, 50, 'loss', true);
    expect(rows).toHaveLength(50);
    expect(rows.slice(0, 3).map((r) => [r.rank, r.tied])).toEqual([
      [1, 3],
      [1, 3],
      [1, 3],
    ]);
    expect(rows.slice(3).every((r) => r.rank === 4 && r.tied === 997)).toBe(true);
  });
  it('keeps ranks and tie counts when sorted by another column', () => {
    const snapshot = snapshotWith([0.5, 0.1, 0.5]);
    const rows = worstRows(snapshot, snapshot.models[0]!, 50, 'row', false);
    expect(rows.map((r) => [r.row, r.rank, r.tied])).toEqual([
      [0, 2, 2],
      [1, 1, 1],
      [2, 2, 2],
    ]);
  });
  it("carries each row's id when the file has an id column, and sorts by it", () => {
    const snapshot = snapshotWith([0.5, 0.1, 0.9], ['tx_c', 'tx_a', 'tx_b']);
    const rows = worstRows(snapshot, snapshot.models[0]!, 50, 'loss', true);
    expect(rows.map((r) => r.id)).toEqual(['tx_a', 'tx_c', 'tx_b']);
    expect(sortWorstRows(rows, 'id', false).map((r) => r.id)).toEqual(['tx_a', 'tx_b', 'tx_c']);
    expect(worstRows(snapshotWith([0.5]), snapshot.models[0]!, 50, 'loss', true)[0]?.id).toBeNull();
  });
});
