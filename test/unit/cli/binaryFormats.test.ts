// The CLI on Parquet, Arrow and NumPy files: the same numbers as the CSV of the same rows, on the
// in-memory and the streamed roads, problems placed by row, and one clear problem for a damaged
// file. Parquet files are written by DuckDB and Arrow files by apache-arrow in this test's setup;
// the NumPy files are numpy's own (scripts/reference/numpyFormats.py wrote them and their CSV twin).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, streamedAndInMemory } from './harness';

const NUMPY = join(__dirname, '..', '..', 'fixtures', 'numpy');
const REALISTIC = join(__dirname, '..', '..', 'fixtures', 'realistic');
const LOGIT_COLUMNS = Array.from({ length: 10 }, (_, k) => `logit_${k}`).join(',');
const PROBA_COLUMNS = Array.from({ length: 10 }, (_, k) => `proba_${k}`).join(',');

interface CrossEntropyJson {
  n: number;
  models: { mean: number; sum: number; brier: number; errorRate: number; rows?: number[] }[];
}

async function crossEntropy(cli: typeof run, ...argv: string[]): Promise<CrossEntropyJson> {
  const result = await cli('cross-entropy', ...argv, '--json');
  // Only warnings (a streamed file says what it keeps no sorted scores for).
  for (const line of result.stderr.split('\n').filter((l) => l !== '')) expect(line).toContain(': warning: ');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as CrossEntropyJson;
}

