// The second core for binary fits: one fit-part worker per process (the compute worker's bundle
// with the fit-part role), started on first use and kept (unref'd, so it never keeps a process
// alive); each large binary fit hands it half of every pass through shared memory. It is never
// waited for at start-up: passes run on the fitting thread alone until the worker is ready, and a
// worker that fails or stalls is dropped, its rows computed here. The numbers do not change.
import { Worker } from 'node:worker_threads';
import { passSumsLength } from '../core';
import type { BinaryPassData, FitThreads, PassHelper, PassRequest } from '../core';
import { defaultPartScript } from '../data/partWorker';
import {
  CONTROL_DONE,
  CONTROL_GRADIENT,
  CONTROL_HESSIAN_STRIDE,
  CONTROL_LENGTH,
  CONTROL_SEQUENCE,
  CONTROL_STATE,
  CONTROL_WRITE_ROWS,
  FIT_PART_ROLE,
  STATE_CLOSED,
  STATE_READY,
  STATE_STARTING,
} from '../protocol/fitPart';
import type { FitPartMessage } from '../protocol/fitPart';

/** A pass the worker has not finished after this many times the fitting thread's own half (and at least 5 s) is given up. */
const STALL_FACTOR = 20;
const STALL_MIN_MS = 5000;

/** The process's fit-part worker, by script; undefined once it failed. */
const workers = new Map<string, Worker | undefined>();

function workerFor(script: string): Worker | undefined {
  if (workers.has(script)) return workers.get(script);
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData: { role: FIT_PART_ROLE } });
  } catch {
    workers.set(script, undefined);
    return undefined;
  }
  worker.unref();
  const drop = (): void => void workers.set(script, undefined);
  worker.once('error', drop);
  worker.once('exit', drop);
  workers.set(script, worker);
  return worker;
}

function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, length) * Float64Array.BYTES_PER_ELEMENT)).subarray(0, length);
}

function helperFor(worker: Worker, data: BinaryPassData): PassHelper | undefined {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_LENGTH * Int32Array.BYTES_PER_ELEMENT));
  const theta = sharedFloat64(data.m + 1);
  const out = sharedFloat64(passSumsLength(data.m + 1));
  const message: FitPartMessage = { type: 'binary', control, theta, out, ...data };
  try {
    worker.postMessage(message);
  } catch {
    return undefined;
  }
  let sequence = 0;
  let startedAt = 0;
  let usable = true;
  const close = (): void => {
    if (!usable) return;
    usable = false;
    Atomics.store(control, CONTROL_STATE, STATE_CLOSED);
    Atomics.add(control, CONTROL_SEQUENCE, 1);
    Atomics.notify(control, CONTROL_SEQUENCE);
  };
  return {
    start(thetaNow: Float64Array, request: PassRequest): boolean {
      if (!usable) return false;
      const state = Atomics.load(control, CONTROL_STATE);
      if (state === STATE_STARTING) return false;
      if (state !== STATE_READY) {
        close();
        return false;
      }
      theta.set(thetaNow);
      control[CONTROL_GRADIENT] = request.gradient ? 1 : 0;
      control[CONTROL_HESSIAN_STRIDE] = request.hessianStride;
      control[CONTROL_WRITE_ROWS] = request.writeRows ? 1 : 0;
      sequence = Atomics.add(control, CONTROL_SEQUENCE, 1) + 1;
      Atomics.notify(control, CONTROL_SEQUENCE);
      startedAt = performance.now();
      return true;
    },
    finish(into: Float64Array): boolean {
      const ownHalfMs = performance.now() - startedAt;
      const deadline = performance.now() + Math.max(STALL_MIN_MS, STALL_FACTOR * ownHalfMs);
      for (;;) {
        const done = Atomics.load(control, CONTROL_DONE);
        if (done === sequence) break;
        const left = deadline - performance.now();
        if (Atomics.load(control, CONTROL_STATE) !== STATE_READY || left <= 0) {
          close();
          return false;
        }
        Atomics.wait(control, CONTROL_DONE, done, left);
      }
      into.set(out);
      return true;
    },
    close,
  };
}

/**
 * Shared-memory allocators and the fit-part helper for the core's binary fits, or undefined when
 * there is no worker script (unbundled, e.g. under vitest without a build): the fit then runs on
 * this thread alone with the same numbers.
 */
export function fitThreads(script: string | undefined = defaultPartScript()): FitThreads | undefined {
  if (script === undefined) return undefined;
  return {
    float64: sharedFloat64,
    uint8: (length) => new Uint8Array(new SharedArrayBuffer(Math.max(1, length))).subarray(0, length),
    binaryHelper(data) {
      const worker = workerFor(script);
      return worker === undefined ? undefined : helperFor(worker, data);
    },
  };
}

/**
 * Starts the fit-part worker now, so it is ready when a fit begins (the CLI's `fit` calls this
 * before reading its file; the worker boots while the file is read). No-op without a script.
 */
export function warmFitThreads(script: string | undefined = defaultPartScript()): void {
  if (script !== undefined) workerFor(script);
}
