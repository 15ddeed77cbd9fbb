// Inputs a first trial on real exports turned up: a label with a trailing space, percentages,
// `inf` in a logit column, pandas' default to_json layout, decimal commas, a broken JSON Lines
// line, a misspelt class list, flags naming only some roles. Each is known or said, never a
// silently wrong number.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../../src/analysis/analyzeTable';
import type { TableAnalysis, TableRequest } from '../../../src/analysis/analyzeTable';
import { runCli } from '../../../src/cli/runCli';
import { readTable } from '../../../src/data';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';

const noop = { isCancelled: () => false, progress: () => undefined };
const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-real-inputs-'));
let files = 0;

function analyze(text: string, fileName: string, request: Partial<TableRequest> = {}, normalizeRows = false): TableAnalysis {
  const options = { ...resolveAnalysisOptions({}), normalizeRows };
  return analyzeTable(readTable(text, { fileName }), { kind: 'analyze', options, ...request }, noop);
}

async function cli(text: string, fileName: string, ...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const path = join(dir, `${files++}-${fileName}`);
  writeFileSync(path, text);
  let stdout = '';
  let stderr = '';
  const status = await runCli([argv[0] as string, path, ...argv.slice(1)], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

/** Iris-like rows: species then three probabilities, `n` per class, confident and right. */
function iris(n: number, label = (species: string, _i: number) => species, scale = 1): string {
  const species = ['setosa', 'versicolor', 'virginica'];
  const lines = ['species,proba_setosa,proba_versicolor,proba_virginica'];
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) {
      const p = [0.1, 0.1, 0.1];
      p[c] = 0.8;
      lines.push([label(species[c] as string, c * n + i), ...p.map((v) => v * scale)].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('labels and classes', () => {
  it("a label with a trailing space is one stray row, not a class that takes its name's column", () => {
    const result = analyze(
      iris(50, (s, i) => (i === 50 ? 'versicolor ' : s)),
      'iris.csv',
    );
    expect(result.models[0]?.classOrder).toMatchObject({ rule: 'names', classes: ['setosa', 'versicolor', 'virginica'] });
    const errors = result.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.code, p.row])).toEqual([['unknown-label', 50]]);
    expect(errors[0]?.message).toContain('did you mean "versicolor"?');
    expect(result.models[0]?.n).toBe(149);
  });

  it('a misspelt class list is one problem naming the class no row has and the label left out', async () => {
    const text = iris(20);
    const result = analyze(text, 'iris.csv', { overrides: { classes: ['setosa', 'versicolor', 'merlot'] } });
    expect(result.models).toEqual([]);
    expect(result.problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.message])).toEqual([
      [
        'class-order-mismatch',
        'The classes listed for proba (proba_setosa, proba_versicolor, proba_virginica) name "merlot", which no row has, and leave out "virginica" (20 rows): correct the list (Choose Columns… or --classes).',
      ],
    ]);
    expect((await cli(text, 'iris.csv', 'analyze', '--classes', 'setosa,versicolor,merlot')).status).toBe(2);
  });

  it('a role the user left as detected keeps its detected reason', () => {
    const text = iris(5);
    const detected = analyze(text, 'iris.csv');
    const chosen = analyze(text, 'iris.csv', { columns: { ...detected.columns, models: detected.columns.models!.map((m) => ({ ...m, classes: ['setosa', 'versicolor', 'virginica'] })) } });
    expect(chosen.mapping.origin).toBe('user');
    expect(chosen.mapping.reasons['label']).toBe('as detected: named "species"');
  });
});

