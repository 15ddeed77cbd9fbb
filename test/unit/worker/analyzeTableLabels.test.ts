// The worker's label column, read as codes (Table.labelCodes) rather than a string per row: the
// classes, each row's true class and the row table's labels are what the core's rule gives.
import { describe, expect, it } from 'vitest';
import { RowStatus } from '../../../src/protocol/analysis';
import type { AnalysisKind, ColumnChoice } from '../../../src/protocol/analysis';
import type { AnalysisOptions } from '../../../src/protocol/worker';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';

const OPTIONS: AnalysisOptions = resolveAnalysisOptions({}); // the documented defaults: nats, scikit-learn's ε, C = 1
/** Relative tolerance: means of three logs, near machine precision. */
const REL = 1e-15;

function analyze(text: string, kind: AnalysisKind, columns: ColumnChoice) {
  return analyzeDocument(
    {
      type: 'analyze',
      id: 1,
      kind,
      source: { kind: 'document', uri: 'file:///labels.csv', version: 1, fileName: 'labels.csv', languageId: 'csv', text },
      columns,
      options: OPTIONS,
      cancelFlag: createCancelFlag(),
    },
    { isCancelled: () => false, progress: () => undefined },
  );
}

const abc: ColumnChoice = { label: 'y', models: [{ name: 'p', kind: 'probabilities', columns: ['a', 'b', 'c'] }] };

describe('analyzeDocument label columns', () => {
  it('maps columns a, b, c to labels 1, 2, 10 in numeric order (numpy.unique), not as text', () => {
    const result = analyze('y,a,b,c\n10,0.1,0.2,0.7\n2,0.2,0.5,0.3\n1,0.6,0.3,0.1\n', 'crossEntropy', abc);
    expect(result.rows.classes).toEqual(['1', '2', '10']);
    expect(Array.from(result.rows.trueClass)).toEqual([2, 1, 0]);
    const expected = -(Math.log(0.7) + Math.log(0.5) + Math.log(0.6)) / 3;
    expect(Math.abs(result.models[0]!.meanLossNats - expected)).toBeLessThanOrEqual(REL * expected);
  });

  it('keeps "01" and "1" one class, and each spelling as the row\'s label text', () => {
    const result = analyze('y,a,b\n01,0.9,0.1\n1,0.8,0.2\n2,0.3,0.7\n', 'crossEntropy', { label: 'y', models: [{ name: 'p', kind: 'probabilities', columns: ['a', 'b'] }] });
    expect(result.rows.classes).toEqual(['1', '2']);
    expect(Array.from(result.rows.trueClass)).toEqual([0, 0, 1]);
    expect(result.rows.labels).toEqual(['01', '1', '2']);
    expect(result.rows.labelValues).toEqual(['01', '1', '2']);
    expect(result.entropy?.counts).toEqual([2, 1]);
  });

  it("leaves a missing label out of the scoring and out of the row table's label values", () => {
    const result = analyze('y,a,b,c\n10,0.1,0.2,0.7\nNA,0.2,0.5,0.3\n1,0.6,0.3,0.1\n2,0.1,0.8,0.1\n10,0.2,0.2,0.6\n', 'crossEntropy', abc);
    expect(result.rows.status[1]).toBe(RowStatus.problem);
    expect(result.rows.labelValues).toEqual(['10', '1', '2']);
    expect(Array.from(result.rows.labelCodes)).toEqual([0, -1, 1, 2, 0]);
    expect(result.rows.labels).toEqual(['10', '', '1', '2', '10']);
    expect(Array.from(result.rows.trueClass)).toEqual([2, -1, 0, 1, 2]);
    expect(result.models[0]!.n).toBe(4);
    expect(result.entropy?.classes).toEqual(['1', '2', '10']);
    expect(result.entropy?.counts).toEqual([1, 1, 2]);
  });

  it('reports a label that is not a class of the model at its cell and scores the rest', () => {
    const result = analyze('y,p_cat,p_dog\ncat,0.9,0.1\nhrse,0.5,0.5\ndog,0.2,0.8\n', 'crossEntropy', {
      label: 'y',
      models: [{ name: 'p', kind: 'probabilities', columns: ['p_cat', 'p_dog'] }],
    });
    const unknown = result.problems.filter((problem) => problem.code === 'unknown-label');
    expect(unknown.map((problem) => problem.row)).toEqual([1]);
    expect(result.rows.status[1]).toBe(RowStatus.problem);
    expect(result.rows.classes).toEqual(['cat', 'dog']);
    expect(result.models[0]!.n).toBe(2);
  });
});
