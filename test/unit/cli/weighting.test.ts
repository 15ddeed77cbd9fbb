// cross-entropy's weighted losses, with the libraries' meanings: --sample-weight as scikit-learn's
// log_loss / brier_score_loss(sample_weight=w), --class-weight as PyTorch's CrossEntropyLoss(weight=…)
// with reduction mean, --label-smoothing as CrossEntropyLoss(label_smoothing=A), --pos-weight as
// BCEWithLogitsLoss(pos_weight=W), on real exports (references: scripts/reference/classificationExports.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../core/referenceFixtures';
import { run } from './harness';

const REALISTIC = join(__dirname, '../../fixtures/realistic');
const reference = JSON.parse(readFileSync(join(REALISTIC, 'classification.json'), 'utf8')) as Record<string, Record<string, unknown>>;
const iris = reference['iris-weighted.csv'] as unknown as {
  logit: string[];
  weighting: {
    classWeight: Record<string, number>;
    classWeighted: number;
    labelSmoothing: number;
    smoothed: number;
    sampleWeighted: number;
    sampleWeightedBrier: number;
    sampleWeightedError: number;
    weightTotal: number;
  };
};
const w = iris.weighting;
const FILE = join(REALISTIC, 'iris-weighted.csv');
const base = ['cross-entropy', FILE, '--label', 'species', '--logit', iris.logit.join(','), '--json'];

interface Out {
  weighting?: Record<string, unknown>;
  models: { mean: number; brier: number; errorRate: number; weightTotal?: number }[];
}
const score = async (...flags: string[]): Promise<Out> => {
  const result = await run(...base, ...flags);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Out;
};

describe('cross-entropy weighted losses', () => {
  it('--sample-weight: log_loss, the Brier score and the error rate with sample_weight, and Σ w', async () => {
    const out = await score('--sample-weight', 'weight');
    const model = out.models[0]!;
    expectClose(model.mean, w.sampleWeighted, 1e-13);
    expectClose(model.brier, w.sampleWeightedBrier, 1e-13);
    expectClose(model.errorRate, w.sampleWeightedError, 1e-15);
    expect(model.weightTotal).toBe(w.weightTotal);
    expect(out.weighting).toEqual({ sampleWeight: 'weight', classWeight: null, posWeight: null, labelSmoothing: null });
  });

  it('--class-weight: Σ w_y·loss / Σ w_y as CrossEntropyLoss(weight=…); the Brier score is not class-weighted', async () => {
    const flag = Object.entries(w.classWeight)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const [weighted, plain] = [await score('--class-weight', flag), await score()];
    expectClose(weighted.models[0]!.mean, w.classWeighted, 1e-13);
    expect(weighted.models[0]!.brier).toBe(plain.models[0]!.brier);
  });

  it('--label-smoothing: (1 − A)·(−log p_y) + A/K·Σ_k −log p_k, as CrossEntropyLoss(label_smoothing=A)', async () => {
    const out = await score('--label-smoothing', String(w.labelSmoothing));
    expectClose(out.models[0]!.mean, w.smoothed, 1e-13);
  });

  it('--pos-weight: −[W·y·log p + (1 − y)·log(1 − p)] averaged over rows, as BCEWithLogitsLoss(pos_weight=W)', async () => {
    const cancer = reference['breast-cancer-proba.csv'] as { models: { posWeight: number; posWeighted: number }[] };
    const result = await run(
      'cross-entropy',
      join(REALISTIC, 'breast-cancer-proba.csv'),
      '--label',
      'diagnosis',
      '--pos-label',
      'benign',
      '--prob',
      'proba',
      '--pos-weight',
      String(cancer.models[0]!.posWeight),
      '--json',
    );
    expect(result.status).toBe(0);
    expectClose((JSON.parse(result.stdout) as Out).models[0]!.mean, cancer.models[0]!.posWeighted, 1e-13);
  });

  it('says which convention the first line follows, and refuses what does not apply in words', async () => {
    const text = await run('cross-entropy', FILE, '--label', 'species', '--logit', iris.logit.join(','), '--sample-weight', 'weight', '--class-weight', 'balanced');
    expect(text.stdout.split('\n')[0]).toContain('weighted by weight (sample_weight: Σ w·loss / Σ w); class weights balanced (n / (K·n_k))');
    const pos = await run(...base, '--pos-weight', '2');
    expect([pos.status, pos.stderr]).toEqual([2, expect.stringContaining('--pos-weight weighs the positive class of a one-column model')]);
    const both = await run(...base, '--label-smoothing', '0.1', '--class-weight', 'setosa=2');
    expect([both.status, both.stderr]).toEqual([2, expect.stringContaining('--label-smoothing with --class-weight is not supported')]);
    const typo = await run(...base, '--class-weight', 'setosaa=2');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("The class weight for 'setosaa' names no class");
    const bad = await run(...base, '--label-smoothing', '1.5');
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining("--label-smoothing must be a number from 0 to 1, got '1.5'")]);
    // The bootstrap would resample unweighted losses beside weighted means: refused, not mixed.
    const ci = await run(...base, '--sample-weight', 'weight', '--ci', '0.95');
    expect([ci.status, ci.stderr]).toEqual([2, expect.stringContaining('--ci resamples unweighted losses: it cannot be combined with --sample-weight')]);
  });
});
