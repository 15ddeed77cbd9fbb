// How the host hands an open document's text to the worker, without vscode: the route (the text in
// the request, slices streamed one per event-loop turn, or the saved file read by the worker), the
// slices of the document's lines, and the lines the worker compares with a file it reads for it.
// analysisService.ts adapts a vscode.TextDocument to a LineSource; the bench uses these functions
// over a line array, so it measures the host's own code.
import type { DocumentCheck } from '../protocol/worker';
import { planSlices, slicesOf } from './textSlices';
import type { SliceLines } from './textSlices';
import type { SlicedText } from './workerClient';

/** Documents with at most this many lines (and MAX_SLICE_CHARS characters) go in one message. */
export const WHOLE_TEXT_LINES = 2_000;
/** Documents with more lines than this and unmodified on disk are read by the worker from the file. */
export const LARGE_DOCUMENT_LINES = 50_000;
/** Lines sampled (besides the first and last) to check a file read by the worker is the document. */
const CHECKED_LINES = 6;

/** What the routes read of a document (VS Code's text model holds it line by line). */
export interface LineSource {
  readonly lineCount: number;
  lineText(line: number): string;
  /** Lines [startLine, endLine) with their line breaks, or from startLine to the end of the text when `last`. */
  sliceText(slice: SliceLines): string;
}

/** How a document's text reaches the worker. */
export type TextRoute = 'whole' | 'sliced' | 'file';

/**
 * Small documents go whole in the request; large ones (more than LARGE_DOCUMENT_LINES lines) saved
 * and unmodified on disk are read by the worker from the file; every other document is sliced.
 */
export function textRoute(lineCount: number, unmodifiedOnDisk: boolean): TextRoute {
  if (lineCount <= WHOLE_TEXT_LINES) return 'whole';
  return lineCount > LARGE_DOCUMENT_LINES && unmodifiedOnDisk ? 'file' : 'sliced';
}

/**
 * The document's text slice by slice (planSlices sizes each from the previous one, slicesOf caps
 * pieces at MAX_SLICE_CHARS); `isCurrent` says whether the document is still the one requested.
 */
export function documentSlices(document: LineSource, isCurrent: () => boolean): SlicedText {
  return {
    open() {
      const plan = planSlices(document.lineCount);
      let chars = 0;
      return slicesOf(() => {
        const slice = plan.next(chars);
        if (!slice) return undefined;
        const text = document.sliceText(slice);
        chars = text.length;
        return [text];
      });
    },
    isCurrent,
  };
}

/** The first, last and a few evenly spaced lines, for the worker to compare with the file it reads. */
export function documentCheck(document: LineSource): DocumentCheck {
  const lineCount = document.lineCount;
  const picked = new Set<number>([0, lineCount - 1]);
  for (let k = 1; k <= CHECKED_LINES; k++) picked.add(Math.floor((k * (lineCount - 1)) / (CHECKED_LINES + 1)));
  return { lineCount, lines: [...picked].map((line) => ({ line, text: document.lineText(line) })) };
}
