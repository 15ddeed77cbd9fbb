// Every loss, entropy and divergence against scikit-learn / SciPy values from
// test/fixtures/reference/basics.json. Relative tolerance 1e-13 unless stated: the
// formulas are the same, only summation order differs.
import { describe, expect, it } from 'vitest';
import {
  binaryBrierScore,
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  binaryErrorRate,
  brierScore,
  crossEntropy,
  crossEntropyFromLogits,
  distributionEntropy,
  divergence,
  errorRate,
  labelEntropy,
  logSoftmax,
  logSumExp,
  matrixFromRows,
  rowDivergences,
  rowEntropies,
  softBrierScore,
  softCrossEntropy,
  softmax,
  softmaxInto,
} from '../../../src/core';
import { expectAllClose, expectClose, loadReference } from './referenceFixtures';

interface Basics {
  eps: number;
  labelEntropy: { labels: (string | number)[]; classes: (string | number)[]; counts: number[]; entropyNats: number }[];
  distributionEntropy: { weights: number[]; entropyNats: number; total?: number }[];
  rowEntropies: { P: number[][]; rows: number[] };
  binary: {
    name: string;
    y: number[];
    p: number[];
    eps: number;
    rows: number[];
    mean: number;
    sum: number;
    meanSklearn: number;
    sumSklearn: number;
    clipped: number;
    brier: number;
    errorRate: number;
  }[];
  multiclass: { name: string; y: number[]; P: number[][]; eps: number; rows: number[]; mean: number; meanSklearn: number; brierRows: number[]; brier: number; errorRate: number }[];
  logits: { name: string; y: number[]; S: number[][]; rows: number[]; mean: number; softmax: number[][]; logsumexp: number[] }[];
  binaryLogits: { y: number[]; s: number[]; rows: number[] };
  soft: { T: number[][]; P: number[][]; rows: number[]; brierRows: number[] };
  divergence: { name: string; p: number[]; q: number[]; klPQ: number; klQP: number; js: number; entropyP: number; entropyQ: number; crossEntropyPQ: number }[];
  rowDivergence: { P: number[][]; Q: number[][]; klPQ: number[]; klQP: number[]; js: number[] };
  softmax: { values: number[]; softmax: number[]; logSoftmax: number[]; logsumexp: number };
}

const ref = loadReference<Basics>('basics');
const REL = 1e-13;

describe('entropy matches scipy.stats.entropy', () => {
  it.each(ref.labelEntropy.map((c) => [JSON.stringify(c.labels).slice(0, 40), c] as const))('label column %s', (_name, c) => {
    const r = labelEntropy(c.labels);
    expect(r.classes).toEqual(c.classes);
    expect(r.counts).toEqual(c.counts);
    expectClose(r.entropyNats, c.entropyNats, REL, 1e-300);
  });

  it('a column of weights is normalised and the normalisation is reported', () => {
    for (const c of ref.distributionEntropy) {
      const r = distributionEntropy(c.weights);
      expectClose(r.entropyNats, c.entropyNats, REL);
      if (c.total !== undefined) {
        expectClose(r.total, c.total, REL);
        expect(r.normalized).toBe(true);
      }
    }
  });

  it('per-row entropies of probability rows', () => {
    const r = rowEntropies(matrixFromRows(ref.rowEntropies.P));
    expectAllClose(r.rowEntropyNats, ref.rowEntropies.rows, REL, 1e-300);
  });
});

describe('binary cross-entropy matches sklearn.metrics.log_loss', () => {
  it.each(ref.binary.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = binaryCrossEntropy(c.y, c.p, { eps: c.eps });
    expectAllClose(r.rowLossNats, c.rows, REL);
    expectClose(r.meanNats, c.mean, REL);
    expectClose(r.sumNats, c.sum, REL);
    // p is clipped before 1 − p is formed, as scikit-learn does, so its pair [1 − c, c] sums to 1
    // up to one rounding and its renormalisation changes nothing: its figures agree for every ε
    // (including p = 1, y = 0 at ε = 1e-15: 34.539576, not −ln 1e-15).
    expectClose(r.meanNats, c.meanSklearn, REL);
    expectClose(r.sumNats, c.sumSklearn, REL);
    expect(r.clippedRows).toBe(c.clipped);
    expectClose(binaryBrierScore(c.y, c.p).mean, c.brier, REL);
    expect(binaryErrorRate(c.y, c.p).errorRate).toBe(c.errorRate);
  });

  it('from logits equals numpy.logaddexp(0, −m) row by row', () => {
    const r = binaryCrossEntropyFromLogits(ref.binaryLogits.y, ref.binaryLogits.s);
    expectAllClose(r.rowLossNats, ref.binaryLogits.rows, REL, 1e-300);
  });
});

