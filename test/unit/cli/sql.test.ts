// entropy-lens sql: prints one query and nothing else (it reads no file), and says in words which
// flag is missing where cross-entropy would decide from the data (exit 2). The numbers the query
// gives are checked in DuckDB by test/unit/core/sqlQuery.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './harness';

const IRIS = ['--label', 'species', '--prob', 'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica', '--classes', 'setosa,versicolor,virginica'];

describe('entropy-lens sql', () => {
  it('prints one query on stdout and nothing on stderr', async () => {
    for (const dialect of ['duckdb', 'spark', 'bigquery', 'postgres', 'DuckDB']) {
      const result = await run('sql', '--dialect', dialect, '--table', 'iris', ...IRIS, '--bins', '15');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout.startsWith('-- Entropy Lens')).toBe(true);
      expect(result.stdout.endsWith('FROM totals;\n')).toBe(true);
      // One statement: its only semicolon ends it.
      expect(result.stdout.split(';')).toHaveLength(2);
      expect(result.stdout).toContain('bin_15_accuracy_sum');
    }
  });

  it('reads no file: a table name that is also a path is only a name', async () => {
    const result = await run('sql', '--dialect', 'postgres', '--table', 'missing.csv', ...IRIS);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('FROM "missing"."csv"');
  });

  it('prints the query the README shows for its example', async () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const shown = /<summary>The query<\/summary>\n\n```sql\n([\s\S]*?)\n```/.exec(readme)?.[1];
    const result = await run('sql', '--dialect', 'duckdb', '--table', 'fraud', '--label', 'is_fraud', '--prob', 'score', '--pos-label', '1');
    expect(`${shown}\n`).toBe(result.stdout);
  });

  it('is in --help', async () => {
    const help = await run('--help');
    expect(help.stdout).toContain('entropy-lens sql --dialect duckdb|spark|bigquery|postgres --table');
  });

  const refusals: [string, string[], string][] = [
    ['without a dialect', ['--table', 't', ...IRIS], 'sql needs --dialect duckdb|spark|bigquery|postgres'],
    ['an unknown dialect', ['--dialect', 'mysql', '--table', 't', ...IRIS], "sql needs --dialect duckdb|spark|bigquery|postgres, got 'mysql'"],
    ['a FILE', ['preds.csv', '--dialect', 'duckdb', '--table', 't', ...IRIS], "'sql' reads no FILE (it prints a query to run on the table named by --table), got preds.csv"],
    ['without a table', ['--dialect', 'duckdb', ...IRIS], 'sql needs --table NAME'],
    ['an empty part in the table name', ['--dialect', 'duckdb', '--table', 'ml..t', ...IRIS], "--table 'ml..t' has an empty part"],
    ['without a label', ['--dialect', 'duckdb', '--table', 't', '--prob', 'a,b', '--classes', 'a,b'], 'sql needs --label COL'],
    ['without a model', ['--dialect', 'duckdb', '--table', 't', '--label', 'y'], 'give one --prob or --logit group'],
    ['two models', ['--dialect', 'duckdb', '--table', 't', '--label', 'y', '--prob', 'a,b', '--logit', 'c,d', '--classes', 'a,b'], 'give one --prob or --logit group, not 2'],
    [
      'class columns without --classes',
      ['--dialect', 'duckdb', '--table', 't', '--label', 'y', '--prob', 'p_cat,p_dog'],
      'sql cannot look at the labels to decide which of the 2 columns is which class as cross-entropy does: list the classes in column order with --classes V1,V2,..',
    ],
    [
      'as many classes as columns',
      ['--dialect', 'duckdb', '--table', 't', '--label', 'y', '--prob', 'a,b,c', '--classes', 'a,b'],
      '2 classes are listed for 3 columns (a, b, c): list one class per column',
    ],
    [
      'one column without --pos-label',
      ['--dialect', 'duckdb', '--table', 't', '--label', 'y', '--prob', 'p'],
      'name it with --pos-label V (p is P(V), or its logit; every other label is the negative class; for labels 0/1 or -1/1, --pos-label 1)',
    ],
    ['--classes for one column', ['--dialect', 'duckdb', '--table', 't', '--label', 'y', '--logit', 's', '--classes', 'no,yes'], 'name the positive class with --pos-label V instead of --classes'],
    ['--pos-label for class columns', ['--dialect', 'duckdb', '--table', 't', '--label', 'y', '--prob', 'a,b', '--pos-label', 'b'], '--pos-label is for a one-column model'],
    ['a bad ε', ['--dialect', 'duckdb', '--table', 't', ...IRIS, '--eps', '0.7'], "--eps must be auto, none or a number in [0, 0.5), got '0.7'"],
    ['a bad tolerance', ['--dialect', 'duckdb', '--table', 't', ...IRIS, '--sum-tolerance', 'lots'], '--sum-tolerance must be a number in [0, 1)'],
    ['too many bins', ['--dialect', 'duckdb', '--table', 't', ...IRIS, '--bins', '501'], "--bins takes a whole number from 1 to 500 for sql (three columns a bin), got '501'"],
    ['a bad base', ['--dialect', 'duckdb', '--table', 't', ...IRIS, '--base', '3'], "--base must be 2, e or 10, got '3'"],
    ['--json', ['--dialect', 'duckdb', '--table', 't', ...IRIS, '--json'], 'sql prints the query itself, not JSON: leave out --json'],
    ['target columns', ['--dialect', 'duckdb', '--table', 't', '--target', 'a,b', '--prob', 'a,b'], "unknown option --target for 'sql'"],
  ];
  it.each(refusals)('refuses %s with exit 2, in words', async (_what, argv, message) => {
    const result = await run('sql', ...argv);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith('entropy-lens: ')).toBe(true);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Run 'entropy-lens --help' for usage.");
  });
});
