import { describe, expect, it } from 'vitest';
import { histogram } from '../../../src/webview/model/histogram';

describe('loss histogram', () => {
  it('bins equal-width from min to max, last bin closed', () => {
    const h = histogram(Float64Array.of(0, 1, 2, 3), 2);
    expect([...h.edges]).toEqual([0, 1.5, 3]);
    expect([...h.counts]).toEqual([2, 2]);
    expect([...h.worstRow]).toEqual([1, 3]);
  });

  it('counts infinite and NaN losses apart instead of binning them', () => {
    const h = histogram(Float64Array.of(0.5, Infinity, NaN, 1.5), 2);
    expect(h.infiniteCount).toBe(1);
    expect(h.nanCount).toBe(1);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(2);
  });

  it('gives a single value a unit-wide bin around it', () => {
    const h = histogram(Float64Array.of(2, 2, 2), 1);
    expect([...h.edges]).toEqual([1.5, 2.5]);
    expect([...h.counts]).toEqual([3]);
  });

  it('returns one empty bin for no finite values', () => {
    const h = histogram(Float64Array.of(NaN), 4);
    expect([...h.counts]).toEqual([0]);
    expect(h.worstRow[0]).toBe(-1);
  });

  it('picks the bin count by Sturges within 10…60 when not given', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i);
    const h = histogram(values);
    expect(h.counts.length).toBe(Math.ceil(Math.log2(1000)) + 1);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(1000);
  });
});
