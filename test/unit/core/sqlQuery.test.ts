// The cross-entropy query of `entropy-lens sql` run in embedded DuckDB against the CLI's own
// numbers on the same files (scikit-learn exports from scripts/reference/realistic.py, and small
// files with the edge cases written as pandas writes them), the PostgreSQL dialect run there too,
// and every dialect's text against golden files in test/fixtures/sql/.
// Set ENTROPY_LENS_UPDATE_SQL_GOLDEN=1 to rewrite the golden files (then review the diff).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL_DIALECTS } from '../../../src/core';
import { run } from '../cli/harness';

const REALISTIC = join(__dirname, '../../fixtures/realistic');
const GOLDEN = join(__dirname, '../../fixtures/sql');
/** Relative agreement asked of DuckDB's doubles and the CLI's compensated sums. */
const REL = 1e-12;

let instance: DuckDBInstance;
let connection: DuckDBConnection;
const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-sql-'));
let files = 0;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** Writes `text` as a CSV file and loads it into DuckDB as table `table`; returns its path. */
async function load(table: string, text: string): Promise<string> {
  const path = join(dir, `t${files++}.csv`);
  writeFileSync(path, text);
  await loadFile(table, path);
  return path;
}

async function loadFile(table: string, path: string): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM read_csv('${path.replace(/'/g, "''")}', header = true)`);
}

type Row = Record<string, number | null>;

/** The one row of a query, numbers as numbers (counts come as bigints, doubles as numbers). */
async function duck(query: string): Promise<Row> {
  const reader = await connection.runAndReadAll(query);
  const rows = reader.getRowObjects();
  expect(rows).toHaveLength(1);
  return Object.fromEntries(Object.entries(rows[0]!).map(([key, value]) => [key, value === null ? null : Number(value)]));
}

