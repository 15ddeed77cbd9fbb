// Worst-first ordering of per-row losses: the radix sort agrees with a stable comparator sort on
// every kind of double (negatives, ±0, ∞, ties), NaN rows are left out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankLosses, worstFirstOrder } from '../../../src/analysis/ranking';

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
  it('gives ranks, mean and sum over scored rows', () => {
    const loss = rankLosses('x', Float64Array.from([0.2, NaN, 0.9, 0.2]));
    expect(Array.from(loss.rank)).toEqual([1, 4, 0, 2]);
    expect(loss.n).toBe(3);
    expect(loss.sumNats).toBeCloseTo(1.3, 15);
    expect(loss.meanNats).toBeCloseTo(1.3 / 3, 15);
  });
  it('reports an infinite sum when one row is infinite', () => {
    expect(rankLosses('x', Float64Array.from([1, Infinity])).sumNats).toBe(Infinity);
  });
});
