// Which whole lines an editor selection stands for, for Analyze and the status bar: a selection
// inside one line (a word left selected) or an empty one stands for none, so it never narrows
// the analysis to one row. Pure (no vscode): positions in, lines out.

/** A selection's start and end (VS Code positions: 0-based lines, UTF-16 characters). */
export interface SelectionSpan {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

/**
 * The lines (0-based, inclusive) a selection covers as whole lines, or null when it covers none:
 * empty, or within one line without being all of it. A selection over several lines stands for
 * every line it touches, except a last line it reaches only at column 0 (the usual end of a
 * selection of whole lines). One line counts when it is selected from column 0 to its end (or to
 * column 0 of the next line). O(1).
 * Example: (3,0)–(3,len) → {3, 3}; (3,2)–(3,6) → null; (2,0)–(5,0) → {2, 4}; (2,4)–(3,1) → {2, 3}.
 */
export function selectedLines(selection: SelectionSpan, lineLength: (line: number) => number): { startLine: number; endLine: number } | null {
  const { start, end } = selection;
  const endLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  if (endLine > start.line) return { startLine: start.line, endLine };
  // One line: only when all of it is selected.
  const reachesEnd = end.line > start.line || end.character >= lineLength(start.line);
  if (start.character !== 0 || !reachesEnd || (start.line === end.line && start.character === end.character)) return null;
  return { startLine: start.line, endLine: start.line };
}
