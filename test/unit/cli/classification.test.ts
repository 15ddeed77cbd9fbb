// cross-entropy against a label gives scikit-learn's classification metrics of each model: the
// confusion matrix, the per-class report (precision_recall_fscore_support, zero_division=0) with
// each class's mean log loss, top_k_accuracy_score with --top-k, and with --json roc_auc_score and
// average_precision_score. References: scripts/reference/classificationExports.py on the realistic
// exports (cross_val_predict outputs as pandas / json.dumps wrote them). A streamed file gives the
// same confusion, per-class and top-k (they come from the one accumulator), and says why it has no
// ROC AUC.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamedAndInMemory } from './harness';
import { expectClose } from '../core/referenceFixtures';

const REALISTIC = join(__dirname, '../../fixtures/realistic');

interface PerClass {
  class: string | number;
  support: number;
  meanLoss: number;
  precision: number;
  recall: number;
  f1: number;
}
interface ModelMetrics {
  prob?: string[];
  logit?: string[];
  rocAuc: number | null;
  averagePrecision: number | null;
  confusion: number[][];
  perClass: PerClass[];
  topKAccuracy?: Record<string, number>;
}
interface Expected {
  label: string;
  posLabel?: string;
  classes: string[];
  models: ModelMetrics[];
}

const expected = JSON.parse(readFileSync(join(REALISTIC, 'classification.json'), 'utf8')) as Record<string, Expected>;

const { streamed, inMemory } = streamedAndInMemory();

function argvOf(file: string, spec: Expected): string[] {
  const argv = ['cross-entropy', join(REALISTIC, file), '--label', spec.label, ...(spec.posLabel ? ['--pos-label', spec.posLabel] : [])];
  for (const model of spec.models) argv.push(model.prob ? '--prob' : '--logit', (model.prob ?? model.logit)!.join(','));
  const ks = [...new Set(spec.models.flatMap((model) => Object.keys(model.topKAccuracy ?? {})))];
  return ks.length > 0 ? [...argv, '--top-k', ks.join(',')] : argv;
}

function expectMetrics(actual: ModelMetrics, reference: ModelMetrics, ranking: boolean): void {
  expect(actual.confusion).toEqual(reference.confusion);
  expect(actual.perClass.map((c) => [c.class, c.support])).toEqual(reference.perClass.map((c) => [c.class, c.support]));
  actual.perClass.forEach((c, k) => {
    const r = reference.perClass[k]!;
    expectClose(c.precision, r.precision, 1e-15);
    expectClose(c.recall, r.recall, 1e-15);
    expectClose(c.f1, r.f1, 1e-15);
    expectClose(c.meanLoss, r.meanLoss, 1e-13);
  });
  for (const [k, v] of Object.entries(reference.topKAccuracy ?? {})) expectClose(actual.topKAccuracy![k]!, v, 1e-15);
  if (ranking) {
    expectClose(actual.rocAuc!, reference.rocAuc!, 1e-13);
    expectClose(actual.averagePrecision!, reference.averagePrecision!, 1e-13);
  } else {
    expect([actual.rocAuc, actual.averagePrecision]).toEqual([null, null]);
  }
}

describe('cross-entropy classification metrics on real exports (scikit-learn)', () => {
  it.each(Object.keys(expected).filter((file) => expected[file]!.models !== undefined))('%s: confusion, per class, top-k and ranking as scikit-learn', async (file) => {
    const spec = expected[file]!;
    const result = await inMemory(...argvOf(file, spec), '--json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { models: ModelMetrics[] };
    spec.models.forEach((reference, m) => expectMetrics(json.models[m]!, reference, true));
  });

  it('prints the per-class table and the top-k line, and ROC AUC only with --json', async () => {
    const spec = expected['digits-names-classes.jsonl']!;
    const text = await inMemory(...argvOf('digits-names-classes.jsonl', spec));
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Per class (probs; precision, recall and F1 of the argmax, 0 where undefined):');
    const zero = text.stdout.split('\n').find((line) => line.startsWith('zero '))!;
    expect(zero.split(/\s+/).slice(0, 2)).toEqual(['zero', String(spec.models[0]!.perClass[0]!.support)]);
    expect(text.stdout).toMatch(/probs: top-k accuracy k=2 0\.9705, k=3 0\.9866/);
    expect(text.stdout).not.toContain('ROC AUC');
  });

  it('analyze --json gives the same ROC AUC, average precision, confusion and per-class report for the detected models', async () => {
    const result = await inMemory('analyze', join(REALISTIC, 'iris-two-models.csv'), '--json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { models: ModelMetrics[] };
    expected['iris-two-models.csv']!.models.forEach(({ topKAccuracy: _asked, ...reference }, m) => expectMetrics(json.models[m]!, reference, true));
  });

  it('--top-k refuses what is not a whole number of 1 or more', async () => {
    const result = await inMemory('cross-entropy', join(REALISTIC, 'iris-two-models.csv'), '--label', 'species', '--prob', 'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica', '--top-k', '0');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--top-k takes whole numbers of 1 or more, got '0'");
  });

  it.each(['iris-two-models.csv', 'digits-names-classes.jsonl', 'breast-cancer-proba.csv'])(
    '%s streamed: the same confusion, per class and top-k; no ROC AUC, and a warning saying why',
    async (file) => {
      const spec = expected[file]!;
      const result = await streamed(...argvOf(file, spec), '--json');
      expect(result.status).toBe(0);
      const json = JSON.parse(result.stdout) as { models: ModelMetrics[]; warnings: { code: string; message: string }[] };
      spec.models.forEach((reference, m) => expectMetrics(json.models[m]!, reference, false));
      expect(json.warnings.map((w) => w.code)).toContain('rankingNotStreamed');
    },
    60_000,
  );
});
