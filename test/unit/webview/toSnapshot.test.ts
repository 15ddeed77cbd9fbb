// The host-side converter from the analysis result to the panel snapshot (src/host/panel), tested
// here with the panel's other view-model code; it imports no vscode value, only types.
import { describe, expect, it } from 'vitest';
import { ANALYSIS_SCHEMA_VERSION, NO_APPLIED_LOSS, RowStatus, type AnalysisResult } from '../../../src/protocol/analysis';
import { RowVerdict } from '../../../src/protocol/panel';
import { NO_ANALYSIS_HINT, toSnapshot } from '../../../src/host/panel/toSnapshot';
import type { PanelInput } from '../../../src/host/panel/types';
import { analyzeSample } from '../host/helpers';

const X = [-2.2, -1.4, -0.8, 0.2, 0.4, 0.8, 1.2, 2.2, 2.9, 4.6];
const Y = [0, 0, 1, 0, 1, 1, 1, 1, 1, 1];
// The worked example's fit (scikit-learn, C = 1): coef 0.97193448, intercept 0.65553595.
const W = 0.97193448;
const B = 0.65553595;

function tenPointAnalysis(): AnalysisResult {
  const n = X.length;
  const z = X.map((x) => W * x + B);
  const margin = Float64Array.from(z, (zi, i) => (2 * Y[i]! - 1) * zi);
  const pTrue = Float64Array.from(margin, (m) => 1 / (1 + Math.exp(-m)));
  const loss = Float64Array.from(pTrue, (p) => -Math.log(p));
  const mean = loss.reduce((s, v) => s + v, 0) / n;
  return {
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    kind: 'analyze',
    source: 'document',
    uri: 'file:///samples/logistic-10-points.csv',
    documentVersion: 1,
    selection: null,
    unit: 'bits',
    epsilon: 2.220446049250313e-16,
    normalizedRows: false,
    loss: NO_APPLIED_LOSS,
    columns: { label: 'y', features: ['x'] },
    mapping: { origin: 'detected', reasons: {}, confidence: 1, ambiguity: null, classMapping: null },
    table: { format: 'csv', delimiter: ',', columns: [] },
    rows: {
      count: n,
      firstLine: Uint32Array.from(X, (_, i) => i + 1),
      lastLine: Uint32Array.from(X, (_, i) => i + 1),
      startCharacter: new Uint32Array(n),
      endCharacter: new Uint32Array(n).fill(6),
      status: new Uint8Array(n).fill(RowStatus.ok),
      labels: Y.map(String),
      labelCodes: Int32Array.from(Y),
      labelValues: ['0', '1'],
      classes: ['0', '1'],
      trueClass: Int32Array.from(Y),
      idColumn: null,
      ids: [],
    },
    models: [],
    entropy: { entropyNats: -(0.3 * Math.log(0.3) + 0.7 * Math.log(0.7)), maxEntropyNats: Math.log(2), classes: ['0', '1'], counts: [3, 7], n },
    kl: null,
    fit: {
      model: 'logistic',
      features: ['x'],
      classes: ['0', '1'],
      coef: [[W]],
      intercept: [B],
      C: 1,
      penalty: 'l2',
      iterations: 6,
      converged: true,
      lossHistoryNats: [Math.LN2, 0.4, 0.34, mean],
      objective: 3.8014424,
      meanLogLossNats: mean,
      brier: 0.10442473009732164,
      separable: false,
      warnings: [],
      solver: 'newton',
      gradMaxScaled: 1e-17,
      seconds: 0.002,
      sampleWeight: null,
      classWeights: null,
      totalWeight: n,
      uncertainty: null,
      fittedTrueClassProbability: pTrue,
      margin,
      lossNats: loss,
    },
    rowLoss: null,
    problems: [],
    problemCount: 0,
    timing: { parseMs: 0, computeMs: 0 },
    size: 60,
  };
}

const input = (analysis: AnalysisResult): PanelInput => ({ uri: { path: '/samples/logistic-10-points.csv' } as PanelInput['uri'], analysis, stale: true });

