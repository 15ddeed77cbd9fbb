// The core's refusals as a user reads them: sentences about the whole input without function
// names or 0-based row lists, and for each listed row an entry message with its value.
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryTargets,
  binaryCrossEntropyFromLogits,
  CoreError,
  crossEntropy,
  distributionEntropy,
  divergence,
  encodeLabels,
  entryMessage,
  fitLogistic,
  mapColumnsToClasses,
  rowEntropies,
  softCrossEntropy,
} from '../../../src/core';

function refusal(run: () => unknown): CoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
}

const matrix = (rows: number[][]) => ({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0]?.length ?? 0 });

describe('core refusals', () => {
  it('name a label outside the classes by its value, per row and for the whole input', () => {
    const error = refusal(() => encodeLabels(['cat', 'hrse', 'dog', 'cta'], ['cat', 'dog']));
    expect([error.code, error.rows, error.message]).toEqual(['labelNotInClasses', [1, 3], '2 labels are not among the classes cat, dog: "hrse", "cta"']);
    expect([entryMessage(error, 0), entryMessage(error, 1)]).toEqual(['label "hrse" is not among the classes cat, dog', 'label "cta" is not among the classes cat, dog']);
  });

  it('say what each refused value is wrong with, in words', () => {
    const cases: [() => unknown, string, string][] = [
      [() => crossEntropy([0], matrix([[0.5, 0.4]])), 'The probabilities do not sum to 1 (|sum − 1| > 1e-6) in 1 row: they sum to 0.9', 'the probabilities sum to 0.9, not 1 (|sum − 1| > 1e-6)'],
      [
        () =>
          crossEntropy(
            [0, 0],
            matrix([
              [0.2, 0.8],
              [1.2, -0.2],
            ]),
          ),
        'Probabilities must be within [0, 1]: 1 row holds 1.2',
        'probability 1.2 is outside [0, 1]',
      ],
      [() => distributionEntropy([1, -2]), 'Weights must be 0 or more: 1 row holds -2', '-2 is negative (weights must be 0 or more)'],
      [() => binaryCrossEntropy([0, 2], [0.5, 0.5]), 'Binary labels for the cross-entropy must be 0/1 or −1/+1: 1 row holds 2', 'label 2 is not 0/1 or −1/+1 (binary labels for the cross-entropy)'],
      [() => binaryCrossEntropyFromLogits([0, 1], [Infinity, 1]), 'Logits must be finite numbers: 1 row holds Infinity', 'Infinity is not a finite number (logits must be finite)'],
      [
        () =>
          crossEntropy(
            [0, 3],
            matrix([
              [0.5, 0.5],
              [0.5, 0.5],
            ]),
          ),
        'Class indices for the cross-entropy must be integers from 0 to 1: 1 row holds 3',
        'class index 3 is not an integer from 0 to 1 (the cross-entropy)',
      ],
    ];
    for (const [run, message, entry] of cases) {
      const error = refusal(run);
      expect([error.message, entryMessage(error, 0)]).toEqual([message, entry]);
    }
  });

  it('never start with a function name or list 0-based rows', () => {
    const refusals = [
      () => crossEntropy([], matrix([])),
      () => crossEntropy([0, 1], matrix([[1, 0]])),
      () => softCrossEntropy(matrix([[1, 0]]), matrix([[1, 0, 0]])),
      () => rowEntropies({ data: new Float64Array(3), rows: 2, cols: 2 }),
      () => divergence([0, 0], [1, 1]),
      () => distributionEntropy([0, 0]),
      () => fitLogistic(matrix([[1], [2]]), [0, 1], { C: -1 }),
      () => mapColumnsToClasses(['p_a', 'p_b', 'p_c'], ['x', 'y']),
      () =>
        crossEntropy(
          [0, 0, 0],
          matrix([
            [0.5, 0.4],
            [1, 0],
            [0.3, 0.3],
          ]),
        ),
    ];
    for (const run of refusals) {
      const { message } = refusal(run);
      expect(message).not.toMatch(/^[a-z]+[A-Z][A-Za-z]*:/);
      expect(message).not.toMatch(/rows? \d/);
      expect(message).toMatch(/^[A-Z0-9]/);
    }
  });

  it('refuse a positive label that is not one of the labels, naming both', () => {
    const error = refusal(() => binaryTargets(['no', 'yes', 'no'], 'Yes'));
    expect([error.code, error.message, error.values]).toEqual(['unknownPositiveLabel', 'The positive label "Yes" is not one of the labels (no, yes); did you mean "yes"?', ['Yes']]);
    expect(refusal(() => binaryTargets(['0', '1'], 7)).message).toBe('The positive label "7" is not one of the labels (0, 1)');
  });

  it('accept a positive label the labels imply (0/1 or ±1 with one class present) or nothing to check against', () => {
    expect(Array.from(binaryTargets(['0', '0'], '1').y)).toEqual([0, 0]);
    expect(Array.from(binaryTargets([-1, -1], 1).y)).toEqual([0, 0]);
    expect(binaryTargets([], 'x').positive).toBe('x');
    expect(Array.from(binaryTargets(['cat', 'dog', 'cow'], 'dog').y)).toEqual([0, 1, 0]);
  });
});
