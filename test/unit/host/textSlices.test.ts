// Slicing a large document for the worker: whole lines, about the target size each, every line
// exactly once, in order, the last slice running to the end of the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextSliceLines, once, planSlices, slicesOf, splitText } from '../../../src/host/textSlices';

/** Reads `lines` (each with its line break but the last) the way the host reads a document. */
function sliceAll(lines: string[], firstLines: number, target: number): string[] {
  const plan = planSlices(lines.length, firstLines, target);
  const slices: string[] = [];
  let chars = 0;
  for (let slice = plan.next(chars); slice; slice = plan.next(chars)) {
    const text = lines.slice(slice.startLine, slice.endLine).join('');
    slices.push(text);
    chars = text.length;
    expect(slice.last).toBe(slice.endLine === lines.length);
  }
  return slices;
}

describe('nextSliceLines', () => {
  it('scales the previous lines by target over measured characters', () => {
    expect(nextSliceLines(1000, 500_000, 1_000_000)).toBe(2000);
    expect(nextSliceLines(1000, 4_000_000, 1_000_000)).toBe(250);
  });
  it('grows at most 8× per slice and never below one line', () => {
    expect(nextSliceLines(2000, 100_000, 1_000_000)).toBe(16_000);
    expect(nextSliceLines(1, 50_000_000, 1_000_000)).toBe(1);
  });
  it('grows 8× after a slice of empty lines', () => {
    expect(nextSliceLines(10, 0, 1_000_000)).toBe(80);
  });
});

describe('planSlices', () => {
  it('covers every line once, in order, and the joined slices are the whole text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 500 }), (texts, first, target) => {
        const lines = texts.map((t, i) => (i < texts.length - 1 ? `${t}\n` : t));
        expect(sliceAll(lines, first, target).join('')).toBe(lines.join(''));
      }),
    );
  });
  it('keeps slices near the target size once the line length is known', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `${i % 2},0.${String(i).padStart(6, '0')}\n`);
    const slices = sliceAll(lines, 100, 100_000);
    const sizes = slices.slice(3, -1).map((s) => s.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(110_000);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(90_000);
  });
  it('gives one last slice for a one-line document', () => {
    const plan = planSlices(1);
    expect(plan.next(0)).toEqual({ startLine: 0, endLine: 1, last: true });
    expect(plan.next(5)).toBeUndefined();
  });
});

describe('splitText', () => {
  it('cuts a long text into pieces of at most the maximum that join back to it', () => {
    expect(splitText('abcde', 2)).toEqual(['ab', 'cd', 'e']);
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), fc.integer({ min: 1, max: 60 }), (text, max) => {
        const pieces = splitText(text, max);
        expect(pieces.join('')).toBe(text);
        for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(max);
      }),
    );
  });
  it('keeps a short or empty text whole', () => {
    expect(splitText('', 4)).toEqual(['']);
    expect(splitText('abcd', 4)).toEqual(['abcd']);
  });
});

describe('slicesOf', () => {
  const drain = (next: () => string | undefined): string[] => {
    const out: string[] = [];
    for (let piece = next(); piece !== undefined; piece = next()) {
      out.push(piece);
      if (out.length > 1000) throw new Error('never ends');
    }
    return out;
  };
  it('gives a text read once in pieces, then ends', () => {
    expect(drain(slicesOf(once('abcde'), 2))).toEqual(['ab', 'cd', 'e']);
  });
  it('cuts every read of a reader and keeps their order', () => {
    const reads = [['abc'], ['', 'de'], ['f']];
    let k = 0;
    expect(drain(slicesOf(() => reads[k++], 2))).toEqual(['ab', 'c', '', 'de', 'f']);
  });
});
