// Position → data row lookup over the row table a result carries (binary search; no parsing).
// Pure: no vscode import, so it is unit-tested directly and usable by any host component.
import type { RowTable } from '../protocol/analysis';

/**
 * The row whose source span contains (line, character), or -1 (header, blank line, outside data).
 * A record spans from (firstLine, startCharacter) to (lastLine, endCharacter). Leading indentation
 * and a trailing comma on a line that holds no other record count as part of the record, so
 * hovering anywhere on a JSON element's line finds it. O(log n) binary search on record starts.
 * Example: rows starting on lines [1, 2, 3] → rowAtPosition(rows, 2, 0) === 1.
 */
export function rowAtPosition(rows: RowTable, line: number, character: number): number {
  const n = rows.firstLine.length;
  // Last record whose start is at or before the position, comparing (line, character) pairs.
  let lo = 0;
  let hi = n - 1;
  let candidate = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const startLine = rows.firstLine[mid] as number;
    if (startLine < line || (startLine === line && (rows.startCharacter[mid] as number) <= character)) {
      candidate = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (candidate >= 0) {
    const lastLine = rows.lastLine[candidate] as number;
    if (line < lastLine || (line === lastLine && character <= (rows.endCharacter[candidate] as number))) return candidate;
  }
  const next = candidate + 1;
  const candidateEndsHere = candidate >= 0 && rows.lastLine[candidate] === line;
  const nextStartsHere = next < n && rows.firstLine[next] === line;
  if (nextStartsHere && !candidateEndsHere) return next;
  if (candidateEndsHere && !nextStartsHere) return candidate;
  return -1;
}

/** Rows whose span intersects the inclusive line range (for selections), as [from, to) indices. */
export function rowsInLines(rows: RowTable, startLine: number, endLine: number): [number, number] {
  const n = rows.firstLine.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows.lastLine[mid] as number) < startLine) lo = mid + 1;
    else hi = mid;
  }
  const from = lo;
  hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows.firstLine[mid] as number) <= endLine) lo = mid + 1;
    else hi = mid;
  }
  return [from, Math.max(from, lo)];
}