describe('analysis → panel snapshot', () => {
  it('gives a hint, not a snapshot, when there is no analysis', () => {
    expect(toSnapshot(undefined)).toEqual({ snapshot: null, hint: NO_ANALYSIS_HINT });
  });

  it('maps rows to 1-based lines and keeps the label distribution', () => {
    const { snapshot } = toSnapshot(input(tenPointAnalysis()));
    expect(snapshot).not.toBeNull();
    expect(snapshot!.fileName).toBe('logistic-10-points.csv');
    expect(snapshot!.stale).toBe(true);
    expect([...snapshot!.rowLine]).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(snapshot!.labels!.counts).toEqual([
      { label: '0', count: 3 },
      { label: '1', count: 7 },
    ]);
  });

  it('adds the fit as a model whose verdicts come from the margins (2 of 10 wrong)', () => {
    const { snapshot } = toSnapshot(input(tenPointAnalysis()));
    const fitModel = snapshot!.models[0]!;
    expect(fitModel.kind).toBe('fit');
    expect(fitModel.errorRate).toBe(0.2);
    expect([...fitModel.verdict].map((v, i) => (v === RowVerdict.wrong ? i : -1)).filter((i) => i >= 0)).toEqual([2, 3]);
    expect(fitModel.predictedClass[3]).toBe(1);
    // The fit's own Brier score (scikit-learn's brier_score_loss of the fitted probabilities).
    expect(fitModel.brier).toBe(0.10442473009732164);
  });

  it('recovers the one feature from the margins for the sigmoid plot (relative error ≤ 1e-12)', () => {
    const { snapshot } = toSnapshot(input(tenPointAnalysis()));
    const one = snapshot!.fit!.oneFeature!;
    X.forEach((x, i) => expect(Math.abs(one.x[i]! - x)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x))));
    expect([...one.y]).toEqual(Y);
    const p0 = 1 / (1 + Math.exp(-(W * X[0]! + B)));
    expect(Math.abs(one.pPositive[0]! - p0)).toBeLessThanOrEqual(1e-15);
  });

  it('derives the class distribution from one-hot targets when there is no label column', () => {
    const analysis = { ...tenPointAnalysis(), entropy: null };
    const labels = toSnapshot(input(analysis)).snapshot!.labels!;
    expect(labels.counts.map((c) => c.count)).toEqual([3, 7]);
    // scipy.stats.entropy([3, 7]) = 0.6108643020548935 nats.
    expect(Math.abs(labels.entropyNats - 0.6108643020548935)).toBeLessThanOrEqual(1e-15);
  });

  it('shows distributions over rows without a class distribution of their outcome names', () => {
    // samples/kl-distributions.csv: `outcome` (heads, tails) is proposed as the label, one row each.
    const snapshot = toSnapshot(input(analyzeSample('kl-distributions.csv'))).snapshot!;
    expect(snapshot.labels).toBeNull();
    expect(snapshot.divergence!.outcomes).toEqual(['heads', 'tails']);
    // A label that repeats is a label: its distribution stays.
    const repeated = analyzeSample('kl-repeated.csv', 'analyze', 'bits', 'outcome,p,q\nheads,0.5,0.25\nheads,0.25,0.25\ntails,0.25,0.5\n');
    expect(repeated.kl?.mode).toBe('overRows');
    expect(toSnapshot(input(repeated)).snapshot!.labels!.counts).toEqual([
      { label: 'heads', count: 2 },
      { label: 'tails', count: 1 },
    ]);
  });

  it('carries the id column and its text per row, or null without one', () => {
    const withIds = analyzeSample('ids.csv', 'analyze', 'bits', 'transaction_id,label,p\ntx_1,1,0.8\ntx_2,0,0.3\ntx_3,1,0.6\n');
    expect(toSnapshot(input(withIds)).snapshot?.rowIds).toEqual({ column: 'transaction_id', ids: ['tx_1', 'tx_2', 'tx_3'] });
    const without = analyzeSample('binary-predictions.json');
    expect(toSnapshot(input(without)).snapshot?.rowIds).toBeNull();
  });
  it('says what is missing when predictions have no label to be scored against', () => {
    const analysis = analyzeSample('nolabel.csv', 'analyze', 'nats', 'id,prob_0,prob_1,prob_2\n1,0.7,0.2,0.1\n2,0.1,0.8,0.1\n3,0.2,0.2,0.6\n');
    expect(analysis.columns.models?.map((m) => m.name)).toEqual(['prob']);
    const outcome = toSnapshot(input(analysis));
    expect(outcome.snapshot?.mapping?.roles.map((r) => r.role)).toContain('Model prob (probabilities)');
    expect(outcome.hint).toBe('No label column: the predictions in prob (prob_0, prob_1, prob_2) need the true classes. Choose Columns… to pick the label (or one-hot target columns).');
  });

  it('says a fit needs a label, and names no role it found when it found none', () => {
    const features = { ...tenPointAnalysis(), columns: { features: ['x'] }, entropy: null, fit: null };
    features.rows = { ...features.rows, classes: [], trueClass: new Int32Array(0) };
    expect(toSnapshot(input(features)).hint).toBe('No label column: a fit on x needs the true classes. Choose Columns… to pick the label (or one-hot target columns).');
    const none = { ...features, columns: {} };
    expect(toSnapshot(input(none)).hint).toBe('No label, prediction, distribution or feature columns were found. Choose Columns… to pick them.');
  });

  it('refuses an analysis of another schema version with a hint', () => {
    const outcome = toSnapshot(input({ ...tenPointAnalysis(), schemaVersion: 99 as typeof ANALYSIS_SCHEMA_VERSION }));
    expect(outcome.snapshot).toBeNull();
    expect(outcome.hint).toContain('schema 99');
  });
});
