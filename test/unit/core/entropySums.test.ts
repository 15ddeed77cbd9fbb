// The mergeable sums behind a column's entropy, kl of two columns and the row-by-row means: one
// pass, any split into two parts merged, and the in-memory functions give the same doubles; the
// entropy holds at every scale of weight (exactly ln 2 for two equal weights, 1e308 included).
import { describe, expect, it } from 'vitest';
import {
  addCompensated,
  addDivergenceTerms,
  addEntropyWeight,
  compensatedSum,
  compensatedTotal,
  distributionEntropy,
  distributionEntropyOfSums,
  divergence,
  divergenceFirstPass,
  divergenceOfSums,
  emptyCompensatedSum,
  emptyDivergenceTermSums,
  emptyEntropySums,
  finishEntropySums,
  matrixFromRows,
  mergeCompensatedSums,
  mergeDivergenceTermSums,
  mergeEntropySums,
  rowEntropies,
} from '../../../src/core';
import type { EntropySums } from '../../../src/core';
import { seededRandom } from './seededRandom';

function sumsOf(weights: readonly number[]): EntropySums {
  const sums = emptyEntropySums();
  for (const w of weights) addEntropyWeight(sums, w);
  return sums;
}

/** Weights spread over many binary exponents, with zeros: what a count or score column holds. */
function weights(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => (i % 13 === 0 ? 0 : random() * 10 ** Math.floor(random() * 8 - 4)));
}

describe('the entropy of a column of weights', () => {
  it.each([1, 3, 1e-300, 1e308, 5e-324])('is exactly ln 2 for two equal weights of %s', (w) => {
    expect(distributionEntropy([w, w]).entropyNats).toBe(Math.LN2);
  });

  it('takes a total beyond the largest double: two weights of 1e308 sum to +Infinity, each is still half', () => {
    const finished = finishEntropySums(sumsOf([1e308, 1e308]));
    expect(finished.total).toBe(Infinity);
    expect(distributionEntropy([1e308, 1e308, 1e308, 1e308]).entropyNats).toBe(Math.log(4));
    // Four weights, two of them 1e308 and two 1e307: the shares of (10, 10, 1, 1) at any scale.
    expect(Math.abs(distributionEntropy([1e308, 1e308, 1e307, 1e307]).entropyNats - distributionEntropy([10, 10, 1, 1]).entropyNats)).toBeLessThanOrEqual(2e-16);
  });

  it('is exactly 0 for one positive weight among zeros, and refuses a total of 0', () => {
    expect(distributionEntropy([0, 2.5, 0]).entropyNats).toBe(0);
    expect(Number.isNaN(finishEntropySums(sumsOf([0, 0])).entropyNats)).toBe(true);
    expect(() => distributionEntropy([0, 0])).toThrow('The weights sum to 0: an entropy needs a positive total');
    expect(() => distributionEntropyOfSums(emptyEntropySums())).toThrow('No rows to compute the entropy from');
  });

  it('matches −Σ p ln p of p = w / Σw (scipy.stats.entropy’s formula; each rounds its own way) to 1e-14 relative', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const w = weights(500, seed);
      const total = w.reduce((a, b) => a + b, 0);
      const direct = -w.reduce((h, x) => (x > 0 ? h + (x / total) * Math.log(x / total) : h), 0);
      expect(Math.abs(distributionEntropy(w).entropyNats - direct) / direct).toBeLessThan(1e-14);
    }
  });

  it('gives the same doubles from two parts merged, wherever the file is cut', () => {
    const w = weights(2000, 7);
    const whole = finishEntropySums(sumsOf(w));
    for (const cut of [0, 1, 13, 999, 1500, 2000]) {
      const merged = finishEntropySums(mergeEntropySums(sumsOf(w.slice(0, cut)), sumsOf(w.slice(cut))));
      expect(merged).toEqual(whole);
    }
  });
});

describe('kl of two columns through the two passes', () => {
  it('merges the second pass to the one-pass sums, and the in-memory divergence is those passes', () => {
    const p = weights(1000, 3);
    const q = weights(1000, 4).map((v) => v + 0.5);
    const first = divergenceFirstPass(sumsOf(p), sumsOf(q));
    const pass = (from: number, to: number) => {
      const s = emptyDivergenceTermSums();
      for (let i = from; i < to; i++) addDivergenceTerms(s, p[i]!, q[i]!, first.normalizerP, first.normalizerQ);
      return s;
    };
    const merged = divergenceOfSums(first, mergeDivergenceTermSums(pass(0, 377), pass(377, 1000)));
    expect(merged).toEqual(divergenceOfSums(first, pass(0, 1000)));
    expect(merged).toEqual(divergence(p, q));
  });

  it('refuses a column summing to 0 as divergence does', () => {
    expect(() => divergenceFirstPass(sumsOf([0, 0]), sumsOf([1, 1]))).toThrow('P sums to 0: a distribution needs a positive total');
  });
});

describe('compensated running sums', () => {
  it('take compensatedSum’s steps one by one, and a merge keeps both parts’ corrections', () => {
    const values = [1e16, 1, -1e16, 3, 1e-8, ...weights(300, 9)];
    const s = emptyCompensatedSum();
    for (const v of values) addCompensated(s, v);
    expect(compensatedTotal(s)).toBe(compensatedSum(values));
    const [a, b] = [emptyCompensatedSum(), emptyCompensatedSum()];
    values.slice(0, 2).forEach((v) => addCompensated(a, v));
    values.slice(2).forEach((v) => addCompensated(b, v));
    expect(compensatedTotal(mergeCompensatedSums(a, b))).toBe(compensatedSum(values));
  });

  it('give rowEntropies the compensated mean of its rows', () => {
    const r = rowEntropies(
      matrixFromRows([
        [0.5, 0.5],
        [1, 0],
        [0.25, 0.75],
      ]),
    );
    expect(r.meanNats).toBe(compensatedSum(r.rowEntropyNats) / 3);
  });
});
