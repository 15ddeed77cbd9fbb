// Problems as the Problems panel shows them: a core refusal per offending row with its 1-based
// row, column and value, and every message on one line.
import { describe, expect, it } from 'vitest';
import { CoreError, encodeLabels } from '../../../src/core';
import { readTable } from '../../../src/data';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';
import { fileProblem, fromCoreError, fromDataProblem } from '../../../src/analysis/problems';

function refusal(run: () => unknown): CoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
  }
  throw new Error('expected a CoreError');
}

describe('worker problems', () => {
  it('turn a core refusal into one problem per row: 1-based row, column, value, no function name', () => {
    const table = readTable('label,p\ncat,0.2\nhrse,0.5\n', { fileName: 'a.csv' });
    const error = refusal(() => encodeLabels(['cat', 'hrse'], ['cat', 'dog']));
    const [problem] = fromCoreError(error, table, ['label'], [0, 1]);
    expect(problem).toMatchObject({
      code: 'core-labelNotInClasses',
      message: 'Row 2, column "label": label "hrse" is not among the classes cat, dog',
      row: 1,
      column: 'label',
      value: 'hrse',
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } },
    });
  });

  it('keep a message with a line break in a column name on one line', () => {
    const table = readTable('"a\nb",p\nx,0.5\n', { fileName: 'a.csv' });
    const problem = table.numbers('a\nb').problems[0]!;
    expect(fromDataProblem(problem).message).toBe('"x" in column "a\\nb" is not a number');
    expect(fileProblem('x', 'Column "c\rd"\u2028').message).toBe('Column "c\\rd"\\u2028');
  });

  it('name a chosen positive label that is not one of the labels instead of scoring one-vs-nothing', () => {
    const result = analyzeDocument(
      {
        type: 'analyze',
        id: 1,
        kind: 'crossEntropy',
        source: { kind: 'document', uri: 'file:///a.csv', version: 1, fileName: 'a.csv', languageId: 'csv', text: 'y,p\nno,0.8\nyes,0.3\n' },
        columns: { label: 'y', positiveLabel: 'Yes', models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] },
        options: resolveAnalysisOptions({}),
        cancelFlag: createCancelFlag(),
      },
      { isCancelled: () => false, progress: () => undefined },
    );
    expect(result.problems.map((p) => [p.code, p.message])).toContainEqual(['core-unknownPositiveLabel', 'The positive label "Yes" is not one of the labels (no, yes); did you mean "yes"?']);
  });
});
