import { describe, expect, it } from 'vitest';
import { aggregateBuckets, bucketAt } from '../../../src/webview/model/buckets';
import { sortIndicesDescending } from '../../../src/webview/model/order';

describe('pixel-bucket aggregation', () => {
  it('keeps min, max and the row of the max in each bucket', () => {
    const b = aggregateBuckets(Float64Array.of(1, 4, 2, 8), 2);
    expect(b.count).toBe(2);
    expect([...b.min]).toEqual([1, 2]);
    expect([...b.max]).toEqual([4, 8]);
    expect([...b.maxRow]).toEqual([1, 3]);
    expect([...b.minRow]).toEqual([0, 2]);
    expect([...b.start]).toEqual([0, 2, 4]);
  });

  it('uses one bucket per row when there are fewer rows than pixels', () => {
    const b = aggregateBuckets(Float64Array.of(0.5, 0.25, 3), 800);
    expect(b.count).toBe(3);
    expect([...b.max]).toEqual([0.5, 0.25, 3]);
  });

  it('never loses a spike: the largest value of every bucket survives', () => {
    const n = 100_003;
    const values = new Float64Array(n).fill(0.1);
    values[77_777] = 42;
    const b = aggregateBuckets(values, 640);
    expect(Math.max(...b.max)).toBe(42);
    expect(b.maxRow[b.max.indexOf(42)]).toBe(77_777);
    // Buckets partition the rows exactly.
    expect(b.start[0]).toBe(0);
    expect(b.start[b.count]).toBe(n);
  });

  it('skips NaN and treats +∞ as a maximum', () => {
    const b = aggregateBuckets(Float64Array.of(NaN, Infinity, NaN, NaN), 2);
    expect(b.max[0]).toBe(Infinity);
    expect(b.maxRow[0]).toBe(1);
    expect(b.maxRow[1]).toBe(-1);
    expect(b.max[1]).toBeNaN();
  });

  it('reads values through an order (sorted display)', () => {
    const values = Float64Array.of(0.2, 3, 1, 0.5);
    const order = sortIndicesDescending(values);
    const b = aggregateBuckets(values, 2, order);
    expect([...b.max]).toEqual([3, 0.5]);
    expect([...b.maxRow]).toEqual([1, 3]);
  });

  it('handles empty input', () => {
    const b = aggregateBuckets(new Float64Array(0), 100);
    expect(b.count).toBe(0);
    expect([...b.start]).toEqual([0]);
  });

  it('maps a pixel to its bucket and rejects pixels outside the plot', () => {
    expect(bucketAt(35, 0, 100, 10)).toBe(3);
    expect(bucketAt(99.9, 0, 100, 10)).toBe(9);
    expect(bucketAt(-1, 0, 100, 10)).toBe(-1);
    expect(bucketAt(100, 0, 100, 10)).toBe(-1);
    expect(bucketAt(5, 0, 100, 0)).toBe(-1);
  });

  it('sorts and aggregates a million rows in well under a second', () => {
    const n = 1_000_000;
    const values = new Float64Array(n);
    let seed = 12345;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      values[i] = -Math.log((seed + 1) / 2147483649);
    }
    const order = sortIndicesDescending(values);
    const sorted = aggregateBuckets(values, 1200, order);
    const inRowOrder = aggregateBuckets(values, 1200);
    expect(sorted.count).toBe(1200);
    expect(inRowOrder.count).toBe(1200);
    // Sorted buckets descend: each bucket's min is at least the next bucket's max (to float32 keys).
    for (let b = 0; b + 1 < sorted.count; b++) expect(sorted.min[b]! >= sorted.max[b + 1]! * (1 - 1e-6)).toBe(true);
  });
});
