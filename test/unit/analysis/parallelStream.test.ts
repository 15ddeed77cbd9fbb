// Analyze File on Disk in two parts: the part worker (the compute worker's bundle started with the
// stream-part role) streams the second half; results equal one pass; a crashing part worker, one
// posting a malformed message, a cut inside quotes and a cancel all end correctly, and progress
// counts both parts' bytes. The CLI's per-row scores (entropy --dist, kl row by row) send each row
// once, in file order, and its distribution sums merge to the in-memory numbers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  distributionEntropy,
  distributionEntropyOfSums,
  divergence,
  divergenceFirstPass,
  divergenceOfSums,
  finishRowDivergenceSums,
  finishRowEntropySums,
  rowDivergences,
  rowEntropies,
} from '../../../src/core';
import { planStreamSplit, readTable } from '../../../src/data';
import type { AggregatePart } from '../../../src/analysis/aggregateParts';
import { streamAggregates } from '../../../src/analysis/streamAggregates';
import type { AggregateResult, AggregateSpec } from '../../../src/analysis/streamAggregates';
import type { AnalysisOptions } from '../../../src/protocol/worker';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDisk } from '../../../src/analysis/analyzeDisk';
import { streamAggregatesInParts } from '../../../src/analysis/parallelStream';
import type { StreamPartPosted, StreamPartWorkerData } from '../../../src/analysis/streamPart';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { bundleEntry } from '../worker/bundle';
import { probabilityTriple, seededRandom } from '../seededData';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-parallel-'));
const workerScript = join(dir, 'worker.js');
const crashingScript = join(dir, 'crash.js');
/** A part worker that breaks the protocol: a progress message with a negative count, then it keeps running. */
const malformedScript = join(dir, 'malformed.js');

beforeAll(() => {
  // The product's part worker is dist/worker.js; the same entry is bundled here.
  bundleEntry('worker/computeWorker.ts', workerScript);
  writeFileSync(crashingScript, "throw new Error('part worker crashed on purpose');\n");
  writeFileSync(malformedScript, "require('node:worker_threads').parentPort.postMessage({ type: 'progress', bytesRead: -1, rows: 0 });\nsetInterval(() => undefined, 1000);\n");
});

/** A 3-class predictions file (~600 kB) with a row that does not sum to 1 every 211 rows. */
function predictions(rows: number): string {
  const random = seededRandom(5);
  const lines = ['label,p_a,p_b,p_ç'];
  for (let i = 0; i < rows; i++) {
    const [a, b, c] = probabilityTriple(random);
    const label = ['a', 'b', 'ç'][Math.floor(random() * 3)]!;
    lines.push(i % 211 === 210 ? `${label},${a + 0.5},${b},${c}` : `${label},${a},${b},${c}`);
  }
  return `${lines.join('\n')}\n`;
}

const text = predictions(20000);
const path = join(dir, 'preds.csv');
writeFileSync(path, text);
const SPEC: AggregateSpec = { label: 'label', models: [{ kind: 'probabilities', columns: ['p_a', 'p_b', 'p_ç'] }] };

function expectSame(split: AggregateResult, single: AggregateResult): void {
  expect([split.rowCount, split.bytesRead, split.problemCount, split.cancelled]).toEqual([single.rowCount, single.bytesRead, single.problemCount, single.cancelled]);
  expect(split.classes).toEqual(single.classes);
  expect(split.counts).toEqual(single.counts);
  expect(split.problems).toEqual(single.problems);
  const [a, b] = [split.models[0]!, single.models[0]!];
  expect(b.sumNats).toBeGreaterThan(0);
  expect([a.n, a.clipped, a.infinite, a.errorRate]).toEqual([b.n, b.clipped, b.infinite, b.errorRate]);
  // Relative 1e-13: the two halves' sums are added (one extra rounding per sum).
  expect(Math.abs(a.sumNats - b.sumNats) / b.sumNats).toBeLessThan(1e-13);
  expect(Math.abs(a.brier - b.brier) / b.brier).toBeLessThan(1e-13);
}

