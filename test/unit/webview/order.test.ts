import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortIndicesDescending, topIndices } from '../../../src/webview/model/order';

describe('row orderings', () => {
  it('sorts row indices by value, largest first, NaN last', () => {
    expect([...sortIndicesDescending(Float64Array.of(0.2, 3, NaN, 1))]).toEqual([1, 3, 0, 2]);
  });

  it('keeps row order among equal values and handles infinities and negatives', () => {
    expect([...sortIndicesDescending(Float64Array.of(1, Infinity, 1, -2, 0))]).toEqual([1, 0, 2, 4, 3]);
  });

  it('agrees with a comparator sort for values distinct in float32', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, min: 0, max: 1e6 }), { maxLength: 200 }), (floats) => {
        const values = Float64Array.from(floats);
        const radix = [...sortIndicesDescending(values)];
        const reference = values.length ? [...values.keys()].sort((a, b) => values[b]! - values[a]! || a - b) : [];
        expect(radix).toEqual(reference);
      }),
    );
  });

  it('selects the top rows with ties by row order, skipping NaN', () => {
    expect(topIndices(Float64Array.of(1, 5, 3), 2)).toEqual([1, 2]);
    expect(topIndices(Float64Array.of(2, NaN, 2, 1), 5)).toEqual([0, 2, 3]);
    expect(topIndices(Float64Array.of(1, 2), 0)).toEqual([]);
  });

  it('matches a full sort for the top 50 of random data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: 0, max: 100 }), { maxLength: 300 }), (doubles) => {
        const values = Float64Array.from(doubles);
        const reference = [...values.keys()].sort((a, b) => values[b]! - values[a]! || a - b).slice(0, 50);
        expect(topIndices(values, 50)).toEqual(reference);
      }),
    );
  });
});
