// Class order decisions: known orders (explicit, names, field, numeric) are used as they are; a
// guessed one is checked against the data and flagged unless the data clearly confirm it.
import { describe, expect, it } from 'vitest';
import { CLEAR_EVIDENCE_NATS, decideClassOrder, decidePositiveClass, labelLogLikelihood } from '../../../src/analysis/classOrder';
import type { ClassOrderInput } from '../../../src/analysis/classOrder';
import { seededRandom } from '../seededData';

/** Rows of (label, probabilities) as the decision's input, with the likelihood sums computed for real. */
function input(rows: readonly (readonly [string, readonly number[]])[], columnNames: readonly string[], extra: Partial<ClassOrderInput> = {}): ClassOrderInput {
  const values = [...new Set(rows.map(([label]) => label))];
  const counts = values.map((v) => rows.filter(([label]) => label === v).length);
  const codes = Int32Array.from(rows, ([label]) => values.indexOf(label));
  const width = rows[0]?.[1].length ?? columnNames.length;
  const data = Float64Array.from(rows.flatMap(([, p]) => [...p]));
  return {
    columnNames,
    namedColumns: true,
    labels: { values, counts },
    logLikelihood: () => labelLogLikelihood({ data, offset: 0, stride: width, width }, 'probabilities', codes, null, values.length),
    ...extra,
  };
}

/** `n` rows of a confident model over `classes`, its probabilities in `columnOrder`. */
function confidentRows(classes: readonly string[], columnOrder: readonly string[], n: number, seed = 1): [string, number[]][] {
  const random = seededRandom(seed);
  const k = classes.length;
  return Array.from({ length: n }, (_, i) => {
    const label = classes[i % k] as string;
    const p = columnOrder.map((c) => (c === label ? 0.8 : 0.2 / (k - 1)) * (0.9 + 0.2 * random()));
    const sum = p.reduce((a, b) => a + b, 0);
    return [label, p.map((v) => v / sum)];
  });
}

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

describe('decideClassOrder: known orders', () => {
  const rows = confidentRows(['cat', 'dog', 'horse'], ['cat', 'dog', 'horse'], 30);

  it('uses explicit classes as given, and names labels outside them strays', () => {
    const decision = decideClassOrder(input([...rows, ['hrse', [0.1, 0.1, 0.8]]], ['a', 'b', 'c'], { explicit: ['horse', 'dog', 'cat'] }));
    expect(decision).toMatchObject({ classes: ['horse', 'dog', 'cat'], rule: 'explicit', uncertain: false, strays: ['hrse'] });
  });

  it('reads classes from column names (p_cat ↔ cat), even for a class without rows', () => {
    expect(decideClassOrder(input(rows, ['p_horse', 'p_cat', 'p_dog']))).toMatchObject({ classes: ['horse', 'cat', 'dog'], rule: 'names' });
    const twoClasses = confidentRows(['cat', 'dog'], ['cat', 'dog', 'cow'], 20).map(([label, p]) => [label, [...p]] as [string, number[]]);
    expect(decideClassOrder(input(twoClasses, ['prob_cat', 'prob_dog', 'prob_cow']))).toMatchObject({ classes: ['cat', 'dog', 'cow'], rule: 'names' });
  });

  it('takes a field naming the classes, and integer labels as column indices', () => {
    expect(decideClassOrder(input(rows, ['probs[0]', 'probs[1]', 'probs[2]'], { namedColumns: false, field: ['dog', 'cat', 'horse'] }))).toMatchObject({
      classes: ['dog', 'cat', 'horse'],
      rule: 'field',
    });
    const numeric = confidentRows(['0', '2'], ['0', '1', '2'], 12);
    expect(decideClassOrder(input(numeric, ['probs[0]', 'probs[1]', 'probs[2]'], { namedColumns: false }))).toMatchObject({ classes: ['0', '1', '2'], rule: 'numeric', uncertain: false });
    const shifted = confidentRows(['1', '2', '10'], ['1', '2', '10'], 3);
    expect(decideClassOrder(input(shifted, ['a', 'b', 'c']))).toMatchObject({ classes: ['1', '2', '10'], rule: 'numeric', uncertain: false });
  });
});

