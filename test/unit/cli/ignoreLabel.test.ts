// --ignore-label V as PyTorch's ignore_index: the rows labelled V leave every score (the mean's
// denominator, class weights, the error rate, calibration and label issues), are counted, and
// every row a report names is still the file's row. Reference: F.cross_entropy(z, y,
// ignore_index=-100[, weight=w]) written out in numpy (scripts/reference/classificationExports.py)
// on a tagger's JSON Lines eval dump (digits logits, padding rows labelled -100, six slips).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../core/referenceFixtures';
import { run, streamedAndInMemory } from './harness';

const REALISTIC = join(__dirname, '../../fixtures/realistic');
const FILE = join(REALISTIC, 'digits-ignore-index.jsonl');
const reference = (JSON.parse(readFileSync(join(REALISTIC, 'classification.json'), 'utf8')) as Record<string, unknown>)['digits-ignore-index.jsonl'] as {
  ignoredRows: number;
  scoredRows: number;
  mean: number;
  errorRate: number;
  classWeight: number[];
  classWeighted: number;
  slips: number[];
};
const fileLabels = readFileSync(FILE, 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { label: number }).label);
const base = ['--label', 'label', '--logit', 'logits'];

interface Report {
  n: number;
  ignored?: { label: number | string; rows: number };
  models: { mean: number; errorRate: number; errors: number; rows: (number | string)[] }[];
}

const json = async <T>(...args: string[]): Promise<T> => {
  const result = await run(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as T;
};

describe('--ignore-label (ignore_index)', () => {
  it('scores the other rows exactly as F.cross_entropy(ignore_index=-100), and counts the rows left out', async () => {
    const out = await json<Report>('cross-entropy', FILE, ...base, '--ignore-label', '-100');
    expect(out.n).toBe(reference.scoredRows);
    expect(out.ignored).toEqual({ label: -100, rows: reference.ignoredRows });
    const model = out.models[0]!;
    expectClose(model.mean, reference.mean, 1e-13);
    expect(model.errorRate).toBe(reference.errorRate);
    // Per-row losses stay by the file's rows: "NaN" for each row left out, a loss for the others.
    expect(model.rows).toHaveLength(fileLabels.length);
    fileLabels.forEach((label, i) => expect(model.rows[i] === 'NaN').toBe(label === -100));
  });

  it('with --class-weight: Σ w_y·loss / Σ w_y over the rows kept, as CrossEntropyLoss(weight=w, ignore_index=-100)', async () => {
    const weights = reference.classWeight.map((w, k) => `${k}=${w}`).join(',');
    const out = await json<Report>('cross-entropy', FILE, ...base, '--ignore-label', '-100', '--class-weight', weights);
    expectClose(out.models[0]!.mean, reference.classWeighted, 1e-13);
  });

  it('matches the value however it is written (-100.0), and says what it left out on the first line', async () => {
    const text = await run('cross-entropy', FILE, ...base, '--ignore-label', '-100.0');
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n')[0]).toContain(
      `over ${reference.scoredRows} rows, ε = 2.220446049250313e-16, ${reference.ignoredRows} rows labelled -100.0 left out by --ignore-label (ignore_index)`,
    );
  });

  it('without it, the refusal names the flag that leaves the padding rows out', async () => {
    const result = await run('cross-entropy', FILE, ...base);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("which of the 11 values of 'label'");
    expect(result.stderr).toContain("if the rows labelled -100 are to be left out (PyTorch's ignore_index), give --ignore-label -100");
  });

  it('label-issues names the file rows of the slips, never an ignored row', async () => {
    const out = await json<{ n: number; ignored: unknown; issues: { row: number; line: number; given: number }[] }>('label-issues', FILE, ...base, '--ignore-label', '-100');
    expect(out.n).toBe(reference.scoredRows);
    expect(out.issues.length).toBeGreaterThanOrEqual(4);
    for (const issue of out.issues) {
      expect(reference.slips).toContain(issue.row);
      // JSON Lines: row r is line r; the label given is the file's label on that row.
      expect(issue.line).toBe(issue.row);
      expect(issue.given).toBe(fileLabels[issue.row - 1]);
    }
  });

  it('calibration bins the rows kept only', async () => {
    const out = await json<{ n: number; ignored: unknown; bins: { count: number }[] }>('calibration', FILE, ...base, '--ignore-label', '-100');
    expect(out.n).toBe(reference.scoredRows);
    expect(out.ignored).toEqual({ label: -100, rows: reference.ignoredRows });
    expect(out.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(reference.scoredRows);
  });

  it('a value no row has leaves every row in; without a label column, or with every row ignored, it is refused in words', async () => {
    const none = await json<Report>(
      'cross-entropy',
      join(REALISTIC, 'iris-weighted.csv'),
      '--label',
      'species',
      '--logit',
      'lr_logit_setosa,lr_logit_versicolor,lr_logit_virginica',
      '--ignore-label',
      'unknown',
    );
    expect(none.ignored).toEqual({ label: 'unknown', rows: 0 });
    expect(none.n).toBe(150);
    const targets = await run('cross-entropy', FILE, '--target', 'label', '--logit', 'logits', '--ignore-label', '-100');
    expect(targets.status).toBe(2);
    expect(targets.stderr).toContain('--ignore-label leaves out the rows of one --label value: give --label COL');
  });
});

describe('--ignore-label on a streamed file (the road of files of 256 MB or more)', () => {
  const { streamed, inMemory } = streamedAndInMemory();

  it('gives the in-memory numbers, the same count of rows left out, and the rows by the file', async () => {
    const argv = ['cross-entropy', FILE, ...base, '--ignore-label', '-100', '--json'];
    const [a, b] = [await streamed(...argv), await inMemory(...argv)];
    // The one warning: a streamed file keeps no scores to sort for ROC AUC.
    expect([
      a.status,
      a.stderr
        .trim()
        .split('\n')
        .map((line) => line.replace(/^.*: warning: /, '').slice(0, 40)),
    ]).toEqual([0, ['ROC AUC and average precision sort every']]);
    const [s, m] = [JSON.parse(a.stdout) as Report, JSON.parse(b.stdout) as Report];
    expect(s.ignored).toEqual({ label: -100, rows: reference.ignoredRows });
    expect(s.n).toBe(reference.scoredRows);
    expect(s.models[0]!.mean).toBe(m.models[0]!.mean);
    expect(s.models[0]!.errorRate).toBe(m.models[0]!.errorRate);
    expect(s.models[0]!.rows).toEqual(m.models[0]!.rows);
    const text = await streamed('cross-entropy', FILE, ...base, '--ignore-label', '-100');
    expect(text.stdout.split('\n')[0]).toContain(`${reference.ignoredRows} rows labelled -100 left out by --ignore-label (ignore_index)`);
  });
});
