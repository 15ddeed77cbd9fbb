// The results panel says how each model's columns were matched to classes: the snapshot carries
// the rule, classes, evidence and the quick fixes of a guessed order, the mapping role by role, and
// the rows scored within rounding; the panel's facts and notice put them in words in its unit.
import { describe, expect, it } from 'vitest';
import { toSnapshot } from '../../../src/host/panel/toSnapshot';
import { formatCount } from '../../../src/webview/model/format';
import { classOrderEvidence, modelFacts } from '../../../src/webview/model/summary';
import { analyzeFixture, EXPECTED } from './realistic';

const snapshotOf = (file: string) => {
  const analysis = analyzeFixture(file);
  const outcome = toSnapshot({ uri: { path: `/realistic/${file}` } as never, analysis });
  if (!outcome.snapshot) throw new Error(outcome.hint);
  return outcome.snapshot;
};

describe('panel snapshot: class order and mapping', () => {
  it('carries a guessed order with its evidence and the quick fixes, the order as scored first', () => {
    const snapshot = snapshotOf('digits-names.jsonl');
    const order = snapshot.models[0]?.classOrder;
    expect(order?.rule).toBe('inferred');
    expect(order?.uncertain).toBe(true);
    expect(order?.binary).toBe(false);
    expect(order?.classes).toEqual(EXPECTED['digits-names.jsonl']!.classes);
    expect(order?.ruleText).toBe('guessed from the data (the order that fits best)');
    expect(order?.fixes.map((f) => [f.fix, f.model, f.classes[0]])).toEqual([
      ['useClassOrder', 'probs', 'zero'],
      ['useClassOrder', 'probs', 'eight'],
    ]);
    expect(classOrderEvidence(order!, 'nats')).toBe('sorted label order (eight, five, four, … (10)) would give 5.246 nats instead of 0.2959 nats over 1,797 rows');
    expect(snapshot.models[0]?.roundedRows).toBe(583);
  });

  it('names the positive class of a one-column model and offers both', () => {
    const order = snapshotOf('breast-cancer-proba.csv').models[0]?.classOrder;
    expect(order?.binary).toBe(true);
    expect(order?.classes).toEqual(['malignant', 'benign']);
    expect(order?.fixes.map((f) => f.classes[1])).toEqual(['benign', 'malignant']);
  });

  it('offers no fix for a known order, and lists the mapping role by role with how it was found', () => {
    const snapshot = snapshotOf('iris-two-models.csv');
    expect(snapshot.models.map((m) => [m.classOrder?.rule, m.classOrder?.fixes.length])).toEqual([
      ['names', 0],
      ['names', 0],
    ]);
    expect(snapshot.mapping?.origin).toBe('detected');
    expect(snapshot.mapping?.roles.map((r) => r.role)).toEqual(['Label', 'Model nb (probabilities)', 'Model lr (logits)', 'Features']);
    expect(snapshot.mapping?.roles[1]?.how).toContain('classes setosa, versicolor, virginica: by column name');
  });

  it('says "your choice" only for roles a choice set without a detected reason', () => {
    // The class-order quick fix: the detected columns, with the order as scored made explicit.
    const detected = analyzeFixture('digits-names.jsonl');
    const model = detected.columns.models![0]!;
    const fixed = analyzeFixture('digits-names.jsonl', { ...detected.columns, models: [{ ...model, classes: EXPECTED['digits-names.jsonl']!.classes }] });
    expect(fixed.mapping.origin).not.toBe('detected');
    const how = (analysis: typeof fixed) => Object.fromEntries(toSnapshot({ uri: { path: '/realistic/digits-names.jsonl' } as never, analysis }).snapshot!.mapping!.roles.map((r) => [r.role, r.how]));
    // No reasons kept: every role is the user's.
    expect(how({ ...fixed, mapping: { ...fixed.mapping, reasons: {} } })).toEqual({
      Label: 'your choice',
      Identifier: 'names each row beside its loss',
      'Model probs (probabilities)': 'your choice; classes zero, one, two, three, four, … (10): as you chose',
    });
    // The analysis keeps the detected reasons of the roles the choice left as detected: those are shown.
    const reasons = detected.mapping.reasons;
    expect(reasons.label).toBeTruthy();
    expect(reasons['model probs']).toBeTruthy();
    expect(how({ ...fixed, mapping: { ...fixed.mapping, reasons: { label: reasons.label! } } })).toEqual({
      Label: reasons.label,
      Identifier: 'names each row beside its loss',
      'Model probs (probabilities)': 'your choice; classes zero, one, two, three, four, … (10): as you chose',
    });
    expect(how({ ...fixed, mapping: { ...fixed.mapping, reasons } })['Model probs (probabilities)']).toBe(`${reasons['model probs']}; classes zero, one, two, three, four, … (10): as you chose`);
  });

  it('says how many rows were scored within rounding (sentiment-6dp: 6,311 of 50,000)', () => {
    const snapshot = snapshotOf('sentiment-6dp.csv');
    const model = snapshot.models[0]!;
    expect(model.roundedRows).toBe(EXPECTED['sentiment-6dp.csv']!.rowsOffByRounding);
    const facts = modelFacts(model, 'nats', snapshot.epsilon);
    expect(facts.find((f) => f.label === 'Rows within rounding')?.value).toBe(formatCount(6311));
    expect(facts.find((f) => f.label === 'Class order')?.value).toBe('negative, neutral, positive — by column name');
    expect(facts.some((f) => f.label === 'Normalised rows')).toBe(false);
  });
});

describe('panel messages for the class-order buttons', () => {
  it('accepts a well-formed fix or Choose Columns… request and nothing else', async () => {
    const { isWebviewToHostMessage } = await import('../../../src/protocol/panel');
    expect(isWebviewToHostMessage({ type: 'applyClassFix', documentUri: 'file:///a.csv', fix: 'useClassOrder', model: 'probs', classes: ['a', 'b'] })).toBe(true);
    expect(isWebviewToHostMessage({ type: 'applyClassFix', documentUri: 'file:///a.csv', fix: 'treatAsLogits', model: 'probs', classes: [] })).toBe(false);
    expect(isWebviewToHostMessage({ type: 'applyClassFix', documentUri: 'file:///a.csv', fix: 'useClassOrder', model: 'probs', classes: [1, 2] })).toBe(false);
    expect(isWebviewToHostMessage({ type: 'chooseColumns', documentUri: 'file:///a.csv' })).toBe(true);
    expect(isWebviewToHostMessage({ type: 'chooseColumns' })).toBe(false);
  });
});
