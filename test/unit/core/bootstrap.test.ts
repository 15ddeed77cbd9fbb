// Percentile bootstrap intervals: deterministic for a seed, covering the true mean about as often
// as their level says on simulated data, and paired: a model better on every row is better in
// every resample.
import { describe, expect, it } from 'vitest';
import { bootstrapIntervals, percentile, seededUint32 } from '../../../src/core';
import { seededRandom } from './seededRandom';

const rows = (n: number, draw: () => number): Float64Array => Float64Array.from({ length: n }, draw);

describe('bootstrapIntervals', () => {
  const random = seededRandom(4);
  const loss = rows(300, () => -Math.log(random()));
  const model = { loss, brier: rows(300, () => random()), wrong: rows(300, () => (random() < 0.2 ? 1 : 0)) };

  it('is deterministic for a seed, and another seed gives other resamples', () => {
    const a = bootstrapIntervals([model], { level: 0.95, resamples: 200, seed: 7 });
    const b = bootstrapIntervals([model], { level: 0.95, resamples: 200, seed: 7 });
    const c = bootstrapIntervals([model], { level: 0.95, resamples: 200, seed: 8 });
    expect(a).toEqual(b);
    expect(a.models[0]!.mean).not.toEqual(c.models[0]!.mean);
    const mean = loss.reduce((x, y) => x + y, 0) / loss.length;
    expect(a.models[0]!.mean[0]).toBeLessThan(mean);
    expect(a.models[0]!.mean[1]).toBeGreaterThan(mean);
  });

  it('covers the true mean about as often as its level on simulated data (exponential losses, mean 1)', () => {
    const simulate = seededRandom(11);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const sample = rows(200, () => -Math.log(simulate()));
      const ci = bootstrapIntervals([{ loss: sample, brier: sample, wrong: sample }], { level: 0.9, resamples: 300, seed: t }).models[0]!.mean;
      if (ci[0] <= 1 && 1 <= ci[1]) covered++;
    }
    // 90 % nominal; the percentile bootstrap undercovers a little on a skewed distribution.
    expect(covered / trials).toBeGreaterThan(0.82);
    expect(covered / trials).toBeLessThan(0.97);
  });

  it('pairs the rows: a model better by 0.1 on every row differs by exactly −0.1 in every resample', () => {
    const better = { ...model, loss: Float64Array.from(loss, (v) => v - 0.1) };
    const result = bootstrapIntervals([model, better], { level: 0.95, resamples: 100, seed: 1 });
    const comparison = result.comparisons[0]!;
    expect([comparison.a, comparison.b]).toEqual([0, 1]);
    expect(comparison.meanDiff).toBeCloseTo(-0.1, 12);
    expect(comparison.ci[0]).toBeCloseTo(-0.1, 12);
    expect(comparison.ci[1]).toBeCloseTo(-0.1, 12);
  });

  it('refuses a level outside (0, 1) and fewer than two resamples', () => {
    expect(() => bootstrapIntervals([model], { level: 95 })).toThrow(/between 0 and 1/);
    expect(() => bootstrapIntervals([model], { level: 0.95, resamples: 1 })).toThrow(/2 or more/);
  });
});

describe('seededUint32 and percentile', () => {
  it('gives uniform 32-bit integers (mean of the top bit 1/2) and numpy’s linear percentile', () => {
    const next = seededUint32(3);
    let top = 0;
    for (let i = 0; i < 20_000; i++) top += next() >>> 31;
    expect(Math.abs(top / 20_000 - 0.5)).toBeLessThan(0.02);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 2.5)).toBeCloseTo(1.075, 15);
  });
});
