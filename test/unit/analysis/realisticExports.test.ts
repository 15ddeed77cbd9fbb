// Realistic exports (scripts/reference/realistic.py: scikit-learn fits, pandas / json.dumps writers)
// through the one analysis road and through `entropy-lens analyze`: the right columns, classes and
// scikit-learn's numbers, or an explicit class-order warning — never a silent wrong number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../../src/analysis/analyzeTable';
import type { TableAnalysis } from '../../../src/analysis/analyzeTable';
import { runCli } from '../../../src/cli/runCli';
import { readTable } from '../../../src/data';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';

const DIR = join(__dirname, '../../fixtures/realistic');
/** Relative tolerance against scikit-learn / NumPy (float64 sums in another order). */
const REL = 1e-12;

interface Scores {
  n: number;
  mean: number;
  brier: number;
  errorRate: number;
}
interface Expected {
  label: string;
  model?: { columns: string[]; kind: string };
  models?: { columns: string[]; kind: string; scores: Scores }[];
  classes: string[];
  classOrder: string;
  uncertain: boolean;
  positiveLabel?: string;
  scores?: Scores;
  rowsOffByRounding?: number;
  badLabel?: { row: number; line: number; value: string };
  features?: string[];
}
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
const noop = { isCancelled: () => false, progress: () => undefined };
const analyses = new Map<string, TableAnalysis>();

function analyze(file: string): TableAnalysis {
  let analysis = analyses.get(file);
  if (!analysis) {
    const table = readTable(readFileSync(join(DIR, file), 'utf8'), { fileName: file });
    analysis = analyzeTable(table, { kind: 'analyze', options: resolveAnalysisOptions({}) }, noop);
    analyses.set(file, analysis);
  }
  return analysis;
}

function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(REL * Math.max(1, Math.abs(expected)));
}

describe('realistic exports through the analysis (what Analyze shows)', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: label "${expected.label}", classes by ${expected.classOrder}${expected.uncertain ? ' (flagged)' : ''}, scikit-learn's numbers`, () => {
      const analysis = analyze(file);
      expect(analysis.columns.label).toBe(expected.label);
      const models = expected.models ?? [{ ...expected.model!, scores: expected.scores! }];
      expect(analysis.models.map((m) => [m.columns.columns, m.columns.kind])).toEqual(models.map((m) => [m.columns, m.kind]));
      models.forEach((model, k) => {
        const actual = analysis.models[k]!;
        expect(actual.n).toBe(model.scores.n);
        close(actual.meanLossNats, model.scores.mean);
        close(actual.brier, model.scores.brier);
        close(actual.errorRate, model.scores.errorRate);
        expect(actual.classOrder?.rule).toBe(expected.classOrder);
        expect(actual.classOrder?.uncertain).toBe(expected.uncertain);
      });
      expect(analysis.rows.classes).toEqual(expected.classes);
      const warnings = analysis.problems.filter((p) => p.code === 'class-order-uncertain');
      expect(warnings.length).toBe(expected.uncertain ? 1 : 0);
      // Analyze never fits when prediction columns exist.
      expect(analysis.fit).toBeNull();
      if (expected.features) expect(analysis.columns.features).toEqual(expected.features);
    });
  }

  it('digits-names.jsonl: the warning offers the order as scored and sorted order, on the probs field of line 1', () => {
    const warning = analyze('digits-names.jsonl').problems.find((p) => p.code === 'class-order-uncertain')!;
    expect(warning.severity).toBe('warning');
    expect(warning.range?.start.line).toBe(0);
    expect(warning.fixes).toEqual(['useClassOrder']);
    expect(warning.fixClassOrders).toEqual([EXPECTED['digits-names.jsonl']!.classes, [...EXPECTED['digits-names.jsonl']!.classes].sort()]);
    expect(warning.message).toContain('would give 5.24581 nats');
  });

  it('breast-cancer-proba.csv: P(benign) in "proba" is found and flagged, with both positive classes offered', () => {
    const analysis = analyze('breast-cancer-proba.csv');
    const warning = analysis.problems.find((p) => p.code === 'class-order-uncertain')!;
    expect(warning.fixPositiveLabels).toEqual(['benign', 'malignant']);
    expect(warning.range).toEqual({ start: { line: 0, character: 18 }, end: { line: 0, character: 23 } });
  });

  it('fraud.csv: the id column names rows, is_fraud is the label, no 3,000-class fit', () => {
    const analysis = analyze('fraud.csv');
    expect(analysis.columns.id).toBe('transaction_id');
    expect(analysis.rows.idColumn).toBe('transaction_id');
    expect(analysis.rows.ids[0]).toMatch(/^tx_[0-9a-f]{8}$/);
    expect(analysis.columns.features).toEqual(['amount', 'hour', 'n_prev_txn']);
  });

  it('sentiment-6dp.csv: every 6-decimal row is scored as written, the rounded ones counted, no problems', () => {
    const analysis = analyze('sentiment-6dp.csv');
    expect(analysis.problemCount).toBe(0);
    expect(analysis.models[0]!.roundedRows).toBe(EXPECTED['sentiment-6dp.csv']!.rowsOffByRounding);
  });

  it('sentiment-typo.csv: the mistyped label is one problem on its own cell; the other rows keep their classes', () => {
    const analysis = analyze('sentiment-typo.csv');
    const bad = EXPECTED['sentiment-typo.csv']!.badLabel!;
    const errors = analysis.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.code, p.row, p.range?.start.line, p.value])).toEqual([['unknown-label', bad.row, bad.line - 1, bad.value]]);
    expect(errors[0]!.message).toContain('"Negative" is not a known class (negative, neutral, positive)');
  });
});

