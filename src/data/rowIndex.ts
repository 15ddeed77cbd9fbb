// The compact row index: record and cell offsets in typed arrays, with binary-search lookups from
// an editor position to the record and cell under it.
import type { LineStarts } from './lineStarts';
import type { RowIndex, SourcePosition, SourceRange } from './types';

/** Marks a cell the record does not have (a short CSV row, a missing JSON key). */
export const ABSENT_16 = 0xffff;
export const ABSENT_32 = 0xffffffff;

/**
 * How cells are stored:
 * - `relative`: CSV. One start per cell relative to the record start (Uint16 while every record is
 *   shorter than 65535 characters, else Uint32); a cell ends where the next begins minus the
 *   delimiter, the last one at the record end (long ragged rows record that end separately).
 * - `absolute`: JSON. Absolute start and end per cell, since keys come in any order.
 */
export type CellStorage = { kind: 'relative'; starts: Uint16Array | Uint32Array; lastCellEnds: Map<number, number> } | { kind: 'absolute'; starts: Uint32Array; ends: Uint32Array };

/** Row index over typed arrays; see {@link RowIndex} for the contract. */
export class RowIndexImpl implements RowIndex {
  /** The absent-cell marker of the cell storage (decided once, not per lookup). */
  private readonly absent: number;

  constructor(
    readonly rowCount: number,
    readonly columnCount: number,
    private readonly rowStarts: Uint32Array,
    private readonly rowEnds: Uint32Array,
    private readonly cells: CellStorage,
    private readonly lines: LineStarts,
    /** Columnar JSON: records interleave, so lookups go through the cells of each column. */
    private readonly columnar = false,
  ) {
    this.absent = cells.kind === 'relative' && cells.starts instanceof Uint16Array ? ABSENT_16 : ABSENT_32;
  }

  get byteLength(): number {
    const cells = this.cells;
    const cellBytes = cells.kind === 'relative' ? cells.starts.byteLength : cells.starts.byteLength + cells.ends.byteLength;
    return this.rowStarts.byteLength + this.rowEnds.byteLength + cellBytes + this.lines.byteLength;
  }

  rowStartOffset(row: number): number {
    return this.rowStarts[row] ?? -1;
  }

  rowEndOffset(row: number): number {
    return this.rowEnds[row] ?? -1;
  }

  rowRange(row: number): SourceRange {
    return this.range(this.rowStartOffset(row), this.rowEndOffset(row));
  }

  /** Start offset of a cell, or -1 when absent. */
  cellStart(row: number, column: number): number {
    const cells = this.cells;
    const at = row * this.columnCount + column;
    if (cells.kind === 'absolute') {
      const start = cells.starts[at];
      return start === undefined || start === ABSENT_32 ? -1 : start;
    }
    const relative = cells.starts[at];
    if (relative === undefined || relative === this.absent) return -1;
    return this.rowStarts[row]! + relative;
  }

  /** End offset (exclusive) of a cell, or -1 when absent. */
  cellEnd(row: number, column: number): number {
    const cells = this.cells;
    if (cells.kind === 'absolute') {
      const end = cells.ends[row * this.columnCount + column];
      return end === undefined || end === ABSENT_32 ? -1 : end;
    }
    if (this.cellStart(row, column) < 0) return -1;
    const next = column + 1 < this.columnCount ? this.cellStart(row, column + 1) : -1;
    if (next >= 0) return next - 1;
    return cells.lastCellEnds.get(row) ?? this.rowEnds[row]!;
  }

  cellRange(row: number, column: number): SourceRange | undefined {
    if (row < 0 || row >= this.rowCount || column < 0 || column >= this.columnCount) return undefined;
    const start = this.cellStart(row, column);
    return start < 0 ? undefined : this.range(start, this.cellEnd(row, column));
  }

  recordAtOffset(offset: number): number {
    if (this.columnar) return this.columnarRecordAt(offset);
    const starts = this.rowStarts;
    let lo = 0;
    let hi = this.rowCount - 1;
    if (hi < 0 || offset < starts[0]!) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    // The end is inclusive so a cursor just after the last character still names the record.
    return offset <= this.rowEnds[lo]! ? lo : -1;
  }

  recordAt(line: number, character: number): number {
    return this.recordAtOffset(this.lines.offsetAt(line, character));
  }

  cellAt(line: number, character: number): { row: number; column: number } | undefined {
    const offset = this.lines.offsetAt(line, character);
    const row = this.recordAtOffset(offset);
    if (row < 0) return undefined;
    for (let column = 0; column < this.columnCount; column++) {
      const start = this.cellStart(row, column);
      if (start >= 0 && start <= offset && offset <= this.cellEnd(row, column)) return { row, column };
    }
    return undefined;
  }

  positionAt(offset: number): SourcePosition {
    return this.lines.positionAt(offset);
  }

  offsetAt(line: number, character: number): number {
    return this.lines.offsetAt(line, character);
  }

  private range(startOffset: number, endOffset: number): SourceRange {
    return { start: this.lines.positionAt(startOffset), end: this.lines.positionAt(endOffset), startOffset, endOffset };
  }

  /** Each column's cells are in row order, so search each column and keep the hit. */
  private columnarRecordAt(offset: number): number {
    for (let column = 0; column < this.columnCount; column++) {
      let lo = 0;
      let hi = this.rowCount - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const start = this.cellStart(mid, column);
        if (start < 0) break;
        if (offset < start) hi = mid - 1;
        else if (offset > this.cellEnd(mid, column)) lo = mid + 1;
        else return mid;
      }
    }
    return -1;
  }
}
