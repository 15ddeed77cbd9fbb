import { describe, expect, it } from 'vitest';
import { fromNats, maxEntropyNats, parseUnit, perplexity } from '../../../src/webview/model/units';

// Relative tolerance 1e-15: each conversion is one division.
const close = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-15 * Math.abs(expected));

describe('unit conversion', () => {
  it('divides nats by ln 2 for bits and by ln 10 for dits', () => {
    close(fromNats(Math.LN2, 'bits'), 1);
    close(fromNats(Math.LN10, 'dits'), 1);
    expect(fromNats(1.5, 'nats')).toBe(1.5);
  });

  it('gives the 3-class worked examples in bits', () => {
    const m1 = (-Math.log(0.4) - Math.log(0.4) - Math.log(0.1)) / 3;
    const m2 = (-Math.log(0.7) - Math.log(0.7) - Math.log(0.3)) / 3;
    expect(fromNats(m1, 'bits')).toBeCloseTo(1.988595, 6);
    expect(fromNats(m2, 'bits')).toBeCloseTo(0.922037, 6);
  });

  it('passes infinities and NaN through', () => {
    expect(fromNats(Infinity, 'bits')).toBe(Infinity);
    expect(fromNats(NaN, 'dits')).toBeNaN();
  });

  it('computes perplexity as exp of the mean loss in nats, whatever the display unit', () => {
    close(perplexity(Math.LN2), 2);
    expect(perplexity(0)).toBe(1);
  });

  it('gives log K as the maximum entropy, and 0 for one class', () => {
    close(fromNats(maxEntropyNats(4), 'bits'), 2);
    expect(maxEntropyNats(1)).toBe(0);
    expect(maxEntropyNats(0)).toBe(0);
  });

  it('falls back for unknown persisted units', () => {
    expect(parseUnit('dits', 'bits')).toBe('dits');
    expect(parseUnit('furlongs', 'nats')).toBe('nats');
    expect(parseUnit(undefined, 'bits')).toBe('bits');
  });
});
