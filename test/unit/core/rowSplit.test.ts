// A large binary fit's passes cut in two at a fixed row: the second half may run on a helper thread
// (FitThreads from the analysis layer). Here the helper is a stand-in on this thread: the fit is the
// same to the last bit whether the helper takes every pass, is never ready, or fails part way, and
// the helper is closed when the fit ends, even by cancellation.
import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../../../src/core';
import type { FitResult } from '../../../src/core';
import { BinaryRowRange } from '../../../src/core/fit/binaryProblem';
import { passSumsLength, SPLIT_MIN_ROWS } from '../../../src/core/fit/rowSplit';
import type { BinaryPassData, FitThreads, PassHelper, PassRequest } from '../../../src/core/fit/rowSplit';
import { seededRandom } from './seededRandom';

const rows = SPLIT_MIN_ROWS + 1234;
const cols = 6;

function data(): { x: Float64Array; y: Float64Array } {
  const rnd = seededRandom(21);
  const x = Float64Array.from({ length: rows * cols }, (_, i) => (rnd() - 0.5) * 10 ** ((i % cols) - 2));
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0.3;
    for (let j = 0; j < cols; j++) s += ((x[i * cols + j] as number) / 10 ** (j - 2)) * (j % 2 === 0 ? 1.5 : -1);
    y[i] = s + 2 * (rnd() - 0.5) > 0 ? 1 : 0;
  }
  return { x, y };
}

type Behaviour = 'always' | 'never ready' | 'fails on the third pass';

/** FitThreads whose helper computes its half here, at finish (as a worker would have meanwhile). */
function stubThreads(behaviour: Behaviour): FitThreads & { taken: number; closed: number; helpers: number } {
  const threads = {
    taken: 0,
    closed: 0,
    helpers: 0,
    float64: (length: number) => new Float64Array(length),
    uint8: (length: number) => new Uint8Array(length),
    binaryHelper(d: BinaryPassData): PassHelper {
      threads.helpers++;
      const range = new BinaryRowRange(d.z, d.n, d.m, d.y, d.weights, d.start, d.end);
      const out = new Float64Array(passSumsLength(d.m + 1));
      let pending: { theta: Float64Array; request: PassRequest } | undefined;
      return {
        start(theta, request) {
          if (behaviour === 'never ready') return false;
          threads.taken++;
          pending = { theta: theta.slice(), request };
          return true;
        },
        finish(into) {
          if (behaviour === 'fails on the third pass' && threads.taken === 3) return false;
          const { theta, request } = pending!;
          range.pass(theta, request, out, request.writeRows ? { rowLoss: d.rowLoss, proba: d.proba } : undefined);
          into.set(out);
          return true;
        },
        close: () => void threads.closed++,
      };
    },
  };
  return threads;
}

function expectIdentical(a: FitResult, b: FitResult): void {
  expect(Array.from(a.coef.data)).toEqual(Array.from(b.coef.data));
  expect(Array.from(a.intercept)).toEqual(Array.from(b.intercept));
  expect(Array.from(a.proba.data)).toEqual(Array.from(b.proba.data));
  expect(Array.from(a.rowLossNats)).toEqual(Array.from(b.rowLossNats));
  expect(a.objective).toBe(b.objective);
  expect(a.iterations).toBe(b.iterations);
}

describe(`binary fits from ${SPLIT_MIN_ROWS} rows: half of each pass on a helper thread`, () => {
  const { x, y } = data();
  const features = { data: x, rows, cols };
  const alone = fitLogistic(features, y, { C: 1 });

  for (const behaviour of ['always', 'never ready', 'fails on the third pass'] as const) {
    it(`the same fit to the last bit when the helper ${behaviour === 'always' ? 'takes every pass' : behaviour === 'never ready' ? 'is never ready' : 'fails on the third pass'}, and it is closed at the end`, () => {
      const threads = stubThreads(behaviour);
      const split = fitLogistic(features, y, { C: 1, threads });
      expect(alone.converged).toBe(true);
      expectIdentical(split, alone);
      expect(threads.helpers).toBe(1);
      expect(threads.closed).toBeGreaterThanOrEqual(1);
      if (behaviour === 'always') expect(threads.taken).toBeGreaterThanOrEqual(alone.iterations);
      if (behaviour === 'fails on the third pass') expect(threads.taken).toBe(3);
    });
  }

  it('the same with sample weights (the helper reads them from its shared copy)', () => {
    const sampleWeight = Float64Array.from({ length: rows }, (_, i) => 1 + (i % 3));
    const threads = stubThreads('always');
    expectIdentical(fitLogistic(features, y, { C: 1, sampleWeight, threads }), fitLogistic(features, y, { C: 1, sampleWeight }));
    expect(threads.taken).toBeGreaterThan(0);
  });

  it('a cancelled fit closes its helper', () => {
    const threads = stubThreads('always');
    expect(() => fitLogistic(features, y, { C: 1, threads, onIteration: () => false })).toThrow(/cancelled/);
    expect(threads.closed).toBe(1);
  });

  it('below the split no helper is asked for', () => {
    const threads = stubThreads('always');
    const small = { data: x.subarray(0, 1000 * cols), rows: 1000, cols };
    fitLogistic(small, y.subarray(0, 1000), { C: 1, threads });
    expect(threads.helpers).toBe(0);
  });
});