describe('streamAggregatesInParts', () => {
  it('streams the second half in the part worker and merges to the one-pass result, with progress over both parts', async () => {
    const single = await streamAggregates(path, SPEC);
    const progress: { bytesRead: number; totalBytes: number | undefined }[] = [];
    const { result, outcome } = await streamAggregatesInParts(path, SPEC, { splitMinBytes: 0, partScript: workerScript, chunkBytes: 32 * 1024, onProgress: (p) => progress.push(p) });
    expect(outcome).toEqual({ parts: 2, second: 'worker' });
    expectSame(result, single);
    const size = statSync(path).size;
    expect(progress.every((p) => p.totalBytes === size)).toBe(true);
    expect(Math.max(...progress.map((p) => p.bytesRead))).toBe(size);
  });

  it('streams the second half in this thread when the part worker crashes', async () => {
    const single = await streamAggregates(path, SPEC);
    const { result, outcome } = await streamAggregatesInParts(path, SPEC, { splitMinBytes: 0, partScript: crashingScript });
    expect(outcome).toMatchObject({ parts: 2, second: 'in-thread' });
    expect(outcome.parts === 2 && 'reason' in outcome ? outcome.reason : '').toContain('crashed on purpose');
    expectSame(result, single);
  });

  it('streams the second half in this thread when the part worker posts a malformed message, naming what is wrong', async () => {
    const single = await streamAggregates(path, SPEC);
    const { result, outcome } = await streamAggregatesInParts(path, SPEC, { splitMinBytes: 0, partScript: malformedScript });
    expect(outcome).toEqual({ parts: 2, second: 'in-thread', reason: 'the part worker posted a "progress" message whose bytesRead is not a count' });
    expectSame(result, single);
  });

  it('drops the part worker’s half when the cut falls inside a quoted line break', async () => {
    // A label with many line breaks around the middle of the file, so the cut lands in its quotes.
    const lines = text.split('\n');
    lines[10000] = lines[10000]!.replace(/^([^,]*),/, `"$1${'\n'.repeat(30000)}",`);
    const quotedPath = join(dir, 'quoted.csv');
    writeFileSync(quotedPath, lines.join('\n'));
    const spec: AggregateSpec = { ...SPEC, classes: ['a', 'b', 'ç'] };
    const single = await streamAggregates(quotedPath, spec);
    const { result, outcome } = await streamAggregatesInParts(quotedPath, spec, { splitMinBytes: 0, partScript: workerScript });
    expect(outcome).toMatchObject({ parts: 2, second: 'discarded' });
    expectSame(result, single);
  });

  it('stops both parts when the signal aborts', async () => {
    const controller = new AbortController();
    const { result } = await streamAggregatesInParts(path, SPEC, {
      splitMinBytes: 0,
      partScript: workerScript,
      chunkBytes: 16 * 1024,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(result.cancelled).toBe(true);
    expect(result.rowCount).toBeLessThan(20000);
  });

  it('a part worker told to cancel stops at its next chunk and posts a cancelled part', async () => {
    const split = (await planStreamSplit(path, 0))!;
    const data: StreamPartWorkerData = { role: 'stream-part', path, spec: SPEC, range: { start: split.cut, end: split.size, header: split.header }, chunkBytes: 4096 };
    const worker = new Worker(workerScript, { workerData: data });
    try {
      const part = await new Promise<AggregatePart>((resolve, reject) => {
        worker.on('message', (message: StreamPartPosted) => {
          if (message.type === 'progress') worker.postMessage({ type: 'cancel' });
          else if (message.type === 'done') resolve(message.part);
          else if (message.type === 'failed') reject(new Error(message.reason));
        });
        worker.once('error', reject);
      });
      expect(part.summary.cancelled).toBe(true);
      expect(part.summary.bytesRead).toBeLessThan(split.size - split.cut);
    } finally {
      await worker.terminate();
    }
  });

  it('a part worker started with malformed workerData posts why it has no part instead of throwing', async () => {
    const worker = new Worker(workerScript, { workerData: { role: 'stream-part', path: path, spec: SPEC, range: { start: 20, end: 10 } } });
    try {
      const message = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(message).toEqual({ type: 'failed', reason: 'the part worker was started with workerData whose range is not a start and end from 0 up, in order' });
    } finally {
      await worker.terminate();
    }
  });

  it('reads small files, and files without a part-worker script, in one pass', async () => {
    expect((await streamAggregatesInParts(path, SPEC, { partScript: workerScript })).outcome).toEqual({ parts: 1 });
    expect((await streamAggregatesInParts(path, SPEC, { splitMinBytes: 0 })).outcome).toEqual({ parts: 1 });
  });

  it('streams UTF-16 in one pass (a byte cut would split its characters) and refuses binary and non-regular files at the start', async () => {
    const text = 'label,p_a,p_b,p_ç\na,0.5,0.25,0.25\nb,0.2,0.2,0.6\nç,0.1,0.1,0.8\n';
    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const decoded = await streamAggregatesInParts(utf16, SPEC, { partScript: workerScript, splitMinBytes: 0 });
    expect([decoded.outcome, decoded.result.rowCount, decoded.result.problems]).toEqual([{ parts: 1 }, 3, []]);
    const parquet = join(dir, 'preds.parquet.csv');
    writeFileSync(parquet, Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x04]), Buffer.alloc(100_000, 0x0a)]));
    const refused = await streamAggregatesInParts(parquet, SPEC, { partScript: workerScript, splitMinBytes: 0 });
    expect([refused.outcome, refused.result.rowCount, refused.result.problems.map((p) => p.message.slice(0, 33))]).toEqual([{ parts: 1 }, 0, ['This Parquet file is cut short or']]);
    const folder = await streamAggregatesInParts(dir, SPEC, { partScript: workerScript, splitMinBytes: 0 });
    expect(folder.result.problems.map((p) => p.message.slice(0, 29))).toEqual(['This is a directory, not a re']);
  });
});

