// Ranking, confusion, per-class and top-k metrics against scikit-learn (references written by
// scripts/reference/generate.py classification: scores with ties, a class never predicted).
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  classReports,
  DEFAULT_EPSILON,
  labelledClassLosses,
  labelledConfusion,
  labelledTopK,
  LossAccumulator,
  matrixFromRows,
  mergeLossSums,
  oneVsRestAveragePrecision,
  oneVsRestRocAuc,
  rocAuc,
  rowBatch,
} from '../../../src/core';
import type { LossSums, Matrix } from '../../../src/core';
import { expectAllClose, expectClose, loadReference } from './referenceFixtures';

interface Case {
  name: string;
  y: number[];
  p: number[] | number[][];
  rocAuc: number;
  averagePrecision: number;
  confusion: number[][];
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  classMeanLoss: number[];
  topK?: Record<string, number>;
}

const ref = loadReference<{ cases: Case[] }>('classification');
const binary = ref.cases.find((c) => c.name === 'binary-ties')!;
const multi = ref.cases.find((c) => c.name === 'four-classes')!;
const none = (): never => {
  throw new Error('no row should be rejected');
};

function accumulate(values: Matrix, labels: Int32Array, known: boolean, from = 0, to = values.rows): LossSums {
  const acc = new LossAccumulator({ kind: 'probabilities', eps: DEFAULT_EPSILON, normalize: false, rowSumTolerance: 2e-3, ranks: true });
  const part = { data: values.data.subarray(from * values.cols, to * values.cols), rows: to - from, cols: values.cols };
  acc.addLabelled(rowBatch(part), labels.subarray(from, to), known ? (id) => id : undefined, 0, none);
  return acc.sums();
}

describe('ranking metrics (scikit-learn roc_auc_score, average_precision_score)', () => {
  it('binary scores with ties: a tie counts half in ROC AUC; AP without interpolation', () => {
    const positive = binary.y.map((v) => v === 1);
    expectClose(rocAuc(positive, binary.p as number[]), binary.rocAuc, 1e-14);
    expectClose(averagePrecision(positive, binary.p as number[]), binary.averagePrecision, 1e-14);
    expect(rocAuc([true, false, true, false], [0.9, 0.8, 0.4, 0.3])).toBe(0.75);
    expect(averagePrecision([true, false, true, false], [0.9, 0.8, 0.4, 0.3])).toBeCloseTo(5 / 6, 15);
    expect(rocAuc([true, true], [0.2, 0.4])).toBeNaN();
  });

  it('four classes: the one-vs-rest macro means of roc_auc_score(multi_class="ovr") and the per-class average precisions', () => {
    const p = matrixFromRows(multi.p as number[][]);
    const auc = oneVsRestRocAuc(multi.y, p);
    const ap = oneVsRestAveragePrecision(multi.y, p);
    expectClose(auc.reduce((a, b) => a + b, 0) / auc.length, multi.rocAuc, 1e-14);
    expectClose(ap.reduce((a, b) => a + b, 0) / ap.length, multi.averagePrecision, 1e-14);
  });
});

describe('confusion, per class and top-k from the accumulator', () => {
  const p = matrixFromRows(multi.p as number[][]);
  const labels = Int32Array.from(multi.y);

  it('confusion_matrix of the argmax, precision_recall_fscore_support(zero_division=0) for a class never predicted, per-class mean log loss', () => {
    const sums = accumulate(p, labels, true);
    const confusion = labelledConfusion(sums, [0, 1, 2, 3]);
    expect(confusion).toEqual(multi.confusion);
    const reports = classReports(confusion);
    expect(reports.map((r) => r.support)).toEqual(multi.support);
    expectAllClose(
      reports.map((r) => r.precision),
      multi.precision,
      1e-15,
    );
    expectAllClose(
      reports.map((r) => r.recall),
      multi.recall,
      1e-15,
    );
    expectAllClose(
      reports.map((r) => r.f1),
      multi.f1,
      1e-15,
    );
    expect(reports[3]!.precision).toBe(0);
    expectAllClose(labelledClassLosses(sums, [0, 1, 2, 3]).meanNats, multi.classMeanLoss, 1e-14);
  });

  it('top_k_accuracy_score for k = 1, 2, 3, known class order or decided at the end, in two parts merged', () => {
    const known = accumulate(p, labels, true);
    // Ids in order of first appearance; the true column of each id decided afterwards.
    const firstSeen = [...new Set(multi.y)];
    const ids = Int32Array.from(multi.y, (v) => firstSeen.indexOf(v));
    const late = accumulate(p, ids, false);
    for (const k of [1, 2, 3]) {
      expectClose(labelledTopK(known, [0, 1, 2, 3], k), multi.topK![String(k)]!, 1e-15);
      expectClose(labelledTopK(late, firstSeen, k), multi.topK![String(k)]!, 1e-15);
    }
    const merged = mergeLossSums(accumulate(p, labels, true, 0, 250), accumulate(p, labels, true, 250), [0, 1, 2, 3], 4, 250, 350);
    expect(labelledTopK(merged, [0, 1, 2, 3], 2)).toBe(labelledTopK(known, [0, 1, 2, 3], 2));
    expect(labelledConfusion(merged, [0, 1, 2, 3])).toEqual(multi.confusion);
  });

  it('binary: the confusion of p > 0.5 and its report', () => {
    const column = matrixFromRows((binary.p as number[]).map((v) => [v]));
    const acc = new LossAccumulator({ kind: 'probabilities', eps: DEFAULT_EPSILON, normalize: false, rowSumTolerance: 1e-6 });
    acc.addLabelled(rowBatch(column), Int32Array.from(binary.y), (id) => id, 0, none);
    const confusion = labelledConfusion(acc.sums(), [0, 1]);
    expect(confusion).toEqual(binary.confusion);
    expectAllClose(
      classReports(confusion).map((r) => r.f1),
      binary.f1,
      1e-15,
    );
    expectAllClose(labelledClassLosses(acc.sums(), [0, 1]).meanNats, binary.classMeanLoss, 1e-14);
    expect(labelledTopK(acc.sums(), [0, 1], 1)).toBe((binary.confusion[0]![0]! + binary.confusion[1]![1]!) / 500);
  });
});
