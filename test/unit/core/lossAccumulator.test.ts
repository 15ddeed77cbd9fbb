// The core's LossAccumulator, the one scoring road: any batching, any merge of parts, column or
// row-major batches, known or late class mapping all give the same bits as the core's kernels;
// rows it cannot score are values with their reason, never thrown.
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyFromLogits,
  brierScore,
  columnBatch,
  crossEntropy,
  crossEntropyFromLogits,
  DEFAULT_EPSILON,
  errorRate,
  labelledTotals,
  leftOutLabels,
  LossAccumulator,
  matrixFromRows,
  mergeLossSums,
  rejectionError,
  rowBatch,
  softCrossEntropy,
  targetTotals,
} from '../../../src/core';
import type { LossAccumulatorOptions, LossSums, Matrix, RejectedRow } from '../../../src/core';
import { seededRandom } from './seededRandom';

const PROBABILITIES: LossAccumulatorOptions = { kind: 'probabilities', eps: DEFAULT_EPSILON, normalize: false, rowSumTolerance: 1e-6 };

/** n rows of k probabilities summing to 1 (the last absorbs the rounding), and labels in [0, k). */
function probabilityRows(n: number, k: number, seed: number): { p: Matrix; y: Int32Array } {
  const random = seededRandom(seed);
  const data = new Float64Array(n * k);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = random() ** 3;
      data[i * k + j] = v;
      sum += v;
    }
    let rest = 1;
    for (let j = 0; j < k - 1; j++) {
      data[i * k + j] = data[i * k + j]! / sum;
      rest -= data[i * k + j]!;
    }
    data[i * k + k - 1] = Math.max(0, rest);
    y[i] = Math.floor(random() * k);
  }
  return { p: { data, rows: n, cols: k }, y };
}

function rowsOf(m: Matrix, from: number, to: number): Matrix {
  return { data: m.data.subarray(from * m.cols, to * m.cols), rows: to - from, cols: m.cols };
}

const identity = (k: number): number[] => Array.from({ length: k }, (_, j) => j);
const noRejections = (): never => {
  throw new Error('no row should be rejected');
};

