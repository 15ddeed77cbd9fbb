// How a large document's text is cut into slices for the worker: whole lines, about a target size
// each, sized from the previous slice's measured characters per line (line lengths are unknown up
// front, and measuring them all would itself stall the host). Pure: no vscode import.

/**
 * Characters per slice. Reading (getText) and cloning (postMessage) a slice costs the host well
 * under 1 ms; slices stay below V8's large-object size (128 KB) so each dies young and is freed by
 * a cheap scavenge, instead of piling up in large-object space until a full collection of the
 * extension host's heap (which holds the document's millions of line strings) pauses it.
 */
export const SLICE_TARGET_CHARS = 60_000;
/** Lines in the first slice, before any line length was measured. */
export const FIRST_SLICE_LINES = 500;

/**
 * Lines for the next slice: the previous slice's characters per line scaled to `targetChars`,
 * at least 1 line and at most 8× the previous count (so one short slice does not make the next
 * one huge). Formula: clamp(round(lines · target / chars), 1, 8 · lines); an empty previous slice
 * (blank lines) grows 8×.
 * Example: nextSliceLines(2000, 100_000, 1_000_000) === 16_000 (capped at 8×; 20,000 unclamped).
 */
export function nextSliceLines(previousLines: number, previousChars: number, targetChars: number = SLICE_TARGET_CHARS): number {
  const cap = Math.max(1, previousLines * 8);
  if (previousChars <= 0) return cap;
  return Math.min(cap, Math.max(1, Math.round((previousLines * targetChars) / previousChars)));
}

/** One slice as a line range: [startLine, endLine) and whether it runs to the end of the text. */
export interface SliceLines {
  startLine: number;
  endLine: number;
  last: boolean;
}

/**
 * Plans slices lazily over `lineCount` lines: `next(chars)` takes the character count of the slice
 * just read (ignored for the first) and returns the next line range, or undefined when all lines
 * are covered. A non-last slice [a, b) is read including line b − 1's line break (Range(a, 0, b, 0))
 * and the last slice up to the end of the text, so the slices joined give the whole text.
 * Example: 5 lines, first 2 lines per slice → [0, 2), then sized from the measured characters.
 */
export function planSlices(lineCount: number, firstLines: number = FIRST_SLICE_LINES, targetChars: number = SLICE_TARGET_CHARS): { next(previousChars: number): SliceLines | undefined } {
  let start = 0;
  let lines = Math.max(1, firstLines);
  let started = false;
  return {
    next(previousChars: number): SliceLines | undefined {
      if (started) lines = nextSliceLines(lines, previousChars, targetChars);
      if (start >= lineCount && started) return undefined;
      started = true;
      const endLine = Math.min(lineCount, start + lines);
      const slice = { startLine: start, endLine, last: endLine >= lineCount };
      start = endLine;
      if (slice.last) start = lineCount;
      return slice;
    },
  };
}

/** Longest slice sent as is; longer reads (a very long line, a small document of long lines) are cut. */
export const MAX_SLICE_CHARS = 2 * SLICE_TARGET_CHARS;

/**
 * Cuts `text` into consecutive pieces of at most `maxChars` UTF-16 units that join back to it
 * (a pair of surrogates may be cut; joining restores it). An empty text gives one empty piece.
 * Example: splitText('abcde', 2) → ['ab', 'cd', 'e'].
 */
export function splitText(text: string, maxChars: number = MAX_SLICE_CHARS): string[] {
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += maxChars) pieces.push(text.slice(start, start + maxChars));
  return pieces;
}

/**
 * One slice per call from texts produced by `read` (undefined at the end), each cut to at most
 * MAX_SLICE_CHARS, so a very long line never goes in one message.
 * Example: slicesOf(once('abc'), 2) gives 'ab', 'c', then undefined.
 */
export function slicesOf(read: () => string[] | undefined, maxChars: number = MAX_SLICE_CHARS): () => string | undefined {
  let queue: string[] = [];
  let next = 0;
  return () => {
    while (next >= queue.length) {
      const texts = read();
      if (texts === undefined) return undefined;
      queue = texts.flatMap((text) => splitText(text, maxChars));
      next = 0;
    }
    return queue[next++];
  };
}

/** A reader for slicesOf that gives `text` once. */
export function once(text: string): () => string[] | undefined {
  let given = false;
  return () => {
    if (given) return undefined;
    given = true;
    return [text];
  };
}
