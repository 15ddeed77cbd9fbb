// The editor's fit (Fit Logistic / Softmax Regression, Analyze) with a sample-weight column chosen
// in Choose Columns… and the fit.classWeight setting: the same numbers as the CLI's fit and
// scikit-learn's, standard errors in the result, and bad weight cells as positioned problems.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnalysisKind, ColumnChoice, FitUncertainty } from '../../../src/protocol/analysis';
import type { AnalysisOptions } from '../../../src/protocol/worker';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { hoverMarkdown } from '../../../src/host/hoverContent';
import { statusText } from '../../../src/host/statusText';
import { run } from '../cli/harness';

const dir = fileURLToPath(new URL('../../fixtures/fits/', import.meta.url));
const file = `${dir}breast-cancer-weighted.csv`;
const text = readFileSync(file, 'utf8');
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as {
  features: string[];
  sampleWeight: { objective: number };
  both: { objective: number };
  mleWeighted: { standardErrors: number[] };
};

function analyze(body: string, kind: AnalysisKind, columns: ColumnChoice, settings: Record<string, unknown> = {}) {
  const options: AnalysisOptions = resolveAnalysisOptions(settings);
  return analyzeDocument(
    {
      type: 'analyze',
      id: 1,
      kind,
      source: { kind: 'document', uri: 'file:///weighted.csv', version: 1, fileName: 'weighted.csv', languageId: 'csv', text: body },
      columns,
      options,
      cancelFlag: createCancelFlag(),
    },
    { isCancelled: () => false, progress: () => undefined },
  );
}

const columns: ColumnChoice = { label: 'diagnosis', features: expected.features, sampleWeight: 'weight' };

describe('the editor fit with a sample-weight column', () => {
  it('equals the CLI fit --sample-weight and reaches scikit-learn objective or below', async () => {
    const result = analyze(text, 'fitLogistic', columns);
    const fit = result.fit!;
    expect(fit.sampleWeight).toBe('weight');
    expect(fit.converged).toBe(true);
    expect(fit.objective).toBeLessThanOrEqual(expected.sampleWeight.objective * (1 + 1e-12));
    const cli = await run('fit', file, '--label', 'diagnosis', '--features', expected.features.join(','), '--sample-weight', 'weight', '--json');
    const json = JSON.parse(cli.stdout) as { objective: number; coef: number[][]; totalWeight: number };
    expect(fit.objective).toBe(json.objective);
    expect(fit.coef).toEqual(json.coef);
    expect(fit.totalWeight).toBe(json.totalWeight);
  });

  it('the status bar shows the weighted mean the panel shows (not the plain mean of the rows), and says so', () => {
    const result = analyze(text, 'fitLogistic', columns);
    const fit = result.fit!;
    const plain = fit.lossNats.reduce((s, v) => s + v, 0) / fit.lossNats.length;
    expect(Math.abs(plain - fit.meanLogLossNats)).toBeGreaterThan(1e-3);
    expect(result.rowLoss!.meanNats).toBe(fit.meanLogLossNats);
    const status = statusText(result, { stale: false, running: false, selection: null, cursor: null });
    expect(status.text).toContain(fit.meanLogLossNats.toFixed(6));
    expect(status.tooltip).toContain('weighted mean fitted log loss over 569 rows');
    // A row's hover compares it with the weighted mean, and claims no share of the weighted total.
    const hover = hoverMarkdown(result, 0, { stale: false, problems: [] });
    expect(hover).toMatch(/×[0-9.]+ weighted mean/);
    expect(hover).not.toMatch(/of total/);
    // Without weights, the plain mean and its share of the total.
    const unweighted = analyze(text, 'fitLogistic', { label: 'diagnosis', features: expected.features });
    expect(unweighted.rowLoss!.weightedMean).toBeUndefined();
    expect(hoverMarkdown(unweighted, 0, { stale: false, problems: [] })).toMatch(/of total/);
  });

  it('class weights from the fit.classWeight setting multiply the sample weights', () => {
    const fit = analyze(text, 'fitLogistic', columns, { 'fit.classWeight': 'balanced' }).fit!;
    expect(fit.classWeights?.balanced).toBe(true);
    expect(fit.classWeights?.classes).toEqual(['benign', 'malignant']);
    expect(Math.abs(fit.objective - expected.both.objective)).toBeLessThan(1e-7 * expected.both.objective);
    expect(fit.objective).toBeLessThanOrEqual(expected.both.objective * (1 + 1e-12));
  });

  it('carries standard errors (penalty none: the maximum-likelihood ones numpy computes)', () => {
    const fit = analyze(text, 'fitLogistic', columns, { 'fit.penalty': 'none' }).fit!;
    const u = fit.uncertainty as FitUncertainty;
    expect(u.basis).toBe('unpenalised');
    u.coef.standardError[0]!.forEach((se, j) => expect(Math.abs(se - expected.mleWeighted.standardErrors[j]!)).toBeLessThan(1e-7 * se));
  });

  it('a negative weight is an error at its cell that leaves its row out of the fit', () => {
    const lines = text.split('\n');
    const bad = lines[3]!.replace(/,\d+$/, ',-1');
    const result = analyze([...lines.slice(0, 3), bad, ...lines.slice(4)].join('\n'), 'fitLogistic', columns);
    const problem = result.problems.find((p) => p.code === 'negative-weight');
    expect(problem).toMatchObject({ severity: 'error', row: 2, column: 'weight', value: '-1' });
    expect(problem?.message).toBe('weight = -1 is negative: sample weights must be finite numbers of 0 or more');
    expect(problem?.range?.start.line).toBe(3);
    expect(result.fit?.converged).toBe(true);
    expect(result.fit!.totalWeight).toBe(json(text).total - json(text).weights[2]!);
  });

  it('an unknown weight column is a problem naming the columns, and the fit runs unweighted', () => {
    const result = analyze(text, 'fitLogistic', { ...columns, sampleWeight: 'wieght' });
    expect(result.problems.some((p) => p.code === 'unknown-column' && /sample weight: no column named "wieght"/.test(p.message))).toBe(true);
    expect(result.fit?.sampleWeight).toBeNull();
  });
});

function json(body: string): { weights: number[]; total: number } {
  const weights = body
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',').at(-1)));
  return { weights, total: weights.reduce((a, b) => a + b, 0) };
}
