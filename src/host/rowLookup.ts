// Lookups over what a result carries (binary searches; no parsing): position → data row, lines →
// rows, and a row's rank, ties and place in the worst-first order.
// Pure: no vscode import, so it is unit-tested directly and usable by any host component.
import type { RowLoss, RowTable } from '../protocol/analysis';

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

/** A row's place among the ranked rows: its tie group in `worstFirst` and its own position in it. */
export interface RowRank {
  /** Competition rank, 0-based: how many scored rows have a larger loss (tied rows share it). */
  rank: number;
  /** Rows sharing this loss, the row itself included (1 = no tie). */
  tied: number;
  /** 0-based position of the row in `worstFirst` (Next / Previous Worst Row walk these). */
  position: number;
  /** True when no scored row has a smaller loss (the best group, e.g. every perfect row). */
  lowest: boolean;
}

/**
 * Where `row` stands in `rowLoss`, or null for an unscored row. Tied rows are contiguous in
 * `worstFirst` from their shared rank on and in row order, so both the group's end and the row's
 * position are binary searches: O(log n), whatever the number of ties (a hover pays this).
 * Example: losses [0.2, NaN, 0.9, 0.2] (rankLosses) → row 3: { rank: 1, tied: 2, position: 2, lowest: true }.
 */
export function rowRank(rowLoss: Pick<RowLoss, 'rank' | 'worstFirst'>, row: number): RowRank | null {
  const { rank, worstFirst } = rowLoss;
  const m = worstFirst.length;
  const first = rank[row];
  if (first === undefined || first >= m) return null;
  // End of the group: the first position whose row ranks after `first` (ranks never decrease along worstFirst).
  let lo = first + 1;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rank[worstFirst[mid] as number] as number) > first) hi = mid;
    else lo = mid + 1;
  }
  const end = lo;
  // The row inside its group, which lists row indices ascending.
  lo = first;
  hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((worstFirst[mid] as number) < row) lo = mid + 1;
    else hi = mid;
  }
  if (worstFirst[lo] !== row) return null;
  return { rank: first, tied: end - first, position: lo, lowest: end === m };
}
