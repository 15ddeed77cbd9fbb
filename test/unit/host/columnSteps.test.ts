// Choose Columns… as data: every step opens on the current mapping (so Enter at every step gives
// it back), never offers a column in a role it cannot have, and the class-order step says what the
// order rests on; the status bar marks a mean that rests on a guessed class order.
import { describe, expect, it } from 'vitest';
import type { ColumnChoice, ModelColumns } from '../../../src/protocol/analysis';
import {
  assembleChoice,
  choiceErrors,
  classStep,
  featureStep,
  groupPredictions,
  initialAnswers,
  kindStep,
  labelStep,
  modelKey,
  modelOrder,
  MULTI_PLACEHOLDER_CHARS,
  PLACEHOLDER_CHARS,
  predictionStep,
  targetStep,
  validateClasses,
  weighsSomething,
  weightStep,
} from '../../../src/host/columnSteps';
import type { PickerBase, PickStep } from '../../../src/host/columnSteps';
import { classOrderFixes } from '../../../src/host/fixChoices';
import { meanRestsOnGuess, statusText } from '../../../src/host/statusText';
import { analyzeSample } from './helpers';
import { analyzeFixture, EXPECTED } from './realistic';

/** Markdown text as shown (backslash escapes removed). */
const unescape = (markdown: string): string => markdown.replace(/\\(.)/g, '$1');

const focused = <T>(step: PickStep<T>): T[] => step.chosen.map((k) => step.items[k]!.value);

/** What pressing Enter at every step answers (the picker's loop, without the quick picks). */
function enterEverywhere(base: PickerBase): ColumnChoice {
  const answers = initialAnswers(base);
  const label = focused(labelStep(base, answers))[0]!;
  answers.label = label.kind === 'column' ? label.name : undefined;
  answers.predictions = focused(predictionStep(base, answers));
  answers.models = groupPredictions(answers.predictions, base, answers.models);
  answers.models = answers.models.map((model, k) => ({ ...model, kind: focused(kindStep(base, model, k, answers.models.length))[0]! }));
  const orderOf = (model: ModelColumns) => modelOrder(base.result, answers.label, model);
  for (const model of answers.models) {
    const order = orderOf(model);
    if (!order || (order.info === null && order.refusal === null)) continue;
    const value = focused(classStep(base, model, order, undefined))[0]!;
    if (value.kind === 'order') answers.classes.set(modelKey(model), value.classes);
  }
  answers.targets = focused(targetStep(base, answers));
  answers.features = focused(featureStep(base, answers));
  if (answers.features.length > 0) {
    const weight = focused(weightStep(base, answers))[0]!;
    answers.sampleWeight = weight.kind === 'column' ? weight.name : undefined;
  }
  return assembleChoice(base, answers, orderOf);
}

const FILES = ['digits-names.jsonl', 'digits-names-classes.jsonl', 'fraud.csv', 'sentiment-typo.csv', 'hf-sentiment.jsonl', 'breast-cancer-proba.csv', 'iris-two-models.csv'];

describe('Choose Columns…: Enter at every step', () => {
  for (const file of FILES) {
    it(`gives back the detected mapping of ${file} (a guessed order is confirmed, not changed)`, () => {
      const result = analyzeFixture(file);
      const choice = enterEverywhere({ result, remembered: false });
      const expected: ColumnChoice = {
        ...result.columns,
        models: (result.columns.models ?? []).map((model, k) => {
          const info = result.models[k]?.classOrder;
          return info?.uncertain ? { ...model, classes: info.classes } : model;
        }),
      };
      expect(choice).toEqual(expected);
      // And the choice analyses to the same numbers, with the order now known.
      const again = analyzeFixture(file, choice);
      expect(again.models.map((m) => m.meanLossNats)).toEqual(result.models.map((m) => m.meanLossNats));
      expect(again.models.map((m) => m.classOrder?.classes)).toEqual(result.models.map((m) => m.classOrder?.classes));
      expect(again.models.some((m) => m.classOrder?.uncertain)).toBe(false);
      expect(EXPECTED[file]!.classes).toEqual(again.models[0]?.classOrder?.classes);
    });
  }

  it('gives back a remembered choice as it is, explicit classes included', () => {
    const detected = analyzeFixture('breast-cancer-proba.csv');
    const remembered: ColumnChoice = { ...detected.columns, models: [{ name: 'proba', kind: 'probabilities', columns: ['proba'], classes: ['malignant', 'benign'] }] };
    const result = analyzeFixture('breast-cancer-proba.csv', remembered);
    expect(result.models[0]?.classOrder?.rule).toBe('explicit');
    expect(enterEverywhere({ result, remembered: true })).toEqual(remembered);
  });
});

