// Copy Analysis as SQL…'s request from an analysis of the realistic exports: the query is the one
// `entropy-lens sql` prints for the same columns, classes and settings, and what the query does
// not do as the analysis did is said (a guessed class order, several models, rounded rows).
import { describe, expect, it } from 'vitest';
import { sqlQuery } from '../../../src/core/sqlQuery';
import { sqlRequestFor } from '../../../src/host/sqlRequest';
import { run } from '../cli/harness';
import { analyzeSample } from './helpers';
import { analyzeFixture } from './realistic';

/** The query `entropy-lens sql` prints for the flags, without its final newline. */
async function cliQuery(...argv: string[]): Promise<string> {
  const result = await run('sql', ...argv);
  expect(result.stderr).toBe('');
  return result.stdout.replace(/\n$/, '');
}

function requestOf(outcome: ReturnType<typeof sqlRequestFor>): Extract<ReturnType<typeof sqlRequestFor>, { ok: true }> {
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome;
}

describe('Copy Analysis as SQL… writes the query entropy-lens sql prints', () => {
  it('for the first of two models on iris, class order by column names, in bits', async () => {
    const outcome = requestOf(sqlRequestFor(analyzeFixture('iris-two-models.csv', undefined, 'analyze', 'bits'), 'postgres', 'ml.iris'));
    const cli = await cliQuery(
      '--dialect',
      'postgres',
      '--table',
      'ml.iris',
      '--label',
      'species',
      '--prob',
      'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica',
      '--classes',
      'setosa,versicolor,virginica',
      '--base',
      '2',
    );
    expect(sqlQuery(outcome.request)).toBe(cli);
    expect(outcome.notes).toEqual(['it scores nb, the first of 2 models']);
  });

  it('for a one-column P(1) against 0/1 labels (fraud scores)', async () => {
    const outcome = requestOf(sqlRequestFor(analyzeFixture('fraud.csv'), 'bigquery', 'project.dataset.fraud'));
    expect(sqlQuery(outcome.request)).toBe(await cliQuery('--dialect', 'bigquery', '--table', 'project.dataset.fraud', '--label', 'is_fraud', '--prob', 'score', '--pos-label', '1'));
    expect(outcome.notes).toEqual([]);
  });

  it('for logits, and says when the class order is a guess from the data', async () => {
    const logits = requestOf(
      sqlRequestFor(
        analyzeFixture('iris-two-models.csv', { label: 'species', models: [{ name: 'lr', kind: 'logits', columns: ['lr_logit_setosa', 'lr_logit_versicolor', 'lr_logit_virginica'] }] }),
        'spark',
        'iris',
      ),
    );
    expect(sqlQuery(logits.request)).toBe(
      await cliQuery('--dialect', 'spark', '--table', 'iris', '--label', 'species', '--logit', 'lr_logit_setosa,lr_logit_versicolor,lr_logit_virginica', '--classes', 'setosa,versicolor,virginica'),
    );
    const guessed = requestOf(sqlRequestFor(analyzeFixture('breast-cancer-proba.csv'), 'duckdb', 'breast'));
    expect(guessed.request).toMatchObject({ columns: ['proba'], positiveLabel: 'benign' });
    expect(guessed.notes[0]).toContain('the class order malignant, benign is a guess from the data');
  });

  it('says that rows within their rounding need --sum-tolerance', () => {
    const outcome = requestOf(sqlRequestFor(analyzeFixture('sentiment-6dp.csv'), 'duckdb', 'sentiment'));
    expect(outcome.notes).toEqual(['6311 rows sum to 1 only within the rounding of their decimals: the query counts them as rejected unless given their tolerance (entropy-lens sql --sum-tolerance)']);
  });

  it('says that a label outside the classes makes the query give no metrics', () => {
    const outcome = requestOf(sqlRequestFor(analyzeFixture('sentiment-typo.csv'), 'duckdb', 'typo'));
    expect(outcome.notes).toEqual(['the rows with problems in the analysis are counted as rejected by the query, which then gives no metrics']);
  });

  it('refuses target columns: the query scores against a label column', () => {
    const outcome = sqlRequestFor(analyzeSample('three-class-models.csv'), 'duckdb', 'models');
    expect(outcome).toEqual({ ok: false, message: 'the analysis scores m1 against target columns; the query scores a model against a label column.' });
  });

  it('refuses an array field, which a SQL table does not have', () => {
    const outcome = sqlRequestFor(analyzeFixture('digits-names-classes.jsonl'), 'duckdb', 'digits');
    expect(outcome).toEqual({ ok: false, message: '"probs" holds an array of 10 numbers a row; a table queried in SQL needs one column per class.' });
  });
});
