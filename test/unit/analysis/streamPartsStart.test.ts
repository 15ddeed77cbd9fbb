// The part worker started before the spec is decided (Analyze File on Disk starts it before its
// head analysis): it streams nothing until the start message brings the spec, refuses a malformed
// one in words, and a caller that never runs it stops it; running later gives the one-pass result.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { planStreamSplit } from '../../../src/data';
import type { AggregatePart } from '../../../src/analysis/aggregateParts';
import { streamAggregates } from '../../../src/analysis/streamAggregates';
import type { AggregateSpec } from '../../../src/analysis/streamAggregates';
import { startStreamParts } from '../../../src/analysis/parallelStream';
import type { StreamPartPosted, StreamPartWorkerData } from '../../../src/analysis/streamPart';
import { bundleEntry } from '../worker/bundle';
import { probabilityTriple, seededRandom } from '../seededData';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-parts-start-'));
const workerScript = join(dir, 'worker.js');
const path = join(dir, 'preds.csv');
const SPEC: AggregateSpec = { label: 'label', models: [{ kind: 'probabilities', columns: ['p_a', 'p_b', 'p_c'] }] };

beforeAll(() => {
  bundleEntry('worker/computeWorker.ts', workerScript);
  const random = seededRandom(11);
  const lines = ['label,p_a,p_b,p_c'];
  for (let i = 0; i < 5000; i++) lines.push([['a', 'b', 'c'][i % 3], ...probabilityTriple(random)].join(','));
  writeFileSync(path, `${lines.join('\n')}\n`);
});

/** The messages a part worker started with `data` posts, until `done` or `failed`, posting `send` first. */
async function messagesOf(data: StreamPartWorkerData, send: unknown[]): Promise<StreamPartPosted[]> {
  const worker = new Worker(workerScript, { workerData: data });
  try {
    return await new Promise<StreamPartPosted[]>((resolve, reject) => {
      const seen: StreamPartPosted[] = [];
      worker.on('message', (message: StreamPartPosted) => {
        seen.push(message);
        if (message.type === 'done' || message.type === 'failed') resolve(seen);
      });
      worker.once('error', reject);
      for (const message of send) worker.postMessage(message);
    });
  } finally {
    await worker.terminate();
  }
}

describe('a part worker started without its spec', () => {
  it('streams its range once the start message brings the spec, as the spec in workerData would', async () => {
    const split = (await planStreamSplit(path, 0))!;
    const range = { start: split.cut, end: split.size, header: split.header };
    const later = await messagesOf({ role: 'stream-part', path, range }, [{ type: 'progress' }, { type: 'start', spec: SPEC }]);
    const upFront = await messagesOf({ role: 'stream-part', path, spec: SPEC, range }, []);
    const partOf = (messages: StreamPartPosted[]): AggregatePart => (messages.at(-1) as { part: AggregatePart }).part;
    expect(later.at(-1)?.type).toBe('done');
    expect(partOf(later)).toEqual(partOf(upFront));
  });

  it('refuses a start message whose spec is malformed, in words', async () => {
    const split = (await planStreamSplit(path, 0))!;
    const messages = await messagesOf({ role: 'stream-part', path, range: { start: split.cut, end: split.size, header: split.header } }, [{ type: 'start', spec: 'everything' }]);
    expect(messages).toEqual([{ type: 'failed', reason: 'the part worker was sent a "start" message whose spec is not an object (a string)' }]);
  });
});

describe('startStreamParts', () => {
  it('runs later with the spec decided meanwhile, equal to one pass', async () => {
    const parts = await startStreamParts(path, { splitMinBytes: 0, partScript: workerScript });
    // What the head analysis does meanwhile: anything on this thread.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { result, outcome } = await parts.run(SPEC);
    const single = await streamAggregates(path, SPEC);
    expect(outcome).toEqual({ parts: 2, second: 'worker' });
    expect([result.rowCount, result.counts, result.problems, result.models[0]!.n]).toEqual([single.rowCount, single.counts, single.problems, single.models[0]!.n]);
    // Relative 1e-13: the two halves' sums are added (one extra rounding).
    expect(Math.abs(result.models[0]!.sumNats - single.models[0]!.sumNats) / single.models[0]!.sumNats).toBeLessThan(1e-13);
    await parts.stop();
  });

  it('stops the part worker when the caller never runs it (its head analysis failed)', async () => {
    const parts = await startStreamParts(path, { splitMinBytes: 0, partScript: workerScript });
    await parts.stop();
    await parts.stop();
    // Stopped, the process has nothing left of it: a later run streams (here, in this thread).
    const { outcome } = await parts.run(SPEC);
    expect(outcome).toMatchObject({ parts: 2, second: 'in-thread' });
  });
});