describe('Choose Columns… steps', () => {
  it('focuses the detected label, with "No label column" neither first nor focused', () => {
    const result = analyzeFixture('fraud.csv');
    const step = labelStep({ result, remembered: false }, initialAnswers({ result, remembered: false }));
    expect(step.items[0]?.label).toBe('is_fraud');
    expect(step.items[0]?.description).toContain('detected label');
    expect(step.chosen).toEqual([0]);
    expect(step.placeholder).toBe('Detected: "is_fraud" — a 0/1 flag named "is_fraud". Enter keeps it.');
    const none = step.items.findIndex((item) => item.value.kind === 'none');
    expect(none).toBeGreaterThan(0);
    expect(step.items.some((item) => item.value.kind === 'reset')).toBe(false);
    expect(step.title).toBe('Entropy Lens: Choose Columns: label column');
    expect(step.step).toBe(1);
  });

  it('focuses "No label column" first when none was detected, and offers a reset when a choice is remembered', () => {
    const result = analyzeSample('three-class-models.csv');
    const base = { result, remembered: true };
    const step = labelStep(base, initialAnswers(base));
    expect(step.items[0]?.value.kind).toBe('none');
    expect(step.chosen).toEqual([0]);
    expect(step.items[step.items.length - 1]?.value.kind).toBe('reset');
  });

  it('never offers the label as a prediction, and checks the detected models', () => {
    const result = analyzeFixture('iris-two-models.csv');
    const base = { result, remembered: false };
    const step = predictionStep(base, initialAnswers(base));
    expect(step.many).toBe(true);
    expect(step.items.map((i) => i.value)).not.toContain('species');
    expect(focused(step)).toEqual(['nb_proba_setosa', 'nb_proba_versicolor', 'nb_proba_virginica', 'lr_logit_setosa', 'lr_logit_versicolor', 'lr_logit_virginica']);
    expect(step.placeholder).toContain('Detected: nb (probabilities), lr (logits)');
  });

  it('asks the kind of each group separately, the detected kind focused', () => {
    const result = analyzeFixture('iris-two-models.csv');
    const base = { result, remembered: false };
    const models = initialAnswers(base).models;
    expect(models.map((m) => focused(kindStep(base, m, 0, 2))[0])).toEqual(['probabilities', 'logits']);
    expect(kindStep(base, models[1]!, 1, 2).title).toContain('what lr (lr_logit_setosa, lr_logit_versicolor, lr_logit_virginica) holds (model 2 of 2)');
  });

  it('groups newly chosen columns by prefix and keeps the detected models as they are', () => {
    const result = analyzeFixture('iris-two-models.csv');
    const base = { result, remembered: false };
    const models = groupPredictions(['sepal_length', 'sepal_width', 'nb_proba_setosa', 'nb_proba_versicolor', 'nb_proba_virginica'], base, []);
    expect(models.map((m) => [m.name, m.kind, m.columns])).toEqual([
      ['sepal', 'probabilities', ['sepal_length', 'sepal_width']],
      ['nb', 'probabilities', ['nb_proba_setosa', 'nb_proba_versicolor', 'nb_proba_virginica']],
    ]);
  });

  it("never offers the label, a model's columns, the id or targets as features, and checks only the detected ones", () => {
    const result = analyzeFixture('fraud.csv');
    const base = { result, remembered: false };
    const answers = initialAnswers(base);
    const step = featureStep(base, answers);
    expect(step.items.map((i) => i.value)).toEqual(['amount', 'hour', 'n_prev_txn']);
    expect(focused(step)).toEqual(['amount', 'hour', 'n_prev_txn']);
    const targets = targetStep(base, answers);
    expect(targets.items.map((i) => i.value)).toEqual(['amount', 'hour', 'n_prev_txn']);
    expect(focused(targets)).toEqual([]);
    answers.targets = ['hour'];
    expect(featureStep(base, answers).items.map((i) => i.value)).toEqual(['amount', 'n_prev_txn']);
  });

  it('every step\'s placeholder fits the quick pick\'s input (long column lists end in "… (n in all)")', () => {
    const fraud = analyzeFixture('fraud.csv');
    // Four long feature names, chosen by the user: more than the input shows.
    const wide = analyzeFixture('../fits/breast-cancer-weighted.csv', { label: 'diagnosis', features: ['mean radius', 'mean texture', 'mean smoothness', 'mean symmetry'] });
    const placeholders: string[] = [];
    const multi: string[] = [];
    for (const result of [fraud, wide, ...FILES.map((file) => analyzeFixture(file))]) {
      const base = { result, remembered: false };
      const answers = initialAnswers(base);
      placeholders.push(labelStep(base, answers).placeholder, weightStep(base, { ...answers, features: ['x'] }).placeholder);
      // Multi-select steps: a narrower input.
      multi.push(predictionStep(base, answers).placeholder, targetStep(base, answers).placeholder, featureStep(base, answers).placeholder);
    }
    for (const text of placeholders) expect([...text].length, text).toBeLessThanOrEqual(PLACEHOLDER_CHARS);
    for (const text of multi) expect([...text].length, text).toBeLessThanOrEqual(MULTI_PLACEHOLDER_CHARS);
    placeholders.push(...multi);
    expect(placeholders.some((text) => / \(\d+ in all\)\. Enter keeps it\.$/.test(text))).toBe(true);
  });

  it('offers a sample-weight column for the fits and the losses: "No weights" focused, never a feature, and the chosen one kept', () => {
    const result = analyzeFixture('fraud.csv');
    const base = { result, remembered: false };
    const answers = initialAnswers(base);
    answers.features = ['amount', 'hour'];
    const step = weightStep(base, answers);
    expect(step.step).toBe(7);
    expect(step.items.map((i) => i.value)).toEqual([{ kind: 'none' }, { kind: 'column', name: 'n_prev_txn' }]);
    expect(focused(step)).toEqual([{ kind: 'none' }]);
    answers.sampleWeight = 'n_prev_txn';
    expect(focused(weightStep(base, answers))).toEqual([{ kind: 'column', name: 'n_prev_txn' }]);
    const orderOf = (model: ModelColumns) => modelOrder(base.result, answers.label, model);
    expect(assembleChoice(base, answers, orderOf).sampleWeight).toBe('n_prev_txn');
    // Without features the predictions' losses against the label are weighted; with neither
    // there is nothing to weight. A weight that became a feature is dropped.
    expect(weighsSomething({ ...answers, features: [] })).toBe(true);
    expect(assembleChoice(base, { ...answers, features: [] }, orderOf).sampleWeight).toBe('n_prev_txn');
    expect(weighsSomething({ ...answers, features: [], models: [] })).toBe(false);
    expect(assembleChoice(base, { ...answers, features: [], models: [] }, orderOf).sampleWeight).toBeUndefined();
    expect(assembleChoice(base, { ...answers, features: ['n_prev_txn'] }, orderOf).sampleWeight).toBeUndefined();
  });

  it('offers the order as scored (its rule and evidence in words), sorted order and typing for a guessed 10-class order', () => {
    const result = analyzeFixture('digits-names.jsonl');
    const base = { result, remembered: false };
    const model = initialAnswers(base).models[0]!;
    const step = classStep(base, model, modelOrder(result, 'label', model)!, undefined);
    expect(step.items.map((i) => i.label)).toEqual(['zero, one, two, three, … (10)', 'eight, five, four, nine, … (10)', '$(edit) Type the classes…']);
    expect(step.items[0]?.description).toBe('$(check) as scored, guessed from the data · mean 0.295896 nats');
    expect(step.items[1]?.description).toBe('sorted label order · mean 5.24581 nats');
    expect(step.chosen).toEqual([0]);
    // The comparison first, short enough to be read whole (the items say the rest).
    expect(step.placeholder).toBe('Guessed: mean 0.295896 nats as scored, 5.24581 nats in sorted order. Enter confirms.');
    expect(step.step).toBe(4);
  });

  it('asks which class a one-column model is the probability of, the class it fits focused', () => {
    const result = analyzeFixture('breast-cancer-proba.csv');
    const base = { result, remembered: false };
    const model = initialAnswers(base).models[0]!;
    const step = classStep(base, model, modelOrder(result, 'diagnosis', model)!, undefined);
    expect(step.items.map((i) => [i.label, i.description])).toEqual([
      ['P(benign)', '$(check) as scored, guessed from the data · mean 0.728962 nats'],
      ['P(malignant)', 'the greater label · mean 28.3519 nats'],
    ]);
    expect(step.chosen).toEqual([0]);
    expect(step.placeholder).toBe('Guessed: 0.728962 nats as P(benign), 28.3519 nats as P(malignant). Enter confirms.');
  });

  it("keeps every class step's placeholder within what the input shows, the comparison first", () => {
    // A wine export scored as zinfandel, barolo, chianti (no names in the columns): the order is guessed.
    const wine = analyzeSample(
      'wine.csv',
      'analyze',
      'nats',
      [
        'id,label,prob_0,prob_1,prob_2',
        ...Array.from({ length: 30 }, (_, i) => {
          const k = i % 3;
          const p = [0.1, 0.1, 0.1];
          p[k] = 0.8;
          return `${1000 + i},${['zinfandel', 'barolo', 'chianti'][k]},${p.join(',')}`;
        }),
      ].join('\n'),
    );
    const placeholders: string[] = [];
    for (const result of [wine, ...Object.keys(EXPECTED).map((file) => analyzeFixture(file))]) {
      const base = { result, remembered: false };
      for (const model of initialAnswers(base).models) {
        const order = modelOrder(result, result.columns.label, model);
        if (order?.info) placeholders.push(classStep(base, model, order, undefined).placeholder);
      }
    }
    expect(placeholders[0]).toMatch(/^Guessed: mean [0-9.]+ nats as scored, [0-9.]+ nats in sorted order\. Enter confirms\.$/);
    expect(placeholders.length).toBeGreaterThan(5);
    for (const text of placeholders) expect([...text].length, text).toBeLessThanOrEqual(PLACEHOLDER_CHARS);
  });

  it('checks typed classes for count, repeats and labels', () => {
    const labels = ['cat', 'dog', 'horse'];
    expect(validateClasses('cat, dog', 3, labels)).toBe('3 classes needed (one per column), 2 given');
    expect(validateClasses('cat, dog, dog', 3, labels)).toBe('"dog" is named twice');
    expect(validateClasses('cat, dog, cow', 3, labels)).toBe('"cow" is not a label of this file (labels: cat, dog, horse)');
    expect(validateClasses(' horse,cat , dog', 3, labels)).toBeNull();
    // A class with no rows: allowed once every label is named.
    expect(validateClasses('cat, dog, horse, cow', 4, labels)).toBeNull();
  });

  it('makes a changed order explicit and leaves a known order to the rules', () => {
    const result = analyzeFixture('sentiment-typo.csv');
    const base = { result, remembered: false };
    const answers = initialAnswers(base);
    const model = answers.models[0]!;
    const orderOf = (m: ModelColumns) => modelOrder(result, answers.label, m);
    answers.classes.set(modelKey(model), ['negative', 'neutral', 'positive']);
    expect(assembleChoice(base, answers, orderOf).models?.[0]?.classes).toBeUndefined();
    answers.classes.set(modelKey(model), ['positive', 'neutral', 'negative']);
    expect(assembleChoice(base, answers, orderOf).models?.[0]?.classes).toEqual(['positive', 'neutral', 'negative']);
  });

  it('keeps a choice from being remembered only for file-level errors the choice causes', () => {
    const before = analyzeFixture('fraud.csv');
    const wrong = analyzeFixture('fraud.csv', { label: 'hour', models: [{ name: 'score', kind: 'probabilities', columns: ['score'] }] });
    expect(choiceErrors(wrong, before).map((p) => p.code)).toEqual(['class-order-unknown']);
    const missing = analyzeFixture('fraud.csv', { label: 'is_fraud', models: [{ name: 'x', kind: 'probabilities', columns: ['nope'] }] });
    expect(choiceErrors(missing, before).map((p) => p.code)).toContain('unknown-column');
    expect(choiceErrors(analyzeFixture('fraud.csv', before.columns), before)).toEqual([]);
    // Warnings (a guessed order) never keep a choice from being remembered.
    const digits = analyzeFixture('digits-names.jsonl');
    expect(choiceErrors(digits, undefined)).toEqual([]);
  });
});

