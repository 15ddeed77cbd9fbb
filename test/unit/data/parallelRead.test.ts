// The CLI's file read on two cores: the part worker (the compute worker's bundle started with the
// read-part role) scans the records after the cut; the table equals one pass, and every case where
// the part cannot be used (crash, a message outside the protocol, a record across the cut, a
// problem in the part, non-ASCII text) falls back to scanning here with the same result. The
// bundled CLI beside the bundled worker prints what the unbundled one prints.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTableFile } from '../../../src/data';
import type { Table } from '../../../src/data';
import { runCli } from '../../../src/cli/runCli';
import { readTableFileInParts } from '../../../src/data/parallelRead';
import { SPLIT_MIN_BYTES } from '../../../src/data/partWorker';
import { bundleEntry } from '../worker/bundle';
import { probabilityTriple, seededRandom } from '../seededData';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-read-parts-'));
const workerScript = join(dir, 'worker.js');
const cliScript = join(dir, 'cli.js');
const crashingScript = join(dir, 'crash.js');
/** Part workers that break the protocol: one reads its range and then posts a part of the wrong shape, one posts a message of no known type and stays alive. */
const malformedPartScript = join(dir, 'malformed-part.js');
const unknownMessageScript = join(dir, 'unknown-message.js');

beforeAll(() => {
  // As in dist/: cli.js starts worker.js beside it.
  bundleEntry('worker/computeWorker.ts', workerScript);
  bundleEntry('cli/main.ts', cliScript);
  writeFileSync(crashingScript, "throw new Error('part worker crashed on purpose');\n");
  writeFileSync(
    malformedPartScript,
    [
      "const { readSync, openSync } = require('node:fs');",
      "const { parentPort, workerData: d } = require('node:worker_threads');",
      'readSync(openSync(d.path, "r"), Buffer.from(d.bytes), d.start, d.end - d.start, d.start);',
      "parentPort.postMessage({ type: 'bytes' });",
      "parentPort.postMessage({ type: 'done', part: { rows: 2, rowStarts: [0, 10], rowEnds: [9, 20] } });",
    ].join('\n'),
  );
  writeFileSync(unknownMessageScript, "require('node:worker_threads').parentPort.postMessage({ type: 'progress', bytesRead: 1 });\nsetInterval(() => undefined, 1000);\n");
});

/** A 3-class predictions file; `row` rewrites chosen rows. */
function predictions(rows: number, row: (i: number, line: string) => string = (_, line) => line): string {
  const random = seededRandom(11);
  const lines = ['label,p0,p1,p2'];
  for (let i = 0; i < rows; i++) {
    const [a, b, c] = probabilityTriple(random);
    lines.push(row(i, `${Math.floor(random() * 3)},${a},${b},${c}`));
  }
  return `${lines.join('\n')}\n`;
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** What a table holds, in plain values: offsets of every cell, numbers, problems. */
function snapshot(table: Table): unknown {
  const cells: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    cells.push(table.index.rowStartOffset(row), table.index.rowEndOffset(row));
    for (const column of table.columns) {
      const range = table.index.cellRange(row, column.index);
      cells.push(range?.startOffset ?? -1, range?.endOffset ?? -1);
    }
  }
  const numbers = table.columns.map((column) => Array.from(table.numbers(column.name).values, (v) => (Number.isNaN(v) ? 'NaN' : v)));
  return { rowCount: table.rowCount, columns: table.columns, problems: table.problems, problemCount: table.problemCount, cells, numbers };
}

async function expectSameAsOnePass(path: string, partScript = workerScript): Promise<unknown> {
  const split = await readTableFileInParts(path, { partScript, splitMinBytes: 0 });
  expect(snapshot(split.table)).toEqual(snapshot(await readTableFile(path)));
  return split.outcome;
}

