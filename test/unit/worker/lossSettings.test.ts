// The editor's entropyLens.loss.* settings and a sample-weight column chosen for the predictions:
// the same numbers as the CLI's flags and the libraries' formulas (PyTorch's ignore_index, weight,
// label_smoothing, pos_weight; scikit-learn's sample_weight), the ignored rows left out and said so
// in the hover, and a setting that cannot apply reported as a warning naming it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, ColumnChoice } from '../../../src/protocol/analysis';
import { RowStatus } from '../../../src/protocol/analysis';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import type { RawSettings } from '../../../src/host/analysisOptions';
import { hoverMarkdown } from '../../../src/host/hoverContent';
import { offeredFixes } from '../../../src/host/fixChoices';
import { toSnapshot } from '../../../src/host/panel/toSnapshot';
import type { PanelInput } from '../../../src/host/panel/types';
import { summaryFacts } from '../../../src/webview/model/summary';
import { expectClose } from '../core/referenceFixtures';
import { run } from '../cli/harness';

const REALISTIC = join(__dirname, '../../fixtures/realistic');
const reference = JSON.parse(readFileSync(join(REALISTIC, 'classification.json'), 'utf8')) as Record<string, Record<string, unknown>>;
const digits = reference['digits-ignore-index.jsonl'] as unknown as { ignoredRows: number; scoredRows: number; mean: number; errorRate: number; classWeight: number[]; classWeighted: number };
const iris = reference['iris-weighted.csv'] as unknown as {
  logit: string[];
  weighting: { classWeight: Record<string, number>; classWeighted: number; labelSmoothing: number; smoothed: number; sampleWeighted: number; sampleWeightedBrier: number; sampleWeightedError: number };
};
const cancer = reference['breast-cancer-proba.csv'] as unknown as { models: { posWeight: number; posWeighted: number }[] };

function analyze(file: string, settings: RawSettings, columns?: ColumnChoice): AnalysisResult {
  const text = readFileSync(join(REALISTIC, file), 'utf8');
  const table = analyzeDocument(
    {
      type: 'analyze',
      id: 1,
      kind: 'analyze',
      source: { kind: 'document', uri: `file:///${file}`, version: 1, fileName: file, languageId: file.endsWith('.csv') ? 'csv' : 'jsonl', text },
      ...(columns ? { columns } : {}),
      options: resolveAnalysisOptions(settings),
      cancelFlag: createCancelFlag(),
    },
    { isCancelled: () => false, progress: () => undefined },
  );
  return { ...table, source: 'document', uri: `file:///${file}`, documentVersion: 1, selection: null, size: text.length, timing: { parseMs: 0, computeMs: 0 } } as AnalysisResult;
}

const irisColumns: ColumnChoice = { label: 'species', models: [{ name: 'lr_logit', kind: 'logits', columns: iris.logit }] };
const warnings = (result: AnalysisResult): string[] => result.problems.filter((p) => p.code === 'loss-setting').map((p) => p.message);