describe('status bar and class orders', () => {
  it('marks a mean that rests on a guessed class order, with the fixes in the tooltip', () => {
    const result = analyzeFixture('digits-names.jsonl');
    expect(meanRestsOnGuess(result)).toBe(true);
    const view = statusText(result, { stale: false, running: false, selection: null, cursor: null });
    expect(view.text).toBe('$(warning) 0.295896 nats · n=1797 · class order guessed');
    const shown = unescape(view.tooltip);
    expect(shown).toContain(
      '$(warning) Class order of probs: zero, one, two, three, four, … (10), guessed from the data (the order that fits best); sorted label order (eight, five, four, … (10)) would give 5.24581 nats instead of 0.295896 nats over 1,797 rows. The mean rests on it.',
    );
    expect(shown).toContain('[Use class order zero, one, two, three, four, … (10) (as scored)](command:entropyLens.applyAnalysisFix?');
    expect(view.tooltip).toContain('(command:entropyLens.applyAnalysisFix?');
    expect(view.tooltip).toContain('(command:entropyLens.chooseColumns?');
    expect(classOrderFixes(result.problems, 'probs').map((f) => f.title)).toEqual([
      'Use class order zero, one, two, three, four, … (10) (as scored)',
      'Use class order eight, five, four, nine, one, … (10)',
    ]);
  });

  it('says "positive class guessed" for a one-column model, and nothing when the order is known', () => {
    const breast = statusText(analyzeFixture('breast-cancer-proba.csv'), { stale: false, running: false, selection: null, cursor: null });
    expect(breast.text).toBe('$(warning) 0.728962 nats · n=569 · positive class guessed');
    expect(unescape(breast.tooltip)).toContain(
      'Positive class of proba: P(benign), guessed from the data (the class it fits best); as P(malignant) the mean would be 28.3519 nats instead of 0.728962 nats over 569 rows.',
    );
    const fraud = statusText(analyzeFixture('fraud.csv'), { stale: false, running: false, selection: null, cursor: null });
    expect(fraud.text).toBe('$(pulse) 0.170402 nats · n=3000');
    expect(fraud.tooltip).not.toContain('guessed');
  });

  it('keeps the spinner while analysing, and drops the mark once the order is chosen', () => {
    const result = analyzeFixture('digits-names.jsonl');
    expect(statusText(result, { stale: false, running: true, selection: null, cursor: null }).text).toBe('$(loading~spin) 0.295896 nats · n=1797 · class order guessed');
    const chosen = analyzeFixture('digits-names.jsonl', {
      ...result.columns,
      models: [{ name: 'probs', kind: 'probabilities', columns: ['probs'], classes: EXPECTED['digits-names.jsonl']!.classes }],
    });
    expect(statusText(chosen, { stale: false, running: false, selection: null, cursor: null }).text).toBe('$(pulse) 0.295896 nats · n=1797');
  });
});
