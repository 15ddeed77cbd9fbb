// The fit-part worker's loop: for each fit it is given, the binary passes over its rows of the
// shared arrays, one per sequence number the fitting thread posts, until that thread closes the
// part. It blocks its own thread while a fit runs (the fitting thread never waits on messages).
import { parentPort } from 'node:worker_threads';
import { BinaryRowRange } from '../core';
import {
  CONTROL_DONE,
  CONTROL_GRADIENT,
  CONTROL_HESSIAN_STRIDE,
  CONTROL_SEQUENCE,
  CONTROL_STATE,
  CONTROL_WRITE_ROWS,
  isFitPartMessage,
  STATE_FAILED,
  STATE_READY,
  STATE_STARTING,
} from '../protocol/fitPart';
import type { FitPartMessage } from '../protocol/fitPart';

function runPart(message: FitPartMessage): void {
  const { control, theta, out } = message;
  // A fitting thread that gave up waiting has closed the part already: nothing to do.
  if (Atomics.compareExchange(control, CONTROL_STATE, STATE_STARTING, STATE_READY) !== STATE_STARTING) return;
  Atomics.notify(control, CONTROL_STATE);
  const range = new BinaryRowRange(message.z, message.n, message.m, message.y, message.weights, message.start, message.end);
  const rows = { rowLoss: message.rowLoss, proba: message.proba };
  let seen = 0;
  for (;;) {
    Atomics.wait(control, CONTROL_SEQUENCE, seen);
    if (Atomics.load(control, CONTROL_STATE) !== STATE_READY) return;
    seen = Atomics.load(control, CONTROL_SEQUENCE);
    const writeRows = control[CONTROL_WRITE_ROWS] === 1;
    try {
      range.pass(theta, { gradient: control[CONTROL_GRADIENT] === 1, hessianStride: control[CONTROL_HESSIAN_STRIDE] as number, writeRows }, out, writeRows ? rows : undefined);
    } catch {
      Atomics.store(control, CONTROL_STATE, STATE_FAILED);
      Atomics.notify(control, CONTROL_DONE);
      return;
    }
    Atomics.store(control, CONTROL_DONE, seen);
    Atomics.notify(control, CONTROL_DONE);
  }
}

/** Serves fits until the worker is terminated; a message that is not a fit part is ignored (the fitting thread's start-up wait runs out). */
export function runFitPart(): void {
  parentPort?.on('message', (message: unknown) => {
    if (isFitPartMessage(message)) runPart(message);
    else if (typeof message === 'object' && message !== null && (message as { control?: unknown }).control instanceof Int32Array) {
      // A malformed part: tell the fitting thread at once instead of letting it wait.
      const control = (message as { control: Int32Array }).control;
      if (control.length > CONTROL_STATE) Atomics.store(control, CONTROL_STATE, STATE_FAILED);
    }
  });
}