/** What a comparison checks: row count and every model's mean, sum, Brier and error rate. */
function figures(out: CrossEntropyJson): unknown {
  return { n: out.n, models: out.models.map(({ mean, sum, brier, errorRate }) => ({ mean, sum, brier, errorRate })) };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'entropy-lens-binary-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { streamed, inMemory } = streamedAndInMemory();

describe('NumPy .npz (np.savez / np.savez_compressed)', () => {
  it('gives the CSV twin’s numbers to the bit for a logits array, per row too', async () => {
    const npz = await crossEntropy(run, join(NUMPY, 'digits_eval.npz'), '--label', 'y', '--logit', 'logits');
    const csv = await crossEntropy(run, join(NUMPY, 'digits_eval.csv'), '--label', 'y', '--logit', LOGIT_COLUMNS);
    expect(figures(npz)).toEqual(figures(csv));
    expect(npz.models[0]!.rows).toEqual(csv.models[0]!.rows);
    expect(npz.n).toBe(300);
    const compressed = await crossEntropy(run, join(NUMPY, 'digits_eval_compressed.npz'), '--label', 'y', '--logit', 'logits');
    expect(figures(compressed)).toEqual(figures(npz));
  });

  it('reads float32 probabilities as numpy holds them (the CSV holds their shortest float32 text)', async () => {
    const npz = await crossEntropy(run, join(NUMPY, 'digits_eval.npz'), '--label', 'y', '--prob', 'proba');
    const csv = await crossEntropy(run, join(NUMPY, 'digits_eval.csv'), '--label', 'y', '--prob', PROBA_COLUMNS);
    const [a, b] = [npz.models[0]!, csv.models[0]!];
    expect(a.errorRate).toBe(b.errorRate);
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(1e-7 * a.mean);
    expect(Math.abs(a.brier - b.brier)).toBeLessThan(1e-7);
  });

  it('streams the same numbers as it reads in memory', async () => {
    const args = [join(NUMPY, 'digits_eval.npz'), '--label', 'y', '--logit', 'logits'];
    expect(figures(await crossEntropy(streamed, ...args))).toEqual(figures(await crossEntropy(inMemory, ...args)));
  });

  it('detects the label, both models and the id with analyze', async () => {
    const result = await run('analyze', join(NUMPY, 'digits_eval.npz'));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/label +y — named "y"/);
    expect(result.stdout).toMatch(/model +logits: logits logits/);
    expect(result.stdout).toMatch(/model +proba: probabilities proba/);
    expect(result.stdout).toMatch(/id +ids/);
  });

  it('places a problem by row (1-based, with the 0-based index pandas and numpy take) and names the dtype', async () => {
    const result = await run('cross-entropy', join(NUMPY, 'iris.npz'), '--label', 'species', '--prob', 'species');
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`${join(NUMPY, 'iris.npz')}: row 1 (index 0): "setosa" in column "species" is not a number (the column holds <U10)`);
    const json = await run('cross-entropy', join(NUMPY, 'iris.npz'), '--label', 'species', '--prob', 'species', '--json');
    const out = JSON.parse(json.stdout) as { problems: { index: number | null; raw: string }[] };
    expect(out.problems[1]).toMatchObject({ index: 1, raw: 'setosa' });
  });

  it('refuses a cut-short .npz in one problem, about the file', async () => {
    const bytes = readFileSync(join(NUMPY, 'digits_eval.npz'));
    const cut = join(dir, 'cut.npz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await run('cross-entropy', cut, '--label', 'y', '--logit', 'logits');
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: This .*npz`));
  });

  it('reads an .npz whatever its name says (its first bytes decide)', async () => {
    const renamed = join(dir, 'digits.csv');
    copyFileSync(join(NUMPY, 'digits_eval.npz'), renamed);
    expect((await crossEntropy(run, renamed, '--label', 'y', '--logit', 'logits')).n).toBe(300);
  });
});

/** What analyze --json says that must not depend on the format: the detection and every model's numbers. */
async function analysis(cli: typeof run, path: string): Promise<unknown> {
  const result = await cli('analyze', path, '--json');
  expect(result.status).toBe(0);
  const out = JSON.parse(result.stdout) as Record<string, unknown>;
  return { label: out['label'], id: out['id'], features: out['features'], mapping: out['mapping'], models: out['models'], entropy: out['entropy'] };
}

describe('Parquet written by DuckDB and Arrow IPC written by apache-arrow', () => {
  let duck: { run(sql: string): Promise<unknown> } | undefined;
  const quote = (path: string): string => `'${path.replace(/'/g, "''")}'`;
  beforeAll(async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    duck = await instance.connect();
  });

  /** The CSV export as DuckDB reads it, written to Parquet with `compression`. */
  async function toParquet(csv: string, compression: string, rowGroupSize = 1000): Promise<string> {
    const path = join(dir, `${csv.replace(/\W/g, '_')}.${compression}.parquet`);
    await duck!.run(`COPY (SELECT * FROM read_csv(${quote(join(REALISTIC, csv))})) TO ${quote(path)} (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE ${rowGroupSize})`);
    return path;
  }

  it.each([
    ['fraud.csv', 'zstd'],
    ['iris-two-models.csv', 'snappy'],
    ['breast-cancer-proba.csv', 'gzip'],
    ['sentiment-typo.csv', 'zstd'],
  ])('analyze detects and scores %s as Parquet (%s) exactly as the CSV', async (csv, compression) => {
    expect(await analysis(run, await toParquet(csv, compression))).toEqual(await analysis(run, join(REALISTIC, csv)));
  });

  it('keeps a 6-decimal export’s rounding allowance (the values are written as the CSV wrote them)', async () => {
    const args = ['--label', 'label', '--prob', 'prob_negative,prob_neutral,prob_positive'];
    const parquet = await toParquet('sentiment-6dp.csv', 'zstd', 8192);
    expect(figures(await crossEntropy(run, parquet, ...args))).toEqual(figures(await crossEntropy(run, join(REALISTIC, 'sentiment-6dp.csv'), ...args)));
  });

  it('streams a Parquet file row group by row group to the in-memory numbers', async () => {
    const parquet = await toParquet('sentiment-6dp.csv', 'snappy', 4096);
    const args = [parquet, '--label', 'label', '--prob', 'prob_negative,prob_neutral,prob_positive'];
    expect(figures(await crossEntropy(streamed, ...args))).toEqual(figures(await crossEntropy(inMemory, ...args)));
  });

  it('reads a DOUBLE[] list column as the model’s probabilities (one vector per row)', async () => {
    const path = join(dir, 'list.parquet');
    const iris = join(REALISTIC, 'iris-two-models.csv');
    const columns = 'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica';
    await duck!.run(`COPY (SELECT species, [${columns}] AS probs FROM read_csv(${quote(iris)})) TO ${quote(path)} (FORMAT parquet)`);
    const listed = await crossEntropy(run, path, '--label', 'species', '--prob', 'probs');
    expect(figures(listed)).toEqual(figures(await crossEntropy(run, iris, '--label', 'species', '--prob', columns)));
    expect(listed.n).toBe(150);
  });

  it('names a mistyped label once, by row, as in the CSV', async () => {
    const path = join(dir, 'typo.parquet');
    await duck!.run(`COPY (SELECT label, [prob_0, prob_1, prob_2] AS probs FROM read_csv(${quote(join(REALISTIC, 'sentiment-typo.csv'))})) TO ${quote(path)} (FORMAT parquet)`);
    const result = await run('cross-entropy', path, '--label', 'label', '--prob', 'probs');
    const csv = await run('cross-entropy', join(REALISTIC, 'sentiment-typo.csv'), '--label', 'label', '--prob', 'prob_0,prob_1,prob_2');
    expect(result.status).toBe(csv.status);
    expect(result.stderr).toBe(`${path}: row 8 (index 7): Label "Negative" is not a known class (negative, neutral, positive); did you mean "negative"?\n`);
    expect(csv.stderr).toMatch(/:9:7: Label "Negative" is not a known class \(negative, neutral, positive\); did you mean "negative"\?/);
    // With --classes the core refuses the row: placed once, with its column.
    const refused = await run('cross-entropy', path, '--label', 'label', '--prob', 'probs', '--classes', 'negative,neutral,positive');
    expect(refused.stderr.split('\n')[0]).toBe(`${path}: row 8 (index 7), column "probs": label "Negative" is not among the classes negative, neutral, positive`);
  });

  it('places a bad value by row and column in a Parquet file', async () => {
    const path = join(dir, 'bad.parquet');
    await duck!.run(
      `COPY (SELECT * REPLACE (CASE WHEN transaction_id = 'tx_7fa7f52d' THEN 1.5 ELSE score END AS score) FROM read_csv(${quote(join(REALISTIC, 'fraud.csv'))})) TO ${quote(path)} (FORMAT parquet)`,
    );
    const result = await run('cross-entropy', path, '--label', 'is_fraud', '--prob', 'score');
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`${path}: row 2 (index 1): score = 1.5 is outside [0, 1]`);
  });

  it('refuses a Parquet file cut in half in one problem', async () => {
    const whole = readFileSync(await toParquet('fraud.csv', 'zstd'));
    const cut = join(dir, 'cut.parquet');
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const result = await run('cross-entropy', cut, '--label', 'is_fraud', '--prob', 'score');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/: This Parquet file is cut short or corrupt/);
  });

  it('analyze detects and scores an Arrow IPC file (Feather v2) exactly as the CSV', async () => {
    const { tableFromArrays, tableToIPC } = await import('apache-arrow');
    const { readTableFile } = await import('../../../src/data');
    // The columns as a CSV reader types them, written by apache-arrow.
    const table = await readTableFile(join(REALISTIC, 'iris-two-models.csv'));
    const arrays = Object.fromEntries(table.columns.map((c) => [c.name, c.textCount > 0 ? table.labels(c.name).values : table.numbers(c.name).values]));
    for (const format of ['file', 'stream'] as const) {
      const path = join(dir, `iris.${format}.arrow`);
      writeFileSync(path, tableToIPC(tableFromArrays(arrays), format));
      expect(await analysis(run, path)).toEqual(await analysis(run, join(REALISTIC, 'iris-two-models.csv')));
    }
  });
});