describe('entropyLens.loss.ignoreLabel (ignore_index)', () => {
  const file = 'digits-ignore-index.jsonl';
  const labels = readFileSync(join(REALISTIC, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { label: number }).label);

  it('scores the other rows as F.cross_entropy(ignore_index=-100), counts the rows left out and lists no problem for them', () => {
    const result = analyze(file, { 'loss.ignoreLabel': '-100' });
    const model = result.models[0]!;
    expect(model.n).toBe(digits.scoredRows);
    expectClose(model.meanLossNats, digits.mean, 1e-13);
    expectClose(model.errorRate, digits.errorRate, 1e-15);
    expect(result.loss.ignoredLabel).toEqual({ value: '-100', rows: digits.ignoredRows });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const ignored = labels.flatMap((label, row) => (label === -100 ? [row] : []));
    expect(ignored).toHaveLength(digits.ignoredRows);
    for (const row of ignored) expect(result.rows.status[row]).toBe(RowStatus.ignoredLabel);
    // The label entropy is over the scored rows only (ten digits, not an eleventh "-100").
    expect(result.entropy!.classes).toHaveLength(10);
  });

  it('matches a number however it is written, and the CLI --ignore-label', async () => {
    const written = analyze(file, { 'loss.ignoreLabel': -100 });
    expect(written.models[0]!.meanLossNats).toBe(analyze(file, { 'loss.ignoreLabel': '-100.0' }).models[0]!.meanLossNats);
    const cli = JSON.parse((await run('cross-entropy', join(REALISTIC, file), '--label', 'label', '--logit', 'logits', '--ignore-label', '-100', '--json')).stdout) as { models: { mean: number }[] };
    expect(written.models[0]!.meanLossNats).toBe(cli.models[0]!.mean);
  });

  it('the hover of an ignored row says why it is left out', () => {
    const result = analyze(file, { 'loss.ignoreLabel': '-100' });
    const row = labels.indexOf(-100);
    const hover = hoverMarkdown(result, row, { stale: false, problems: [] });
    expect(hover).toContain('labelled `-100`, the ignored label (entropyLens.loss.ignoreLabel, as PyTorch’s ignore_index)');
  });

  it('without the setting the padding label is an eleventh value the ten logits cannot be matched to', () => {
    const result = analyze(file, {});
    expect(result.models).toHaveLength(0);
    const refusal = result.problems.find((p) => p.code === 'class-order-unknown');
    // The refusal offers the way out in the setting's name.
    expect(refusal?.message).toMatch(/, or, if the rows labelled -100 are to be left out \(PyTorch's ignore_index\), set entropyLens\.loss\.ignoreLabel to -100 \(CLI: --ignore-label -100\)\.$/);
    // …and as a one-click fix (Ctrl+.), which sets it.
    expect(offeredFixes(refusal!)).toEqual([
      { key: 'ignoreLabel:-100', title: 'Leave out the rows labelled -100 (ignore_index: set entropyLens.loss.ignoreLabel)', fix: 'ignoreLabel', label: '-100' },
    ]);
  });

  it('class weights over the kept rows, as CrossEntropyLoss(weight=w, ignore_index=-100)', () => {
    const classWeight = digits.classWeight.map((w, k) => `${k}=${w}`).join(', ');
    const result = analyze(file, { 'loss.ignoreLabel': '-100', 'loss.classWeight': classWeight });
    expectClose(result.models[0]!.meanLossNats, digits.classWeighted, 1e-13);
    expect(result.loss.classWeight).toEqual(Object.fromEntries(digits.classWeight.map((w, k) => [String(k), w])));
  });
});

describe('sample weights and entropyLens.loss.* on iris (weighted export)', () => {
  const file = 'iris-weighted.csv';

  it('a sample-weight column weighs the mean loss, the Brier score and the error rate (log_loss(sample_weight=w))', () => {
    const result = analyze(file, {}, { ...irisColumns, sampleWeight: 'weight' });
    const model = result.models[0]!;
    expectClose(model.meanLossNats, iris.weighting.sampleWeighted, 1e-13);
    expectClose(model.brier, iris.weighting.sampleWeightedBrier, 1e-13);
    expectClose(model.errorRate, iris.weighting.sampleWeightedError, 1e-15);
    expect(result.loss.sampleWeight).toBe('weight');
  });

  it('classWeight and labelSmoothing as CrossEntropyLoss(weight=…) and (label_smoothing=A)', () => {
    const classWeight = Object.entries(iris.weighting.classWeight)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    expectClose(analyze(file, { 'loss.classWeight': classWeight }, irisColumns).models[0]!.meanLossNats, iris.weighting.classWeighted, 1e-13);
    const smoothed = analyze(file, { 'loss.labelSmoothing': iris.weighting.labelSmoothing }, irisColumns);
    expectClose(smoothed.models[0]!.meanLossNats, iris.weighting.smoothed, 1e-13);
    expect(smoothed.loss).toEqual({ ignoredLabel: null, sampleWeight: null, classWeight: null, positiveWeight: null, labelSmoothing: iris.weighting.labelSmoothing });
  });

  it('a setting that cannot apply is a warning naming it, and the numbers say what they are', () => {
    const typo = analyze(file, { 'loss.classWeight': 'setosa=2, versicolr=1' }, irisColumns);
    expect(warnings(typo).join('\n')).toMatch(
      /entropyLens\.loss\.classWeight: The class weight for 'versicolr' names no class of the labels .*did you mean "versicolor"\? lr_logit is scored without class weights\.$/,
    );
    expect(typo.loss.classWeight).toBeNull();
    expect(typo.models[0]!.meanLossNats).toBe(analyze(file, {}, irisColumns).models[0]!.meanLossNats);
    const negative = analyze(file, { 'loss.classWeight': 'setosa=-1', 'loss.labelSmoothing': 2 }, irisColumns);
    expect(warnings(negative)).toEqual([
      `entropyLens.loss.classWeight: "setosa=-1" is not LABEL=WEIGHT with a weight of 0 or more: write 'balanced' or e.g. 'cat=2, dog=0.5'. The losses are not class-weighted.`,
      `entropyLens.loss.labelSmoothing: 2 is outside 0 to 1 (CrossEntropyLoss's label_smoothing): no smoothing is applied.`,
    ]);
    const posWeight = analyze(file, { 'loss.posWeight': 3 }, irisColumns);
    expect(warnings(posWeight)).toEqual(['entropyLens.loss.posWeight weighs the positive class of a one-column model (BCEWithLogitsLoss), but lr_logit has 3 columns: it is scored without it.']);
    expect(posWeight.loss.positiveWeight).toBeNull();
  });
});

describe('entropyLens.loss.posWeight (BCEWithLogitsLoss(pos_weight=W))', () => {
  it('weighs the positive rows of a one-column model', () => {
    const columns: ColumnChoice = { label: 'diagnosis', positiveLabel: 'benign', models: [{ name: 'proba', kind: 'probabilities', columns: ['proba'] }] };
    const result = analyze('breast-cancer-proba.csv', { 'loss.posWeight': cancer.models[0]!.posWeight }, columns);
    expectClose(result.models[0]!.meanLossNats, cancer.models[0]!.posWeighted, 1e-13);
    expect(result.loss.positiveWeight).toBe(cancer.models[0]!.posWeight);
  });
});

describe("the panel's summary says which loss options the numbers follow", () => {
  const facts = (result: AnalysisResult): Record<string, string> => {
    const { snapshot } = toSnapshot({ uri: { path: `/${result.uri}` } as PanelInput['uri'], analysis: result });
    return Object.fromEntries(summaryFacts(snapshot!, 'nats').map((f) => [f.label, f.value]));
  };

  it('the ignored label with its row count, and the class weights', () => {
    const shown = facts(analyze('digits-ignore-index.jsonl', { 'loss.ignoreLabel': '-100', 'loss.classWeight': '1=2, 7=3' }));
    expect(shown['Ignored label']).toBe(`-100: ${digits.ignoredRows} rows left out`);
    expect(shown['Class weights']).toBe('1 = 2, 7 = 3 (others 1)');
    expect(shown['Rows not scored']).toBe(String(digits.ignoredRows));
  });

  it('the sample-weight column, pos_weight and smoothing; nothing when no option is set', () => {
    expect(facts(analyze('iris-weighted.csv', { 'loss.labelSmoothing': 0.1 }, { ...irisColumns, sampleWeight: 'weight' }))).toMatchObject({
      'Sample weights': 'column "weight"',
      'Label smoothing': '0.1',
    });
    const plain = facts(analyze('iris-weighted.csv', {}, irisColumns));
    for (const label of ['Ignored label', 'Sample weights', 'Class weights', 'Positive weight', 'Label smoothing']) expect(plain[label]).toBeUndefined();
  });
});
