// Ranks of per-row losses: worst first, ties in row order, unscored (NaN) rows left out.
import type { RowLoss } from '../protocol/analysis';

/**
 * Builds the RowLoss a result carries: `worstFirst` lists scored rows by descending loss (+∞ first,
 * ties keep row order: a stable sort), `rank[i]` is row i's position in it (unscored rows get
 * `lossNats.length`), mean and sum over scored rows with Neumaier-compensated summation so long
 * columns of small losses do not drift. O(n log n).
 * Example: losses [0.2, NaN, 0.9, 0.2] → worstFirst [2, 0, 3], rank [1, 4, 0, 2], mean 0.4333….
 */
export function rankLosses(label: string, lossNats: Float64Array): RowLoss {
  const n = lossNats.length;
  const scored: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(lossNats[i] as number)) scored.push(i);
  const order = Uint32Array.from(scored);
  // Typed-array sort is not guaranteed stable everywhere; break ties on the row index explicitly.
  order.sort((a, b) => {
    const la = lossNats[a] as number;
    const lb = lossNats[b] as number;
    return la === lb ? a - b : la > lb ? -1 : 1;
  });
  const rank = new Uint32Array(n).fill(n);
  for (let k = 0; k < order.length; k++) rank[order[k] as number] = k;
  let sum = 0;
  let compensation = 0;
  let infinite = false;
  for (const i of scored) {
    const x = lossNats[i] as number;
    if (x === Infinity) {
      infinite = true;
      continue;
    }
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  const total = infinite ? Infinity : sum + compensation;
  return { label, lossNats, rank, worstFirst: order, meanNats: scored.length > 0 ? total / scored.length : Number.NaN, sumNats: total, n: scored.length };
}
