// Contract of the protocol's tiny helpers: unit conversion, log-base mapping, transfer lists and the
// shared cancel flag the worker polls.
import { describe, expect, it } from 'vitest';
import { analysisTransferables, natsToUnit, unitForLogBase } from '../../../src/protocol/analysis';
import type { AnalysisResult } from '../../../src/protocol/analysis';
import { createCancelFlag, isCancelled, raiseCancelFlag } from '../../../src/protocol/worker';

describe('natsToUnit', () => {
  it('divides by ln 2 for bits, so ln 2 nats is exactly one bit', () => {
    expect(natsToUnit(Math.LN2, 'bits')).toBe(1);
  });
  it('divides by ln 10 for dits', () => {
    expect(natsToUnit(Math.LN10, 'dits')).toBe(1);
  });
  it('leaves nats unchanged, including infinities and NaN', () => {
    expect(natsToUnit(0.3, 'nats')).toBe(0.3);
    expect(natsToUnit(Infinity, 'bits')).toBe(Infinity);
    expect(natsToUnit(Number.NaN, 'bits')).toBeNaN();
  });
  it('turns the binary sample mean of 0.3618297 nats into 0.522010 bits', () => {
    // mean of −ln .8, −ln .7, −ln .6, −ln .7 (sklearn log_loss = 0.36182970...)
    const meanNats = -(Math.log(0.8) + Math.log(0.7) + Math.log(0.6) + Math.log(0.7)) / 4;
    expect(natsToUnit(meanNats, 'bits')).toBeCloseTo(0.52201, 6);
  });
});

describe('unitForLogBase', () => {
  it('maps 2 / e / 10 to bits / nats / dits', () => {
    expect(unitForLogBase('2')).toBe('bits');
    expect(unitForLogBase('e')).toBe('nats');
    expect(unitForLogBase('10')).toBe('dits');
  });
});

describe('analysisTransferables', () => {
  it('lists every typed-array buffer once, even when two views share one', () => {
    const loss = new Float64Array([1, 2]);
    const result = {
      rows: {
        firstLine: new Uint32Array(2),
        lastLine: new Uint32Array(2),
        startCharacter: new Uint32Array(2),
        endCharacter: new Uint32Array(2),
        status: new Uint8Array(2),
        trueClass: new Int32Array(2),
        labelCodes: new Int32Array(2),
      },
      models: [{ lossNats: loss, trueClassProbability: new Float64Array(2), predictedClass: new Int32Array(2) }],
      kl: null,
      fit: null,
      rowLoss: { lossNats: loss, rank: new Uint32Array(2), worstFirst: new Uint32Array(2) },
    } as unknown as AnalysisResult;
    const buffers = analysisTransferables(result);
    expect(buffers.length).toBe(12);
    expect(new Set(buffers).size).toBe(buffers.length);
  });
});

describe('cancel flag', () => {
  it('starts lowered and stays raised once raised', () => {
    const flag = createCancelFlag();
    expect(isCancelled(flag)).toBe(false);
    raiseCancelFlag(flag);
    raiseCancelFlag(flag);
    expect(isCancelled(flag)).toBe(true);
  });
});
