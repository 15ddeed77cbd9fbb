// Edge cases of the core's contract: empty input, one class, p = 0 and 1, huge logits, NaN,
// ragged rows, rows not summing to 1, and the class / base helpers shared by the other layers.
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  binaryTargets,
  CoreError,
  crossEntropy,
  crossEntropyFromLogits,
  DEFAULT_EPSILON,
  distributionEntropy,
  divergence,
  encodeLabels,
  fromNats,
  fromNatsArray,
  isCoreError,
  labelEntropy,
  logSigmoid,
  logSoftmax,
  logSumExp,
  mapColumnsToClasses,
  matrixFromColumns,
  matrixFromRows,
  parseLogBase,
  prepareProbabilityRows,
  rowDivergences,
  rowEntropies,
  sigmoid,
  softCrossEntropy,
  softplus,
  sortClasses,
  unitOf,
} from '../../../src/core';

function thrown(f: () => unknown): CoreError {
  try {
    f();
  } catch (e) {
    if (isCoreError(e)) return e;
    throw e;
  }
  throw new Error('expected a CoreError');
}

describe('empty input is an error, not NaN', () => {
  it.each([
    ['labelEntropy', () => labelEntropy([])],
    ['distributionEntropy', () => distributionEntropy([])],
    ['rowEntropies', () => rowEntropies({ data: new Float64Array(0), rows: 0, cols: 2 })],
    ['binaryCrossEntropy', () => binaryCrossEntropy([], [])],
    ['crossEntropy', () => crossEntropy([], { data: new Float64Array(0), rows: 0, cols: 3 })],
    ['divergence', () => divergence([], [])],
  ])('%s throws emptyInput', (_name, f) => {
    expect(thrown(f).code).toBe('emptyInput');
  });
});

describe('one class', () => {
  it('has entropy 0 and one count', () => {
    const r = labelEntropy(['a', 'a', 'a']);
    expect(r).toMatchObject({ entropyNats: 0, n: 3, classes: ['a'], counts: [3] });
  });
  it('a single class 1 is the positive class; a single unconventional class needs one named', () => {
    expect(binaryTargets([1, 1]).positive).toBe(1);
    expect(Array.from(binaryTargets([0, 0]).y)).toEqual([0, 0]);
    expect(thrown(() => binaryTargets(['yes'])).code).toBe('ambiguousPositiveLabel');
    expect(Array.from(binaryTargets(['yes'], 'yes').y)).toEqual([1]);
  });
});

describe('probabilities of exactly 0 and 1', () => {
  it('are clipped at ε = 2.220446049250313e-16 by default, and counted', () => {
    const r = binaryCrossEntropy([1, 0, 1, 0], [0, 1, 1, 0]);
    expect(r.rowLossNats[0]).toBe(-Math.log(DEFAULT_EPSILON));
    expect(r.rowLossNats[1]).toBe(-Math.log(DEFAULT_EPSILON));
    expect(r.rowLossNats[2]).toBe(-Math.log(1 - DEFAULT_EPSILON));
    expect(r.clippedRows).toBe(4);
    expect(r.infiniteRows).toBe(0);
  });
  it("with eps 'none' a zero probability for the truth costs +Infinity, reported", () => {
    const r = binaryCrossEntropy([1, 1], [0, 0.5], { eps: 'none' });
    expect(r.rowLossNats[0]).toBe(Infinity);
    expect(r.meanNats).toBe(Infinity);
    expect(r.infiniteRows).toBe(1);
    expect(r.clippedRows).toBe(0);
    const m = crossEntropy([0], matrixFromRows([[0, 1]]), { eps: 'none' });
    expect(m.infiniteRows).toBe(1);
  });
  it('a soft target of 0 on a zero probability costs nothing (0 log 0 = 0)', () => {
    const r = softCrossEntropy(matrixFromRows([[1, 0]]), matrixFromRows([[1, 0]]), { eps: 'none' });
    expect(r.rowLossNats[0]).toBe(0);
  });
  it('rejects eps outside [0, 0.5)', () => {
    expect(thrown(() => binaryCrossEntropy([1], [0.5], { eps: 0.7 })).code).toBe('badOption');
  });
});

describe('huge logits stay exact', () => {
  it('s = −1000 with y = 1 costs exactly 1000 nats; s = 1000 costs 0', () => {
    const r = binaryCrossEntropyFromLogits([1, 1, 0], [-1000, 1000, 1000]);
    expect(Array.from(r.rowLossNats)).toEqual([1000, 0, 1000]);
    expect(softplus(1000)).toBe(1000);
    expect(logSigmoid(-1000)).toBe(-1000);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });
  it('multi-class logits 2000 apart give losses 0 and 2000', () => {
    const r = crossEntropyFromLogits(
      [0, 1],
      matrixFromRows([
        [1000, -1000],
        [1000, -1000],
      ]),
    );
    expect(Array.from(r.rowLossNats)).toEqual([0, 2000]);
    expect(Array.from(logSoftmax([0, -1000]))).toEqual([0, -1000]);
    expect(logSumExp([1e308, 1e308])).toBe(1e308 + Math.log(2));
    expect(logSumExp([])).toBe(-Infinity);
  });
});