describe('analyzeDisk in two parts', () => {
  const OPTIONS: AnalysisOptions = resolveAnalysisOptions({ 'fit.maxIterations': 100 }); // the documented defaults otherwise
  const request = {
    type: 'analyze' as const,
    id: 1,
    kind: 'analyze' as const,
    source: { kind: 'disk' as const, uri: `file://${path}`, fileName: path, path },
    options: OPTIONS,
    cancelFlag: createCancelFlag(),
  };
  const context = { isCancelled: () => false, progress: () => undefined };

  it('gives the one-pass counts, problems and per-row losses', async () => {
    const single = await analyzeDisk(request, context);
    const split = await analyzeDisk(request, context, { splitMinBytes: 0, partScript: workerScript });
    expect(split.rows.count).toBe(20000);
    expect(single.models[0]!.meanLossNats).toBeGreaterThan(0);
    expect(split.entropy).toEqual(single.entropy);
    expect(split.problems).toEqual(single.problems);
    expect(split.problemCount).toBe(single.problemCount);
    expect([...split.models[0]!.lossNats]).toEqual([...single.models[0]!.lossNats]);
    expect(Math.abs(split.models[0]!.meanLossNats - single.models[0]!.meanLossNats)).toBeLessThan(1e-13);
  });

  it('names a FIFO without opening it, and infers the columns of a UTF-16 file from its decoded head', async () => {
    const fifo = join(dir, 'pipe.csv');
    let fifoMade = true;
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      fifoMade = false; // no mkfifo here
    }
    if (fifoMade) {
      const refused = await analyzeDisk({ ...request, source: { ...request.source, uri: `file://${fifo}`, fileName: fifo, path: fifo } }, context, { splitMinBytes: 0, partScript: workerScript });
      expect(refused.problems.map((p) => [p.code, p.message])).toEqual([['read-error', 'This is a named pipe (FIFO), not a regular file: save the data to a file and open that']]);
    }
    const utf16 = join(dir, 'disk16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(path, 'utf8'), 'utf16le')]));
    const decoded = await analyzeDisk({ ...request, source: { ...request.source, uri: `file://${utf16}`, fileName: utf16, path: utf16 } }, context, { splitMinBytes: 0, partScript: workerScript });
    const single = await analyzeDisk(request, context);
    expect([decoded.rows.count, decoded.columns, decoded.problemCount]).toEqual([20000, single.columns, single.problemCount]);
    expect(decoded.models[0]!.meanLossNats).toBe(single.models[0]!.meanLossNats);
  });
});

