// Problems as the Problems panel shows them: a core refusal per offending row with its 1-based
// row, column and value, and every message on one line.
import { describe, expect, it } from 'vitest';
import { CoreError, encodeLabels } from '../../../src/core';
import { readTable } from '../../../src/data';
import { fileProblem, fromCoreError, fromDataProblem } from '../../../src/worker/problems';

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
});
