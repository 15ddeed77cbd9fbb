// Entry of the compute worker (bundled as dist/worker.js): receives analyze requests from the
// extension host, runs the data layer and the core off the host's thread, posts progress and one
// reply per request (result with transferred typed arrays, failed, or cancelled). A streamed
// document's text arrives in slices after its request and is joined here. Started with the
// stream-part or read-part role, the same bundle is instead the part worker of a split file
// (analysis/streamPart.ts, data/readPart.ts; their messages: protocol/partWorker.ts, data/readPartProtocol.ts),
// and with the fit-part role the second thread of large binary fits (analysis/fitPart.ts, protocol/fitPart.ts).
import { parentPort } from 'node:worker_threads';
import { isCoreError } from '../core';
import { analysisTransferables } from '../protocol/analysis';
import { assertNever, DOCUMENT_CHANGED, isCancelled } from '../protocol/worker';
import type { AnalyzeRequest, HostToWorkerMessage, WorkerToHostMessage } from '../protocol/worker';
import { analyzeDisk } from '../analysis/analyzeDisk';
import { analyzeDocument, DocumentChanged } from './analyzeTable';
import { partWorkerRole } from '../data/partWorker';
import { runReadPart } from '../data/readPart';
import { READ_PART_ROLE } from '../data/readPartProtocol';
import { STREAM_PART_ROLE } from '../protocol/partWorker';
import { FIT_PART_ROLE } from '../protocol/fitPart';
import { runFitPart } from '../analysis/fitPart';
import { runStreamPart } from '../analysis/streamPart';
import { AnalysisCancelled } from '../analysis/workContext';
import type { WorkContext } from '../analysis/workContext';

const role = partWorkerRole();
const partWorker = role === STREAM_PART_ROLE || role === READ_PART_ROLE || role === FIT_PART_ROLE;
const port = partWorker ? null : parentPort;
if (!port && !partWorker) throw new Error('computeWorker must run in a worker thread');

/** Progress is throttled so a fast loop does not flood the host with messages. */
const PROGRESS_INTERVAL_MS = 100;

function post(message: WorkerToHostMessage, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

/** Text of streamed requests still arriving, by request id. */
interface IncomingText {
  slices: string[];
  complete: Promise<string>;
  finish(text: string): void;
}
const incoming = new Map<number, IncomingText>();

/** Starts collecting a streamed request's slices as soon as the request arrives (before it runs). */
function expectText(id: number): IncomingText {
  let finish!: (text: string) => void;
  const complete = new Promise<string>((resolve) => (finish = resolve));
  const entry: IncomingText = { slices: [], complete, finish };
  incoming.set(id, entry);
  return entry;
}

function receiveSlice(id: number, text: string, last: boolean): void {
  const entry = incoming.get(id);
  if (!entry) return; // a request this worker never got (the host replaced a previous worker)
  if (text.length > 0) entry.slices.push(text);
  if (!last) return;
  incoming.delete(id);
  entry.finish(entry.slices.join(''));
  entry.slices = [];
}

async function run(request: AnalyzeRequest, text: Promise<string> | undefined): Promise<void> {
  let lastProgress = 0;
  const context: WorkContext = {
    isCancelled: () => isCancelled(request.cancelFlag),
    progress: (stage, done, total) => {
      const now = performance.now();
      if (now - lastProgress < PROGRESS_INTERVAL_MS && done !== total) return;
      lastProgress = now;
      post({ type: 'progress', id: request.id, stage, done, total });
    },
  };
  try {
    const streamedText = text ? await text : undefined;
    if (context.isCancelled()) throw new AnalysisCancelled();
    const result =
      request.source.kind === 'document'
        ? analyzeDocument(request as AnalyzeRequest & { source: { kind: 'document' } }, context, streamedText)
        : await analyzeDisk(request as AnalyzeRequest & { source: { kind: 'disk' } }, context);
    if (context.isCancelled()) throw new AnalysisCancelled();
    post({ type: 'result', id: request.id, result }, analysisTransferables(result));
  } catch (error) {
    if (error instanceof AnalysisCancelled) {
      post({ type: 'cancelled', id: request.id });
      return;
    }
    if (error instanceof DocumentChanged) {
      post({ type: 'failed', id: request.id, code: DOCUMENT_CHANGED, message: error.message });
      return;
    }
    const code = isCoreError(error) ? `core-${error.code}` : 'internal';
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'failed', id: request.id, code, message });
  }
}

// A part worker's failure rejects here and ends the thread with an error, which its parent turns
// into streaming the range itself.
if (role === STREAM_PART_ROLE) void runStreamPart();
if (role === READ_PART_ROLE) void runReadPart();
if (role === FIT_PART_ROLE) runFitPart();

// Requests run one at a time in arrival order; a cancelled one ends at its next check.
let queue: Promise<void> = Promise.resolve();
port?.on('message', (message: HostToWorkerMessage) => {
  switch (message.type) {
    case 'analyze': {
      const text = 'streamed' in message.source ? expectText(message.id).complete : undefined;
      queue = queue.then(() => run(message, text));
      return;
    }
    case 'textSlice':
      receiveSlice(message.id, message.text, message.last);
      return;
    case 'shutdown':
      port?.close();
      return;
    default:
      assertNever(message);
  }
});
if (port) post({ type: 'ready' });
