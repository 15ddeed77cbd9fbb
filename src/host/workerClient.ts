// The compute worker's owner: starts dist/worker.js on first use, matches replies to requests by
// id, forwards progress, cancels through the shared flag, and terminates a worker that does not
// stop promptly or that crashed (the next request starts a fresh one). A streamed document's text
// follows its request a slice per event-loop turn, so no single postMessage stalls the host.
import { Worker } from 'node:worker_threads';
import type { AnalysisResult } from '../protocol/analysis';
import { createCancelFlag, raiseCancelFlag } from '../protocol/worker';
import type { AnalyzeRequest, ProgressEvent, TextSliceMessage, WorkerToHostMessage } from '../protocol/worker';

/** How a request ended. */
export type WorkerOutcome = { kind: 'result'; result: AnalysisResult } | { kind: 'cancelled' } | { kind: 'failed'; code: string; message: string };

/** The text of a request whose source is `streamed`, read one slice per event-loop turn. */
export interface SlicedText {
  /** Starts a fresh pass over the text (a replacement worker is sent it again from the start);
   *  each call of the returned function reads the next slice, undefined after the last. */
  open(): () => string | undefined;
  /** False once the text changed since the request was made: the request is then cancelled. */
  isCurrent(): boolean;
}

/** A running request: its outcome, and how to cancel it. */
export interface WorkerJob {
  readonly id: number;
  readonly outcome: Promise<WorkerOutcome>;
  cancel(): void;
}

interface Pending {
  message: AnalyzeRequest;
  text: SlicedText | undefined;
  /** True once `cancel()` answered the caller; the worker's own reply is then only awaited. */
  cancelled: boolean;
  resolve(outcome: WorkerOutcome): void;
  onProgress: ((event: ProgressEvent) => void) | undefined;
  cancelFlag: SharedArrayBuffer;
  killTimer: ReturnType<typeof setTimeout> | undefined;
}

/** After a cancel, the worker gets this long to notice the flag before it is terminated. */
const CANCEL_GRACE_MS = 1500;

export class WorkerClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  /** Workers started so far (tests check that a crash leads to a fresh one). */
  startedWorkers = 0;

  constructor(private readonly workerPath: string) {}

  /** Sends a request (and, for a `streamed` source, its `text` slice by slice); the outcome
   *  promise never rejects. */
  run(request: Omit<AnalyzeRequest, 'type' | 'id' | 'cancelFlag'>, onProgress?: (event: ProgressEvent) => void, text?: SlicedText): WorkerJob {
    const id = this.nextId++;
    const cancelFlag = createCancelFlag();
    let resolveOutcome!: (outcome: WorkerOutcome) => void;
    const outcome = new Promise<WorkerOutcome>((resolve) => (resolveOutcome = resolve));
    if (this.disposed) {
      resolveOutcome({ kind: 'failed', code: 'disposed', message: 'Entropy Lens is shutting down.' });
      return { id, outcome, cancel: () => undefined };
    }
    const message: AnalyzeRequest = { ...request, type: 'analyze', id, cancelFlag };
    const pending: Pending = { message, text, cancelled: false, resolve: resolveOutcome, onProgress, cancelFlag, killTimer: undefined };
    this.pending.set(id, pending);
    this.dispatch(id, pending);
    return { id, outcome, cancel: () => this.cancel(id) };
  }

  /** Posts a request to the current (or a fresh) worker and starts streaming its text. */
  private dispatch(id: number, pending: Pending): void {
    let worker: Worker;
    try {
      worker = this.ensureWorker();
      worker.postMessage(pending.message);
    } catch (error) {
      this.settle(id, { kind: 'failed', code: 'worker-start', message: String(error) });
      return;
    }
    if (pending.text) void this.stream(id, pending, pending.text, worker);
  }

  /**
   * Sends a streamed request's text one slice per macrotask, so timers, hovers and input run
   * between slices. Stops when the request settled or its worker was replaced (the replacement
   * streams again from the start); after a cancel, or when the text changed under it, it ends the
   * text early with an empty last slice so the worker sees the flag and answers `cancelled`.
   */
  private async stream(id: number, pending: Pending, text: SlicedText, worker: Worker): Promise<void> {
    const next = text.open();
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.worker !== worker || this.pending.get(id) !== pending) return;
      if (!pending.cancelled && !text.isCurrent()) this.cancel(id);
      const slice = pending.cancelled ? undefined : next();
      try {
        worker.postMessage({ type: 'textSlice', id, text: slice ?? '', last: slice === undefined } satisfies TextSliceMessage);
      } catch (error) {
        this.settle(id, { kind: 'failed', code: 'worker-crashed', message: String(error) });
        return;
      }
      if (slice === undefined) return;
    }
  }

  /** Raises the request's flag and answers `cancelled` at once; a worker that keeps computing past
   *  the grace period is terminated so no stale work lingers. */
  private cancel(id: number): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    raiseCancelFlag(pending.cancelFlag);
    pending.cancelled = true;
    pending.resolve({ kind: 'cancelled' });
    pending.killTimer = setTimeout(() => {
      if (this.pending.has(id)) this.replaceWorker();
    }, CANCEL_GRACE_MS);
  }

  /**
   * Terminates a worker stuck in cancelled work (e.g. inside one long parse) and re-sends the
   * requests still wanted to a fresh one, so a newer request never fails for an older one.
   */
  private replaceWorker(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined; // onExit ignores the old worker from here on
    void worker.terminate();
    for (const [id, pending] of [...this.pending]) {
      if (pending.cancelled) {
        this.settle(id, { kind: 'cancelled' });
        continue;
      }
      this.dispatch(id, pending);
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath);
    this.startedWorkers++;
    worker.on('message', (message: WorkerToHostMessage) => this.onMessage(message));
    worker.on('error', (error) => this.onExit(worker, `the compute worker crashed: ${error.message}`));
    worker.on('exit', (code) => this.onExit(worker, `the compute worker exited with code ${code}`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onMessage(message: WorkerToHostMessage): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'progress':
        this.pending.get(message.id)?.onProgress?.(message);
        return;
      case 'result':
        this.settle(message.id, { kind: 'result', result: message.result });
        return;
      case 'cancelled':
        this.settle(message.id, { kind: 'cancelled' });
        return;
      case 'failed':
        this.settle(message.id, { kind: 'failed', code: message.code, message: message.message });
        return;
    }
  }

  private settle(id: number, outcome: WorkerOutcome): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (pending.killTimer) clearTimeout(pending.killTimer);
    pending.resolve(outcome); // no-op when cancel already answered
  }

  /** Every pending request fails (or stays cancelled); the next run starts a new worker. */
  private onExit(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, { kind: 'failed', code: 'worker-crashed', message: why });
  }

  private restart(why: string): void {
    const worker = this.worker;
    if (!worker) return;
    this.onExit(worker, why);
    void worker.terminate();
  }

  /** Test hook and recovery path: kills the current worker as if it had crashed. */
  crashForTesting(): void {
    this.restart('terminated for testing');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, { kind: 'cancelled' });
    if (worker) {
      worker.postMessage({ type: 'shutdown' });
      void worker.terminate();
    }
  }
}
