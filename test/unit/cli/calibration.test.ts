// entropy-lens calibration: scikit-learn's calibration_curve bins (uniform and quantile, empty bins
// kept with count 0), ECE and MCE, Murphy's decomposition of brier_score_loss on the same bins, and
// temperature scaling to the optimum, on the realistic exports (cross_val_predict outputs).
// References: scripts/reference/classificationExports.py.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationCurve, temperatureScaling } from '../../../src/core';
import { expectClose } from '../core/referenceFixtures';
import { run } from './harness';

const REALISTIC = join(__dirname, '../../fixtures/realistic');

interface Reference {
  bins: number;
  strategy: 'uniform' | 'quantile';
  edges: number[];
  counts: number[];
  confidence: number[];
  accuracy: number[];
  ece: number;
  mce: number;
  temperature: { t: number; before: number; after: number };
  brier?: { score: number; reliability: number; resolution: number; uncertainty: number };
}
interface Calibrated {
  ece: number;
  mce: number;
  mode: string;
  bins: { lower: number; upper: number; count: number; confidence: number | null; accuracy: number | null }[];
  brier: Reference['brier'] | null;
  temperature: { t: number; before: number; after: number };
}

const expected = JSON.parse(readFileSync(join(REALISTIC, 'classification.json'), 'utf8')) as Record<
  string,
  { label: string; posLabel?: string; models: { prob?: string[]; logit?: string[]; calibration: Reference }[] }
>;

const cases = Object.entries(expected).flatMap(([file, spec]) =>
  (spec.models ?? []).map((model, m) => ({ name: `${file} model ${m + 1} (${model.calibration.bins} ${model.calibration.strategy} bins)`, file, spec, model })),
);

describe('entropy-lens calibration on real exports (scikit-learn calibration_curve, brier_score_loss)', () => {
  it.each(cases)('$name', async ({ file, spec, model }) => {
    const reference = model.calibration;
    const argv = ['calibration', join(REALISTIC, file), '--label', spec.label, ...(spec.posLabel ? ['--pos-label', spec.posLabel] : [])];
    argv.push(model.prob ? '--prob' : '--logit', (model.prob ?? model.logit)!.join(','), '--bins', String(reference.bins), '--strategy', reference.strategy, '--json');
    const result = await run(...argv);
    expect(result.stderr.split('\n').filter((line) => line.includes('error'))).toEqual([]);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as Calibrated;
    expect(json.bins.map((b) => b.count)).toEqual(reference.counts);
    json.bins.forEach((bin, b) => {
      expectClose(bin.lower, reference.edges[b]!, 1e-15, 1e-16);
      expectClose(bin.upper, reference.edges[b + 1]!, 1e-15, 1e-16);
    });
    // scikit-learn lists the non-empty bins only.
    const filled = json.bins.filter((b) => b.count > 0);
    filled.forEach((bin, k) => {
      expectClose(bin.confidence!, reference.confidence[k]!, 1e-14);
      expectClose(bin.accuracy!, reference.accuracy[k]!, 1e-15);
    });
    expect(json.bins.filter((b) => b.count === 0).every((b) => b.confidence === null && b.accuracy === null)).toBe(true);
    expectClose(json.ece, reference.ece, 1e-13);
    expectClose(json.mce, reference.mce, 1e-13);
    if (reference.brier) {
      for (const key of ['score', 'reliability', 'resolution', 'uncertainty'] as const) expectClose(json.brier![key], reference.brier[key], 1e-13);
    } else expect(json.brier).toBeNull();
    expectClose(json.temperature.t, reference.temperature.t, 1e-8);
    expectClose(json.temperature.before, reference.temperature.before, 1e-13);
    expectClose(json.temperature.after, reference.temperature.after, 1e-13);
    expect(json.temperature.after).toBeLessThanOrEqual(json.temperature.before);
  });

  it('prints the bins, ECE / MCE, the decomposition and what the temperature does', async () => {
    const result = await run('calibration', join(REALISTIC, 'breast-cancer-proba.csv'), '--label', 'diagnosis', '--pos-label', 'benign', '--prob', 'proba', '--bins', '10');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Calibration of proba over 569 rows: P(benign) against the share of benign, 10 uniform bins');
    expect(result.stdout).toMatch(/0\.6000–0\.7000 +0 +– +– +–/);
    expect(result.stdout).toContain('Temperature scaling: T = 7.814833 takes the mean cross-entropy from 0.728962 to 0.158396 nats (over-confident: T > 1 softens it)');
  });

  it('refuses what it cannot do, in words', async () => {
    const iris = join(REALISTIC, 'iris-two-models.csv');
    const two = await run(
      'calibration',
      iris,
      '--label',
      'species',
      '--prob',
      'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica',
      '--logit',
      'lr_logit_setosa,lr_logit_versicolor,lr_logit_virginica',
    );
    expect([two.status, two.stderr]).toEqual([2, expect.stringContaining('calibration takes one model')]);
    const bins = await run('calibration', iris, '--label', 'species', '--prob', 'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica', '--bins', '0');
    expect([bins.status, bins.stderr]).toEqual([2, expect.stringContaining("--bins takes a whole number from 1 to 10000, got '0'")]);
    const strategy = await run('calibration', iris, '--label', 'species', '--prob', 'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica', '--strategy', 'kmeans');
    expect([strategy.status, strategy.stderr]).toEqual([2, expect.stringContaining("--strategy is uniform or quantile, got 'kmeans'")]);
  });
});

describe('core calibration', () => {
  it('puts a confidence on an inner edge in the bin below it, as searchsorted(edges[1:-1], c)', () => {
    const curve = calibrationCurve([0.1, 0.5, 0.5000001, 0.9], [0, 1, 0, 1], 2, 'uniform');
    expect(curve.bins.map((b) => b.count)).toEqual([2, 2]);
    expect(curve.ece).toBeCloseTo(0.5 * Math.abs(0.5 - 0.3) + 0.5 * Math.abs(0.5 - 0.70000005), 15);
  });

  it('temperature: T = 1 for scores already at the optimum; no finite T for scores that rank worse than chance', () => {
    // Two classes, scores (0, s): at T* the mean slope E_p[z] − z_y is 0.
    const z = Float64Array.of(0, 2, 0, -1, 0, 1, 0, 0.5);
    const y = Int32Array.of(1, 0, 0, 1); // the third row is wrong: a finite optimum
    const fitted = temperatureScaling(z, 4, 2, y);
    const again = temperatureScaling(
      Float64Array.from(z, (v) => v / fitted.t),
      4,
      2,
      y,
    );
    expectClose(again.t, 1, 1e-10);
    const wrong = temperatureScaling(Float64Array.of(0, 3, 0, -3), 2, 2, Int32Array.of(0, 1));
    expect(wrong.t).toBe(Infinity);
    expectClose(wrong.after, Math.LN2, 1e-15);
    const separated = temperatureScaling(Float64Array.of(0, 2, 0, -1), 2, 2, Int32Array.of(1, 0));
    expect([separated.t, separated.after]).toEqual([0, 0]);
  });
});