/** `entropy-lens sql ...`: its stdout, after checking it printed only that. */
async function sql(...argv: string[]): Promise<string> {
  const result = await run('sql', ...argv);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

interface CliModel {
  mean: number | string;
  sum: number | string;
  brier: number;
  errorRate: number;
}

/** `entropy-lens cross-entropy FILE ... --json`: the first model's figures and n. */
async function crossEntropy(file: string, ...argv: string[]): Promise<{ n: number; model: CliModel }> {
  const result = await run('cross-entropy', file, ...argv, '--json');
  expect(result.stderr.split('\n').filter((line) => line.includes('error'))).toEqual([]);
  expect(result.status).toBe(0);
  const json = JSON.parse(result.stdout) as { n: number; models: CliModel[] };
  return { n: json.n, model: json.models[0]! };
}

function close(actual: number | null | undefined, expected: number | string, what: string): void {
  const want = typeof expected === 'string' ? Number(expected) : expected;
  expect(actual, what).not.toBeNull();
  if (!Number.isFinite(want)) {
    expect(actual, what).toBe(want);
    return;
  }
  expect(Math.abs((actual as number) - want), `${what}: ${actual} vs ${want}`).toBeLessThanOrEqual(REL * Math.abs(want));
}

/** Runs the DuckDB and PostgreSQL dialects of the flags in DuckDB and checks both against cross-entropy on `file`. */
async function agrees(table: string, file: string, flags: string[], cliFlags: string[] = flags): Promise<Row> {
  const expected = await crossEntropy(file, ...cliFlags);
  let first: Row | undefined;
  for (const dialect of ['duckdb', 'postgres']) {
    const row = await duck(await sql('--dialect', dialect, '--table', table, ...flags));
    expect(row.n, dialect).toBe(expected.n);
    expect(row.rejected, dialect).toBe(0);
    close(row.mean, expected.model.mean, `${dialect} mean`);
    close(row.sum, expected.model.sum, `${dialect} sum`);
    close(row.brier, expected.model.brier, `${dialect} brier`);
    close(row.error_rate, expected.model.errorRate, `${dialect} error_rate`);
    first ??= row;
  }
  return first!;
}

const IRIS = join(REALISTIC, 'iris-two-models.csv');
const NB = ['--label', 'species', '--prob', 'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica', '--classes', 'setosa,versicolor,virginica'];
const LR = ['--label', 'species', '--logit', 'lr_logit_setosa,lr_logit_versicolor,lr_logit_virginica', '--classes', 'setosa,versicolor,virginica'];

describe('entropy-lens sql run in DuckDB gives cross-entropy’s numbers to 1e-12', () => {
  beforeAll(async () => {
    await loadFile('iris', IRIS);
    await loadFile('fraud', join(REALISTIC, 'fraud.csv'));
    await loadFile('breast', join(REALISTIC, 'breast-cancer-proba.csv'));
  });

  it('scores multi-class probabilities against string labels (GaussianNB on iris: 40 rows clipped at ε)', async () => {
    const row = await agrees('iris', IRIS, NB);
    // scikit-learn's log_loss on the same rows (expected.json).
    close(row.mean, 0.13543946155014466, 'log_loss');
  });

  it('scores multi-class logits with the stable log-softmax (LogisticRegression on iris)', async () => {
    await agrees('iris', IRIS, LR);
  });

  it('reports in bits and dits with --base 2 and 10', async () => {
    for (const base of ['2', '10']) {
      await agrees('iris', IRIS, [...NB, '--base', base]);
      await agrees('iris', IRIS, [...LR, '--base', base]);
    }
  });

  it('scores one probability column as P(--pos-label), labels 0/1 compared as numbers (fraud scores)', async () => {
    const cli = ['--label', 'is_fraud', '--prob', 'score'];
    await agrees('fraud', join(REALISTIC, 'fraud.csv'), [...cli, '--pos-label', '1'], cli);
  });

  it('clips a one-column P(positive) before 1 − p, at probabilities of 1e-168 (breast cancer, P(benign))', async () => {
    const flags = ['--label', 'diagnosis', '--prob', 'proba', '--pos-label', 'benign'];
    await agrees('breast', join(REALISTIC, 'breast-cancer-proba.csv'), flags);
    await agrees('breast', join(REALISTIC, 'breast-cancer-proba.csv'), [...flags, '--eps', '1e-15']);
  });

  it('keeps huge logits exact: (1e3, −1e3) rows cost what the CLI says, binary and multi-class', async () => {
    const multi = await load('huge', ['y,z0,z1,z2', '0,1000,-1000,0', '1,1000,-1000,999.5', '2,-1000,1000,1000', '1,1e-300,0,-1e3', '2,0.5,0.25,-0.125', ''].join('\n'));
    await agrees('huge', multi, ['--label', 'y', '--logit', 'z0,z1,z2', '--classes', '0,1,2']);
    const binary = await load('huge_binary', ['y,s', '1,-1000', '0,1000', '1,1000', '0,-1000', '1,0', '0,36.7', ''].join('\n'));
    await agrees('huge_binary', binary, ['--label', 'y', '--logit', 's', '--pos-label', '1'], ['--label', 'y', '--logit', 's']);
  });

  it('clips p = 0 and p = 1 to [ε, 1 − ε], and without clipping gives +∞ as the CLI does', async () => {
    const multi = await load('edges', ['label,p_a,p_b', 'a,0,1', 'b,0,1', 'a,1,0', 'b,0.25,0.75', ''].join('\n'));
    const flags = ['--label', 'label', '--prob', 'p_a,p_b', '--classes', 'a,b'];
    await agrees('edges', multi, flags);
    await agrees('edges', multi, [...flags, '--eps', '1e-7']);
    await agrees('edges', multi, [...flags, '--eps', 'none']);
    const binary = await load('edges_binary', ['y,p', '1,1', '0,1', '1,0', '0,0', '1,0.5', ''].join('\n'));
    const one = ['--label', 'y', '--prob', 'p'];
    await agrees('edges_binary', binary, [...one, '--pos-label', '1'], one);
    await agrees('edges_binary', binary, [...one, '--pos-label', '1', '--eps', '1e-15'], [...one, '--eps', '1e-15']);
    const infinite = await agrees('edges_binary', binary, [...one, '--pos-label', '1', '--eps', 'none'], [...one, '--eps', 'none']);
    expect(infinite.mean).toBe(Infinity);
  });

  it('divides rows off 1 by their sums with --normalize, and uses rows within 1e-6 as written', async () => {
    const file = await load('percent', ['label,p_cat,p_dog,p_horse', 'cat,20,30,50', 'dog,0.2,0.7,0.1', 'horse,1,1,2', 'cat,0.3333333,0.3333333,0.3333334', 'dog,0.5000004,0.5,0', ''].join('\n'));
    await agrees('percent', file, ['--label', 'label', '--prob', 'p_cat,p_dog,p_horse', '--classes', 'cat,dog,horse', '--normalize']);
  });

  it('uses rows written with six decimals as written with --sum-tolerance, as the CLI does by reading their decimals (50,000 rows)', async () => {
    const path = join(REALISTIC, 'sentiment-6dp.csv');
    await loadFile('sentiment', path);
    const flags = ['--label', 'label', '--prob', 'prob_negative,prob_neutral,prob_positive', '--classes', 'negative,neutral,positive'];
    await agrees('sentiment', path, [...flags, '--sum-tolerance', '1.5e-6'], flags);
    // At the default 1e-6 the 6,311 rounded rows are refused, and no number is given.
    const strict = await duck(await sql('--dialect', 'duckdb', '--table', 'sentiment', ...flags));
    expect(strict.rejected).toBe(6311);
    expect(strict.mean).toBeNull();
  });

  it('counts as rejected the rows the CLI refuses, with no metric: a mistyped label, a missing value', async () => {
    const path = join(REALISTIC, 'sentiment-typo.csv');
    await loadFile('typo', path);
    const flags = ['--label', 'label', '--prob', 'prob_0,prob_1,prob_2', '--classes', 'negative,neutral,positive'];
    expect((await run('cross-entropy', path, ...flags)).status).toBe(2);
    const row = await duck(await sql('--dialect', 'duckdb', '--table', 'typo', ...flags));
    expect(row).toMatchObject({ n: 177, rejected: 1, mean: null, sum: null, brier: null, error_rate: null });
    const missing = await load('missing', ['label,p_a,p_b', 'a,0.5,0.5', ',0.5,0.5', 'b,,0.5', 'b,0.2,0.8', ''].join('\n'));
    expect((await run('cross-entropy', missing, '--label', 'label', '--prob', 'p_a,p_b', '--classes', 'a,b')).status).toBe(2);
    for (const dialect of ['duckdb', 'postgres']) {
      const refused = await duck(await sql('--dialect', dialect, '--table', 'missing', '--label', 'label', '--prob', 'p_a,p_b', '--classes', 'a,b'));
      expect(refused).toMatchObject({ n: 2, rejected: 2, mean: null });
    }
  });

  it('gives no metric for a --pos-label no row has, which cross-entropy refuses (Benign for benign)', async () => {
    const path = join(REALISTIC, 'breast-cancer-proba.csv');
    const flags = ['--label', 'diagnosis', '--prob', 'proba', '--pos-label', 'Benign'];
    expect((await run('cross-entropy', path, ...flags)).status).toBe(2);
    const row = await duck(await sql('--dialect', 'duckdb', '--table', 'breast', ...flags));
    expect(row).toMatchObject({ n: 569, rejected: 0, mean: null, brier: null });
  });

  it('compares numeric labels as numbers, as the core does: 2.0 is class 2', async () => {
    const file = await load('numeric', ['y,p0,p1,p2', '0,0.7,0.2,0.1', '1.0,0.1,0.8,0.1', '2.0,0.2,0.2,0.6', '2,0.5,0.25,0.25', ''].join('\n'));
    await agrees('numeric', file, ['--label', 'y', '--prob', 'p0,p1,p2', '--classes', '0,1,2']);
  });

  it('quotes column names with spaces and quotes, and a label with a quote', async () => {
    const file = await load('odd names', ['"the label","p ""o\'cat""","p dog"', '"o\'cat",0.9,0.1', 'dog,0.35,0.65', 'dog,0.6,0.4', ''].join('\n'));
    const flags = ['--label', 'the label', '--prob', 'p "o\'cat",p dog', '--classes', "o'cat,dog"];
    await agrees('odd names', file, flags);
    const binary = ['--label', 'the label', '--prob', 'p dog'];
    await agrees('odd names', file, [...binary, '--pos-label', 'dog'], [...binary, '--pos-label', 'dog']);
    await agrees('odd names', file, [...binary, '--pos-label', "o'cat"], [...binary, '--pos-label', "o'cat"]);
  });
});

interface CalibrationJson {
  n: number;
  ece: number;
  bins: { count: number; confidence: number | null; accuracy: number | null }[];
}

describe('entropy-lens sql --bins gives entropy-lens calibration’s bins', () => {
  const cases = [
    { name: 'top label of iris probabilities, 15 bins', table: 'iris', file: IRIS, flags: NB, cli: NB, bins: 15 },
    { name: 'top label of iris logits, 10 bins', table: 'iris', file: IRIS, flags: LR, cli: LR, bins: 10 },
    {
      name: 'P(fraud), 15 bins',
      table: 'fraud',
      file: join(REALISTIC, 'fraud.csv'),
      flags: ['--label', 'is_fraud', '--prob', 'score', '--pos-label', '1'],
      cli: ['--label', 'is_fraud', '--prob', 'score'],
      bins: 15,
    },
    {
      name: 'P(benign) at 1e-168, 7 bins',
      table: 'breast',
      file: join(REALISTIC, 'breast-cancer-proba.csv'),
      flags: ['--label', 'diagnosis', '--prob', 'proba', '--pos-label', 'benign'],
      cli: ['--label', 'diagnosis', '--prob', 'proba', '--pos-label', 'benign'],
      bins: 7,
    },
  ];
  beforeAll(async () => {
    await loadFile('iris', IRIS);
    await loadFile('fraud', join(REALISTIC, 'fraud.csv'));
    await loadFile('breast', join(REALISTIC, 'breast-cancer-proba.csv'));
  });

  it.each(cases)('$name', async ({ table, file, flags, cli, bins }) => {
    const result = await run('calibration', file, ...cli, '--bins', String(bins), '--json');
    expect(result.status).toBe(0);
    const expected = JSON.parse(result.stdout) as CalibrationJson;
    const row = await duck(await sql('--dialect', 'duckdb', '--table', table, ...flags, '--bins', String(bins)));
    let ece = 0;
    expected.bins.forEach((bin, b) => {
      expect(row[`bin_${b + 1}_count`], `bin ${b + 1} count`).toBe(bin.count);
      if (bin.count === 0) return;
      close(row[`bin_${b + 1}_confidence_sum`]! / bin.count, bin.confidence!, `bin ${b + 1} confidence`);
      expect(row[`bin_${b + 1}_accuracy_sum`]! / bin.count, `bin ${b + 1} accuracy`).toBe(bin.accuracy);
      ece += Math.abs(row[`bin_${b + 1}_accuracy_sum`]! - row[`bin_${b + 1}_confidence_sum`]!) / row.n!;
    });
    expect(Math.abs(ece - expected.ece)).toBeLessThanOrEqual(1e-12);
  });

  it('puts a confidence on an inner edge in the bin below, as calibration_curve does', async () => {
    const file = await load('on_edges', ['y,p', '1,0.2', '0,0.4', '1,0.6', '0,0.8', '1,1', '0,0', '1,0.7', ''].join('\n'));
    const result = await run('calibration', file, '--label', 'y', '--prob', 'p', '--bins', '5', '--json');
    const expected = JSON.parse(result.stdout) as CalibrationJson;
    const row = await duck(await sql('--dialect', 'duckdb', '--table', 'on_edges', '--label', 'y', '--prob', 'p', '--pos-label', '1', '--bins', '5'));
    expect([1, 2, 3, 4, 5].map((b) => row[`bin_${b}_count`])).toEqual(expected.bins.map((bin) => bin.count));
    expect(expected.bins.map((bin) => bin.count)).toEqual([2, 1, 1, 2, 1]);
  });
});

// PostgreSQL itself, when one is given (ENTROPY_LENS_TEST_POSTGRES=<psql connection string>, e.g.
// 'host=/tmp/pg user=postgres'): its errors where a float underflows are not DuckDB's.
const POSTGRES = process.env.ENTROPY_LENS_TEST_POSTGRES;

describe.skipIf(POSTGRES === undefined)('entropy-lens sql run in PostgreSQL (ENTROPY_LENS_TEST_POSTGRES)', () => {
  const psql = (command: string): string => execFileSync('psql', ['-d', POSTGRES!, '-X', '-q', '-A', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', command], { encoding: 'utf8' });
  /** A table typed as a warehouse holds it: text where the first row is not a number, double precision elsewhere. */
  const loadPostgres = (table: string, path: string): void => {
    const [head, first] = readFileSync(path, 'utf8').split('\n');
    const cells = first!.split(',');
    const columns = head!.split(',').map((name, k) => `"${name}" ${Number.isNaN(Number(cells[k])) ? 'text' : 'double precision'}`);
    psql(`DROP TABLE IF EXISTS "${table}"; CREATE TABLE "${table}" (${columns.join(', ')})`);
    psql(`\\copy "${table}" FROM '${path}' CSV HEADER`);
  };
  const cases: [string, string, string[], string[]][] = [
    ['iris', 'iris-two-models.csv', [...NB, '--bins', '15'], NB],
    ['iris', 'iris-two-models.csv', [...LR, '--base', '2'], [...LR, '--base', '2']],
    ['fraud', 'fraud.csv', ['--label', 'is_fraud', '--prob', 'score', '--pos-label', '1'], ['--label', 'is_fraud', '--prob', 'score']],
    // P(benign) down to 1e-168, whose square PostgreSQL refuses to underflow.
    ['breast', 'breast-cancer-proba.csv', ['--label', 'diagnosis', '--prob', 'proba', '--pos-label', 'benign'], ['--label', 'diagnosis', '--prob', 'proba', '--pos-label', 'benign']],
  ];
  it.each(cases)('%s: %s', async (table, file, flags, cliFlags) => {
    loadPostgres(table, join(REALISTIC, file));
    const [header, values] = psql(await sql('--dialect', 'postgres', '--table', table, ...flags))
      .trim()
      .split('\n');
    const row = Object.fromEntries(header!.split('\t').map((name, k) => [name, Number(values!.split('\t')[k])]));
    const expected = await crossEntropy(join(REALISTIC, file), ...cliFlags);
    expect(row.n).toBe(expected.n);
    expect(row.rejected).toBe(0);
    close(row.mean, expected.model.mean, 'mean');
    close(row.sum, expected.model.sum, 'sum');
    close(row.brier, expected.model.brier, 'brier');
    close(row.error_rate, expected.model.errorRate, 'error_rate');
  });
});

describe('the dialects’ text (golden files in test/fixtures/sql/)', () => {
  const cases: { name: string; flags: string[] }[] = [
    { name: 'iris-probabilities', flags: ['--table', 'iris', ...NB, '--bins', '3'] },
    { name: 'iris-logits', flags: ['--table', 'ml.iris', ...LR, '--base', '2'] },
    { name: 'fraud-binary', flags: ['--table', 'fraud', '--label', 'is_fraud', '--prob', 'score', '--pos-label', '1', '--eps', '1e-15', '--normalize'] },
    { name: 'percentages-normalized', flags: ['--table', 'votes', '--label', 'label', '--prob', 'p_cat,p_dog', '--classes', 'cat,dog', '--normalize', '--eps', 'none', '--base', '10'] },
    { name: 'quoted-names', flags: ['--table', 'project.data set.pred`s', '--label', 'the "label"', '--logit', 'back\\slash', '--pos-label', 'it\'s \\ "so"'] },
  ];
  const update = process.env.ENTROPY_LENS_UPDATE_SQL_GOLDEN === '1';
  it.each(cases.flatMap((c) => SQL_DIALECTS.map((dialect) => ({ ...c, dialect }))))('$name in $dialect', async ({ name, flags, dialect }) => {
    const text = await sql('--dialect', dialect, ...flags);
    const path = join(GOLDEN, `${name}.${dialect}.sql`);
    if (update) writeFileSync(path, text);
    expect(text).toBe(readFileSync(path, 'utf8'));
  });
});
