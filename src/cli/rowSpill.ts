// A streamed file's per-row report columns (entropy --dist, kl over column groups) kept in a
// temporary directory while the file streams, then read back a piece at a time to print after the
// summary the last row decides: memory stays bounded whatever the rows. Only these files are
// written (the user's file is only read), and they are removed once the report is out.
import { closeSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { PartRows } from '../analysis/parallelStream';
import { tableLine } from './output';
import type { NumberStream, PerRow } from './output';

/** Numbers read back per piece (what writeJson writes at once), and text bytes per read. */
const PIECE_ROWS = 65_536;
const TEXT_CHUNK = 1 << 20;

export interface RowSpillOptions {
  /** Columns of each row (the values each onRows call brings, in order). */
  columns: number;
  /** Turns a batch's values (nats) into the report's unit; must return new arrays or the same. */
  convert(values: Float64Array[]): Float64Array[];
  /**
   * For the text table: a cell's text. Rows are then kept as their cells (formatted once, and the
   * widest cell of each column measured as they come); without it, as doubles for --json.
   */
  format?: (value: number) => string;
}

/**
 * Per-row values of a file streamed in up to two parts (PartRows: part 0 the first range, part 1
 * the second), spilled to one file per part and column (doubles) or per part (the table's cells).
 * `keep(parts)` says which parts count once the stream's outcome is known; then it is a PerRow.
 */
export class RowSpill implements PartRows, PerRow {
  private readonly dir = mkdtempSync(join(tmpdir(), 'entropy-lens-rows-'));
  /** File descriptors: [part][column] for doubles, [part][0] for text. */
  private readonly files: number[][];
  /** Bytes written to each file (writes say where: a truncated file's descriptor keeps its old position). */
  private readonly written: number[][];
  private readonly rows = [0, 0];
  private readonly widest: number[];
  private parts = 2;
  private disposed = false;

  constructor(private readonly options: RowSpillOptions) {
    const perPart = options.format === undefined ? options.columns : 1;
    this.files = [0, 1].map((part) => Array.from({ length: perPart }, (_, k) => openSync(join(this.dir, `part${part}-${k}`), 'w+')));
    this.written = this.files.map((fds) => fds.map(() => 0));
    this.widest = new Array<number>(options.columns).fill(0);
  }

  private write(part: 0 | 1, k: number, bytes: Uint8Array): void {
    for (let done = 0; done < bytes.byteLength; ) {
      const n = writeSync(this.files[part]![k]!, bytes, done, bytes.byteLength - done, this.written[part]![k]!);
      done += n;
      this.written[part]![k]! += n;
    }
  }

  add(part: 0 | 1, values: Float64Array[]): void {
    const converted = this.options.convert(values);
    const rows = converted[0]?.length ?? 0;
    const format = this.options.format;
    if (format === undefined) {
      converted.forEach((column, k) => this.write(part, k, new Uint8Array(column.buffer, column.byteOffset, column.byteLength)));
    } else {
      const lines: string[] = [];
      for (let i = 0; i < rows; i++) {
        const cells = converted.map((column) => format(column[i] as number));
        cells.forEach((cell, k) => {
          if (cell.length > this.widest[k]!) this.widest[k] = cell.length;
        });
        lines.push(`${cells.join('\t')}\n`);
      }
      this.write(part, 0, Buffer.from(lines.join(''), 'utf8'));
    }
    this.rows[part]! += rows;
  }

  restart(part: 1): void {
    for (const fd of this.files[part]!) ftruncateSync(fd, 0);
    this.written[part] = this.written[part]!.map(() => 0);
    this.rows[part] = 0;
  }

  /** How many parts count: 1 when the stream took one pass or discarded its second part. */
  keep(parts: 1 | 2): void {
    this.parts = parts;
  }

  /** Rows kept. */
  get count(): number {
    return this.rows[0]! + (this.parts === 2 ? this.rows[1]! : 0);
  }

  get columns(): NumberStream[] {
    return Array.from({ length: this.options.columns }, (_, k) => ({ length: this.count, pieces: () => this.doubles(k) }));
  }

  table(header: readonly string[]): { text: string; rest: () => AsyncIterable<string> } {
    // Column 0 is the row number; the others are the spilled cells.
    const widths = header.map((title, column) => Math.max(title.length, column === 0 ? String(this.count).length : (this.widest[column - 1] ?? 0)));
    const head = [
      tableLine(header, widths),
      tableLine(
        widths.map((width) => '-'.repeat(width)),
        widths,
      ),
    ].join('\n');
    return { text: head, rest: () => this.lines(widths) };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const fd of this.files.flat()) closeSync(fd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async *doubles(k: number): AsyncIterable<Float64Array> {
    for (let part = 0; part < this.parts; part++) {
      const fd = this.files[part]![k]!;
      for (let start = 0; start < this.rows[part]!; start += PIECE_ROWS) {
        const piece = new Float64Array(Math.min(PIECE_ROWS, this.rows[part]! - start));
        readSync(fd, new Uint8Array(piece.buffer), 0, piece.byteLength, start * 8);
        yield piece;
      }
    }
  }

  /** The table's rows, each after a line break (the head ends without one), in pieces. */
  private async *lines(widths: readonly number[]): AsyncIterable<string> {
    let row = 0;
    const buffer = Buffer.alloc(TEXT_CHUNK);
    for (let part = 0; part < this.parts; part++) {
      const fd = this.files[part]![0]!;
      // The cells hold '∞': bytes of one character may straddle two reads.
      const decoder = new StringDecoder('utf8');
      let carried = '';
      let position = 0;
      for (;;) {
        const read = readSync(fd, buffer, 0, TEXT_CHUNK, position);
        if (read === 0) break;
        position += read;
        const text = carried + decoder.write(buffer.subarray(0, read));
        const end = text.lastIndexOf('\n');
        carried = text.slice(end + 1);
        if (end < 0) continue;
        const out: string[] = [];
        for (const cells of text.slice(0, end).split('\n')) out.push(`\n${tableLine([String(++row), ...cells.split('\t')], widths)}`);
        yield out.join('');
      }
    }
  }
}
