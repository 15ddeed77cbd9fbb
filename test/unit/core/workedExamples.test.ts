// The worked-example figures of issue 2, exactly as stated there (6 decimals) and, where a
// closed form exists, to relative 1e-14 against it.
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
  fromNats,
  labelEntropy,
  matrixFromRows,
  softmax,
} from '../../../src/core';

const bits = (nats: number): number => fromNats(nats, 2);
const relClose = (actual: number, expected: number, rel: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
};

describe('worked examples (issue 2)', () => {
  it('label entropy of [0,1,1,1] is 0.811278 bits, [0,1,0,1] 1 bit, [1,1,1,1] 0', () => {
    expect(bits(labelEntropy([0, 1, 1, 1]).entropyNats).toFixed(6)).toBe('0.811278');
    relClose(bits(labelEntropy([0, 1, 1, 1]).entropyNats), 2 - 0.75 * Math.log2(3), 1e-15);
    relClose(bits(labelEntropy([0, 1, 0, 1]).entropyNats), 1, 1e-15);
    expect(labelEntropy([1, 1, 1, 1]).entropyNats).toBe(0);
  });

  it('binary cross-entropy of (1,.8),(0,.3),(0,.4),(1,.7): row 0 0.321928 bits, mean 0.522010 bits, sum 1.447319 nats', () => {
    const r = binaryCrossEntropy([1, 0, 0, 1], [0.8, 0.3, 0.4, 0.7]);
    expect(bits(r.rowLossNats[0] as number).toFixed(6)).toBe('0.321928');
    expect(bits(r.meanNats).toFixed(6)).toBe('0.522010');
    expect(r.sumNats.toFixed(6)).toBe('1.447319');
    relClose(r.sumNats, -Math.log(0.8 * 0.7 * 0.6 * 0.7), 1e-14);
    expect(r.clippedRows).toBe(0);
  });

  it('the two 3-class models give 1.988595 vs 0.922037 bits, error 1/3 each, Brier 0.8067 vs 0.34', () => {
    const y = [2, 1, 0];
    const a = matrixFromRows([
      [0.3, 0.3, 0.4],
      [0.3, 0.4, 0.3],
      [0.1, 0.2, 0.7],
    ]);
    const b = matrixFromRows([
      [0.1, 0.2, 0.7],
      [0.1, 0.7, 0.2],
      [0.3, 0.4, 0.3],
    ]);
    expect(bits(crossEntropy(y, a).meanNats).toFixed(6)).toBe('1.988595');
    expect(bits(crossEntropy(y, b).meanNats).toFixed(6)).toBe('0.922037');
    expect(errorRate(y, a).errorRate).toBe(1 / 3);
    expect(errorRate(y, b).errorRate).toBe(1 / 3);
    expect(brierScore(y, a).mean.toFixed(4)).toBe('0.8067');
    relClose(brierScore(y, b).mean, 0.34, 1e-14);
  });

  it('two-column binary models [.4, .6] vs [.2, .8] for label 1 give 0.736966 vs 0.321928 bits', () => {
    expect(bits(crossEntropy([1], matrixFromRows([[0.4, 0.6]])).meanNats).toFixed(6)).toBe('0.736966');
    expect(bits(crossEntropy([1], matrixFromRows([[0.2, 0.8]])).meanNats).toFixed(6)).toBe('0.321928');
    relClose(bits(crossEntropy([1], matrixFromRows([[0.4, 0.6]])).meanNats), -Math.log2(0.6), 1e-15);
    // The same models as one P(positive) column.
    expect(bits(binaryCrossEntropy([1], [0.6]).meanNats).toFixed(6)).toBe('0.736966');
  });

  it('cat/dog/horse: label dog with prediction [.2,.7,.1] costs 0.514573 bits; softmax[5,4,2] = [0.705385, 0.259496, 0.035119]', () => {
    expect(bits(crossEntropy([1], matrixFromRows([[0.2, 0.7, 0.1]])).meanNats).toFixed(6)).toBe('0.514573');
    expect(Array.from(softmax([5, 4, 2]), (v) => v.toFixed(6))).toEqual(['0.705385', '0.259496', '0.035119']);
    const fromLogits = crossEntropyFromLogits([1], matrixFromRows([[5, 4, 2]]));
    relClose(fromLogits.meanNats, -Math.log(softmax([5, 4, 2])[1] as number), 1e-14);
  });

  it('D(P‖Q) = 0.188722 bits and D(Q‖P) = 0.207519 bits for P = {.75,.25}, Q = {.5,.5}; H{.9,.1} = 0.468996 bits', () => {
    const d = divergence([0.75, 0.25], [0.5, 0.5]);
    expect(bits(d.klPQNats).toFixed(6)).toBe('0.188722');
    expect(bits(d.klQPNats).toFixed(6)).toBe('0.207519');
    relClose(d.crossEntropyPQNats, d.entropyPNats + d.klPQNats, 1e-15);
    expect(bits(distributionEntropy([0.9, 0.1]).entropyNats).toFixed(6)).toBe('0.468996');
  });

  it('a logit of −1000 for a positive row costs exactly 1000 nats', () => {
    expect(binaryCrossEntropyFromLogits([1], [-1000]).rowLossNats[0]).toBe(1000);
    expect(binaryCrossEntropyFromLogits([-1], [1000]).rowLossNats[0]).toBe(1000);
  });

  it('binary error rate and Brier of the four-row example', () => {
    expect(binaryErrorRate([1, 0, 0, 1], [0.8, 0.3, 0.4, 0.7]).errors).toBe(0);
    relClose(binaryBrierScore([1, 0, 0, 1], [0.8, 0.3, 0.4, 0.7]).mean, (0.04 + 0.09 + 0.16 + 0.09) / 4, 1e-15);
  });
});
