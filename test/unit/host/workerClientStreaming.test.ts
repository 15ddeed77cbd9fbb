// A streamed document's text goes to the worker one slice per event-loop turn, arrives whole and
// in order, and a cancel or an edit in the middle of the transfer ends it with `cancelled`.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SlicedText } from '../../../src/host/workerClient';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { WorkerClient } from '../../../src/host/workerClient';

const STAND_IN = join(__dirname, 'slicedWorker.cjs');
// The documented defaults, with no clipping and small caps: these tests check plumbing, not numbers.
const OPTIONS = { ...resolveAnalysisOptions({ epsilon: 'none', 'fit.maxIterations': 10 }), maxProblems: 10 };
const streamed = {
  kind: 'analyze' as const,
  source: { kind: 'document' as const, uri: 'file:///a.csv', version: 1, fileName: 'a.csv', languageId: 'csv', streamed: true as const },
  options: OPTIONS,
};

/** Slices of `parts`, counting the reads; `current` can be switched off to simulate an edit. */
function slices(parts: string[], onRead?: (index: number) => void): SlicedText & { reads: number; current: boolean } {
  const text = {
    reads: 0,
    current: true,
    open() {
      let index = 0;
      return () => {
        if (index >= parts.length) return undefined;
        text.reads++;
        onRead?.(index);
        return parts[index++];
      };
    },
    isCurrent: () => text.current,
  };
  return text;
}

let client: WorkerClient | undefined;
afterEach(() => client?.dispose());

describe('WorkerClient with streamed text', () => {
  it('delivers every slice in order, and the worker sees the joined text', async () => {
    client = new WorkerClient(STAND_IN);
    const parts = Array.from({ length: 40 }, (_, i) => `row ${i}\n`);
    const outcome = await client.run(streamed, undefined, slices(parts)).outcome;
    expect(outcome).toEqual({ kind: 'result', result: { text: parts.join(''), slices: parts.length + 1 } });
  });

  it('reads one slice per event-loop turn, so timers run between slices', async () => {
    client = new WorkerClient(STAND_IN);
    let ticks = 0;
    const seen: number[] = [];
    const timer = setInterval(() => ticks++, 0);
    const text = slices(
      Array.from({ length: 30 }, () => 'x'.repeat(1000)),
      () => seen.push(ticks),
    );
    await client.run(streamed, undefined, text).outcome;
    clearInterval(timer);
    // Reads are spread over the turns instead of happening back to back in one.
    expect(new Set(seen).size).toBeGreaterThan(1);
  });

  it('stops reading after a cancel in the middle of the transfer and answers cancelled', async () => {
    client = new WorkerClient(STAND_IN);
    let job: ReturnType<WorkerClient['run']> | undefined;
    const text = slices(
      Array.from({ length: 100 }, () => 'y\n'),
      (index) => {
        if (index === 5) job?.cancel();
      },
    );
    job = client.run(streamed, undefined, text);
    expect(await job.outcome).toEqual({ kind: 'cancelled' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(text.reads).toBe(6);
  });

  it('cancels the request when the text changes during the transfer (an edit)', async () => {
    client = new WorkerClient(STAND_IN);
    const text = slices(
      Array.from({ length: 100 }, () => 'z\n'),
      (index) => {
        if (index === 3) text.current = false;
      },
    );
    expect(await client.run(streamed, undefined, text).outcome).toEqual({ kind: 'cancelled' });
    expect(text.reads).toBe(4);
  });

  it('still sends small texts whole in the request', async () => {
    client = new WorkerClient(STAND_IN);
    const { streamed: _, ...identity } = streamed.source;
    const outcome = await client.run({ ...streamed, source: { ...identity, text: 'y\n1\n' } }).outcome;
    expect(outcome).toEqual({ kind: 'result', result: { text: 'y\n1\n', slices: 0 } });
  });
});
