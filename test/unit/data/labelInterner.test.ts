// Label ids from a CSV field's characters: the text unquoteField would give, one id per text.
import { describe, expect, it } from 'vitest';
import { LabelInterner } from '../../../src/data/labelInterner';

describe('LabelInterner', () => {
  it('gives a quoted and an unquoted spelling of one text the same id, and the empty field -1', () => {
    const interner = new LabelInterner();
    const text = 'cat,"cat",dog,"",  ,"say ""hi"""';
    const fields = [
      [0, 3],
      [4, 9],
      [10, 13],
      [14, 16],
      [17, 19],
      [20, 32],
    ] as const;
    expect(fields.map(([start, end]) => interner.idOfField(text, start, end))).toEqual([0, 0, 1, -1, 2, 3]);
    expect(interner.texts).toEqual(['cat', 'dog', '  ', 'say "hi"']);
    expect(interner.blank).toEqual([false, false, true, false]);
    expect(interner.idOf('dog')).toBe(1);
  });

  it('keeps ids stable while its table grows past thousands of distinct labels', () => {
    const interner = new LabelInterner();
    const labels = Array.from({ length: 5000 }, (_, i) => `label-${i}`);
    const text = labels.join(',');
    let start = 0;
    const ids = labels.map((label) => {
      const id = interner.idOfField(text, start, start + label.length);
      start += label.length + 1;
      return id;
    });
    expect(ids).toEqual(labels.map((_, i) => i));
    start = 0;
    expect(labels.every((label) => interner.idOfField(text, start, (start += label.length + 1) - 1) === interner.idOf(label))).toBe(true);
  });
});
