// A file read from disk is used for a document only when its lines agree with the host's view.
import { describe, expect, it } from 'vitest';
import { matchesDocument } from '../../../src/worker/documentCheck';

describe('matchesDocument', () => {
  it('accepts the same line count and sampled lines, a final line break giving an empty last line', () => {
    expect(
      matchesDocument('a,b\n1,2\n3,4\n', {
        lineCount: 4,
        lines: [
          { line: 0, text: 'a,b' },
          { line: 2, text: '3,4' },
          { line: 3, text: '' },
        ],
      }),
    ).toBe(true);
  });
  it('treats \\r\\n and a lone \\r as one line break each, as VS Code does', () => {
    expect(
      matchesDocument('a\r\nb\rc', {
        lineCount: 3,
        lines: [
          { line: 0, text: 'a' },
          { line: 1, text: 'b' },
          { line: 2, text: 'c' },
        ],
      }),
    ).toBe(true);
  });
  it('rejects a different line count', () => {
    expect(matchesDocument('a\nb\n', { lineCount: 2, lines: [] })).toBe(false);
  });
  it('rejects a changed sampled line, also when only its length differs', () => {
    expect(matchesDocument('a\nb\nc', { lineCount: 3, lines: [{ line: 1, text: 'x' }] })).toBe(false);
    expect(matchesDocument('a\nbb\nc', { lineCount: 3, lines: [{ line: 1, text: 'b' }] })).toBe(false);
    expect(matchesDocument('a\nb\nc', { lineCount: 3, lines: [{ line: 2, text: 'cd' }] })).toBe(false);
  });
  it('accepts an empty text as one empty line', () => {
    expect(matchesDocument('', { lineCount: 1, lines: [{ line: 0, text: '' }] })).toBe(true);
  });
});