describe('LossAccumulator', () => {
  const { p, y } = probabilityRows(5000, 7, 11);

  it('gives the kernels’ numbers: crossEntropy, brierScore and errorRate on the same rows, per row and in total', () => {
    const acc = new LossAccumulator({ ...PROBABILITIES, perRowLoss: 'float64', perRowDetail: true, rows: p.rows });
    acc.addLabelled(rowBatch(p), y, (id) => id, 0, noRejections);
    const totals = labelledTotals(acc.sums(), identity(7));
    const ce = crossEntropy(y, p);
    expect(totals.n).toBe(5000);
    expect(totals.meanNats).toBe(ce.meanNats);
    expect(totals.sumNats).toBe(ce.sumNats);
    expect(totals.brier).toBe(brierScore(y, p).mean);
    expect(totals.errorRate).toBe(errorRate(y, p).errorRate);
    expect(Array.from(acc.sums().perRow!)).toEqual(Array.from(ce.rowLossNats));
    expect(acc.sums().trueProbability![3]).toBe(p.data[3 * 7 + y[3]!]);
  });

  it('gives the same bits for any batching, one array per column or row-major, and for two parts merged', () => {
    const one = new LossAccumulator(PROBABILITIES);
    one.addLabelled(rowBatch(p), y, (id) => id, 0, noRejections);
    const expected = labelledTotals(one.sums(), identity(7));

    const random = seededRandom(5);
    const batched = new LossAccumulator(PROBABILITIES);
    for (let from = 0; from < p.rows; ) {
      const to = Math.min(p.rows, from + 1 + Math.floor(random() * 700));
      const part = rowsOf(p, from, to);
      // Every other batch as one array per column, as a stream's reader hands them over.
      const columns = identity(7).map((k) => Float64Array.from({ length: part.rows }, (_, i) => part.data[i * 7 + k]!));
      const batch = from % 2 === 0 ? rowBatch(part) : columnBatch(columns, part.rows);
      batched.addLabelled(batch, y.subarray(from, to), (id) => id, from, noRejections);
      from = to;
    }
    expect(labelledTotals(batched.sums(), identity(7))).toEqual(expected);

    const split = 2345;
    const first = new LossAccumulator(PROBABILITIES);
    first.addLabelled(rowBatch(rowsOf(p, 0, split)), y.subarray(0, split), (id) => id, 0, noRejections);
    const second = new LossAccumulator(PROBABILITIES);
    second.addLabelled(rowBatch(rowsOf(p, split, p.rows)), y.subarray(split), (id) => id, 0, noRejections);
    const merged = mergeLossSums(first.sums(), second.sums(), identity(7), 7, split, p.rows - split);
    expect(labelledTotals(merged, identity(7))).toEqual(expected);
  });

  it('keeps every candidate column per label when the class order is decided later, and picks the known one’s numbers', () => {
    // Labels as ids of their first appearance; the true column of id j is decided at the end.
    const order = [4, 0, 6, 2, 1, 5, 3];
    const ids = Int32Array.from(y, (label) => order.indexOf(label));
    const late = new LossAccumulator(PROBABILITIES);
    late.addLabelled(rowBatch(p), ids, undefined, 0, noRejections);
    const known = new LossAccumulator(PROBABILITIES);
    known.addLabelled(rowBatch(p), y, (id) => id, 0, noRejections);
    const lateTotals = labelledTotals(late.sums(), order);
    const knownTotals = labelledTotals(known.sums(), identity(7));
    expect(lateTotals.sumNats).toBe(knownTotals.sumNats);
    expect(lateTotals.errors).toBe(knownTotals.errors);
    expect(lateTotals.clippedRows).toBe(knownTotals.clippedRows);
    // The Brier score from prefix and suffix sums of squares: the same terms grouped otherwise.
    expect(Math.abs(lateTotals.brier - knownTotals.brier)).toBeLessThan(1e-15);
    // A label whose column is not among the classes is left out, with its rows counted.
    const withoutLast = order.map((k, id) => (id === 6 ? -1 : k));
    expect(leftOutLabels(late.sums(), withoutLast)).toEqual([{ id: 6, count: late.sums().count[6] }]);
    expect(labelledTotals(late.sums(), withoutLast).n).toBe(5000 - late.sums().count[6]!);
  });

  it('binary: one column of P(positive) or its logit against 0/1, as the kernels (the logit never through a probability)', () => {
    const random = seededRandom(3);
    const s = Float64Array.from({ length: 2000 }, () => (random() - 0.5) * 60);
    const labels = Int32Array.from(s, () => (random() < 0.5 ? 1 : 0));
    const logits = new LossAccumulator({ ...PROBABILITIES, kind: 'logits', eps: 0 });
    logits.addLabelled(columnBatch([s], s.length), labels, (id) => id, 0, noRejections);
    const totals = labelledTotals(logits.sums(), [0, 1]);
    expect(totals.sumNats).toBe(binaryCrossEntropyFromLogits(labels, s).sumNats);
    const far = new LossAccumulator({ ...PROBABILITIES, kind: 'logits', eps: 0 });
    far.addLabelled(columnBatch([[-1000]], 1), Int32Array.of(1), (id) => id, 0, noRejections);
    expect(labelledTotals(far.sums(), [0, 1]).sumNats).toBe(1000);
  });

  it('multi-class logits: (S, S, −S) costs ln 2 to the last bit for every S from 40 to 1e300, as crossEntropyFromLogits', () => {
    for (const S of [40, 1e3, 1e12, 1e15, 1e16, 1e100, 1e300]) {
      const acc = new LossAccumulator({ ...PROBABILITIES, kind: 'logits', eps: 0 });
      acc.addLabelled(rowBatch(matrixFromRows([[S, S, -S]])), Int32Array.of(1), (id) => id, 0, noRejections);
      expect(labelledTotals(acc.sums(), identity(3)).sumNats).toBe(Math.LN2);
    }
    const random = seededRandom(8);
    const x = matrixFromRows(Array.from({ length: 300 }, () => [random() * 40, random() * -40, random() * 4]));
    const labels = Int32Array.from({ length: 300 }, (_, i) => i % 3);
    const acc = new LossAccumulator({ ...PROBABILITIES, kind: 'logits', eps: 0 });
    acc.addLabelled(rowBatch(x), labels, (id) => id, 0, noRejections);
    expect(labelledTotals(acc.sums(), identity(3)).sumNats).toBe(crossEntropyFromLogits(labels, x).sumNats);
  });

  it('leaves out the rows it cannot score, each with its reason and column, and scores the rest', () => {
    const rows = matrixFromRows([
      [0.2, 0.8],
      [Number.NaN, 0.5],
      [0.3, Infinity],
      [1.2, -0.2],
      [0.5, 0.4],
      [0.6, 0.4],
    ]);
    const rejected: RejectedRow[] = [];
    const acc = new LossAccumulator(PROBABILITIES);
    acc.addLabelled(
      rowBatch(rows),
      Int32Array.of(1, 0, 0, 1, 0, 0),
      (id) => id,
      0,
      (row, rejection) => void rejected.push({ row, rejection }),
    );
    expect(rejected).toEqual([
      { row: 1, rejection: { reason: 'missing', column: 0 } },
      { row: 2, rejection: { reason: 'not-finite', column: 1, value: Infinity } },
      { row: 3, rejection: { reason: 'out-of-range', column: 0, value: 1.2 } },
      { row: 4, rejection: { reason: 'row-sum', sum: 0.9 } },
    ]);
    const totals = labelledTotals(acc.sums(), [0, 1]);
    expect(totals.n).toBe(2);
    expect(totals.sumNats).toBe(-Math.log(0.8) - Math.log(0.6));
    const error = rejectionError(rejected, 'probabilities', 1e-6, false);
    expect(error.code).toBe('nonFinite');
    expect(error.rows).toEqual([1]);
  });

  it('normalize: rows on any non-negative scale (percentages) are divided by their sum; a zero row is rejected', () => {
    const percent = matrixFromRows([
      [20, 30, 50],
      [0, 0, 0],
      [10, 60, 30],
    ]);
    const rejected: RejectedRow[] = [];
    const acc = new LossAccumulator({ ...PROBABILITIES, normalize: true, perRowDetail: true, rows: 3 });
    acc.addLabelled(
      rowBatch(percent),
      Int32Array.of(2, 0, 1),
      (id) => id,
      0,
      (row, rejection) => void rejected.push({ row, rejection }),
    );
    expect(rejected).toEqual([{ row: 1, rejection: { reason: 'zero-sum' } }]);
    const totals = labelledTotals(acc.sums(), identity(3));
    expect(totals.normalizedRows).toBe(2);
    expect(totals.sumNats).toBe(-Math.log(50 / 100) - Math.log(60 / 100));
    expect(acc.sums().trueProbability![2]).toBe(0.6);
    expect(acc.sums().predictedClass![1]).toBe(-1);
    expect(totals.sumNats).toBe(
      crossEntropy(
        Int32Array.of(2, 1),
        matrixFromRows([
          [20, 30, 50],
          [10, 60, 30],
        ]),
        { normalize: true },
      ).sumNats,
    );
  });

  it('soft targets: softCrossEntropy’s numbers, in any batching, merged pair to pair', () => {
    const { p: t } = probabilityRows(1000, 4, 21);
    const { p: q } = probabilityRows(1000, 4, 22);
    const whole = new LossAccumulator(PROBABILITIES);
    whole.addTargets(rowBatch(q), rowBatch(t), undefined, 0, noRejections);
    expect(targetTotals(whole.sums()).sumNats).toBe(softCrossEntropy(t, q).sumNats);
    const parts: LossSums[] = [0, 1].map((h) => {
      const acc = new LossAccumulator(PROBABILITIES);
      acc.addTargets(rowBatch(rowsOf(q, h * 400, h === 0 ? 400 : 1000)), rowBatch(rowsOf(t, h * 400, h === 0 ? 400 : 1000)), undefined, 0, noRejections);
      return acc.sums();
    });
    expect(targetTotals(mergeLossSums(parts[0]!, parts[1]!, [], 0, 400, 600))).toEqual(targetTotals(whole.sums()));
  });

  it('sample weights: an integer weight equals repeating the row, in one pass or two parts merged', () => {
    const { p: rows, y: labels } = probabilityRows(400, 4, 31);
    const weights = Float64Array.from({ length: 400 }, (_, i) => (i % 3) + 1);
    const repeated: number[][] = [];
    const repeatedLabels: number[] = [];
    for (let i = 0; i < 400; i++)
      for (let r = 0; r < weights[i]!; r++) {
        repeated.push(Array.from(rows.data.subarray(i * 4, i * 4 + 4)));
        repeatedLabels.push(labels[i]!);
      }
    const weighted = new LossAccumulator(PROBABILITIES);
    weighted.addLabelled(rowBatch(rows), labels, (id) => id, 0, noRejections, weights);
    const copies = new LossAccumulator(PROBABILITIES);
    copies.addLabelled(rowBatch(matrixFromRows(repeated)), Int32Array.from(repeatedLabels), (id) => id, 0, noRejections);
    const a = labelledTotals(weighted.sums(), identity(4));
    const b = labelledTotals(copies.sums(), identity(4));
    expect(Math.abs(a.meanNats - b.meanNats)).toBeLessThan(1e-15 * b.meanNats);
    expect(Math.abs(a.brier - b.brier)).toBeLessThan(1e-15);
    expect(a.errorRate).toBe(b.errorRate);
    expect(a.weightTotal).toBe(b.n);
    const first = new LossAccumulator(PROBABILITIES);
    first.addLabelled(rowBatch(rowsOf(rows, 0, 150)), labels.subarray(0, 150), (id) => id, 0, noRejections, weights.subarray(0, 150));
    const second = new LossAccumulator(PROBABILITIES);
    second.addLabelled(rowBatch(rowsOf(rows, 150, 400)), labels.subarray(150), (id) => id, 0, noRejections, weights.subarray(150));
    expect(labelledTotals(mergeLossSums(first.sums(), second.sums(), identity(4), 4, 150, 250), identity(4))).toEqual(a);
  });

  it('refuses an ε outside [0, 0.5) when made, as the kernels do', () => {
    expect(() => new LossAccumulator({ ...PROBABILITIES, eps: 0.7 })).toThrow(/\[0, 0.5\)/);
  });
});
