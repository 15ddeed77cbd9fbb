// entropy and kl of a file over the streaming size: every form streams (bounded memory: sums, and
// per-row values spilled to a temporary file) and prints exactly what the in-memory command prints,
// text and --json, as strictly (each bad cell at its line and column, the same zero-total refusal),
// also when the file is read in two parts on two threads by the bundled CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli';
import { SPLIT_MIN_BYTES } from '../../../src/data/partWorker';
import { bundleEntry } from '../worker/bundle';
import { csvWriter, streamedAndInMemory } from './harness';

const REALISTIC = join(__dirname, '../../fixtures/realistic');
const { streamed, inMemory } = streamedAndInMemory();
const file = csvWriter('streamed-entropy');

const SENTIMENT = ['prob_negative', 'prob_neutral', 'prob_positive'].join(',');
const REVERSED = ['prob_positive', 'prob_neutral', 'prob_negative'].join(',');
const IRIS_NB = ['nb_proba_setosa', 'nb_proba_versicolor', 'nb_proba_virginica'].join(',');

/** Each form of entropy and kl, on files as pandas, numpy and Hugging Face exports write them. */
const FORMS: [string, string, ...string[]][] = [
  ['entropy --label of 0/1 labels (numbers in --json)', 'fraud.csv', 'entropy', '--label', 'is_fraud'],
  ['entropy --label of text classes, in bits', 'sentiment-6dp.csv', 'entropy', '--label', 'label', '--base', '2'],
  ['entropy --label of a JSON Lines file', 'hf-sentiment.jsonl', 'entropy', '--label', 'label'],
  ['entropy --column of scores', 'fraud.csv', 'entropy', '--column', 'score'],
  ['entropy --column of probabilities down to 1e-168', 'breast-cancer-proba.csv', 'entropy', '--column', 'proba'],
  ['entropy --dist of six-decimal rows (rounding within tolerance)', 'sentiment-6dp.csv', 'entropy', '--dist', SENTIMENT],
  ['entropy --dist of full-precision rows', 'iris-two-models.csv', 'entropy', '--dist', IRIS_NB],
  ['entropy --dist of a vector column', 'digits-names.jsonl', 'entropy', '--dist', 'probs'],
  ['kl of two columns as distributions over rows', 'sentiment-6dp.csv', 'kl', '--p', 'prob_negative', '--q', 'prob_positive'],
  ['kl of two measurement columns, in bans', 'iris-two-models.csv', 'kl', '--p', 'sepal_length', '--q', 'petal_length', '--base', '10'],
  ['kl row by row of column groups', 'sentiment-6dp.csv', 'kl', '--p', SENTIMENT, '--q', REVERSED],
  ['kl row by row with --normalize', 'iris-two-models.csv', 'kl', '--p', IRIS_NB, '--q', IRIS_NB, '--normalize'],
  ['kl row by row of vector columns', 'digits-names.jsonl', 'kl', '--p', 'probs', '--q', 'probs'],
];

describe('entropy and kl of a file over the streaming size', () => {
  it.each(FORMS)(
    '%s (%s) prints what the in-memory command prints, text and --json',
    async (_name, fixture, subcommand, ...flags) => {
      for (const json of [[], ['--json']]) {
        const argv = [subcommand, join(REALISTIC, fixture), ...flags, ...json];
        const [s, m] = [await streamed(...argv), await inMemory(...argv)];
        expect(m.status).toBe(0);
        expect(s).toEqual(m);
      }
    },
    60_000,
  );

  it('gives entropy --label the in-memory class order, counts and maximum', async () => {
    const argv = ['entropy', join(REALISTIC, 'iris-two-models.csv'), '--label', 'species', '--json'];
    const result = JSON.parse((await streamed(...argv)).stdout) as { classes: string[]; counts: number[]; n: number; maxEntropy: number };
    expect(result).toMatchObject({ classes: ['setosa', 'versicolor', 'virginica'], counts: [50, 50, 50], n: 150 });
    expect(result.maxEntropy).toBe(Math.log(3));
  });
});

