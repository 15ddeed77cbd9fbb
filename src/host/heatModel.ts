// Which rows get which loss-heat level. Pure (no vscode): the decorator only maps levels to styles.
import type { AnalysisResult } from '../protocol/analysis';

export type HeatMode = 'off' | 'worstN' | 'gradient';
export type HeatLevel = 'worst' | 'high' | 'medium' | 'low';

/** Gradient bands by rank: the worst 10 % high, the next 20 % medium, every other scored row low. */
const HIGH_SHARE = 0.1;
const MEDIUM_SHARE = 0.3;

/**
 * Rows per heat level. `worstN` marks the N worst scored rows as `worst`; `gradient` shades every
 * scored row by its rank band; `off` (or no per-row loss) marks nothing. O(n).
 * Example: 10 rows, gradient → 1 high, 2 medium, 7 low.
 */
export function heatRows(result: AnalysisResult, mode: HeatMode, worstN: number): Map<HeatLevel, number[]> {
  const levels = new Map<HeatLevel, number[]>();
  const rowLoss = result.rowLoss;
  if (mode === 'off' || !rowLoss || result.rows.firstLine.length === 0) return levels;
  const order = rowLoss.worstFirst;
  if (mode === 'worstN') {
    levels.set('worst', Array.from(order.subarray(0, Math.max(0, Math.min(worstN, order.length)))));
    return levels;
  }
  const n = order.length;
  const high: number[] = [];
  const medium: number[] = [];
  const low: number[] = [];
  for (let k = 0; k < n; k++) {
    const row = order[k] as number;
    const share = (k + 1) / n;
    if (share <= HIGH_SHARE || k === 0) high.push(row);
    else if (share <= MEDIUM_SHARE) medium.push(row);
    else low.push(row);
  }
  levels.set('high', high).set('medium', medium).set('low', low);
  return levels;
}
