// parseNumber gives exactly Number()'s double for every decimal it accepts, and NaN for what a
// numeric role must reject (empty, NA, NaN, hex, text).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../../src/data';

const parse = (s: string): number => parseNumber(s, 0, s.length);

describe('parseNumber', () => {
  it('accepts the spellings the issue lists, exactly as Number() does', () => {
    for (const s of [
      '1e-3',
      '+.5',
      '-0',
      'Infinity',
      '-Infinity',
      '+Infinity',
      '1.',
      '.5',
      '0.1',
      '1E5',
      ' 2.5 ',
      '\t7',
      '00042',
      '1e308',
      '1e309',
      '4.9e-324',
      '2e-324',
      '9007199254740993',
      '0.30000000000000004',
    ]) {
      expect(Object.is(parse(s), Number(s)), s).toBe(true);
    }
    expect(Object.is(parse('-0'), -0)).toBe(true);
    expect(Object.is(parse('-0.0e5'), -0)).toBe(true);
  });

  it('rejects empty, NA, NaN, null, hex, binary and text with NaN', () => {
    for (const s of ['', ' ', 'NA', 'NaN', 'null', 'nan', '0x10', '0b1', '0o7', 'abc', '1e', '1e+', '.', '+', '-', '1..2', '1,5', 'Infinityx', 'infx', 'in', '1_000', '--1']) {
      expect(parse(s), s).toBeNaN();
    }
  });

  it('reads infinity as NumPy, pandas and R write it: inf, -inf, Inf, INF, Infinity', () => {
    for (const s of ['inf', 'Inf', 'INF', 'Infinity', 'infinity', '+inf']) expect(parse(s), s).toBe(Infinity);
    for (const s of ['-inf', '-Inf', '-Infinity']) expect(parse(s), s).toBe(-Infinity);
  });

  it('sends a mantissa of 2^53 + 1 to Number(): accumulated it rounds to 2^53, which is not the number written', () => {
    for (const s of ['0.9007199254740993', '9007199254740993e1', '9.007199254740993', '-90071992547.40993']) {
      expect(Object.is(parse(s), Number(s)), s).toBe(true);
    }
  });

  it('parses a slice of a longer string', () => {
    expect(parseNumber('x,0.1,y', 2, 5)).toBe(0.1);
  });

  it('agrees with Number() on random doubles in every notation', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
        for (const s of [String(x), x.toExponential(), x.toExponential(digits), Number.isFinite(x) && Math.abs(x) < 1e21 ? x.toFixed(digits) : String(x), x.toPrecision(digits + 1)]) {
          if (!Object.is(parse(s), Number(s))) return false;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with Number() on random decimal strings near the fast-path limits', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{0,20}$/), fc.stringMatching(/^[0-9]{0,20}$/), fc.integer({ min: -30, max: 30 }), fc.boolean())
      .filter(([, a, b]) => a.length + b.length > 0)
      .map(([sign, a, b, e, withExponent]) => `${sign}${a}.${b}${withExponent ? `e${e}` : ''}`);
    fc.assert(
      fc.property(decimal, (s) => Object.is(parse(s), Number(s))),
      { numRuns: 5000 },
    );
  });
});
