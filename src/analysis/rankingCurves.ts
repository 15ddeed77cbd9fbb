// A model's ROC and precision–recall curves with their areas, for the panel: one column against
// the positive class (its scores as given), class rows one-vs-rest on their probabilities (the
// softmax of logits), each class's curves from one sort (the core's rankingSummary).
import { probabilityMatrix, rankingSummary } from '../core';
import type { Matrix, RankingSummary, RowView } from '../core';

/** Rows × classes beyond which the editor leaves the curves out (a sort per class of every row). */
export const RANKING_CELL_LIMIT = 2_000_000;

export interface ClassRanking extends RankingSummary {
  /** The class (column) the curves are of: the positive class (1) for one column. */
  readonly k: number;
}

/** Curves per class (one for a one-column model), or null beyond RANKING_CELL_LIMIT. */
export function rankingCurves(kind: 'probabilities' | 'logits', values: Matrix | RowView, labels: Int32Array, normalize: boolean): ClassRanking[] | null {
  if (values.rows * Math.max(2, values.cols) > RANKING_CELL_LIMIT) return null;
  if (values.cols === 1) {
    const scores = new Float64Array(values.rows);
    const store = 'store' in values ? values.store : values.data;
    const stride = 'stride' in values ? values.stride : 1;
    const offset = 'offset' in values ? values.offset : 0;
    for (let i = 0; i < values.rows; i++) scores[i] = store[offset + i * stride]!;
    return [{ k: 1, ...rankingSummary(labels, scores) }];
  }
  const p = probabilityMatrix(kind, values, normalize);
  const positive = new Uint8Array(p.rows);
  const scores = new Float64Array(p.rows);
  const out: ClassRanking[] = [];
  for (let k = 0; k < p.cols; k++) {
    for (let i = 0; i < p.rows; i++) {
      positive[i] = labels[i] === k ? 1 : 0;
      scores[i] = p.data[i * p.cols + k]!;
    }
    out.push({ k, ...rankingSummary(positive, scores) });
  }
  return out;
}
