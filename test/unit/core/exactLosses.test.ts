// Losses that cancel or overflow in a naive formula, against exact references from
// scripts/reference/generate.py (mpmath at 60 digits, rounded once): multi-class logit losses at any
// magnitude, tiny losses of confident rows, and entropies / divergences of weights whose sum is
// beyond the largest double.
import { describe, expect, it } from 'vitest';
import {
  addDivergencePair,
  crossEntropyFromLogits,
  distributionEntropy,
  divergence,
  emptyDivergenceSums,
  finishDivergenceSums,
  logSoftmax,
  matrixFromRows,
  mergeDivergenceSums,
  negativeLogSoftmax,
  softCrossEntropyFromLogits,
} from '../../../src/core';
import { expectClose, loadReference } from './referenceFixtures';

interface Basics {
  logitPrecision: {
    symmetric: { S: number[]; k: number; loss: number }[];
    confident: { S: number[]; k: number; loss: number; scipy: number }[];
  };
  hugeWeights: { p: number[]; q: number[]; r: number[]; entropy: number; klPR: number; klRP: number };
}

const ref = loadReference<Basics>('basics');

describe('multi-class logit losses are exact at any magnitude', () => {
  it('logits (S, S, −S) cost ln 2 to the last bit for the two tied classes, for S from 20 to 1e300', () => {
    const tied = ref.logitPrecision.symmetric.filter((c) => c.k < 2);
    expect(tied.length).toBeGreaterThanOrEqual(16);
    for (const c of tied) {
      expect(c.loss).toBe(Math.LN2);
      expect(negativeLogSoftmax(c.S, 0, 3, c.k)).toBe(Math.LN2);
    }
    // The whole road: the matrix function the CLI and the editor score with.
    const r = crossEntropyFromLogits(
      tied.map((c) => c.k),
      matrixFromRows(tied.map((c) => c.S)),
    );
    for (const loss of r.rowLossNats) expect(loss).toBe(Math.LN2);
    expect(r.meanNats).toBe(Math.LN2);
  });

  it('the third class of (S, S, −S) costs 2S + ln 2 within one rounding', () => {
    for (const c of ref.logitPrecision.symmetric.filter((x) => x.k === 2)) expectClose(negativeLogSoftmax(c.S, 0, 3, 2), c.loss, 2.3e-16);
  });

  it("a confident row's tiny loss keeps full relative precision (1e-15), where logsumexp − s_y does not", () => {
    const rows = ref.logitPrecision.confident;
    const r = crossEntropyFromLogits(
      rows.map((c) => c.k),
      matrixFromRows(rows.map((c) => c.S)),
    );
    let naiveWorst = 0;
    rows.forEach((c, i) => {
      expect(c.loss).toBeLessThan(0.01);
      expectClose(r.rowLossNats[i]!, c.loss, 1e-15);
      expectClose(-logSoftmax(c.S)[c.k]!, c.loss, 1e-15);
      naiveWorst = Math.max(naiveWorst, Math.abs(c.scipy - c.loss) / c.loss);
    });
    // The reference really is harder than the old formula: SciPy 1.10's log_softmax (log of 1 + rest)
    // is off by far more on these rows.
    expect(naiveWorst).toBeGreaterThan(1e-9);
  });

  it('soft targets against logits go through the same exact log-softmax', () => {
    const rows = ref.logitPrecision.symmetric.filter((c) => c.k < 2).concat(ref.logitPrecision.confident.slice(0, 20).map((c) => ({ ...c, S: c.S.slice(0, 3), k: 0 })));
    const width = 3;
    const targets = matrixFromRows(rows.map((c) => Array.from({ length: width }, (_, j) => (j === c.k ? 1 : 0))));
    const logits = matrixFromRows(rows.map((c) => c.S.slice(0, width)));
    const soft = softCrossEntropyFromLogits(targets, logits);
    const hard = crossEntropyFromLogits(
      rows.map((c) => c.k),
      logits,
    );
    expect(Array.from(soft.rowLossNats)).toEqual(Array.from(hard.rowLossNats));
  });
});

describe('weights whose sum overflows a double', () => {
  const { p, q, r } = ref.hugeWeights;

  it('entropy of (1e308, 1e308) is ln 2', () => {
    const h = distributionEntropy(p);
    expect(h.entropyNats).toBe(ref.hugeWeights.entropy);
    expect(h.total).toBe(Infinity);
    expect(h.normalized).toBe(true);
  });

  it('KL of (1e308, 1e308) against itself is 0, against (1e308, 3e307) scipy.stats.entropy of the scaled weights', () => {
    const same = divergence(p, q);
    expect([same.klPQNats, same.klQPNats, same.jsNats]).toEqual([0, 0, 0]);
    const d = divergence(p, r);
    expectClose(d.klPQNats, ref.hugeWeights.klPR, 1e-14);
    expectClose(d.klQPNats, ref.hugeWeights.klRP, 1e-14);
  });

  it('the streaming sums give the same divergences, in one pass or merged from parts', () => {
    const one = emptyDivergenceSums();
    p.forEach((a, i) => addDivergencePair(one, a, r[i]!));
    const whole = finishDivergenceSums(one);
    expectClose(whole.klPQNats, ref.hugeWeights.klPR, 1e-14);
    expectClose(whole.klQPNats, ref.hugeWeights.klRP, 1e-14);
    expect(whole.totalP).toBe(Infinity);
    const first = emptyDivergenceSums();
    const second = emptyDivergenceSums();
    addDivergencePair(first, p[0]!, r[0]!);
    addDivergencePair(second, p[1]!, r[1]!);
    const merged = finishDivergenceSums(mergeDivergenceSums(first, second));
    expect(merged.klPQNats).toBe(whole.klPQNats);
    expect(merged.klQPNats).toBe(whole.klQPNats);
    expect(merged.n).toBe(2);
  });

  it('ordinary weights stream to the in-memory divergence, and merging parts at any cut changes nothing beyond rounding', () => {
    const a = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) / 37 + 0.01);
    const b = Array.from({ length: 1000 }, (_, i) => ((i * 104729) % 997) / 13 + 0.02);
    const d = divergence(a, b);
    const sums = emptyDivergenceSums();
    a.forEach((v, i) => addDivergencePair(sums, v, b[i]!));
    const streamed = finishDivergenceSums(sums);
    expectClose(streamed.klPQNats, d.klPQNats, 1e-13);
    expectClose(streamed.klQPNats, d.klQPNats, 1e-13);
    for (const cut of [1, 333, 999]) {
      const left = emptyDivergenceSums();
      const right = emptyDivergenceSums();
      a.forEach((v, i) => addDivergencePair(i < cut ? left : right, v, b[i]!));
      const merged = finishDivergenceSums(mergeDivergenceSums(left, right));
      expectClose(merged.klPQNats, streamed.klPQNats, 1e-15);
      expectClose(merged.totalP, streamed.totalP, 1e-15);
    }
  });
});
