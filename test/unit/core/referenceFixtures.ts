// Loads the reference values written by scripts/reference/generate.py (scikit-learn / SciPy).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const dir = fileURLToPath(new URL('../../fixtures/reference/', import.meta.url));

/** JSON with the strings "Infinity", "-Infinity", "NaN" turned back into numbers. */
export function loadReference<T>(name: 'basics' | 'fits' | 'fitExtras' | 'classification'): T {
  return JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8'), (_key, value: unknown) => (value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value === 'NaN' ? NaN : value)) as T;
}

/** |actual − expected| ≤ rel·|expected| + abs, with equal infinities accepted. */
export function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const bound = rel * Math.abs(expected) + abs;
  if (!(Math.abs(actual - expected) <= bound)) {
    expect.fail(`expected ${actual} to be within ${bound} of ${expected} (difference ${actual - expected})`);
  }
}

/** Element-wise expectClose. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, abs = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i] as number, expected[i] as number, rel, abs);
}
