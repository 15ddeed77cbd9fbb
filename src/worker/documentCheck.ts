// Does a file read from disk hold the text of the open document the host described? Compares the
// line count and a few sampled lines (see DocumentCheck in the worker protocol).
import type { DocumentCheck } from '../protocol/worker';

/**
 * True when `text` has `check.lineCount` lines and every sampled line equals the host's. Lines end
 * at \r\n, \n or a lone \r, as in VS Code's text model (so a final line break leaves an empty last
 * line). One forward scan, O(text), no allocation beyond the sampled lines' slices.
 * Example: matchesDocument('a\nb\n', {lineCount: 3, lines: [{line: 1, text: 'b'}]}) === true.
 */
export function matchesDocument(text: string, check: DocumentCheck): boolean {
  const wanted = new Map<number, string>();
  for (const { line, text: lineText } of check.lines) wanted.set(line, lineText);
  const hasCr = text.indexOf('\r') >= 0;
  let line = 0;
  let start = 0;
  const compare = (end: number): boolean => {
    const expected = wanted.get(line);
    return expected === undefined || (end - start === expected.length && text.startsWith(expected, start));
  };
  if (!hasCr) {
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) {
      if (!compare(k)) return false;
      line++;
      start = k + 1;
    }
  } else {
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c !== 0x0a && c !== 0x0d) continue;
      if (!compare(k)) return false;
      if (c === 0x0d && text.charCodeAt(k + 1) === 0x0a) k++;
      line++;
      start = k + 1;
    }
  }
  if (!compare(text.length)) return false;
  return line + 1 === check.lineCount;
}
