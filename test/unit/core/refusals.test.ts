// The core's refusals as values are its checks' own rule: every function that returns the rows a
// check would refuse names exactly the rows, values and words that check throws (or leaves out).
import { describe, expect, it } from 'vitest';
import {
  binaryLabelRefusals,
  binaryZeroOne,
  classIndexRefusals,
  CoreError,
  encodeLabels,
  entryMessage,
  labelsInClasses,
  LossAccumulator,
  negativeRefusals,
  nonFiniteRefusals,
  prepareProbabilityRows,
  probabilityRowRefusals,
  refusalMessage,
  rejectionError,
  rejectionRefusal,
  requireClassIndices,
  rowBatch,
  rowRejections,
  weightRefusals,
} from '../../../src/core';
import type { Matrix, RejectedRow, RowRefusal } from '../../../src/core';
import { seededRandom } from './seededRandom';

function thrown(run: () => unknown): CoreError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  return undefined;
}

/** Rows of `width` values, mostly fine probabilities, some broken in every way the checks know. */
function messyRows(rows: number, width: number, seed: number): Matrix {
  const rnd = seededRandom(seed);
  const data = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let k = 0; k < width; k++) sum += data[i * width + k] = rnd() + 0.01;
    for (let k = 0; k < width; k++) data[i * width + k]! /= sum;
    const at = i * width + Math.floor(rnd() * width);
    const spoil = rnd();
    if (spoil < 0.05) data[at] = Number.NaN;
    else if (spoil < 0.1) data[at] = rnd() < 0.5 ? Infinity : -Infinity;
    else if (spoil < 0.15) data[at] = 1 + rnd();
    else if (spoil < 0.2) data[at] = -rnd();
    else if (spoil < 0.25) data[at]! += 0.01;
    else if (spoil < 0.28) data.fill(0, i * width, (i + 1) * width);
    else if (spoil < 0.31) for (let k = 0; k < width; k++) data[i * width + k]! *= 100;
  }
  return { data, rows, cols: width };
}

const codes = (refusals: readonly RowRefusal[], code: string): RowRefusal[] => refusals.filter((r) => r.code === code);

describe('the accumulator’s row rule as values', () => {
  for (const kind of ['probabilities', 'logits'] as const) {
    for (const normalize of [false, true]) {
      for (const width of [1, 3]) {
        it(`rowRejections names the rows addLabelled leaves out (${kind}, width ${width}, normalize ${normalize})`, () => {
          const p = messyRows(300, width, 7 + width);
          const rule = { kind, normalize, rowSumTolerance: 1e-6 };
          const left: RejectedRow[] = [];
          const accumulator = new LossAccumulator({ ...rule, eps: 0 });
          accumulator.addLabelled(
            rowBatch(p),
            new Int32Array(p.rows),
            (id) => id,
            0,
            (row, rejection) => void left.push({ row, rejection }),
          );
          expect(rowRejections(rowBatch(p), rule)).toEqual(left);
          expect(left.length).toBeGreaterThan(0);
        });
      }
    }
  }

  it('rowRejections names the rows addTargets leaves out, targets included', () => {
    const p = messyRows(200, 3, 3);
    const t = messyRows(200, 3, 4);
    for (let i = 0; i < t.data.length; i++) if (!(t.data[i]! >= 0 && t.data[i]! <= 1) || Number.isNaN(t.data[i]!)) t.data[i] = Number.isFinite(t.data[i]!) ? 0.5 : t.data[i]!;
    for (const normalize of [false, true]) {
      const rule = { kind: 'probabilities' as const, normalize, rowSumTolerance: 1e-6 };
      const left: RejectedRow[] = [];
      const accumulator = new LossAccumulator({ ...rule, eps: 0 });
      // The rows it keeps may still be refused as target rows (thrown by the soft losses).
      thrown(() => accumulator.addTargets(rowBatch(p), rowBatch(t), undefined, 0, (row, rejection) => void left.push({ row, rejection })));
      const named = rowRejections(rowBatch(p), rule, rowBatch(t));
      expect(named).toEqual(left);
      expect(named.some((r) => r.rejection.reason === 'missing-target')).toBe(true);
    }
  });

  it('rejectionRefusal gives one row the words and code rejectionError gives it', () => {
    const p = messyRows(300, 3, 11);
    for (const normalize of [false, true]) {
      for (const r of rowRejections(rowBatch(p), { kind: 'probabilities', normalize, rowSumTolerance: 2e-6 })) {
        const error = rejectionError([r], 'probabilities', 2e-6, normalize);
        const refusal = rejectionRefusal(r, 'probabilities', 2e-6, normalize);
        expect([refusal.code, refusal.row, refusalMessage(refusal)]).toEqual([error.code, error.rows[0], entryMessage(error, 0)]);
        expect(refusal.column).toBe(error.column);
      }
    }
  });
});

