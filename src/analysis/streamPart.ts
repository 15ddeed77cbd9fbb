// The part worker of a split stream: a worker_threads Worker started from the same bundle (the
// compute worker's dist/worker.js, or the bench's child) with workerData.role 'stream-part'. It
// streams one byte range of the file and posts the range's mergeable aggregates back.
import { parentPort, workerData } from 'node:worker_threads';
import type { StreamRange } from '../data';
import type { AggregatePart } from './aggregateParts';
import { streamAggregatePart } from './streamAggregates';
import type { AggregateSpec } from './streamAggregates';

export const STREAM_PART_ROLE = 'stream-part';

/** What the part worker is started with (its workerData). */
export interface StreamPartData {
  role: typeof STREAM_PART_ROLE;
  path: string;
  spec: AggregateSpec;
  range: StreamRange;
  maxProblems?: number;
  chunkBytes?: number;
  maxRecordBytes?: number;
}

/** Sent by the streaming thread to the part worker when the analysis is cancelled. */
export interface CancelPart {
  type: 'cancel';
}

/** Sent by the part worker after each chunk, and once with the range's aggregates. */
export type PartMessage = { type: 'progress'; bytesRead: number; rows: number } | { type: 'done'; part: AggregatePart };

/** Streams the range this worker was started with and posts the result; a cancel ends it at the next chunk. */
export async function runStreamPart(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runStreamPart must run in a worker thread');
  const data = workerData as StreamPartData;
  const controller = new AbortController();
  port.on('message', (message: CancelPart) => {
    if (message.type === 'cancel') controller.abort();
  });
  const post = (message: PartMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  const part = await streamAggregatePart(data.path, data.spec, {
    range: data.range,
    signal: controller.signal,
    ...(data.maxProblems !== undefined ? { maxProblems: data.maxProblems } : {}),
    ...(data.chunkBytes !== undefined ? { chunkBytes: data.chunkBytes } : {}),
    ...(data.maxRecordBytes !== undefined ? { maxRecordBytes: data.maxRecordBytes } : {}),
    onProgress: (progress) => post({ type: 'progress', bytesRead: progress.bytesRead, rows: progress.rows }),
  });
  // Per-row losses are the only large arrays (8 bytes a row): moved, not copied.
  const transfer = part.models.flatMap((model) => (model.perRow !== undefined ? [model.perRow.buffer as ArrayBuffer] : []));
  post({ type: 'done', part }, transfer);
  port.close();
}
