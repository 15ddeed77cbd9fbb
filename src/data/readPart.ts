// The part worker of a split in-memory read: a worker_threads Worker started from the compute
// worker's bundle with workerData.role 'read-part'. It reads one byte range of a CSV/TSV file into
// the reading thread's shared buffer, scans the range's records (the data layer's scanCsvPart) and
// posts them back, moving the arrays.
import { open } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { scanCsvPart } from './index';
import type { CsvPart, Delimiter } from './index';

export const READ_PART_ROLE = 'read-part';

/** What the part worker is started with (its workerData). */
export interface ReadPartData {
  role: typeof READ_PART_ROLE;
  path: string;
  /** The whole file's bytes, shared: the worker fills `[start, end)`, the reading thread the rest. */
  bytes: SharedArrayBuffer;
  /** The byte range: `start` is a record's start (just after a line feed), `end` the file's size. */
  start: number;
  end: number;
  /** The header's column count and delimiter (as the first part reads them). */
  width: number;
  delimiter: Delimiter;
}

/**
 * Posted by the part worker: `bytes` once its range is in the shared buffer, then its records
 * (`done`) or why it has none (`failed`: the reading thread then scans the range, and reads it too
 * when no `bytes` came first).
 */
export type ReadPartMessage = { type: 'bytes' } | { type: 'done'; part: CsvPart } | { type: 'failed'; reason: string };

/** Reads and scans the range this worker was started with and posts the result. */
export async function runReadPart(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runReadPart must run in a worker thread');
  const data = workerData as ReadPartData;
  const range = Buffer.from(data.bytes, data.start, data.end - data.start);
  const post = (message: ReadPartMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  const read = await readRange(data.path, range, data.start);
  if (read !== undefined) {
    post({ type: 'failed', reason: read });
  } else {
    post({ type: 'bytes' });
    // Byte offsets are character offsets only in ASCII text, and the reader adds them to its own.
    const part = isAscii(range) ? scanCsvPart(range.toString('latin1'), data.width, data.delimiter) : 'the range is not ASCII';
    if (part === undefined) post({ type: 'failed', reason: 'a record in the range has a problem' });
    else if (typeof part === 'string') post({ type: 'failed', reason: part });
    else post({ type: 'done', part }, [part.rowStarts.buffer, part.rowEnds.buffer, part.cells.buffer, part.values.buffer] as ArrayBuffer[]);
  }
  port.close();
}

/** Fills `into` from the file at `position`; why not, or undefined when it is full. */
async function readRange(path: string, into: Buffer, position: number): Promise<string | undefined> {
  const handle = await open(path, 'r');
  try {
    for (let filled = 0; filled < into.length; ) {
      const { bytesRead } = await handle.read(into, filled, into.length - filled, position + filled);
      if (bytesRead === 0) return 'the file became shorter while it was read';
      filled += bytesRead;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
