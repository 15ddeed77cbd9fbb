// The "worst rows" table model: the top rows by loss of one model, sortable by any column.
import type { PanelModel, PanelSnapshot } from '../../protocol/panel';
import { topIndices } from './order';

export type WorstSortKey = 'loss' | 'row' | 'p' | 'label';

export interface WorstRow {
  /** Analysed row index (what revealRow takes). */
  readonly row: number;
  /** 1-based rank by loss (1 = worst). */
  readonly rank: number;
  readonly line: number | null;
  readonly label: string;
  readonly predicted: string;
  readonly trueClassProbability: number;
  readonly lossNats: number;
  /** Share of the model's total loss, and loss ÷ mean loss. */
  readonly share: number;
  readonly timesMean: number;
}

/**
 * The `limit` worst rows of `model` (largest loss first), then ordered by `key`.
 * Example: losses [0.1, 2, 0.5] → worst rows 1, 2, 0 with ranks 1, 2, 3.
 */
export function worstRows(snapshot: PanelSnapshot, model: PanelModel, limit: number, key: WorstSortKey, descending: boolean): WorstRow[] {
  const top = topIndices(model.rowLossNats, limit);
  const rows = top.map((row, i): WorstRow => {
    const loss = model.rowLossNats[row]!;
    const labelIndex = snapshot.labelIndex[row] ?? -1;
    const predictedIndex = model.predictedClass[row] ?? -1;
    return {
      row,
      rank: i + 1,
      line: snapshot.rowLine.length > row ? snapshot.rowLine[row]! : null,
      label: labelIndex >= 0 ? (snapshot.classes[labelIndex] ?? '') : '(soft)',
      predicted: predictedIndex >= 0 ? (snapshot.classes[predictedIndex] ?? '') : model.verdict[row] === 1 ? '(other)' : '',
      trueClassProbability: model.trueClassProbability[row] ?? NaN,
      lossNats: loss,
      share: model.sumLossNats > 0 ? loss / model.sumLossNats : NaN,
      timesMean: model.meanLossNats > 0 ? loss / model.meanLossNats : NaN,
    };
  });
  return sortWorstRows(rows, key, descending);
}

/** Stable sort of table rows by `key`; NaN sorts last either way. */
export function sortWorstRows(rows: readonly WorstRow[], key: WorstSortKey, descending: boolean): WorstRow[] {
  const sign = descending ? -1 : 1;
  const value = (r: WorstRow): number | string =>
    key === 'loss' ? r.lossNats : key === 'row' ? r.row : key === 'p' ? r.trueClassProbability : r.label;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const va = value(a.r);
      const vb = value(b.r);
      if (typeof va === 'number' && typeof vb === 'number') {
        if (Number.isNaN(va) || Number.isNaN(vb)) return Number.isNaN(va) === Number.isNaN(vb) ? a.i - b.i : Number.isNaN(va) ? 1 : -1;
        return sign * (va - vb) || a.i - b.i;
      }
      return sign * String(va).localeCompare(String(vb)) || a.i - b.i;
    })
    .map((x) => x.r);
}