describe('weights at the edge of the doubles', () => {
  it('gives exactly ln 2 for two weights of 1e308 (their total is beyond the largest double), streamed and in memory', async () => {
    const path = file('w\n1e308\n1e308\n');
    for (const cli of [streamed, inMemory]) {
      const result = JSON.parse((await cli('entropy', path, '--column', 'w', '--json')).stdout) as { entropy: number; total: unknown; normalized: boolean };
      expect(result.entropy).toBe(Math.LN2);
      expect(result.total).toBe('Infinity');
      expect(result.normalized).toBe(true);
    }
  });

  it('gives kl of 1e308-scale weights what the same shares give at scale 1, exactly', async () => {
    const big = file('p,q\n1e308,1\n1e308,3\n');
    const small = file('p,q\n1,1\n1,3\n');
    const [s, m] = [JSON.parse((await streamed('kl', big, '--p', 'p', '--q', 'q', '--json')).stdout), JSON.parse((await inMemory('kl', small, '--p', 'p', '--q', 'q', '--json')).stdout)] as Record<
      string,
      number
    >[];
    for (const key of ['pq', 'qp', 'js', 'entropyP', 'entropyQ']) expect(s![key]).toBe(m![key]);
  });
});

describe('a streamed file is as strict as one read in memory', () => {
  const lines = (text: string): string[] => text.trim().split('\n');

  it('names each infinite, negative, missing and non-numeric weight at its line and column, with its raw text', async () => {
    const path = file('id,w\na,1\nb,-2\nc,inf\nd,\ne,abc\nf,3\n');
    const [s, m] = [await streamed('entropy', path, '--column', 'w', '--json'), await inMemory('entropy', path, '--column', 'w', '--json')];
    expect(s.status).toBe(2);
    expect(s).toEqual(m);
    const problems = (JSON.parse(s.stdout) as { problems: { line: number; column: number; raw: string }[] }).problems;
    expect(problems.map(({ line, column, raw }) => [line, column, raw])).toEqual([
      [3, 3, '-2'],
      [4, 3, 'inf'],
      [5, 3, ''],
      [6, 3, 'abc'],
    ]);
    expect(lines(s.stderr)[0]).toMatch(/:3:3: w = -2 is negative: the weights of a distribution must be finite numbers of 0 or more$/);
  });

  it('refuses a negative P of kl at its cell, as in memory', async () => {
    const path = file('p,q\n0.2,0.3\n-0.1,0.3\n0.5,0.4\n');
    const [s, m] = [await streamed('kl', path, '--p', 'p', '--q', 'q'), await inMemory('kl', path, '--p', 'p', '--q', 'q')];
    expect(s.status).toBe(2);
    expect(s).toEqual(m);
    expect(s.stderr).toMatch(/:3:1: p = -0\.1 is negative/);
  });

  it('refuses weights summing to 0 in the in-memory words', async () => {
    const path = file('w,p,q\n0,0,1\n0,0,2\n');
    for (const argv of [
      ['entropy', path, '--column', 'w'],
      ['kl', path, '--p', 'p', '--q', 'q'],
    ]) {
      const [s, m] = [await streamed(...argv), await inMemory(...argv)];
      expect(s.status).toBe(2);
      expect(s).toEqual(m);
    }
    expect((await streamed('entropy', path, '--column', 'w')).stderr).toContain('The weights sum to 0: an entropy needs a positive total');
    expect((await streamed('kl', path, '--p', 'p', '--q', 'q')).stderr).toContain('P sums to 0: a distribution needs a positive total');
  });

  it('says a file with a header and no rows has none, as in memory', async () => {
    const path = file('w,label\n');
    for (const argv of [
      ['entropy', path, '--column', 'w'],
      ['entropy', path, '--label', 'label'],
    ]) {
      const [s, m] = [await streamed(...argv), await inMemory(...argv)];
      expect(s.status).toBe(2);
      expect(s).toEqual(m);
    }
  });

  it('stops entropy --dist and kl row by row at a row off 1 or out of range, at its line, printing no rows', async () => {
    const path = file('a,b,c,d\n0.5,0.5,0.5,0.5\n0.5,0.4,0.5,0.5\n0.5,0.5,1.5,-0.5\n');
    const dist = await streamed('entropy', path, '--dist', 'a,b');
    expect(dist.status).toBe(2);
    expect(dist.stdout).toBe('');
    expect(lines(dist.stderr)).toEqual([expect.stringMatching(/:3:1: Row sums to 0\.9, not 1 \(a \+ b\)$/)]);
    const kl = await streamed('kl', path, '--p', 'a,b', '--q', 'c,d');
    expect(kl.status).toBe(2);
    expect(lines(kl.stderr)).toEqual([expect.stringMatching(/:3:1: Row sums to 0\.9, not 1 \(a \+ b\)$/), expect.stringMatching(/:4:1: c = 1\.5 is outside \[0, 1\]$/)]);
  });

  it('asks for the same flags and the same widths', async () => {
    const path = join(REALISTIC, 'sentiment-6dp.csv');
    expect((await streamed('entropy', path, '--label', 'label', '--column', 'prob_neutral')).stderr).toContain('entropy needs exactly one of --label COL, --dist C1,C2,.. or --column COL');
    const groups = file('a,b,c,x,y\n0.2,0.3,0.5,0.4,0.6\n');
    const [s, m] = [await streamed('kl', groups, '--p', 'a,b,c', '--q', 'x,y'), await inMemory('kl', groups, '--p', 'a,b,c', '--q', 'x,y')];
    expect(s.status).toBe(2);
    expect(s).toEqual(m);
    expect(s.stderr).toContain('--p has 3 columns but --q has 2');
  });
});

