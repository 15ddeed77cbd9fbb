// entropy-lens label-issues: confident learning as cleanlab's find_label_issues(filter_by=
// 'confident_learning') computes it (written out in numpy by scripts/reference/classificationExports.py,
// cleanlab not being packaged for Debian), on real cross_val_predict exports; and a hand-checked case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confidentLearningIssues, matrixFromRows, probabilityMatrix } from '../../../src/core';
import { expectClose } from '../core/referenceFixtures';
import { csvWriter, run } from './harness';

const REALISTIC = join(__dirname, '../../fixtures/realistic');
const csv = csvWriter('label-issues');

interface Reference {
  thresholds: number[];
  issues: { row: number; given: number; suggested: number; selfConfidence: number }[];
}
const expected = JSON.parse(readFileSync(join(REALISTIC, 'classification.json'), 'utf8')) as Record<
  string,
  { label: string; posLabel?: string; classes: string[]; models: { prob?: string[]; labelIssues?: Reference }[] }
>;
interface Output {
  n: number;
  thresholds: Record<string, number>;
  count: number;
  issues: { row: number; line: number; given: string; suggested: string; selfConfidence: number }[];
}

describe('entropy-lens label-issues (confident learning, as cleanlab)', () => {
  it.each(Object.keys(expected).filter((file) => expected[file]!.models !== undefined))('%s: the thresholds, the rows, the suggested classes and their order are cleanlab’s', async (file) => {
    const spec = expected[file]!;
    const model = spec.models[0]!;
    const reference = model.labelIssues!;
    const result = await run('label-issues', join(REALISTIC, file), '--label', spec.label, ...(spec.posLabel ? ['--pos-label', spec.posLabel] : []), '--prob', model.prob!.join(','), '--json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as Output;
    spec.classes.forEach((name, k) => expectClose(json.thresholds[name]!, reference.thresholds[k]!, 1e-14));
    expect(json.issues.map((issue) => [issue.row, issue.given, issue.suggested])).toEqual(reference.issues.map((issue) => [issue.row, spec.classes[issue.given], spec.classes[issue.suggested]]));
    json.issues.forEach((issue, k) => expectClose(issue.selfConfidence, reference.issues[k]!.selfConfidence, 1e-15));
    // A CSV's row r is on line r + 1 (the header is line 1); a JSON Lines record on line r.
    const lineShift = file.endsWith('.csv') ? 1 : 0;
    expect(json.issues.every((issue) => issue.line === issue.row + lineShift)).toBe(true);
  });

  it('a mistyped label in an otherwise clean export is found, named by row and line, with the class it should be', async () => {
    // Ten confident rows per class, and one "cat" row the model is sure is a dog.
    const lines = ['id,label,p_cat,p_dog'];
    for (let i = 0; i < 10; i++) lines.push(`c${i},cat,0.9${i},0.0${9 - i}`, `d${i},dog,0.0${i},0.9${9 - i}`);
    lines.push('x1,cat,0.03,0.97');
    const result = await run('label-issues', csv(`${lines.join('\n')}\n`), '--label', 'label', '--prob', 'p_cat,p_dog');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Likely label errors (confident learning) in 21 rows: 1 row');
    expect(result.stdout).toMatch(/^21 +22 +cat +0\.0300 +dog +0\.9700 +0\.9450$/m);
    expect(result.stdout).toContain('should be out-of-sample');
  });

  it('refuses two models and a missing label in words', async () => {
    const iris = join(REALISTIC, 'iris-two-models.csv');
    const two = await run(
      'label-issues',
      iris,
      '--label',
      'species',
      '--prob',
      'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica',
      '--logit',
      'lr_logit_setosa,lr_logit_versicolor,lr_logit_virginica',
    );
    expect([two.status, two.stderr]).toEqual([2, expect.stringContaining('label-issues takes one model')]);
    const none = await run('label-issues', iris, '--prob', 'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica');
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining('label-issues needs --label COL')]);
  });
});

describe('core confident learning, checked by hand', () => {
  it('one confident class → that class; several → the argmax; none → no issue; classes without rows are never confident', () => {
    // Thresholds: class 0 .8, class 1 .6, class 2 NaN (no rows labelled 2).
    const p = matrixFromRows([
      [0.1, 0.9, 0], // labelled 0: only class 1 confident (.9 ≥ .6) → issue, suggest 1
      [0.85, 0.15, 0], // labelled 0: class 0 confident → fine
      [0.81, 0.19, 0], // labelled 1: class 0 confident (.81 ≥ .8) → issue, suggest 0
      [0.5, 0.5, 0], // labelled 1: nothing confident (.5 < .8, .5 < .6) → no issue
      [0.3, 0.1, 0.6], // labelled 0: class 2 would win the argmax but has no threshold → nothing confident
      [0.7999995, 0.2, 0], // labelled 1: .7999995 ≥ .8 − 1e-6 (cleanlab's slack) → issue, suggest 0
    ]);
    const { issues, count } = confidentLearningIssues(p, Int32Array.of(0, 0, 1, 1, 0, 1), [0.8, 0.6, Number.NaN]);
    expect(count).toBe(3);
    expect(issues.map((issue) => [issue.row, issue.given, issue.suggested, issue.selfConfidence])).toEqual([
      [0, 0, 1, 0.1],
      [2, 1, 0, 0.19],
      [5, 1, 0, 0.2],
    ]);
    const both = confidentLearningIssues(matrixFromRows([[0.45, 0.55]]), Int32Array.of(0), [0.4, 0.5]).issues;
    expect(both.map((issue) => issue.suggested)).toEqual([1]);
  });

  it('with a limit, lists only the least self-confident rows, and counts them all', () => {
    const p = matrixFromRows([
      [0.3, 0.7],
      [0.1, 0.9],
      [0.2, 0.8],
      [0.95, 0.05],
    ]);
    const { issues, count } = confidentLearningIssues(p, Int32Array.of(0, 0, 0, 0), [0.5, 0.6], 2);
    expect(count).toBe(3);
    expect(issues.map((issue) => issue.row)).toEqual([1, 2]);
  });

  it('reads one column as (1 − c, c) and logits through the softmax', () => {
    expect(Array.from(probabilityMatrix('probabilities', matrixFromRows([[0.8]]), false).data)).toEqual([1 - 0.8, 0.8]);
    const logits = probabilityMatrix('logits', matrixFromRows([[0, Math.log(3)]]), false);
    expect(logits.data[1]).toBeCloseTo(0.75, 15);
  });
});