describe('entropy-lens analyze --json on the realistic exports', () => {
  const run = async (...argv: string[]): Promise<{ status: number; json: Record<string, unknown>; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const status = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { status, json: JSON.parse(stdout) as Record<string, unknown>, stderr };
  };

  it('digits-names.jsonl: classes in column order, classOrder inferred, a classOrderUncertain warning, mean in nats', async () => {
    const { status, json, stderr } = await run('analyze', join(DIR, 'digits-names.jsonl'), '--json');
    const expected = EXPECTED['digits-names.jsonl']!;
    expect(status).toBe(0);
    expect(json['label']).toBe('label');
    const model = (json['models'] as Record<string, unknown>[])[0]!;
    expect(model).toMatchObject({ columns: ['probs'], kind: 'probabilities', classes: expected.classes, classOrder: 'inferred', classOrderUncertain: true, n: 1797 });
    close(model['mean'] as number, expected.scores!.mean);
    expect((json['warnings'] as { code: string }[]).map((w) => w.code)).toEqual(['classOrderUncertain']);
    expect(stderr).toMatch(/digits-names\.jsonl:1:\d+: warning: Class order of "probs" guessed from the data/);
  });

  it('--classes makes the order explicit: no warning, the same mean', async () => {
    const classes = EXPECTED['digits-names.jsonl']!.classes.join(',');
    const { json } = await run('analyze', join(DIR, 'digits-names.jsonl'), '--classes', classes, '--json');
    const model = (json['models'] as Record<string, unknown>[])[0]!;
    expect(model['classOrder']).toBe('explicit');
    expect(json['warnings']).toEqual([]);
    close(model['mean'] as number, EXPECTED['digits-names.jsonl']!.scores!.mean);
  });

  it('sentiment-typo.csv: the bad row is listed and left out, the rest scored, exit 0', async () => {
    const { status, json, stderr } = await run('analyze', join(DIR, 'sentiment-typo.csv'), '--json');
    expect(status).toBe(0);
    expect(json['problems']).toEqual([
      { line: 9, column: 7, raw: 'Negative', why: 'Label "Negative" is not a known class (negative, neutral, positive); did you mean "negative"?', severity: 'error' },
    ]);
    expect(stderr).toContain('sentiment-typo.csv:9:7: Label "Negative"');
    close((json['models'] as { mean: number }[])[0]!.mean, EXPECTED['sentiment-typo.csv']!.scores!.mean);
  });

  it('cross-entropy on the same file warns the same way in --json', async () => {
    const { json } = await run('cross-entropy', join(DIR, 'digits-names.jsonl'), '--label', 'label', '--prob', 'probs', '--json');
    expect((json['warnings'] as { code: string }[]).map((w) => w.code)).toEqual(['classOrderUncertain']);
    expect((json['models'] as Record<string, unknown>[])[0]).toMatchObject({ classOrder: 'inferred', classOrderUncertain: true });
  });
});
