// The part worker of a split in-memory read: a worker_threads Worker started from the compute
// worker's bundle with workerData.role 'read-part'. It reads one byte range of a CSV/TSV file into
// the reading thread's shared buffer, scans the range's records (the data layer's scanCsvPart) and
// posts them back, moving the arrays.
import { open } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { scanCsvPart } from './index';
import { checkReadPartData } from './readPartProtocol';
import type { ReadPartMessage } from './readPartProtocol';

/** Reads and scans the range this worker was started with and posts the result. */
export async function runReadPart(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runReadPart must run in a worker thread');
  const post = (message: ReadPartMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  const checked = checkReadPartData(workerData);
  if (!checked.ok) {
    post({ type: 'failed', reason: `the part worker was started with ${checked.reason}` });
    port.close();
    return;
  }
  const data = checked.value;
  const range = Buffer.from(data.bytes, data.start, data.end - data.start);
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
