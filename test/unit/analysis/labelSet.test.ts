// Label columns encoded once per distinct value give exactly what the core's per-row rules give.
import { describe, expect, it } from 'vitest';
import { binaryTargets, CoreError, encodeLabels, labelEntropy } from '../../../src/core';
import { binaryRows, encodeRows, labelEntropyOf, labelSet } from '../../../src/analysis/labelSet';

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
