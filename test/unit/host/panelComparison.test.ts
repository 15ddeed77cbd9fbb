// Two models on one label: the second is compared with the first by a paired bootstrap of the mean
// loss, the numbers of `entropy-lens cross-entropy --ci 0.95` (same resamples, seed 0), and the
// panel says which is better or that the interval includes 0.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSnapshot } from '../../../src/host/panel/toSnapshot';
import { comparisonSentence } from '../../../src/webview/model/comparison';
import { run } from '../cli/harness';
import { analyzeFixture, REALISTIC } from './realistic';

describe('panel: model comparison with a paired bootstrap', () => {
  it('iris-two-models.csv: the logistic model against naive Bayes, as the CLI’s --ci gives it', async () => {
    const analysis = analyzeFixture('iris-two-models.csv');
    const snapshot = toSnapshot({ uri: { path: '/realistic/iris-two-models.csv' } as never, analysis }).snapshot!;
    const [first, second] = snapshot.models;
    expect(first!.comparison ?? null).toBeNull();
    const c = second!.comparison!;
    expect(c.against).toBe(first!.name);
    expect(c.resamples).toBe(1000);
    expect(c.meanDiffNats).toBeCloseTo(second!.meanLossNats - first!.meanLossNats, 14);
    const cli = await run(
      'cross-entropy',
      join(REALISTIC, 'iris-two-models.csv'),
      '--label',
      'species',
      '--prob',
      'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica',
      '--logit',
      'lr_logit_setosa,lr_logit_versicolor,lr_logit_virginica',
      '--ci',
      '0.95',
      '--json',
    );
    const comparison = (JSON.parse(cli.stdout) as { comparisons: { meanDiff: number; ci: [number, number] }[] }).comparisons[0]!;
    expect(c.ci).toEqual(comparison.ci);
    expect(comparisonSentence(second!, 'nats')).toMatch(new RegExp(`^no clear difference from ${first!.name}: 0\\.01488 nats \\(95 % CI [−-]?0\\.\\d+ – 0\\.\\d+, includes 0\\)$`));
  });

  it('says which model is better when the interval excludes 0', () => {
    const model = { name: 'm2', comparison: { against: 'm1', meanDiffNats: -0.5, ci: [-0.7, -0.3] as const, level: 0.95, resamples: 1000 } } as never;
    expect(comparisonSentence(model, 'nats')).toBe('m2 is better than m1 by 0.5000 nats (95 % CI 0.3000 – 0.7000)');
  });
});
