// Validation helpers: each problem names the value and covers exactly the cells concerned.
import { describe, expect, it } from 'vitest';
import { cleanProbabilityRows, didYouMean, readTable, validateLabels, validateNumeric, validateProbabilities } from '../../../src/data';

describe('validateProbabilities', () => {
  it('reports a row that does not sum to 1 over the row’s cells of the group', () => {
    const text = 'y,p0,p1,p2\n0,0.2,0.3,0.5\n1,0.2,0.3,0.43\n';
    const report = validateProbabilities(readTable(text, { format: 'csv' }), ['p0', 'p1', 'p2']);
    expect(report.problems).toEqual([
      {
        code: 'row-sum',
        severity: 'error',
        message: 'Row sums to 0.93, not 1 (p0 + p1 + p2): more than rounding to 2 decimals explains (at most ±0.015)',
        line: 2,
        character: 2,
        endLine: 2,
        endCharacter: 14,
        offset: 27,
        endOffset: 39,
        row: 1,
        column: 'p0',
        raw: '0.2,0.3,0.43',
      },
    ]);
  });

  it('accepts rows within 1e-6 of 1 and no row-sum check for a single column', () => {
    const table = readTable('p0,p1\n0.3333333,0.6666666\n', { format: 'csv' });
    expect(validateProbabilities(table, ['p0', 'p1']).problems).toEqual([]);
    expect(validateProbabilities(readTable('p\n0.2\n', { format: 'csv' }), ['p']).problems).toEqual([]);
  });

  it('says when values look like logits, then lists each problem in source order', () => {
    const table = readTable('p0,p1\n2.5,-1\n0.5,0.5\n', { format: 'csv' });
    const report = validateProbabilities(table, ['p0', 'p1']);
    expect(report.problems.map((p) => [p.code, p.severity, p.message, p.line, p.character, p.endCharacter])).toEqual([
      ['looks-like-logits', 'warning', 'p0, p1 look like logits, not probabilities: 2 values (50 %) are outside [0, 1]', 1, 0, 3],
      ['probability-out-of-range', 'error', 'p0 = 2.5 is outside [0, 1]', 1, 0, 3],
      ['row-sum', 'error', 'Row sums to 1.5, not 1 (p0 + p1; |sum − 1| > 0.000001)', 1, 0, 6],
      ['probability-out-of-range', 'error', 'p1 = -1 is outside [0, 1]', 1, 4, 6],
    ]);
  });

  it('checks vector columns element by element and by row', () => {
    const table = readTable('{"probs": [0.2, 0.7, 0.1]}\n{"probs": [0.2, 1.7, 0.1]}\n{"probs": [0.5, 0.5]}\n', { format: 'jsonl' });
    const report = validateProbabilities(table, ['probs']);
    expect(report.problems.map((p) => [p.code, p.row, p.message])).toEqual([
      ['probability-out-of-range', 1, 'probs[1] = 1.7 is outside [0, 1]'],
      ['row-sum', 1, 'Row sums to 2, not 1 ("probs"; |sum − 1| > 0.000001)'],
      ['vector-length', 2, '"probs" has 2 values here but 3 in most rows'],
    ]);
    expect(report.problems[0]).toMatchObject({ line: 1, character: 10, endCharacter: 25, raw: '[0.2, 1.7, 0.1]' });
  });
});

describe('validateLabels', () => {
  it('reports labels that are not classes, and missing labels', () => {
    const table = readTable('label\ncat\nhrse\n\nhorse\n', { format: 'csv' });
    expect(validateLabels(table, 'label', ['cat', 'dog', 'horse']).problems.map((p) => [p.code, p.row, p.message, p.line])).toEqual([
      ['unknown-label', 1, 'Label "hrse" is not a known class (cat, dog, horse); did you mean "horse"?', 2],
    ]);
    const missing = readTable('label,p\ncat,1\n,2\n', { format: 'csv' });
    expect(validateLabels(missing, 'label', ['cat']).problems.map((p) => [p.code, p.row])).toEqual([['missing-value', 1]]);
  });

  it('compares numeric labels numerically, like the core', () => {
    const table = readTable('y\n1.0\n0\n2\n', { format: 'csv' });
    expect(validateLabels(table, 'y', ['0', '1']).problems.map((p) => p.message)).toEqual(['Label "2" is not a known class (0, 1)']);
  });
});

