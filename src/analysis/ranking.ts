// Ranks of per-row losses: worst first, rows with equal losses sharing a rank (competition ranking),
// unscored (NaN) rows left out. A stable LSD radix sort on the doubles' bit patterns keeps this O(n)
// for millions of rows (a comparator sort of 2,000,000 rows takes seconds).
import type { RowLoss } from '../protocol/analysis';

const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
/** Index of the high 32-bit word of a double in WORDS (platform endianness). */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Row indices of the scored (non-NaN) entries ordered by descending loss, ties by ascending row.
 * Each double becomes a 64-bit key whose unsigned order is the descending numeric order (flip all
 * bits of negatives, the sign bit of the rest, then invert; −0 counts as +0), sorted by four
 * stable 16-bit counting passes; passes where every key shares the digit are skipped. O(n).
 */
export function worstFirstOrder(lossNats: Float64Array): Uint32Array {
  const n = lossNats.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(lossNats[i] as number)) m++;
  // Keys travel with their row indices so every pass reads sequentially (no random access).
  let order = new Uint32Array(m);
  let hi = new Uint32Array(m);
  let lo = new Uint32Array(m);
  for (let i = 0, k = 0; i < n; i++) {
    const x = lossNats[i] as number;
    if (Number.isNaN(x)) continue;
    BITS[0] = x === 0 ? 0 : x;
    let h = WORDS[HIGH] as number;
    let l = WORDS[1 - HIGH] as number;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    order[k] = i;
    hi[k] = ~h >>> 0;
    lo[k] = ~l >>> 0;
    k++;
  }
  let nextOrder = new Uint32Array(m);
  let nextHi = new Uint32Array(m);
  let nextLo = new Uint32Array(m);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let k = 0; k < m; k++) counts[((words[k] as number) >>> shift) & 0xffff]!++;
    if (m === 0 || counts[((words[0] as number) >>> shift) & 0xffff] === m) continue;
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d] as number;
      counts[d] = total;
      total += c;
    }
    const source = pass < 2 ? lo : hi;
    for (let k = 0; k < m; k++) {
      const at = counts[((source[k] as number) >>> shift) & 0xffff]!++;
      nextOrder[at] = order[k] as number;
      nextHi[at] = hi[k] as number;
      nextLo[at] = lo[k] as number;
    }
    [order, nextOrder] = [nextOrder, order];
    [hi, nextHi] = [nextHi, hi];
    [lo, nextLo] = [nextLo, lo];
  }
  return order;
}

/**
 * Builds the RowLoss a result carries: `worstFirst` lists scored rows by descending loss (+∞ first;
 * rows with equal losses stay in row order, so the order is deterministic), `rank[i]` is row i's
 * competition rank: the number of scored rows with a strictly larger loss, so tied rows share it
 * (unscored rows get `lossNats.length`); mean and sum over scored rows with Neumaier-compensated
 * summation so long columns of small losses do not drift. O(n).
 * Example: losses [0.2, NaN, 0.9, 0.2] → worstFirst [2, 0, 3], rank [1, 4, 0, 1], mean 0.4333….
 */
export function rankLosses(label: string, lossNats: Float64Array): RowLoss {
  const n = lossNats.length;
  const order = worstFirstOrder(lossNats);
  const rank = new Uint32Array(n).fill(n);
  let groupRank = 0;
  let previous = Number.NaN;
  let sum = 0;
  let compensation = 0;
  let infinite = false;
  for (let k = 0; k < order.length; k++) {
    const row = order[k] as number;
    const x = lossNats[row] as number;
    // A new group starts where the loss changes (−0 === 0 and ∞ === ∞, as the sort keys have it).
    if (x !== previous) groupRank = k;
    rank[row] = groupRank;
    previous = x;
    if (x === Infinity) {
      infinite = true;
      continue;
    }
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  const total = infinite ? Infinity : sum + compensation;
  return { label, lossNats, rank, worstFirst: order, meanNats: order.length > 0 ? total / order.length : Number.NaN, sumNats: total, n: order.length };
}
