// The worker's owner: replies matched to requests, progress forwarded, a cancel answered at once
// and a worker stuck past the grace period replaced without failing newer requests, a crash
// failing only what was running.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalysisKind } from '../../../src/protocol/analysis';
import type { ProgressEvent } from '../../../src/protocol/worker';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { WorkerClient } from '../../../src/host/workerClient';

const FAKE = join(__dirname, '../../fixtures/extension/fakeWorker.cjs');
// The documented defaults, with no clipping and small caps: these tests check plumbing, not numbers.
const OPTIONS = { ...resolveAnalysisOptions({ epsilon: 'none', 'fit.maxIterations': 10 }), maxProblems: 10 };
const request = (kind: AnalysisKind, uri = 'file:///a.csv') => ({
  kind,
  source: { kind: 'document' as const, uri, version: 1, fileName: 'a.csv', languageId: 'csv', text: 'y\n1\n' },
  options: OPTIONS,
});

let client: WorkerClient | undefined;
afterEach(() => client?.dispose());

describe('WorkerClient', () => {
  it('starts the worker on first use and matches each reply to its request', async () => {
    client = new WorkerClient(FAKE);
    expect(client.startedWorkers).toBe(0);
    const progress: ProgressEvent[] = [];
    const a = client.run(request('analyze', 'file:///a.csv'), (event) => progress.push(event));
    const b = client.run(request('entropy', 'file:///b.csv'));
    const [ra, rb] = await Promise.all([a.outcome, b.outcome]);
    expect(ra).toEqual({ kind: 'result', result: { kind: 'analyze', uri: 'file:///a.csv' } });
    expect(rb).toEqual({ kind: 'result', result: { kind: 'entropy', uri: 'file:///b.csv' } });
    expect(progress.map((p) => p.id)).toEqual([a.id]);
    expect(client.startedWorkers).toBe(1);
  });

  it('answers a cancel at once, and replaces a worker that ignores it without failing the next request', async () => {
    client = new WorkerClient(FAKE);
    const stuck = client.run(request('fitLogistic'));
    const next = client.run(request('analyze', 'file:///next.csv'));
    const cancelledAt = Date.now();
    stuck.cancel();
    expect(await stuck.outcome).toEqual({ kind: 'cancelled' });
    // The fake worker ignores the flag for 20 s: the answer must not wait for it.
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    expect(await next.outcome).toEqual({ kind: 'result', result: { kind: 'analyze', uri: 'file:///next.csv' } });
    expect(client.startedWorkers).toBe(2);
  });

  it('fails the running request when the worker crashes, and starts a fresh worker for the next', async () => {
    client = new WorkerClient(FAKE);
    const crash = await client.run(request('fitSoftmax')).outcome;
    expect(crash.kind).toBe('failed');
    const after = await client.run(request('analyze')).outcome;
    expect(after.kind).toBe('result');
    expect(client.startedWorkers).toBe(2);
  });

  it('answers cancelled to everything pending on dispose, and refuses new work', async () => {
    client = new WorkerClient(FAKE);
    const pending = client.run(request('fitLogistic'));
    client.dispose();
    expect(await pending.outcome).toEqual({ kind: 'cancelled' });
    expect((await client.run(request('analyze')).outcome).kind).toBe('failed');
  });
});