describe('scales and values', () => {
  const percent = iris(20, undefined, 100);

  it('percentages are one problem on the model with the normalise fix, not a problem per cell, and score once normalised', () => {
    const result = analyze(percent, 'pct.csv');
    expect(result.models).toEqual([]);
    const problem = result.problems.find((p) => p.code === 'percentages');
    expect(problem).toMatchObject({ severity: 'error', fixes: ['normalizeRows'], range: { start: { line: 0, character: 8 } } });
    expect(result.problems.filter((p) => p.code === 'probability-out-of-range')).toEqual([]);
    const normalised = analyze(percent, 'pct.csv', {}, true);
    expect(normalised.models[0]?.columns.kind).toBe('probabilities');
    expect(Math.abs(normalised.models[0]!.meanLossNats + Math.log(0.8))).toBeLessThan(1e-15);
    expect(normalised.models[0]?.normalizedRows).toBe(60);
  });

  it('analyze --normalize scores percentages; without it, it says why nothing was scored and exits 2', async () => {
    const scored = await cli(percent, 'pct.csv', 'analyze', '--normalize', '--json');
    expect(scored.status).toBe(0);
    expect(Math.abs((JSON.parse(scored.stdout) as { models: { mean: number }[] }).models[0]!.mean + Math.log(0.8))).toBeLessThan(1e-15);
    const refused = await cli(percent, 'pct.csv', 'analyze');
    expect(refused.status).toBe(2);
    expect(refused.stdout).toContain('Nothing was scored: proba (proba_setosa, proba_versicolor, proba_virginica) holds percentages');
  });

  it('inf in a logit column is read as infinity, stays a logit column, and is a problem on its cell', () => {
    const rows = ['label,logit', ...Array.from({ length: 30 }, (_, i) => `${i % 2},${i % 2 ? 2.5 : -1.5}`)];
    rows[4] = '0,inf';
    const result = analyze(`${rows.join('\n')}\n`, 'logits.csv');
    expect(result.columns.id).toBeUndefined();
    expect(result.models[0]?.columns).toMatchObject({ kind: 'logits', columns: ['logit'] });
    expect(result.problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.row, p.value, p.message])).toEqual([
      ['not-finite', 3, 'inf', 'logit = inf is infinite: logits must be finite numbers'],
    ]);
    expect(result.models[0]?.n).toBe(29);
  });

  it('numbers written with a decimal comma are named, not silently read as text', () => {
    const result = analyze('y;p\n1;0,8\n0;0,3\n1;0,6\n', 'semicolon.csv');
    expect(result.problems.find((p) => p.code === 'decimal-comma')?.message).toBe(
      '"p" holds numbers written with a decimal comma (such as "0,8"): Entropy Lens reads decimal points, so it is read as text. Write the file with a decimal point (pandas: to_csv(..., decimal=".")).',
    );
  });
});

describe('file layouts', () => {
  it('reads pandas\' DataFrame.to_json() default layout (orient="columns"): one object per column keyed by the index', () => {
    const result = analyze('{"label":{"0":1,"1":0,"2":0},"p":{"0":0.8,"1":0.3,"2":0.4}}', 'frame.json');
    expect(result.problemCount).toBe(0);
    expect(result.models[0]?.n).toBe(3);
    expect(Math.abs(result.models[0]!.meanLossNats - -(Math.log(0.8) + Math.log(0.7) + Math.log(0.6)) / 3)).toBeLessThan(1e-15);
  });

  it('a JSON Lines line cut short is a problem and left out; the other lines are scored', () => {
    const result = analyze('{"label":1,"p":0.8}\n{"label":0,"p":0.3\n{"label":0,"p":0.4}\n', 'broken.jsonl');
    expect(result.problems.map((p) => [p.code, p.range?.start.line])).toEqual([['json-syntax', 1]]);
    expect(result.models[0]?.n).toBe(2);
    expect(Math.abs(result.models[0]!.meanLossNats - -(Math.log(0.8) + Math.log(0.6)) / 2)).toBeLessThan(1e-15);
  });

  it('an empty file has its own problem and no "column roles guessed" beside it', () => {
    expect(analyze('', 'empty.csv').problems.map((p) => p.code)).toEqual(['empty-file']);
  });
});

describe('entropy-lens analyze with some roles named', () => {
  it('--prob alone keeps the detected label', async () => {
    const { status, stdout } = await cli(iris(5), 'iris.csv', 'analyze', '--prob', 'proba_setosa,proba_versicolor,proba_virginica', '--json');
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as { label: string; mapping: { reasons: Record<string, string> }; models: { n: number }[] };
    expect(json.label).toBe('species');
    expect(json.models[0]?.n).toBe(15);
    expect(json.mapping.reasons['model proba_setosa,proba_versicolor,proba_virginica']).toBe('given');
  });

  it('predictions without a label say so and exit 2', async () => {
    const { status, stdout, stderr } = await cli('prob_0,prob_1\n0.2,0.8\n0.6,0.4\n', 'nolabel.csv', 'analyze');
    expect(status).toBe(2);
    expect(stderr).toContain('No label or target columns were recognised for the predictions in prob (prob_0, prob_1)');
    expect(stdout).toContain('Nothing was scored: no label column was found for the predictions; name it with --label');
  });

  it('an unknown --pos-label exits 2 and says which label was meant', async () => {
    const text = 'diagnosis,proba\nbenign,0.9\nmalignant,0.2\nbenign,0.7\n';
    const { status, stderr } = await cli(text, 'bc.csv', 'analyze', '--pos-label', 'Benign');
    expect(status).toBe(2);
    expect(stderr).toContain('The positive label "Benign" is not one of the labels (benign, malignant); did you mean "benign"?');
  });
});
