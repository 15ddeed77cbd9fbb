// Starting and stopping a part worker: a worker_threads Worker running one of the compute
// worker's part roles (streamPart.ts, readPart.ts) for the thread that split the work.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import { sniffFile } from './fileBytes';

/** Files from this size on are split (below it a worker's start-up is not worth it). */
export const SPLIT_MIN_BYTES = 32 * 1024 * 1024;

/** Whether the path is a regular file whose head is UTF-8 without a BOM: the files a byte cut keeps whole. */
export async function isPlainUtf8(path: string): Promise<boolean> {
  const sniff = await sniffFile(path);
  return sniff.ok && sniff.encoding === 'utf-8' && sniff.bomLength === 0;
}

/** worker.js beside this bundle (dist/worker.js beside dist/cli.js and dist/worker.js itself), when it exists. */
export function defaultPartScript(): string | undefined {
  const script = join(__dirname, 'worker.js');
  return existsSync(script) ? script : undefined;
}

/**
 * The part role this thread was started with (workerData.role: 'stream-part', 'read-part'), or
 * undefined on the main thread and in the compute worker itself; entries check it before
 * starting their own role.
 */
export function partWorkerRole(): string | undefined {
  if (isMainThread) return undefined;
  const role = (workerData as { role?: unknown } | null)?.role;
  return typeof role === 'string' ? role : undefined;
}

/** A running part worker: its result, or why it has none; stop() terminates it (idempotent). */
export interface RunningPart<T> {
  result: Promise<T | string>;
  post(message: unknown): void;
  stop(): Promise<void>;
}

/**
 * Starts `script` with `workerData`. Each message goes to `accept` (which checks it with the
 * role's guard), whose answer (when not undefined) is the result, or as a string why there is
 * none; later messages are dropped. A failure to start, an error, an unreadable message or an
 * exit before a result resolves the result with the reason instead. Never rejects.
 */
export function startPartWorker<T>(script: string, workerData: unknown, resourceLimits: ResourceLimits | undefined, accept: (message: unknown) => T | string | undefined): RunningPart<T> {
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData, ...(resourceLimits !== undefined ? { resourceLimits } : {}) });
  } catch (error) {
    const reason = `the part worker did not start: ${error instanceof Error ? error.message : String(error)}`;
    return { result: Promise.resolve(reason), post: () => undefined, stop: () => Promise.resolve() };
  }
  let settled = false;
  const result = new Promise<T | string>((resolvePromise) => {
    const resolve = (answer: T | string): void => {
      settled = true;
      resolvePromise(answer);
    };
    worker.on('message', (message: unknown) => {
      // After the result (a malformed message fails the part while the worker may still run), nothing it posts counts.
      if (settled) return;
      const answer = accept(message);
      if (answer !== undefined) resolve(answer);
    });
    worker.once('error', (error) => resolve(`the part worker failed: ${error instanceof Error ? error.message : String(error)}`));
    worker.once('messageerror', (error) => resolve(`the part worker's result could not be read: ${error.message}`));
    worker.once('exit', (code) => resolve(`the part worker exited (code ${code}) without a result`));
  });
  let stopped: Promise<void> | undefined;
  return {
    result,
    post: (message) => worker.postMessage(message),
    stop: () => {
      stopped ??= worker.terminate().then(() => undefined);
      return stopped;
    },
  };
}