describe('probability rows as values', () => {
  for (const normalize of [false, true]) {
    it(`probabilityRowRefusals names the rows prepareProbabilityRows throws for, first reason first (normalize ${normalize})`, () => {
      let matrix = messyRows(400, 3, normalize ? 21 : 22);
      for (let round = 0; round < 6; round++) {
        const refusals = probabilityRowRefusals(matrix, { normalize, what: 'P values', rowSumTolerance: 1e-6 });
        const error = thrown(() => prepareProbabilityRows(matrix, { normalize, what: 'P values', rowSumTolerance: 1e-6 }));
        if (refusals.length === 0) {
          expect(error).toBeUndefined();
          return;
        }
        const same = codes(refusals, error!.code);
        expect(same.length).toBeGreaterThan(0);
        expect(error!.rows).toEqual(same.map((r) => r.row));
        expect(entryMessage(error!, 0)).toBe(refusalMessage(same[0]!));
        // Without those rows the next reason is thrown, until none is left.
        const gone = new Set(same.map((r) => r.row));
        const keep = Array.from({ length: matrix.rows }, (_, i) => i).filter((i) => !gone.has(i));
        const data = new Float64Array(keep.length * matrix.cols);
        keep.forEach((i, r) => data.set(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols), r * matrix.cols));
        matrix = { data, rows: keep.length, cols: matrix.cols };
      }
      throw new Error('more reasons than the checks know');
    });
  }
});

describe('labels, indices, weights as values', () => {
  it('labelsInClasses names the labels encodeLabels refuses, compared as it compares them', () => {
    const labels = ['1.0', '2', 'x', '3', '2'];
    const error = thrown(() => encodeLabels(labels, ['1', '2']))!;
    const { refusals, indices } = labelsInClasses(labels, ['1', '2']);
    expect(refusals.map((r) => r.row)).toEqual(error.rows);
    expect(refusals.map(refusalMessage)).toEqual(error.rows.map((_, k) => entryMessage(error, k)));
    expect(Array.from(indices)).toEqual([-1, 1, -1, -1, 1]);
    // All numeric: "1.0" is class 1.
    expect(labelsInClasses(['1.0', '2'], ['1', '2']).refusals).toEqual([]);
  });

  it('the class-index, binary-label, finite and non-negative refusals are the rows their checks throw for', () => {
    const y = [0, 1, 2, -1, 0.5, Number.NaN];
    expect(binaryLabelRefusals(y, 'the fit').map((r) => r.row)).toEqual(thrown(() => binaryZeroOne(y, 'the fit'))!.rows);
    expect(classIndexRefusals(y, 2, 'the fit').map((r) => r.row)).toEqual(thrown(() => requireClassIndices(y, 2, 'the fit'))!.rows);
    expect(binaryLabelRefusals([0, 1, 1], 'the fit')).toEqual([]);
    expect(classIndexRefusals([0, 1, 1], 2, 'the fit')).toEqual([]);
    const w = [1, -2, Number.NaN, -Infinity, 3];
    expect(nonFiniteRefusals(w, 1, 'sample weights').map((r) => [r.row, r.column])).toEqual([
      [2, 0],
      [3, 0],
    ]);
    expect(negativeRefusals(w, 1, 'sample weights').map((r) => r.row)).toEqual([1, 3]);
    expect(weightRefusals(w, 1, 'sample weights').map((r) => [r.code, r.row])).toEqual([
      ['negativeWeight', 1],
      ['nonFinite', 2],
      ['nonFinite', 3],
    ]);
    expect(refusalMessage(weightRefusals(w, 1, 'sample weights')[0]!)).toBe('-2 is negative (sample weights must be 0 or more)');
  });
});
