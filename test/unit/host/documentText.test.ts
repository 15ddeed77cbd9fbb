// The host's routes for a document's text (whole, sliced, the saved file read by the worker), its
// slices over a line-by-line document and the lines the worker checks a file against — the code
// analysisService.ts runs on a vscode.TextDocument and the bench runs on a line array.
import { describe, expect, it } from 'vitest';
import { documentCheck, documentSlices, LARGE_DOCUMENT_LINES, textRoute, WHOLE_TEXT_LINES } from '../../../src/host/documentText';
import type { LineSource } from '../../../src/host/documentText';
import { MAX_SLICE_CHARS } from '../../../src/host/textSlices';
import { matchesDocument } from '../../../src/worker/documentCheck';

/** A document held line by line, as VS Code's text model holds it. */
function lineSource(text: string): LineSource {
  const lines = text.split('\n');
  return {
    lineCount: lines.length,
    lineText: (line) => lines[line] as string,
    sliceText: (slice) => (slice.last ? lines.slice(slice.startLine).join('\n') : `${lines.slice(slice.startLine, slice.endLine).join('\n')}\n`),
  };
}

function readAll(read: () => string | undefined): string[] {
  const slices: string[] = [];
  for (let slice = read(); slice !== undefined; slice = read()) slices.push(slice);
  return slices;
}

const text = Array.from({ length: 30_000 }, (_, i) => `${i % 3},${(i / 30_000).toFixed(6)},${i % 7 === 0 ? 'x'.repeat(90) : 'y'}`).join('\n') + '\n';

describe('textRoute', () => {
  it('sends small documents whole, large saved ones by path, the rest in slices', () => {
    expect(textRoute(WHOLE_TEXT_LINES, true)).toBe('whole');
    expect(textRoute(WHOLE_TEXT_LINES + 1, true)).toBe('sliced');
    expect(textRoute(LARGE_DOCUMENT_LINES, true)).toBe('sliced');
    expect(textRoute(LARGE_DOCUMENT_LINES + 1, true)).toBe('file');
    expect(textRoute(LARGE_DOCUMENT_LINES + 1, false)).toBe('sliced');
  });
});

describe('documentSlices', () => {
  it('gives slices that join to the whole text, each at most MAX_SLICE_CHARS, again from the start on every open', () => {
    const sliced = documentSlices(lineSource(text), () => true);
    const first = readAll(sliced.open());
    expect(first.join('')).toBe(text);
    expect(first.length).toBeGreaterThan(10);
    expect(Math.max(...first.map((slice) => slice.length))).toBeLessThanOrEqual(MAX_SLICE_CHARS);
    expect(readAll(sliced.open())).toEqual(first);
  });

  it('cuts a very long line into pieces and says whether the document is still current', () => {
    const long = `a,b\n${'1'.repeat(3 * MAX_SLICE_CHARS)},2\n`;
    let current = true;
    const sliced = documentSlices(lineSource(long), () => current);
    expect(readAll(sliced.open()).join('')).toBe(long);
    expect(sliced.isCurrent()).toBe(true);
    current = false;
    expect(sliced.isCurrent()).toBe(false);
  });
});

describe('documentCheck', () => {
  it('samples the first, last and six evenly spaced lines, which the worker matches against the file', () => {
    const check = documentCheck(lineSource(text));
    expect(check.lineCount).toBe(30_001);
    expect(check.lines.map((line) => line.line)).toEqual([0, 30_000, 4285, 8571, 12857, 17142, 21428, 25714]);
    expect(matchesDocument(text, check)).toBe(true);
    const edited = text.split('\n');
    edited[12857] = `${edited[12857]} `;
    expect(matchesDocument(edited.join('\n'), check)).toBe(false);
  });
});