describe('validateNumeric', () => {
  it('merges several columns in source order and reports unknown columns', () => {
    const table = readTable('a,b\nx,1\n2,\n', { format: 'csv' });
    expect(validateNumeric(table, ['a', 'b']).problems.map((p) => [p.code, p.offset])).toEqual([
      ['not-a-number', 4],
      ['missing-value', 10],
    ]);
    expect(validateNumeric(table, ['nope']).problems.map((p) => p.code)).toEqual(['unknown-column']);
  });
});

describe('columnRows and cleanProbabilityRows', () => {
  const table = readTable('y,p0,p1,p2,z\n0,0.2,0.3,0.5,9\n1,0.25,0.25,0.5,8\n', { format: 'csv' });

  it('reads adjacent scalar columns in place: cell (row, k) at offset + row · stride + k', () => {
    const rows = table.columnRows(['p1', 'p2'])!;
    expect([rows.rowCount, rows.width, rows.stride, rows.offset]).toEqual([2, 2, 5, 2]);
    expect([rows.values[rows.offset + rows.stride + 1], table.numbers('p2').values[1]]).toEqual([0.5, 0.5]);
    expect(table.columnRows(['p0', 'p2'])).toBeUndefined();
    expect(table.columnRows(['p1', 'p0'])).toBeUndefined();
    expect(table.columnRows(['p0', 'nope'])).toBeUndefined();
    expect(readTable('{"probs": [0.5, 0.5]}\n', { format: 'jsonl' }).columnRows(['probs'])).toBeUndefined();
  });

  it('gives the group in place exactly when validateProbabilities has nothing to report', () => {
    expect(cleanProbabilityRows(table, ['p0', 'p1', 'p2'])?.offset).toBe(1);
    const cases: [string, string[], boolean][] = [
      ['y,p0,p1\n0,0.5,0.5\n', ['p0', 'p1'], true],
      ['y,p0,p1\n0,0.5,0.4\n', ['p0', 'p1'], false],
      ['y,p0,p1\n0,1.5,-0.5\n', ['p0', 'p1'], false],
      ['y,p0,p1\n0,NA,1\n', ['p0', 'p1'], false],
      ['y,p\n0,0.3\n', ['p'], true],
      ['y,p\n0,1.3\n', ['p'], false],
    ];
    for (const [text, columns, clean] of cases) {
      const t = readTable(text, { format: 'csv' });
      expect(cleanProbabilityRows(t, columns) !== undefined, text).toBe(clean);
      expect(validateProbabilities(t, columns).problemCount === 0, text).toBe(clean);
    }
    // Row sums are not checked when the caller normalises.
    expect(cleanProbabilityRows(readTable('y,p0,p1\n0,0.5,0.4\n', { format: 'csv' }), ['p0', 'p1'], { checkRowSums: false })).toBeDefined();
  });
});

describe('didYouMean', () => {
  it('suggests the class differing in case or spaces, else the one class within a typo or two', () => {
    expect(didYouMean(' Dog', ['cat', 'dog'])).toBe('; did you mean "dog"?');
    expect(didYouMean('malignnt', ['benign', 'malignant'])).toBe('; did you mean "malignant"?');
    expect(didYouMean('postive', ['negative', 'positive'])).toBe('; did you mean "positive"?');
    // Two classes equally near, a short label, or nothing near: no guess.
    expect(didYouMean('rattle', ['cattle', 'battle'])).toBe('');
    expect(didYouMean('cta', ['cat', 'dog'])).toBe('');
    expect(didYouMean('giraffe', ['cat', 'dog'])).toBe('');
  });
});
