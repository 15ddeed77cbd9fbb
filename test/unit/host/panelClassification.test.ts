// The panel's per-class section: the snapshot carries each model's confusion matrix and per-class
// report (scikit-learn's numbers on the realistic exports), linked to its rows when the classes are
// the snapshot's; the view sorts the classes and finds the rows of a confusion cell.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSnapshot } from '../../../src/host/panel/toSnapshot';
import { cellRows, sortedClasses } from '../../../src/webview/model/perClass';
import { analyzeFixture } from './realistic';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';

const REFERENCE = JSON.parse(readFileSync(join(__dirname, '../../fixtures/realistic/classification.json'), 'utf8')) as Record<
  string,
  { models: { confusion: number[][]; rocAuc: number; averagePrecision: number; perClass: { class: string; support: number; meanLoss: number; precision: number; recall: number; f1: number }[] }[] }
>;

const snapshotOf = (file: string) => {
  const outcome = toSnapshot({ uri: { path: `/realistic/${file}` } as never, analysis: analyzeFixture(file) });
  if (!outcome.snapshot) throw new Error(outcome.hint);
  return outcome.snapshot;
};

describe('panel snapshot: per class', () => {
  it('iris-two-models.csv: each model’s confusion and per-class report are scikit-learn’s, linked to the rows', () => {
    const snapshot = snapshotOf('iris-two-models.csv');
    snapshot.models.forEach((model, m) => {
      const reference = REFERENCE['iris-two-models.csv']!.models[m]!;
      const c = model.classification!;
      expect(c.classes).toEqual(['setosa', 'versicolor', 'virginica']);
      expect(c.confusion).toEqual(reference.confusion);
      expect(c.rowsLinked).toBe(true);
      c.perClass.forEach((report, k) => {
        const r = reference.perClass[k]!;
        expect([report.class, report.support]).toEqual([r.class, r.support]);
        expect(Math.abs(report.precision - r.precision)).toBeLessThan(1e-15);
        expect(Math.abs(report.f1 - r.f1)).toBeLessThan(1e-15);
        expect(Math.abs(report.meanLossNats - r.meanLoss)).toBeLessThan(1e-13 * Math.max(1, r.meanLoss));
      });
    });
  });

  it('ROC AUC and average precision of each model are scikit-learn’s, with a curve per class from (0, 0) to (1, 1)', () => {
    const snapshot = snapshotOf('iris-two-models.csv');
    snapshot.models.forEach((model, m) => {
      const reference = REFERENCE['iris-two-models.csv']!.models[m]!;
      const c = model.classification!;
      expect(Math.abs(c.rocAuc! - reference.rocAuc)).toBeLessThan(1e-13);
      expect(Math.abs(c.averagePrecision! - reference.averagePrecision)).toBeLessThan(1e-13);
      expect(c.curves.map((curve) => curve.class)).toEqual(['setosa', 'versicolor', 'virginica']);
      for (const curve of c.curves) {
        expect([curve.roc.x[0], curve.roc.y[0], curve.roc.x.at(-1), curve.roc.y.at(-1)]).toEqual([0, 0, 1, 1]);
        expect(curve.pr.x.at(-1)).toBe(1);
      }
    });
    const binary = snapshotOf('breast-cancer-proba.csv').models[0]!.classification!;
    const cancer = REFERENCE['breast-cancer-proba.csv']!.models[0]!;
    expect(binary.curves).toHaveLength(1);
    expect(Math.abs(binary.rocAuc! - cancer.rocAuc)).toBeLessThan(1e-13);
  });

  it('a confusion cell’s rows are the rows of that true and predicted class, as many as it counts', () => {
    const snapshot = snapshotOf('iris-two-models.csv');
    const model = snapshot.models[0]!;
    const c = model.classification!;
    for (let truth = 0; truth < 3; truth++) {
      for (let predicted = 0; predicted < 3; predicted++) {
        const rows = cellRows(snapshot, model, truth, predicted);
        expect(rows.length).toBe(c.confusion[truth]![predicted]);
        for (const row of rows) expect([snapshot.labelIndex[row], model.predictedClass[row]]).toEqual([truth, predicted]);
      }
    }
  });

  it('digits-names-classes.jsonl: the reliability curve is calibration_curve’s 15 uniform bins of the top label, with its ECE', () => {
    const reference = (
      JSON.parse(readFileSync(join(__dirname, '../../fixtures/realistic/classification.json'), 'utf8')) as Record<string, { models: { calibration: { counts: number[]; ece: number; mce: number } }[] }>
    )['digits-names-classes.jsonl']!.models[0]!.calibration;
    const calibration = snapshotOf('digits-names-classes.jsonl').models[0]!.calibration!;
    expect(calibration.mode).toBe('topLabel');
    expect(calibration.bins.map((bin) => bin.count)).toEqual(reference.counts);
    expect(Math.abs(calibration.ece - reference.ece)).toBeLessThan(1e-13);
    expect(Math.abs(calibration.mce - reference.mce)).toBeLessThan(1e-13);
    const binary = snapshotOf('breast-cancer-proba.csv').models[0]!.calibration!;
    expect([binary.mode, binary.positive]).toEqual(['binary', 'benign']);
  });

  it('sorts classes by any column, ties in class order, a class without rows last by loss', () => {
    const reports = [
      { class: 'a', support: 5, meanLossNats: 0.2, precision: 1, recall: 0.5, f1: 0.6 },
      { class: 'b', support: 0, meanLossNats: Number.NaN, precision: 0, recall: 0, f1: 0 },
      { class: 'c', support: 5, meanLossNats: 0.9, precision: 0.5, recall: 0.5, f1: 0.5 },
    ];
    expect(sortedClasses(reports, 'loss', true)).toEqual([2, 0, 1]);
    expect(sortedClasses(reports, 'support', true)).toEqual([0, 2, 1]);
    expect(sortedClasses(reports, 'class', true)).toEqual([2, 1, 0]);
    expect(sortedClasses(reports, 'recall', false)).toEqual([1, 0, 2]);
  });

  it('has no per-class section for target columns (samples/three-class-models.csv: one-hot targets, no label)', () => {
    const fileName = 'three-class-models.csv';
    const analysis = analyzeDocument(
      {
        type: 'analyze',
        id: 1,
        kind: 'analyze',
        source: { kind: 'document', uri: `file:///samples/${fileName}`, version: 1, fileName, languageId: 'csv', text: readFileSync(join(__dirname, '../../../samples', fileName), 'utf8') },
        options: { ...resolveAnalysisOptions({}), unit: 'nats' },
        cancelFlag: createCancelFlag(),
      },
      { isCancelled: () => false, progress: () => undefined },
    );
    const snapshot = toSnapshot({ uri: { path: `/samples/${fileName}` } as never, analysis }).snapshot!;
    expect(snapshot.models.length).toBe(2);
    expect(snapshot.models.map((model) => model.classification ?? null)).toEqual([null, null]);
  });
});
