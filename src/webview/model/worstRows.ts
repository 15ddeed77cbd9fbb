// The "worst rows" table model: the top rows by loss of one model, with shared ranks for tied
// losses and the row's id when the file has an id column, sortable by any column.
import type { PanelModel, PanelSnapshot } from '../../protocol/panel';
import { topIndices } from './order';

export type WorstSortKey = 'loss' | 'row' | 'p' | 'label' | 'id';

export interface WorstRow {
  /** Analysed row index (what revealRow takes). */
  readonly row: number;
  /** 1-based competition rank by loss (1 = worst): 1 + the rows with a larger loss, shared by ties. */
  readonly rank: number;
  /** Rows of the whole model with this loss (1 = no tie), shown or not. */
  readonly tied: number;
  /** The row's text in the file's id column (`PanelSnapshot.rowIds`), or null without one. */
  readonly id: string | null;
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
 * The `limit` worst rows of `model` (largest loss first, equal losses in row order), then ordered
 * by `key`. Rows with equal losses share a rank and say how many rows of the model share it: all
 * rows with a larger loss are among the shown ones, so only the last shown loss may be shared by
 * rows beyond the limit, which one O(n) pass counts.
 * Example: losses [0.1, 2, 0.5] → worst rows 1, 2, 0 with ranks 1, 2, 3; [1, 3, 1] → ranks 1, 2, 2.
 */
export function worstRows(snapshot: PanelSnapshot, model: PanelModel, limit: number, key: WorstSortKey, descending: boolean): WorstRow[] {
  const losses = model.rowLossNats;
  const top = topIndices(losses, limit);
  const tiedBeyond = lastTieCount(losses, top);
  const ids = snapshot.rowIds?.ids;
  const rows: WorstRow[] = [];
  let groupStart = 0;
  let groupEnd = 0;
  for (let i = 0; i < top.length; i++) {
    const row = top[i]!;
    const loss = losses[row]!;
    if (i === groupEnd) {
      groupStart = i;
      groupEnd = i + 1;
      while (groupEnd < top.length && losses[top[groupEnd]!] === loss) groupEnd++;
    }
    const labelIndex = snapshot.labelIndex[row] ?? -1;
    const predictedIndex = model.predictedClass[row] ?? -1;
    rows.push({
      row,
      rank: groupStart + 1,
      tied: groupEnd === top.length ? tiedBeyond : groupEnd - groupStart,
      id: ids ? (ids[row] ?? '') : null,
      line: snapshot.rowLine.length > row ? snapshot.rowLine[row]! : null,
      label: labelIndex >= 0 ? (snapshot.classes[labelIndex] ?? '') : '(soft)',
      predicted: predictedIndex >= 0 ? (snapshot.classes[predictedIndex] ?? '') : model.verdict[row] === 1 ? '(other)' : '',
      trueClassProbability: model.trueClassProbability[row] ?? NaN,
      lossNats: loss,
      share: model.sumLossNats > 0 ? loss / model.sumLossNats : NaN,
      timesMean: model.meanLossNats > 0 ? loss / model.meanLossNats : NaN,
    });
  }
  return sortWorstRows(rows, key, descending);
}

/** How many rows of the whole column share the last (smallest) loss of `top`. O(n). */
function lastTieCount(losses: Float64Array, top: readonly number[]): number {
  if (top.length === 0) return 0;
  const last = losses[top[top.length - 1]!]!;
  let count = 0;
  for (let i = 0; i < losses.length; i++) if (losses[i] === last) count++;
  return count;
}

/** Stable sort of table rows by `key`; NaN sorts last either way. */
export function sortWorstRows(rows: readonly WorstRow[], key: WorstSortKey, descending: boolean): WorstRow[] {
  const sign = descending ? -1 : 1;
  const value = (r: WorstRow): number | string => (key === 'loss' ? r.lossNats : key === 'row' ? r.row : key === 'p' ? r.trueClassProbability : key === 'id' ? (r.id ?? '') : r.label);
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