describe('NaN and malformed input throw CoreError naming the rows', () => {
  it('NaN probabilities', () => {
    const e = thrown(() => binaryCrossEntropy([1, 0, 1], [0.5, NaN, 0.2]));
    expect(e.code).toBe('nonFinite');
    expect(e.rows).toEqual([1]);
  });
  it('NaN logits and NaN weights', () => {
    expect(
      thrown(() =>
        crossEntropyFromLogits(
          [0, 0],
          matrixFromRows([
            [1, 2],
            [NaN, 0],
          ]),
        ),
      ).rows,
    ).toEqual([1]);
    expect(thrown(() => distributionEntropy([1, NaN])).code).toBe('nonFinite');
  });
  it('probabilities outside [0, 1], with their values', () => {
    const e = thrown(() =>
      crossEntropy(
        [0, 1],
        matrixFromRows([
          [1.2, -0.2],
          [0.5, 0.5],
        ]),
      ),
    );
    expect(e.code).toBe('probabilityOutOfRange');
    expect(e.rows).toEqual([0]);
    expect(e.values).toEqual([1.2]);
  });
  it('ragged rows', () => {
    const e = thrown(() => matrixFromRows([[0.5, 0.5], [1], [0.2, 0.3, 0.5]]));
    expect(e.code).toBe('shapeMismatch');
    expect(e.rows).toEqual([1, 2]);
  });
  it('lengths that disagree and class indices out of range', () => {
    expect(thrown(() => binaryCrossEntropy([1, 0], [0.5])).code).toBe('lengthMismatch');
    expect(thrown(() => crossEntropy([3], matrixFromRows([[0.5, 0.5]]))).code).toBe('badLabel');
    expect(thrown(() => binaryCrossEntropy([2], [0.5])).code).toBe('badLabel');
    expect(thrown(() => binaryCrossEntropy([0, -1], [0.5, 0.5])).code).toBe('badLabel');
  });
  it('negative weights and all-zero distributions', () => {
    expect(thrown(() => divergence([1, -1], [1, 1])).code).toBe('negativeWeight');
    expect(thrown(() => divergence([0, 0], [1, 1])).code).toBe('zeroTotal');
  });
});

describe('rows that do not sum to 1 are never renormalised silently', () => {
  it('are an error naming the rows and their sums', () => {
    const e = thrown(() =>
      crossEntropy(
        [0, 0, 1],
        matrixFromRows([
          [0.5, 0.5],
          [0.5, 0.4],
          [0.7, 0.2],
        ]),
      ),
    );
    expect(e.code).toBe('rowSumNotOne');
    expect(e.rows).toEqual([1, 2]);
    expectCloseTo(e.values as number[], [0.9, 0.9]);
  });
  it('a row off by at most 1e-6 is accepted as it is', () => {
    const r = crossEntropy([0], matrixFromRows([[0.5 + 5e-7, 0.5]]));
    expect(r.normalizedRows).toBe(0);
    expect(r.rowLossNats[0]).toBe(-Math.log(0.5 + 5e-7));
  });
  it('with normalize: true they are normalised first, then clipped, and counted', () => {
    const r = crossEntropy(
      [0, 1],
      matrixFromRows([
        [0.5, 0.4],
        [0.9, 0],
      ]),
      { normalize: true },
    );
    expect(r.normalizedRows).toBe(2);
    expect(r.rowLossNats[0]).toBe(-Math.log(0.5 / 0.9));
    expect(r.rowLossNats[1]).toBe(-Math.log(DEFAULT_EPSILON));
    expect(r.clippedRows).toBe(1);
    const input = matrixFromRows([[0.5, 0.4]]);
    prepareProbabilityRows(input, { normalize: true });
    expect(Array.from(input.data)).toEqual([0.5, 0.4]);
  });
  it('a row summing to 0 cannot be normalised', () => {
    expect(thrown(() => rowEntropies(matrixFromRows([[0, 0]]), { normalize: true })).code).toBe('zeroTotal');
  });
});

describe('divergence infinities are counted', () => {
  it('D(P‖Q) is +Infinity where P > 0 and Q = 0; D(Q‖P) and JS stay finite', () => {
    const r = divergence([0.5, 0.5], [1, 0]);
    expect(r.klPQNats).toBe(Infinity);
    expect(r.infinitePQTerms).toBe(1);
    expect(r.klQPNats).toBeCloseTo(Math.LN2, 15);
    expect(r.infiniteQPTerms).toBe(0);
    expect(Number.isFinite(r.jsNats)).toBe(true);
    expect(r.crossEntropyPQNats).toBe(Infinity);
  });
  it('per row', () => {
    const r = rowDivergences(
      matrixFromRows([
        [0.5, 0.5],
        [1, 0],
      ]),
      matrixFromRows([
        [1, 0],
        [1, 0],
      ]),
    );
    expect(r.infinitePQRows).toBe(1);
    expect(r.rowKlPQNats[1]).toBe(0);
    expect(r.meanKlPQNats).toBe(Infinity);
  });
});

