// Large binary fits on two cores: the compute worker's bundle started with the fit-part role runs
// half of every pass over shared memory. The fit equals the one-thread fit to the last bit, the
// worker really takes passes once it is ready, and a worker that crashes or never answers leaves
// the fit to this thread with the same numbers (and no hang).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitLogistic } from '../../../src/core';
import type { FitResult } from '../../../src/core';
import { SPLIT_MIN_ROWS } from '../../../src/core/fit/rowSplit';
import type { FitThreads } from '../../../src/core/fit/rowSplit';
import { fitThreads } from '../../../src/analysis/fitThreads';
import { bundleEntry } from '../worker/bundle';
import { seededRandom } from '../seededData';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-fit-threads-'));
const workerScript = join(dir, 'worker.js');
const crashingScript = join(dir, 'crash.js');
const silentScript = join(dir, 'silent.js');

beforeAll(() => {
  bundleEntry('worker/computeWorker.ts', workerScript);
  writeFileSync(crashingScript, "throw new Error('fit part crashed on purpose');\n");
  // Takes the message and never answers: the fit must not wait for it.
  writeFileSync(silentScript, "require('node:worker_threads').parentPort.on('message', () => undefined);\nsetInterval(() => undefined, 1000);\n");
});

const rows = SPLIT_MIN_ROWS * 2;
const cols = 8;
const random = seededRandom(5);
const x = Float64Array.from({ length: rows * cols }, (_, i) => (random() - 0.5) * (1 + (i % cols)));
const y = Float64Array.from({ length: rows }, (_, i) => ((x[i * cols] as number) - (x[i * cols + 1] as number) + random() - 0.5 > 0 ? 1 : 0));
const features = { data: x, rows, cols };

/** fitThreads counting the passes its helpers took. */
function counting(threads: FitThreads): FitThreads & { taken: number } {
  const counted = {
    ...threads,
    taken: 0,
    binaryHelper: (data: Parameters<FitThreads['binaryHelper']>[0]) => {
      const helper = threads.binaryHelper(data);
      if (helper === undefined) return undefined;
      return {
        start: (theta: Float64Array, request: Parameters<typeof helper.start>[1]) => {
          const took = helper.start(theta, request);
          if (took) counted.taken++;
          return took;
        },
        finish: (out: Float64Array) => helper.finish(out),
        close: () => helper.close(),
      };
    },
  };
  return counted;
}

function expectIdentical(a: FitResult, b: FitResult): void {
  expect(Array.from(a.coef.data)).toEqual(Array.from(b.coef.data));
  expect(Array.from(a.intercept)).toEqual(Array.from(b.intercept));
  expect(Array.from(a.proba.data)).toEqual(Array.from(b.proba.data));
  expect(a.objective).toBe(b.objective);
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('binary fits with the fit-part worker', () => {
  const alone = fitLogistic(features, y, { C: 1 });

  it('the worker takes passes once ready, and the fit is the same to the last bit', async () => {
    const threads = counting(fitThreads(workerScript)!);
    // The first fit starts the worker; until it is ready this thread computes every pass.
    expectIdentical(fitLogistic(features, y, { C: 1, threads }), alone);
    for (let attempt = 0; attempt < 50 && threads.taken === 0; attempt++) {
      await pause(100);
      expectIdentical(fitLogistic(features, y, { C: 1, threads }), alone);
    }
    expect(threads.taken).toBeGreaterThan(0);
    // Results come out of shared memory (they are transferred to the host later).
    const fitted = fitLogistic(features, y, { C: 1, threads });
    expect(fitted.proba.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(fitted.rowLossNats.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('a worker that crashes, or never answers, leaves the fit to this thread: same numbers, no hang', async () => {
    for (const script of [crashingScript, silentScript]) {
      const threads = counting(fitThreads(script)!);
      expectIdentical(fitLogistic(features, y, { C: 1, threads }), alone);
      await pause(300);
      expectIdentical(fitLogistic(features, y, { C: 1, threads }), alone);
      expect(threads.taken).toBe(0);
    }
  });

  it('no worker script (unbundled): no threads', () => {
    expect(fitThreads(undefined)).toBeUndefined();
  });
});
