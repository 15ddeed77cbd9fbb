// Worst-first ordering and ranks of per-row losses: the radix sort agrees with a stable comparator
// sort on every kind of double (negatives, ±0, ∞, ties), NaN rows are left out, tied rows share a
// competition rank, and a row's tie group and position are found by binary search.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankLosses, worstFirstOrder } from '../../../src/analysis/ranking';
import { rowRank } from '../../../src/host/rowLookup';

function reference(losses: number[]): number[] {
  return losses
    .map((x, i) => [x, i] as const)
    .filter(([x]) => !Number.isNaN(x))
    .sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] > b[0] ? -1 : 1))
    .map(([, i]) => i);
}

describe('worstFirstOrder', () => {
  it('orders by descending loss, ties in row order, without NaN rows', () => {
    expect(Array.from(worstFirstOrder(Float64Array.from([0.2, NaN, 0.9, 0.2])))).toEqual([2, 0, 3]);
  });
  it('puts +∞ first and −∞ last, and treats −0 as 0', () => {
    expect(Array.from(worstFirstOrder(Float64Array.from([-0, 1, Infinity, -Infinity, 0, -1])))).toEqual([2, 1, 0, 4, 5, 3]);
  });
  it('agrees with a stable comparator sort on random doubles with ties', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, 0.5, Infinity, NaN)), { maxLength: 300 }), (losses) => {
        expect(Array.from(worstFirstOrder(Float64Array.from(losses)))).toEqual(reference(losses));
      }),
    );
  });
  it('handles an empty column', () => {
    expect(worstFirstOrder(new Float64Array(0)).length).toBe(0);
  });
});

describe('rankLosses', () => {
  it('gives tied rows one competition rank, and mean and sum over scored rows', () => {
    const loss = rankLosses('x', Float64Array.from([0.2, NaN, 0.9, 0.2]));
    expect(Array.from(loss.rank)).toEqual([1, 4, 0, 1]);
    expect(Array.from(loss.worstFirst)).toEqual([2, 0, 3]);
    expect(loss.n).toBe(3);
    expect(loss.sumNats).toBeCloseTo(1.3, 15);
    expect(loss.meanNats).toBeCloseTo(1.3 / 3, 15);
  });
  it('ranks a row by the number of rows strictly worse, counting +∞, −0 and 0 as values', () => {
    const loss = rankLosses('x', Float64Array.from([0, Infinity, -0, 1, Infinity, 0, 1]));
    expect(Array.from(loss.rank)).toEqual([4, 0, 4, 2, 0, 4, 2]);
  });
  it('agrees with counting the strictly worse rows on random losses with many ties', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(0, -0, 0.1, 0.5, 2, Infinity, NaN), fc.double({ min: 0, max: 40, noNaN: true })), { maxLength: 300 }), (losses) => {
        const ranked = rankLosses('x', Float64Array.from(losses));
        losses.forEach((x, i) => {
          if (Number.isNaN(x)) {
            expect(ranked.rank[i]).toBe(losses.length);
            return;
          }
          expect(ranked.rank[i]).toBe(losses.filter((y) => y > x).length);
        });
      }),
    );
  });
  it('reports an infinite sum when one row is infinite', () => {
    expect(rankLosses('x', Float64Array.from([1, Infinity])).sumNats).toBe(Infinity);
  });
});

describe('rowRank', () => {
  it("finds a row's tie group, its own position in worst-first order and whether it is the lowest", () => {
    const loss = rankLosses('x', Float64Array.from([0.2, NaN, 0.9, 0.2]));
    expect(rowRank(loss, 2)).toEqual({ rank: 0, tied: 1, position: 0, lowest: false });
    expect(rowRank(loss, 0)).toEqual({ rank: 1, tied: 2, position: 1, lowest: true });
    expect(rowRank(loss, 3)).toEqual({ rank: 1, tied: 2, position: 2, lowest: true });
    expect(rowRank(loss, 1)).toBeNull();
    expect(rowRank(loss, 7)).toBeNull();
  });
  it("agrees with counting equal losses and with the row's index in worstFirst", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(0, 0.5, 2, Infinity, NaN), fc.double({ min: 0, max: 3, noNaN: true })), { maxLength: 200 }), (losses) => {
        const ranked = rankLosses('x', Float64Array.from(losses));
        const scored = losses.filter((x) => !Number.isNaN(x));
        const smallest = Math.min(...scored);
        losses.forEach((x, i) => {
          const place = rowRank(ranked, i);
          if (Number.isNaN(x)) return expect(place).toBeNull();
          expect(place).toEqual({
            rank: scored.filter((y) => y > x).length,
            tied: scored.filter((y) => y === x).length,
            position: Array.from(ranked.worstFirst).indexOf(i),
            lowest: x === smallest,
          });
        });
      }),
    );
  });
  it('stays a binary search when a million rows share one loss', () => {
    const losses = new Float64Array(1_000_000);
    losses[10] = 1;
    const ranked = rankLosses('x', losses);
    expect(rowRank(ranked, 999_999)).toEqual({ rank: 1, tied: 999_999, position: 999_999, lowest: true });
    expect(rowRank(ranked, 10)).toEqual({ rank: 0, tied: 1, position: 0, lowest: false });
  });
});
