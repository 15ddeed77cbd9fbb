// The line-start table: offsets of every line's first character, built in one pass on first use,
// so offsets convert to 0-based line/UTF-16 character positions (VS Code's) by binary search.
import type { SourcePosition } from './types';

/**
 * Line starts of a text. Line breaks are `\n`, `\r\n` and a lone `\r`, as in VS Code. A leading
 * byte-order mark is part of the text's offsets but not of line 0's characters.
 */
export class LineStarts {
  private starts: Uint32Array | undefined;
  private count = 0;
  readonly bomLength: number;

  constructor(private readonly text: string) {
    this.bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** Number of lines (a final line break starts an empty last line). */
  get lineCount(): number {
    this.build();
    return this.count;
  }

  /** Bytes held by the table (0 until first use). */
  get byteLength(): number {
    return this.starts === undefined ? 0 : this.starts.byteLength;
  }

  /** Offset of the first character of `line` (clamped to the text). */
  lineStart(line: number): number {
    const starts = this.build();
    if (line <= 0) return line < 0 ? 0 : this.bomLength;
    if (line >= this.count) return this.text.length;
    return starts[line]!;
  }

  /** Offset just past the last character of `line`, line break excluded. */
  lineEnd(line: number): number {
    const starts = this.build();
    if (line < 0) return 0;
    if (line + 1 >= this.count) return this.text.length;
    let end = starts[line + 1]!;
    if (end > 0 && this.text.charCodeAt(end - 1) === 0x0a) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return end;
  }

  /** Offset → 0-based line and character; O(log lines). */
  positionAt(offset: number): SourcePosition {
    const starts = this.build();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const base = lo === 0 ? this.bomLength : starts[lo]!;
    return { line: lo, character: Math.max(0, clamped - base) };
  }

  /** 0-based line and character → offset; characters past the line's end clamp to it. */
  offsetAt(line: number, character: number): number {
    if (line < 0) return 0;
    const starts = this.build();
    if (line >= this.count) return this.text.length;
    const start = line === 0 ? this.bomLength : starts[line]!;
    return Math.min(start + Math.max(0, character), this.lineEnd(line));
  }

  private build(): Uint32Array {
    if (this.starts !== undefined) return this.starts;
    const text = this.text;
    const length = text.length;
    let starts: Uint32Array = new Uint32Array(Math.max(16, Math.min(length >>> 4, 1 << 20)));
    let count = 1;
    starts[0] = 0;
    // indexOf runs natively; CR-only files are rare, so look for CR only when one exists.
    const hasCr = text.indexOf('\r') >= 0;
    if (!hasCr) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        if (count === starts.length) starts = grow(starts);
        starts[count++] = i + 1;
      }
    } else {
      for (let i = 0; i < length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x0a || c === 0x0d) {
          if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
          if (count === starts.length) starts = grow(starts);
          starts[count++] = i + 1;
        }
      }
    }
    this.count = count;
    this.starts = starts.slice(0, count);
    return this.starts;
  }
}

function grow(array: Uint32Array): Uint32Array {
  const next = new Uint32Array(array.length * 2);
  next.set(array);
  return next;
}

/**
 * Positions of offsets visited in non-decreasing order (every record's start and end, in text
 * order): a forward walk over the line starts, O(lines + calls) in all and no object per call —
 * what positionAt's binary search would cost a million rows twice over.
 */
/** A position cursor moved forwards over offsets (text tables: line starts; binary tables: the cell grid). */
export interface LineCursor {
  /** 0-based line and UTF-16 character of the last offset moved to. */
  readonly line: number;
  readonly character: number;
  /** Moves to `offset`; false (and no move) when it is before the previous one. */
  moveTo(offset: number): boolean;
}

export class ForwardLineCursor implements LineCursor {
  /** 0-based line and UTF-16 character of the last offset moved to. */
  line = 0;
  character = 0;
  private last = 0;

  constructor(private readonly lines: LineStarts) {}

  /** Moves to `offset`; false (and no move) when it is before the previous one. */
  moveTo(offset: number): boolean {
    if (offset < this.last) return false;
    this.last = offset;
    const count = this.lines.lineCount;
    while (this.line + 1 < count && this.lines.lineStart(this.line + 1) <= offset) this.line++;
    this.character = Math.max(0, offset - this.lines.lineStart(this.line));
    return true;
  }
}