describe('classes: one order rule for every layer', () => {
  it('numeric labels (numbers or decimal strings) sort numerically, as numpy.unique does', () => {
    expect(sortClasses(['10', '9', '9', '-1'])).toEqual({ classes: [-1, 9, 10], order: 'numeric' });
    expect(sortClasses([1, '1.0', 2]).classes).toEqual([1, 2]);
  });
  it('anything else sorts by code point', () => {
    expect(sortClasses(['horse', 'cat', 'Dog', '10', '9'])).toEqual({ classes: ['10', '9', 'Dog', 'cat', 'horse'], order: 'codePoint' });
    expect(sortClasses(['\u{1F600}', '\uFFFF']).classes).toEqual(['\uFFFF', '\u{1F600}']);
  });
  it('encodes labels and names rows whose label is not a class', () => {
    expect(Array.from(encodeLabels(['dog', 'cat'], ['cat', 'dog', 'horse']).indices)).toEqual([1, 0]);
    const e = thrown(() => encodeLabels(['cat', 'hrse', 'dog'], ['cat', 'dog', 'horse']));
    expect(e.code).toBe('labelNotInClasses');
    expect(e.rows).toEqual([1]);
    expect(e.values).toEqual(['hrse']);
  });
  it('the positive label is 1 for {0, 1} and {−1, 1}, else the greater of two classes, unless given', () => {
    expect(binaryTargets([0, 1, 1])).toMatchObject({ positive: 1, negative: 0, rule: 'conventional' });
    expect(binaryTargets(['-1', '1'])).toMatchObject({ positive: 1, negative: -1, rule: 'conventional' });
    expect(binaryTargets(['no', 'yes'])).toMatchObject({ positive: 'yes', negative: 'no', rule: 'greater' });
    expect(binaryTargets([2, 10])).toMatchObject({ positive: 10, rule: 'greater' });
    expect(binaryTargets(['no', 'yes'], 'no')).toMatchObject({ positive: 'no', rule: 'given' });
    expect(thrown(() => binaryTargets(['a', 'b', 'c'])).code).toBe('tooManyClasses');
  });
  it('maps probability columns by explicit list, then by column-name suffix, then by sorted labels', () => {
    expect(mapColumnsToClasses(['p1', 'p2'], ['x', 'y'], ['y', 'x'])).toMatchObject({ classes: ['y', 'x'], rule: 'explicit' });
    expect(mapColumnsToClasses(['p_dog', 'p_cat'], ['cat', 'dog'])).toMatchObject({ classes: ['dog', 'cat'], rule: 'columnName' });
    expect(mapColumnsToClasses(['prob_10', 'prob_9'], [9, 10])).toMatchObject({ classes: [10, 9], rule: 'columnName' });
    expect(mapColumnsToClasses(['a', 'b'], ['dog', 'cat'])).toMatchObject({ classes: ['cat', 'dog'], rule: 'sortedLabels' });
    expect(thrown(() => mapColumnsToClasses(['a', 'b', 'c'], ['dog', 'cat'])).code).toBe('columnClassMismatch');
    // A label without a column (a typo) does not block the name rule; encodeLabels names its row.
    const mapping = mapColumnsToClasses(['p_cat', 'p_dog'], ['cat', 'dog', 'hrse']);
    expect(mapping).toMatchObject({ classes: ['cat', 'dog'], rule: 'columnName' });
    expect(thrown(() => encodeLabels(['cat', 'dog', 'hrse'], mapping.classes)).rows).toEqual([2]);
  });
});

describe('log bases', () => {
  it('a value in base b is the natural value divided by ln b', () => {
    expect(fromNats(Math.LN2, 2)).toBe(1);
    expect(fromNats(Math.LN10, 10)).toBe(1);
    expect(fromNats(0.5, 'e')).toBe(0.5);
    expect(fromNats(Infinity, 2)).toBe(Infinity);
    expect(Array.from(fromNatsArray([Math.LN2, 0], 2))).toEqual([1, 0]);
    expect([unitOf(2), unitOf('e'), unitOf(10)]).toEqual(['bits', 'nats', 'dits']);
    expect([parseLogBase('2'), parseLogBase('e'), parseLogBase(10), parseLogBase('bits'), parseLogBase('3')]).toEqual([2, 'e', 10, 2, undefined]);
  });
  it('matrices from columns are row-major', () => {
    expect(
      Array.from(
        matrixFromColumns([
          [1, 2],
          [3, 4],
        ]).data,
      ),
    ).toEqual([1, 3, 2, 4]);
  });
});

function expectCloseTo(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14));
}