describe('multi-class cross-entropy, Brier and error rate', () => {
  it.each(ref.multiclass.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const P = matrixFromRows(c.P);
    const r = crossEntropy(c.y, P, { eps: c.eps });
    expectAllClose(r.rowLossNats, c.rows, REL);
    expectClose(r.meanNats, c.mean, REL);
    // scikit-learn 1.2 renormalises rows after clipping; for these exact rows that changes at most
    // the last bits of the row sums.
    expectClose(r.meanNats, c.meanSklearn, 1e-12);
    const b = brierScore(c.y, P);
    expectAllClose(b.rowBrier, c.brierRows, REL, 1e-16);
    expectClose(b.mean, c.brier, REL);
    expect(errorRate(c.y, P).errorRate).toBe(c.errorRate);
  });

  it.each(ref.logits.map((c) => [c.name, c] as const))('from logits: %s equals −scipy.special.log_softmax', (_name, c) => {
    const S = matrixFromRows(c.S);
    const r = crossEntropyFromLogits(c.y, S);
    // SciPy 1.10 takes log(1 + rest) for the largest class, exact to ~1 ulp of 1 (2.2e-16) in
    // absolute terms; the product's loss is exact in relative terms (exactLosses.test.ts checks it
    // against 60-digit references), so tiny losses may differ from SciPy's by that much.
    expectAllClose(r.rowLossNats, c.rows, REL, 4.5e-16);
    const out = new Float64Array(S.cols);
    c.S.forEach((row, i) => {
      softmaxInto(row, 0, row.length, out, 0);
      expectAllClose(out, c.softmax[i] as number[], REL, 1e-300);
      expectClose(logSumExp(row), c.logsumexp[i] as number, REL);
    });
  });

  it('soft targets: −Σ t log p and Σ (t − p)² per row', () => {
    const T = matrixFromRows(ref.soft.T);
    const P = matrixFromRows(ref.soft.P);
    expectAllClose(softCrossEntropy(T, P).rowLossNats, ref.soft.rows, REL);
    expectAllClose(softBrierScore(T, P).rowBrier, ref.soft.brierRows, REL);
  });

  it('softmax, log-softmax and log-sum-exp of [5, 4, 2] equal scipy.special', () => {
    expectAllClose(softmax(ref.softmax.values), ref.softmax.softmax, 1e-15);
    expectAllClose(logSoftmax(ref.softmax.values), ref.softmax.logSoftmax, 1e-15);
    expectClose(logSumExp(ref.softmax.values), ref.softmax.logsumexp, 1e-15);
  });
});

describe('KL and Jensen–Shannon divergences match scipy', () => {
  it.each(ref.divergence.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = divergence(c.p, c.q);
    expectClose(r.klPQNats, c.klPQ, REL);
    expectClose(r.klQPNats, c.klQP, REL);
    // scipy's jensenshannon returns the distance; its square is the divergence (sqrt round-off).
    expectClose(r.jsNats, c.js, 1e-12);
    expectClose(r.entropyPNats, c.entropyP, REL);
    expectClose(r.entropyQNats, c.entropyQ, REL);
    expectClose(r.crossEntropyPQNats, c.crossEntropyPQ, REL);
    if (!Number.isFinite(c.klPQ)) expect(r.infinitePQTerms).toBeGreaterThan(0);
  });

  it('row by row over column groups', () => {
    const r = rowDivergences(matrixFromRows(ref.rowDivergence.P), matrixFromRows(ref.rowDivergence.Q));
    expectAllClose(r.rowKlPQNats, ref.rowDivergence.klPQ, 1e-12);
    expectAllClose(r.rowKlQPNats, ref.rowDivergence.klQP, 1e-12);
    expectAllClose(r.rowJsNats, ref.rowDivergence.js, 1e-11);
  });
});
