// scoreProbabilityRows validates once but must report exactly what crossEntropy, brierScore and
// errorRate report separately (bit for bit), and refuse input with their errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brierScore, CoreError, crossEntropy, denseMatrix, errorRate, matrixFromRows, scoreProbabilityRows } from '../../../src/core';
import type { Matrix, RowView } from '../../../src/core';

/** Rows of k weights scaled to sum 1, some entries 0 (clipped) and some rows nudged off by up to 1e-4. */
const problem = fc
  .integer({ min: 2, max: 6 })
  .chain((k) =>
    fc.array(
      fc.tuple(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1, noNaN: true })), { minLength: k, maxLength: k }),
        fc.integer({ min: 0, max: k - 1 }),
        fc.double({ min: 0.9999, max: 1.0001, noNaN: true }),
      ),
      { minLength: 1, maxLength: 30 },
    ),
  );

function build(rows: [number[], number, number][]): { y: Int32Array; p: Matrix } {
  const fixed = rows.map(([w, , scale]) => {
    const sum = w.reduce((a, b) => a + b, 0);
    const row = sum === 0 ? w.map((_, k) => (k === 0 ? 1 : 0)) : w.map((v) => v / sum);
    return row.map((v) => Math.min(1, v * scale));
  });
  return { y: Int32Array.from(rows, ([, label]) => label), p: matrixFromRows(fixed) };
}

describe('scoreProbabilityRows', () => {
  it('equals crossEntropy, brierScore and errorRate exactly, with and without normalize', () => {
    fc.assert(
      fc.property(problem, fc.boolean(), (rows, eps) => {
        const { y, p } = build(rows);
        const options = { normalize: true, eps: eps ? 1e-7 : ('none' as const) };
        const fused = scoreProbabilityRows(y, p, options);
        expect(fused.loss).toEqual(crossEntropy(y, p, options));
        expect(fused.brier).toEqual(brierScore(y, p, options));
        expect(fused.error).toEqual(errorRate(y, p));
        if (fused.loss.normalizedRows === 0) expect(Array.from(fused.trueClassProbability)).toEqual(Array.from(y, (label, i) => p.data[i * p.cols + label]));
        // Without normalize, valid rows take the one-pass path and off rows throw as crossEntropy does.
        const strict = { eps: options.eps };
        if (fused.loss.normalizedRows === 0) {
          const single = scoreProbabilityRows(y, p, strict);
          expect([single.loss, single.brier, single.error]).toEqual([crossEntropy(y, p, strict), brierScore(y, p), errorRate(y, p)]);
        } else {
          expect(() => scoreProbabilityRows(y, p, strict)).toThrow(/do not sum to 1/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('throws the errors crossEntropy throws', () => {
    const p = matrixFromRows([
      [0.5, 0.4],
      [0.2, 0.8],
    ]);
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof CoreError ? `${e.code}: ${e.message}` : String(e);
      }
      return undefined;
    };
    for (const [y, m] of [
      [[0, 1], p],
      [[0, 2], p],
      [[0], p],
      [
        [0, 1],
        matrixFromRows([
          [0.5, NaN],
          [1.2, -0.2],
        ]),
      ],
    ] as const) {
      expect(codeOf(() => scoreProbabilityRows(y, m))).toBe(codeOf(() => crossEntropy(y, m)));
      expect(codeOf(() => scoreProbabilityRows(y, m))).toBeDefined();
    }
  });

  it('reads a RowView in place with the same bits as its dense copy, and throws the same errors', () => {
    /** The rows inside a wider store: `before` junk entries ahead of each row, `after` behind it. */
    const embed = (p: Matrix, before: number, after: number): RowView => {
      const stride = before + p.cols + after;
      const store = new Float64Array(before + p.rows * stride).fill(7);
      for (let i = 0; i < p.rows; i++) store.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), before + i * stride);
      return { store, rows: p.rows, cols: p.cols, stride, offset: before };
    };
    fc.assert(
      fc.property(problem, fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (rows, normalize, before, after) => {
        const { y, p } = build(rows);
        const view = embed(p, before, after);
        expect(denseMatrix(view)).toEqual(p);
        const options = { normalize, eps: 1e-7 };
        const run = (m: Matrix | RowView): unknown => {
          try {
            return scoreProbabilityRows(y, m, options);
          } catch (e) {
            return e instanceof CoreError ? `${e.code}: ${e.message}` : e;
          }
        };
        expect(run(view)).toEqual(run(p));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a RowView whose rows do not fit its store', () => {
    const view: RowView = { store: new Float64Array(5), rows: 2, cols: 2, stride: 3, offset: 1 };
    expect(() => scoreProbabilityRows([0, 1], view)).toThrow(/do not fit 5 entries/);
    expect(() => denseMatrix({ ...view, stride: 1 })).toThrow(CoreError);
  });
});
