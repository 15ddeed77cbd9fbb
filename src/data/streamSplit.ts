// Where to cut a large CSV/TSV file into two byte ranges that can be streamed at the same time:
// the header the first range will read, and a cut just after a line feed near the middle.
import { open, stat } from 'node:fs/promises';
import { readHeader } from './csv';
import { sniffBytes } from './fileBytes';
import { RecordState, scanRecord } from './csvScanner';
import { detectDelimiter, detectFormat, formatFromFileName } from './format';
import { ProblemCollector } from './problems';
import type { StreamHeader, StreamOptions } from './streamRecords';

/** Two ranges `[0, cut)` and `[cut, size)`; the second is streamed with `header`. */
export interface StreamSplit {
  size: number;
  cut: number;
  header: StreamHeader;
}

/** Bytes read at the file's head (as the stream's first chunk) and around the middle. */
const HEAD_BYTES = 1 << 20;
const PROBE_BYTES = 1 << 20;

/**
 * A cut for a file of at least `minBytes` bytes, or undefined (too small, not CSV/TSV, a header
 * longer than the head, no line feed near the middle, or unreadable: one pass then). The header is
 * found as `streamRecords` finds it (same first chunk, delimiter detection and header scan); the
 * first part checks that it read the same one. A cut inside a quoted field is possible (a line feed
 * is all it looks for) and is caught by the first part (`StreamRange.extendPastEnd`).
 * `firstShare`: where the cut is looked for, as a share of the size (default the middle; less
 * when the first part's thread has other work besides its range).
 */
export async function planStreamSplit(
  path: string,
  minBytes: number,
  options: Pick<StreamOptions, 'format' | 'fileName' | 'delimiter' | 'chunkBytes'> = {},
  firstShare = 0.5,
): Promise<StreamSplit | undefined> {
  try {
    const { size } = await stat(path);
    if (size < Math.max(minBytes, 2)) return undefined;
    const handle = await open(path, 'r');
    try {
      const headBytes = Buffer.alloc(Math.min(options.chunkBytes ?? HEAD_BYTES, size));
      const { bytesRead } = await handle.read(headBytes, 0, headBytes.length, 0);
      // A binary file (Parquet, Arrow, NumPy) is read by its own reader, never cut.
      if (sniffBytes(headBytes.subarray(0, bytesRead)).kind === 'binary') return undefined;
      const head = headBytes.subarray(0, headBytes.subarray(0, bytesRead).lastIndexOf(0x0a) + 1).toString('utf8');
      const fileName = options.fileName ?? path;
      const format = options.format !== undefined && options.format !== 'auto' ? options.format : (formatFromFileName(fileName) ?? detectFormat(head));
      if (format !== 'csv' && format !== 'tsv') return undefined;
      const delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : detectDelimiter(head));
      const header = readHeadHeader(head, delimiter.charCodeAt(0));
      if (header === undefined) return undefined;
      const middle = Math.floor(size * firstShare);
      const probe = Buffer.alloc(Math.min(PROBE_BYTES, size - middle));
      const probed = await handle.read(probe, 0, probe.length, middle);
      const lineFeed = probe.subarray(0, probed.bytesRead).indexOf(0x0a);
      const cut = middle + lineFeed + 1;
      if (lineFeed < 0 || cut >= size || cut <= Buffer.byteLength(head.slice(0, header.end), 'utf8')) return undefined;
      return { size, cut, header: { format, delimiter, columns: header.columns } };
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * The header's column names as the stream reads them (blank lines before it skipped) and the offset
 * just past it, or undefined when the head holds no complete header.
 */
function readHeadHeader(text: string, delimiterCode: number): { columns: string[]; end: number } | undefined {
  const state = new RecordState();
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (position < text.length) {
    scanRecord(text, position, delimiterCode, state);
    if (!state.terminated) return undefined;
    if (!state.isBlank(text)) {
      const columns = readHeader(text, { positionAt: () => ({ line: 0, character: 0 }) }, state, new ProblemCollector(0)).map((c) => c.name);
      return { columns, end: state.next };
    }
    position = state.next;
  }
  return undefined;
}