describe('per-row scores and distribution sums in two parts', () => {
  /** A clean two-group file (~1 MB): P and Q rows summing to 1, a weight column with zeros and a 1e300. */
  const clean = join(dir, 'groups.csv');
  const random = seededRandom(17);
  const lines = ['p_a,p_b,p_c,q_a,q_b,q_c,w'];
  for (let i = 0; i < 20000; i++) lines.push([...probabilityTriple(random), ...probabilityTriple(random), i % 50 === 0 ? 0 : i === 777 ? 1e300 : random() * 10].join(','));
  writeFileSync(clean, `${lines.join('\n')}\n`);
  const P = ['p_a', 'p_b', 'p_c'];
  const Q = ['q_a', 'q_b', 'q_c'];
  /** A part worker that posts rows and then fails: its range is streamed here, and its rows must not count. */
  const rowsThenFail = join(dir, 'rows-then-fail.js');
  writeFileSync(
    rowsThenFail,
    "const { parentPort } = require('node:worker_threads');\nparentPort.postMessage({ type: 'rows', values: [new Float64Array([7, 7, 7])] });\nparentPort.postMessage({ type: 'failed', reason: 'failed on purpose after some rows' });\n",
  );

  /** Streams `spec`, gathering the rows each part sends, and returns them in the order the outcome says count. */
  async function withRows(spec: AggregateSpec, options: { splitMinBytes?: number; partScript?: string }): Promise<{ result: AggregateResult; outcome: unknown; rows: number[][] }> {
    const parts: number[][][] = [[], []];
    const { result, outcome } = await streamAggregatesInParts(clean, spec, {
      ...options,
      rows: {
        add: (part, values) => parts[part]!.push(values.map((v) => Array.from(v)).flat()),
        restart: (part) => (parts[part] = []),
      },
    });
    const kept = outcome.parts === 2 && outcome.second !== 'discarded' ? [...parts[0]!, ...parts[1]!] : parts[0]!;
    return { result, outcome, rows: kept };
  }

  it('sends each row once, in file order, with the one-pass sums, as the core scores the whole table', async () => {
    const table = readTable(readFileSync(clean, 'utf8'), { fileName: clean });
    const matrix = (columns: string[]) => ({ data: table.matrix(columns).values, rows: table.rowCount, cols: columns.length });
    const spec: AggregateSpec = { rowEntropy: P, distributions: ['w'] };
    const single = await withRows(spec, {});
    const split = await withRows(spec, { splitMinBytes: 0, partScript: workerScript });
    expect(split.outcome).toEqual({ parts: 2, second: 'worker' });
    expect(split.rows.flat()).toEqual(single.rows.flat());
    const whole = rowEntropies(matrix(P));
    expect(split.rows.flat()).toEqual(Array.from(whole.rowEntropyNats));
    // Compensated sums merged pair to pair: the same doubles as one pass and as the whole table.
    expect(finishRowEntropySums(split.result.rowEntropy!).meanNats).toBe(whole.meanNats);
    expect(distributionEntropyOfSums(split.result.distributions![0]!)).toEqual(distributionEntropy(table.numbers('w').values));

    const divergenceSpec: AggregateSpec = { rowDivergence: { p: P, q: Q } };
    const rowWise = await withRows(divergenceSpec, { splitMinBytes: 0, partScript: workerScript });
    const wholeRows = rowDivergences(matrix(P), matrix(Q));
    // Each batch's rows come as [D(P‖Q), D(Q‖P), JS]: the batches of the split differ from one pass's, not their rows.
    expect(rowWise.rows.flat().length).toBe(3 * 20000);
    expect(finishRowDivergenceSums(rowWise.result.rowDivergence!).meanJsNats).toBe(wholeRows.meanJsNats);
    expect(finishRowDivergenceSums(rowWise.result.rowDivergence!).meanKlPQNats).toBe(wholeRows.meanKlPQNats);
  });

  it('gives the two passes of kl over two columns the in-memory divergence, to the bit', async () => {
    const table = readTable(readFileSync(clean, 'utf8'), { fileName: clean });
    const first = await streamAggregatesInParts(clean, { distributions: ['w', 'p_a'] }, { splitMinBytes: 0, partScript: workerScript });
    const totals = divergenceFirstPass(first.result.distributions![0]!, first.result.distributions![1]!);
    const second = await streamAggregatesInParts(
      clean,
      { divergenceTerms: { p: 'w', q: 'p_a', normalizerP: totals.normalizerP, normalizerQ: totals.normalizerQ } },
      { splitMinBytes: 0, partScript: workerScript },
    );
    expect([first.outcome, second.outcome]).toEqual([
      { parts: 2, second: 'worker' },
      { parts: 2, second: 'worker' },
    ]);
    expect(divergenceOfSums(totals, second.result.divergenceTerms!)).toEqual(divergence(table.numbers('w').values, table.numbers('p_a').values));
  });

  it('drops the rows of a part worker that fails after sending some, and streams its range here', async () => {
    const spec: AggregateSpec = { rowEntropy: P };
    const single = await withRows(spec, {});
    const failed = await withRows(spec, { splitMinBytes: 0, partScript: rowsThenFail });
    expect(failed.outcome).toEqual({ parts: 2, second: 'in-thread', reason: 'failed on purpose after some rows' });
    expect(failed.rows.flat()).toEqual(single.rows.flat());
  });
});
