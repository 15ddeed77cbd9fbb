// Reads a large CSV/TSV file into one in-memory table on two cores: the file is cut at a line feed
// near the middle; a part worker (readPart.ts) reads the bytes after the cut into a shared buffer
// and scans their records while this thread reads the bytes before it, decodes the whole text and
// scans the records before the cut; the reader then appends the part's records. The table is the
// one a single pass gives; whenever the part cannot be used, its range is read and scanned here.
import { open } from 'node:fs/promises';
import { CsvReader, decodeFileBytes, detectFormat, planStreamSplit, readTable, readTableFile, refusedTable } from './index';
import type { CsvPart, ReadOptions, StreamSplit, Table } from './index';
import { defaultPartScript, isPlainUtf8, SPLIT_MIN_BYTES, startPartWorker } from './partWorker';
import { checkReadPartMessage, READ_PART_ROLE } from './readPartProtocol';
import type { ReadPartData } from './readPartProtocol';

/**
 * The share of the file this thread scans. Besides its part it decodes the whole text and appends
 * the worker's records (together about a fifth of a part's scan on 1e6 × 21 numbers), while the
 * part worker only starts and decodes its own half: the cut before the middle evens them out.
 */
const FIRST_SHARE = 0.45;

export interface ReadInPartsOptions extends ReadOptions {
  /** Files smaller than this are read in one pass (default SPLIT_MIN_BYTES; 0 splits any file with a cut). */
  splitMinBytes?: number;
  /** Script the part worker runs (default: worker.js beside this bundle; none under unbundled sources: one pass). */
  partScript?: string;
}

/** How the file was read: one pass, or two parts and what became of the part worker's. */
export type ReadOutcome =
  | { parts: 1 }
  | { parts: 2; second: 'worker' }
  /** The records after the cut were scanned here: the part worker had no usable part, or this thread's view of the file differed. */
  | { parts: 2; second: 'in-thread'; reason: string };

export interface ReadInPartsResult {
  table: Table;
  outcome: ReadOutcome;
}

/**
 * `readTableFile(path, options)` on up to two cores, for CSV/TSV files of at least `splitMinBytes`
 * without a selection. Same table (cells, numbers, offsets, problems) as one pass. The part worker
 * is always terminated.
 */
export async function readTableFileInParts(path: string, options: ReadInPartsOptions = {}): Promise<ReadInPartsResult> {
  const { splitMinBytes, partScript, ...readOptions } = options;
  const onePass = async (): Promise<ReadInPartsResult> => ({ table: await readTableFile(path, readOptions), outcome: { parts: 1 } });
  const script = partScript ?? defaultPartScript();
  // Only plain UTF-8 text is cut in two; anything else (not a regular file, binary, UTF-16/32)
  // takes the one pass, which refuses or decodes it.
  const split =
    script === undefined || options.selection !== undefined || !(await isPlainUtf8(path)) ? undefined : await planStreamSplit(path, splitMinBytes ?? SPLIT_MIN_BYTES, readOptions, FIRST_SHARE);
  if (script === undefined || split === undefined) return onePass();
  let shared: SharedArrayBuffer;
  try {
    shared = new SharedArrayBuffer(split.size);
  } catch {
    // Too large to hold (the one-pass read then reports why the file cannot be read).
    return onePass();
  }
  const data: ReadPartData = { role: READ_PART_ROLE, path, bytes: shared, start: split.cut, end: split.size, width: split.header.columns.length, delimiter: split.header.delimiter };
  let bytesPosted!: () => void;
  const rangeRead = new Promise<true>((resolve) => (bytesPosted = () => resolve(true)));
  // The part's heap holds its text (one byte a character) and little else; its arrays are outside it.
  const heapMb = Math.ceil((split.size - split.cut) / 2 ** 20) + 64;
  const expected = { width: data.width, length: data.end - data.start };
  // A message that is not one of the protocol's fails the part, as a crash does: the range is read and scanned here.
  const worker = startPartWorker<CsvPart>(script, data, { maxOldGenerationSizeMb: heapMb }, (message) => {
    const checked = checkReadPartMessage(message, expected);
    if (!checked.ok) return `the part worker posted ${checked.reason}`;
    const posted = checked.value;
    if (posted.type === 'bytes') return void bytesPosted();
    return posted.type === 'done' ? posted.part : posted.reason;
  });
  try {
    const bytes = Buffer.from(shared);
    if (!(await readRange(path, bytes, 0, split.cut, split.size))) return onePass();
    // The rest is the worker's to read; when it failed before reading it, it is read here.
    const workerRead = await Promise.race([rangeRead, worker.result.then(() => false)]);
    // Stopped first: a worker that failed by its message may still be writing the range.
    if (!workerRead) await worker.stop();
    if (!workerRead && !(await readRange(path, bytes, split.cut, split.size, split.size))) return onePass();
    const fileOptions: ReadOptions = { fileName: path, ...readOptions };
    const decoded = decodeFileBytes(bytes);
    // Longer than a string can be, say: the problem one pass gives.
    if (!decoded.ok) return { table: refusedTable('', 'csv', decoded.problem, fileOptions), outcome: { parts: 1 } };
    const text = decoded.text;
    const format = readOptions.format === undefined || readOptions.format === 'auto' ? detectFormat(text, fileOptions.fileName) : readOptions.format;
    if (format !== 'csv' && format !== 'tsv') return { table: readTable(text, fileOptions), outcome: { parts: 1 } };
    const reader = new CsvReader(text, format, fileOptions);
    const mismatch = differs(text, reader, split);
    const reached = reader.scanTo(mismatch === undefined ? split.cut : text.length);
    let outcome: ReadOutcome;
    if (mismatch !== undefined) {
      outcome = { parts: 2, second: 'in-thread', reason: mismatch };
    } else if (reached !== split.cut) {
      reader.scanTo();
      outcome = { parts: 2, second: 'in-thread', reason: 'a record crosses the cut' };
    } else {
      const part = await worker.result;
      if (typeof part === 'string') {
        reader.scanTo();
        outcome = { parts: 2, second: 'in-thread', reason: part };
      } else {
        reader.appendPart(part);
        outcome = { parts: 2, second: 'worker' };
      }
    }
    return { table: reader.finish(), outcome };
  } finally {
    await worker.stop();
  }
}

/** Reads `[start, end)` of the file into `into`; false when it cannot (unreadable, or no longer `size` bytes long). */
async function readRange(path: string, into: Buffer, start: number, end: number, size: number): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      if ((await handle.stat()).size !== size) return false;
      for (let filled = start; filled < end; ) {
        const { bytesRead } = await handle.read(into, filled, end - filled, filled);
        if (bytesRead === 0) return false;
        filled += bytesRead;
      }
      return true;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** Why the part worker's view of the file (the plan) is not this thread's, or undefined when it is. */
function differs(text: string, reader: CsvReader, split: StreamSplit): string | undefined {
  // Equal lengths: every byte is one character (UTF-8 of ASCII, or bytes that are not UTF-8), so offsets agree.
  if (text.length !== split.size) return 'the file is not ASCII';
  const columns = split.header.columns;
  if (reader.delimiter !== split.header.delimiter || reader.columnNames.length !== columns.length || reader.columnNames.some((name, i) => name !== columns[i])) {
    return 'the header read here differs from the planned one';
  }
  if (reader.dataStart > split.cut) return 'the cut is inside the header';
  return undefined;
}
