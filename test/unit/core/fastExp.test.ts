// fastExp against correctly rounded values (Python decimal, 50 digits) and against Math.exp.
import { describe, expect, it } from 'vitest';
import { fastExp } from '../../../src/core/fit/fastExp';
import { expectClose } from './referenceFixtures';

/** x and float(Decimal(x).exp()) at 50 digits: the correctly rounded e^x. */
const correctlyRounded: [number, number][] = [
  [-1e-8, 0.9999999900000001],
  [-0.1, 0.9048374180359595],
  [-0.693, 0.5000735956957677],
  [-3.7, 0.024723526470339388],
  [-20.25, 1.6052280551856116e-9],
  [-100.125, 3.2829555262177533e-44],
  [-700.5, 5.980196118639791e-305],
  [0.3, 1.3498588075760032],
  [5.5, 244.69193226422038],
  [700.25, 1.3022997366991783e304],
];

describe('fastExp', () => {
  it('is within one unit in the last place of the correctly rounded e^x (relative 2.3e-16)', () => {
    for (const [x, expected] of correctlyRounded) expectClose(fastExp(x), expected, 2.3e-16);
  });

  it('gives exact and special values: e^0 = 1, e^1, e^−1 as numpy.exp; NaN, ±Infinity and the subnormal and overflow ranges as Math.exp', () => {
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-0)).toBe(1);
    expect(fastExp(1)).toBe(2.718281828459045);
    expect(fastExp(-1)).toBe(0.36787944117144233);
    expect(fastExp(NaN)).toBeNaN();
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(Infinity)).toBe(Infinity);
    for (const x of [-708, -708.5, -740, -745.2, -746, -1e5, 709, 709.7, 710, 1e5]) expect(fastExp(x)).toBe(Math.exp(x));
  });

  it('agrees with Math.exp to 2 ulp over (−708, 709), including the table and reduction boundaries', () => {
    const xs: number[] = [];
    for (let i = 0; i < 20000; i++) xs.push(-708 + (1417 * i) / 20000 + 1e-3 * Math.sin(i));
    for (let k = -32 * 10; k <= 32 * 10; k++) {
      const x = (k * Math.LN2) / 32;
      xs.push(x, x + Math.LN2 / 64, x - Math.LN2 / 64, x * (1 + 1e-15));
    }
    for (const x of xs) {
      if (!(x > -708 && x < 709)) continue;
      expectClose(fastExp(x), Math.exp(x), 4.5e-16);
    }
  });
});