describe('decideClassOrder: sorted order checked against the data', () => {
  it('confirms sorted order when no other order comes within the evidence margin', () => {
    const rows = confidentRows(['negative', 'neutral', 'positive'], ['negative', 'neutral', 'positive'], 60);
    const decision = decideClassOrder(input(rows, ['prob_0', 'prob_1', 'prob_2']));
    expect(decision).toMatchObject({ rule: 'sorted', uncertain: false, classes: ['negative', 'neutral', 'positive'] });
    const evidence = decision?.evidence;
    expect(evidence?.rows).toBe(60);
    // The runner-up swaps two classes: 40 rows each lose ln(0.8 / 0.1) ≈ 2.08 nats.
    expect(((evidence?.alternativeMeanNats ?? 0) - (evidence?.chosenMeanNats ?? 0)) * 60).toBeGreaterThan(CLEAR_EVIDENCE_NATS);
  });

  it('infers the model order (zero, one, …) when sorted order (eight, five, …) is clearly worse, and flags it', () => {
    const rows = confidentRows(DIGITS, DIGITS, 200);
    const decision = decideClassOrder(
      input(
        rows,
        DIGITS.map((_, k) => `probs[${k}]`),
        { namedColumns: false },
      ),
    );
    expect(decision).toMatchObject({ rule: 'inferred', uncertain: true, classes: DIGITS });
    expect(decision?.evidence?.alternative).toEqual([...DIGITS].sort());
    expect(decision?.evidence?.alternativeMeanNats).toBeGreaterThan((decision?.evidence?.chosenMeanNats ?? 0) + 1);
  });

  it('keeps sorted order but flags it when a few rows cannot tell the orders apart', () => {
    const decision = decideClassOrder(input(confidentRows(['cat', 'dog'], ['cat', 'dog'], 3), ['x_0', 'x_1']));
    expect(decision).toMatchObject({ rule: 'sorted', uncertain: true, classes: ['cat', 'dog'] });
  });

  it('treats a rare label beside frequent ones as a stray (a typo), not a class', () => {
    const rows = confidentRows(['negative', 'neutral', 'positive'], ['negative', 'neutral', 'positive'], 300);
    const decision = decideClassOrder(input([...rows, ['Negative', [0.9, 0.05, 0.05]]], ['prob_0', 'prob_1', 'prob_2']));
    expect(decision).toMatchObject({ classes: ['negative', 'neutral', 'positive'], strays: ['Negative'], rule: 'sorted', uncertain: false });
  });

  it('refuses to match four frequent label values to three columns', () => {
    const rows = confidentRows(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd'], 40).map(([label, p]) => [label, p.slice(0, 3)] as [string, number[]]);
    expect(decideClassOrder(input(rows, ['p0', 'p1', 'p2']))).toBeUndefined();
  });
});

describe('decidePositiveClass', () => {
  const binary = (labels: readonly string[], p: readonly number[], name = 'proba', positive?: string) => {
    const values = [...new Set(labels)];
    const codes = Int32Array.from(labels, (l) => values.indexOf(l));
    const data = Float64Array.from(p);
    return decidePositiveClass({
      columnNames: [name],
      namedColumns: true,
      labels: { values, counts: values.map((v) => labels.filter((l) => l === v).length) },
      positive,
      logLikelihood: () => labelLogLikelihood({ data, offset: 0, stride: 1, width: 1 }, 'probabilities', codes, null, values.length),
    });
  };

  it('takes 1 as positive for 0/1 labels, the named class for p_<class>, or the one given', () => {
    expect(binary(['0', '1', '1'], [0.2, 0.7, 0.9])).toMatchObject({ classes: ['0', '1'], rule: 'numeric', uncertain: false });
    expect(binary(['malignant', 'benign'], [0.1, 0.9], 'p_benign')).toMatchObject({ classes: ['malignant', 'benign'], rule: 'names' });
    expect(binary(['no', 'yes', 'maybe'], [0.1, 0.9, 0.5], 'p', 'yes')).toMatchObject({ classes: ['not yes', 'yes'], rule: 'explicit' });
  });

  it('finds P(benign) in a column the greater label (malignant) would misread, and flags it', () => {
    const labels = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 'malignant' : 'benign'));
    const p = labels.map((l, i) => (l === 'benign' ? 0.85 + (i % 5) * 0.02 : 0.1));
    const decision = binary(labels, p);
    expect(decision).toMatchObject({ classes: ['malignant', 'benign'], rule: 'inferred', uncertain: true });
    expect(decision?.evidence?.alternative).toEqual(['benign', 'malignant']);
  });

  it('keeps the greater label as positive when the data agree', () => {
    const labels = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'no' : 'yes'));
    expect(
      binary(
        labels,
        labels.map((l) => (l === 'yes' ? 0.9 : 0.1)),
      ),
    ).toMatchObject({ classes: ['no', 'yes'], rule: 'sorted', uncertain: false });
  });
});