/**
 * The bundled CLI on ~35 MB, five times, beside the in-process read: about 30 s on a 2-core
 * machine; the timeout stays well above what a busy one takes.
 */
const CLI_OVER_SPLIT_TIMEOUT_MS = 400_000;

describe('the bundled CLI on a file over the split size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-streamed-entropy-'));
  const cli = join(dir, 'cli.js');
  let big = '';

  beforeAll(() => {
    // As in dist/: cli.js starts worker.js beside it for the second part of the file.
    bundleEntry('cli/main.ts', cli);
    bundleEntry('worker/computeWorker.ts', join(dir, 'worker.js'));
    // The six-decimal sentiment export repeated past the size from which a file is read in two parts.
    const [header, ...rows] = readFileSync(join(REALISTIC, 'sentiment-6dp.csv'), 'utf8').trimEnd().split('\n');
    const body = `${rows.join('\n')}\n`;
    const copies = Math.ceil((SPLIT_MIN_BYTES * 1.1) / body.length);
    big = join(dir, 'sentiment-repeated.csv');
    writeFileSync(big, `${header}\n${body.repeat(copies)}`);
    expect(statSync(big).size).toBeGreaterThan(SPLIT_MIN_BYTES);
  });

  /** In-process and in memory, as a file below the streaming size is read. */
  async function inProcess(...argv: string[]): Promise<string> {
    let stdout = '';
    expect(await runCli(argv, { stdout: (t) => (stdout += t), stderr: () => undefined })).toBe(0);
    return stdout;
  }

  it(
    'streams every form in two parts and prints what the file read in memory prints',
    async () => {
      const forms = [
        ['entropy', big, '--label', 'label', '--json'],
        ['entropy', big, '--column', 'prob_neutral', '--json'],
        ['entropy', big, '--dist', SENTIMENT, '--json'],
        ['kl', big, '--p', 'prob_negative', '--q', 'prob_positive', '--json'],
        ['kl', big, '--p', SENTIMENT, '--q', REVERSED],
      ];
      for (const argv of forms) {
        const split = execFileSync(process.execPath, [cli, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ENTROPY_LENS_CLI_STREAM_ABOVE: '0' } });
        expect(split).toBe(await inProcess(...argv));
      }
    },
    CLI_OVER_SPLIT_TIMEOUT_MS,
  );
});
