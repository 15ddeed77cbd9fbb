// cross-entropy --fail-above METRIC=VALUE: exit 3 with one line per exceeded threshold (any model),
// 0 when every model is within; the gates and their values in --json; in memory and streamed.
// --ci: bootstrap intervals per model and the paired comparison, deterministic for a seed.
import { join } from 'node:path';
import { streamedAndInMemory } from './harness';
import { describe, expect, it } from 'vitest';

const REALISTIC = join(__dirname, '../../fixtures/realistic');
const IRIS = join(REALISTIC, 'iris-two-models.csv');
const MODELS = ['--prob', 'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica', '--logit', 'lr_logit_setosa,lr_logit_versicolor,lr_logit_virginica'];
const { streamed, inMemory } = streamedAndInMemory();

describe('cross-entropy --fail-above', () => {
  // iris: naive Bayes mean 0.135439 nats, error 7/150; logistic logits 0.150315 nats, error 6/150.
  it('passes (exit 0) when every model is within every threshold, and lists the gates in --json', async () => {
    const result = await inMemory('cross-entropy', IRIS, '--label', 'species', ...MODELS, '--fail-above', 'mean=0.2', '--fail-above', 'errorRate=0.05', '--json');
    expect(result.status).toBe(0);
    const gates = (JSON.parse(result.stdout) as { gates: { metric: string; model: string; value: number; failed: boolean }[] }).gates;
    expect(gates.map((g) => [g.metric, g.failed])).toEqual([
      ['mean', false],
      ['mean', false],
      ['errorRate', false],
      ['errorRate', false],
    ]);
    expect(gates[2]!.value).toBe(7 / 150);
  });

  it('exits 3 with one line per exceeded threshold, naming the model, the value and the gate', async () => {
    const result = await inMemory('cross-entropy', IRIS, '--label', 'species', ...MODELS, '--fail-above', 'mean=0.14', '--fail-above', 'errorRate=0.045', '--fail-above', 'ece=1');
    expect(result.status).toBe(3);
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((line) => line.includes('--fail-above'));
    expect(lines).toEqual([
      expect.stringMatching(/iris-two-models\.csv:1:1: logits lr_logit_setosa,lr_logit_versicolor,lr_logit_virginica: mean 0\.1503\d+ is above --fail-above mean=0\.14$/),
      expect.stringMatching(/: nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica: errorRate 0\.0466\d+ is above --fail-above errorRate=0\.045$/),
    ]);
    // The report is printed as always.
    expect(result.stdout).toContain('Cross-entropy (log loss) in nats over 150 rows');
  });

  it('gates the mean in the --base unit', async () => {
    const bits = await inMemory('cross-entropy', IRIS, '--label', 'species', ...MODELS, '--base', '2', '--fail-above', 'mean=0.2');
    expect(bits.status).toBe(3); // 0.150315 nats = 0.2169 bits
  });

  it('works on a streamed file for mean, brier and errorRate, and says why ece needs the rows', async () => {
    const ok = await streamed('cross-entropy', IRIS, '--label', 'species', ...MODELS, '--fail-above', 'brier=0.07');
    expect(ok.status).toBe(3);
    expect(ok.stderr).toMatch(/nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica: brier 0\.0791\d+ is above --fail-above brier=0\.07/);
    const ece = await streamed('cross-entropy', IRIS, '--label', 'species', ...MODELS, '--fail-above', 'ece=0.1');
    expect([ece.status, ece.stderr]).toEqual([2, expect.stringContaining('--fail-above ece needs every row in memory')]);
  });

  it('refuses an unknown metric or a missing number in words', async () => {
    const metric = await inMemory('cross-entropy', IRIS, '--label', 'species', ...MODELS, '--fail-above', 'auc=0.9');
    expect([metric.status, metric.stderr]).toEqual([2, expect.stringContaining("--fail-above takes METRIC=VALUE with METRIC one of mean, brier, errorRate, ece, got 'auc=0.9'")]);
    const value = await inMemory('cross-entropy', IRIS, '--label', 'species', ...MODELS, '--fail-above', 'mean=');
    expect([value.status, value.stderr]).toEqual([2, expect.stringContaining('--fail-above mean= needs a number')]);
  });
});

describe('cross-entropy --ci', () => {
  it('gives each model its intervals and the paired comparison, the same for the same seed, and refuses a streamed file', async () => {
    const argv = ['cross-entropy', IRIS, '--label', 'species', ...MODELS, '--ci', '95', '--bootstrap', '300', '--seed', '5', '--json'];
    const [a, b] = [await inMemory(...argv), await inMemory(...argv)];
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout) as { models: { mean: number; ci: { level: number; mean: [number, number] } }[]; comparisons: { a: string; b: string; meanDiff: number; ci: [number, number] }[] };
    for (const model of json.models) {
      expect(model.ci.level).toBe(0.95);
      expect(model.ci.mean[0]).toBeLessThan(model.mean);
      expect(model.ci.mean[1]).toBeGreaterThan(model.mean);
    }
    expect(json.comparisons).toHaveLength(1);
    expect(json.comparisons[0]!.meanDiff).toBeCloseTo(json.models[1]!.mean - json.models[0]!.mean, 14);
    const text = await inMemory(...argv.slice(0, -1));
    expect(text.stdout).toContain('95 % percentile bootstrap intervals (300 resamples of the rows, seed 5):');
    expect(text.stdout).toMatch(/no clear difference|is better than/);
    const big = await streamed(...argv);
    expect([big.status, big.stderr]).toEqual([2, expect.stringContaining('--ci resamples every row')]);
  });
});
