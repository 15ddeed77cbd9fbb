// Label columns encoded once per distinct value give exactly what the core's per-row rules give.
import { describe, expect, it } from 'vitest';
import { binaryTargets, CoreError, encodeLabels, labelEntropy } from '../../../src/core';
import { binaryRows, classesOf, encodeRows, labelEntropyOf, labelSet, rowLabels, subsetLabels } from '../../../src/analysis/labelSet';
import { readTable } from '../../../src/data';

describe('labelSet', () => {
  const labels = ['dog', 'cat', 'dog', 'horse', 'cat', 'dog'];

  it('encodes rows like the core does per row', () => {
    const set = labelSet(labels);
    expect(set.distinct).toEqual(['dog', 'cat', 'horse']);
    expect(Array.from(encodeRows(set).indices)).toEqual(Array.from(encodeLabels(labels).indices));
    expect(Array.from(encodeRows(set, ['horse', 'dog', 'cat']).indices)).toEqual([1, 2, 1, 0, 2, 1]);
  });

  it('names the rows whose label is not a class', () => {
    const set = labelSet(['cat', 'hrse', 'dog', 'hrse']);
    try {
      encodeRows(set, ['cat', 'dog']);
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(CoreError);
      expect((error as CoreError).rows).toEqual([1, 3]);
      expect((error as CoreError).values).toEqual(['hrse', 'hrse']);
    }
  });

  it('gives binary targets like the core, positive 1 for 0/1 labels', () => {
    const rows = ['0', '1', '1', '0'];
    expect(Array.from(binaryRows(labelSet(rows)).y)).toEqual(Array.from(binaryTargets(rows).y));
  });

  it('counts two spellings of one numeric class together in the entropy: [0, 1, 1.0, 1] → 0.811278 bits', () => {
    const h = labelEntropyOf(labelSet(['0', '1', '1.0', '1']));
    expect(h.counts).toEqual([1, 3]);
    expect(h.entropyNats).toBeCloseTo(labelEntropy(['0', '1', '1', '1']).entropyNats, 15);
    expect(h.entropyNats / Math.LN2).toBeCloseTo(0.811278, 6);
  });
});

describe('label sets from the data layer', () => {
  it('takes Table.labelCodes as a set: numeric labels 1, 2, 10 in numeric order, as numpy.unique([10, 2, 10, 1]) = [1, 2, 10]', () => {
    const codes = readTable('y\n10\n2\n10\n1\n', { format: 'csv' }).labelCodes('y');
    expect(codes.distinct).toEqual(['10', '2', '1']);
    expect(Array.from(encodeRows(codes).indices)).toEqual([2, 1, 2, 0]);
    expect(encodeRows(codes).classes).toEqual([1, 2, 10]);
    expect(classesOf(codes)).toEqual([1, 2, 10]);
  });

  it('keeps "01" and "1" one numeric class, as the core does per row', () => {
    const labels = ['01', '1', '2'];
    const codes = readTable(`y\n${labels.join('\n')}\n`, { format: 'csv' }).labelCodes('y');
    expect(codes.distinct).toEqual(labels);
    expect(Array.from(encodeRows(codes).indices)).toEqual(Array.from(encodeLabels(labels).indices));
    expect(Array.from(encodeRows(codes).indices)).toEqual([0, 0, 1]);
    expect(labelEntropyOf(codes).counts).toEqual([2, 1]);
  });

  it('orders text labels by code point when any label is not a number', () => {
    const codes = readTable('y\nb\n10\na\n9\n', { format: 'csv' }).labelCodes('y');
    expect(classesOf(codes)).toEqual(['10', '9', 'a', 'b']);
  });

  it('gives a subset of rows exactly what labelSet gives for those rows', () => {
    const labels = ['dog', 'cat', 'dog', 'horse', 'cat', 'dog'];
    const rowIds = Int32Array.from([5, 1, 3, 4]);
    const subset = subsetLabels(labelSet(labels), rowIds);
    expect(subset).toEqual(labelSet(Array.from(rowIds, (i) => labels[i] as string)));
    expect(subset.distinct).toEqual(['dog', 'cat', 'horse']);
    expect(subset.counts).toEqual([1, 2, 1]);
    expect(rowLabels(subset)).toEqual(['dog', 'cat', 'horse', 'cat']);
  });

  it("refuses a label outside the classes with the core's per-row error, naming rows", () => {
    const labels = ['cat', 'hrse', 'dog', 'hrse'];
    const perRow = (() => {
      try {
        encodeLabels(labels, ['cat', 'dog']);
      } catch (error) {
        return error as CoreError;
      }
      throw new Error('no error');
    })();
    expect(() => encodeRows(labelSet(labels), ['cat', 'dog'])).toThrow(perRow.message);
  });

  it('gives the positive class rule with the binary targets', () => {
    const binary = binaryRows(labelSet(['no', 'yes', 'no']));
    expect(Array.from(binary.y)).toEqual([0, 1, 0]);
    expect(binary.positive).toBe('yes');
    expect(binary.rule).toBe('greater');
    expect(binaryRows(labelSet(['0', '1'])).rule).toBe('conventional');
  });
});