describe('readTableFileInParts', () => {
  const text = predictions(20000);
  const path = file('preds.csv', text);

  it('scans the second half in the part worker and gives the one-pass table', async () => {
    expect(await expectSameAsOnePass(path)).toEqual({ parts: 2, second: 'worker' });
  });

  it('scans the range here when the part worker crashes', async () => {
    const outcome = (await expectSameAsOnePass(path, crashingScript)) as { second: string; reason: string };
    expect(outcome.second).toBe('in-thread');
    expect(outcome.reason).toMatch(/crashed on purpose/);
  });

  it('scans the range here when the part worker posts a part of the wrong shape, naming what is wrong', async () => {
    expect(await expectSameAsOnePass(path, malformedPartScript)).toEqual({
      parts: 2,
      second: 'in-thread',
      reason: 'the part worker posted a "done" message whose rowStarts is not a Uint32Array of 2 items',
    });
  });

  it('reads and scans the range here when the part worker posts a message of no known type before its bytes', async () => {
    expect(await expectSameAsOnePass(path, unknownMessageScript)).toEqual({ parts: 2, second: 'in-thread', reason: 'the part worker posted a message of unknown type "progress"' });
  });

  it('a part worker started with malformed workerData posts why it has no part instead of throwing', async () => {
    const worker = new Worker(workerScript, { workerData: { role: 'read-part', path, bytes: new ArrayBuffer(8), start: 0, end: 8, width: 4, delimiter: ',' } });
    try {
      const message = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(message).toEqual({ type: 'failed', reason: 'the part worker was started with workerData whose bytes are not a SharedArrayBuffer' });
    } finally {
      await worker.terminate();
    }
  });

  it('scans on when a quoted line break crosses the cut', async () => {
    // The record at 40 % gets a quoted label with a line feed every 5 characters, a quarter of the
    // file long: in the new file it spans about 32–52 %, where the cut is looked for.
    const middle = text.lastIndexOf('\n', Math.floor(text.length * 0.4)) + 1;
    const label = `"${'note\n'.repeat(Math.floor(text.length / 20))}"`;
    const crossing = `${text.slice(0, middle)}${label}${text.slice(text.indexOf(',', middle))}`;
    expect(await expectSameAsOnePass(file('crossing.csv', crossing))).toEqual({ parts: 2, second: 'in-thread', reason: 'a record crosses the cut' });
  });

  it('lets this thread report a problem in the second half, as one pass does', async () => {
    const ragged = predictions(20000, (i, line) => (i === 15000 ? `${line},extra` : i === 17000 ? '1,0.5' : line));
    const path = file('ragged.csv', ragged);
    expect(await expectSameAsOnePass(path)).toEqual({ parts: 2, second: 'in-thread', reason: 'a record in the range has a problem' });
    expect((await readTableFile(path)).problems.map((problem) => [problem.code, problem.row])).toEqual([
      ['ragged-row', 15000],
      ['ragged-row', 17000],
    ]);
  });

  it('reads a file with non-ASCII text here (character offsets are not byte offsets)', async () => {
    const accented = predictions(20000, (i, line) => (i === 19000 ? line.replace(/^\d/, '"ç"') : line));
    const outcome = (await expectSameAsOnePass(file('accented.csv', accented))) as { second: string };
    expect(outcome.second).toBe('in-thread');
  });

  it('reads small files, JSON and selections in one pass', async () => {
    expect((await readTableFileInParts(path, { partScript: workerScript })).outcome).toEqual({ parts: 1 });
    const json = file(
      'rows.json',
      JSON.stringify([
        { y: 1, p: 0.5 },
        { y: 0, p: 0.25 },
      ]),
    );
    expect((await readTableFileInParts(json, { partScript: workerScript, splitMinBytes: 0 })).outcome).toEqual({ parts: 1 });
    const selected = await readTableFileInParts(path, { partScript: workerScript, splitMinBytes: 0, selection: { startLine: 3, endLine: 4 } });
    expect([selected.outcome, selected.table.rowCount]).toEqual([{ parts: 1 }, 2]);
  });

  it('reads UTF-16 and refuses binary files in one pass, as readTableFile does', async () => {
    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(predictions(2000), 'utf16le')]));
    expect(await expectSameAsOnePass(utf16)).toEqual({ parts: 1 });
    const parquet = join(dir, 'preds.parquet.csv');
    writeFileSync(parquet, Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x04]), Buffer.alloc(100_000, 0x0a)]));
    expect(await expectSameAsOnePass(parquet)).toEqual({ parts: 1 });
    expect((await readTableFileInParts(parquet, { partScript: workerScript, splitMinBytes: 0 })).table.problems.map((p) => p.code)).toEqual(['read-error']);
  });

  it('names a missing file as one pass does', async () => {
    const missing = join(dir, 'missing.csv');
    const split = await readTableFileInParts(missing, { partScript: workerScript, splitMinBytes: 0 });
    expect(split.table.problems).toEqual((await readTableFile(missing)).problems);
  });
});

/**
 * A 39 MB file (it must be over the split size), written, then read by the CLI here and by the
 * bundled one in a child process: 5.6–8.2 s on a 2-core machine, 14–38 s when it is busy (load
 * average 7–13), so the timeout stays more than five times above that.
 */
const CLI_OVER_SPLIT_TIMEOUT_MS = 400_000;

describe('the bundled CLI', () => {
  it(
    'prints for a file over the split size (read on two cores) what the one-pass CLI prints',
    async () => {
      const big = file('big.csv', predictions(1_300_000));
      expect(statSync(big).size).toBeGreaterThan(SPLIT_MIN_BYTES);
      const args = ['cross-entropy', big, '--label', 'label', '--prob', 'p0,p1,p2', '--json'];
      let inProcess = '';
      expect(await runCli(args, { stdout: (t) => (inProcess += t), stderr: () => undefined })).toBe(0);
      const bundled = execFileSync(process.execPath, [cliScript, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
      expect(bundled).toBe(inProcess);
      expect(JSON.parse(bundled).n).toBe(1_300_000);
    },
    CLI_OVER_SPLIT_TIMEOUT_MS,
  );
});
