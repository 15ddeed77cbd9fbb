// Role inference on the worked-example files in samples/ and on names and values that should be
// recognised (or flagged as ambiguous).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferRoles, readTable } from '../../../src/data';

const sample = (name: string) => inferRoles(readTable(readFileSync(join(__dirname, '../../../samples', name), 'utf8'), { fileName: name }));
const roles = (text: string) => inferRoles(readTable(text, { format: 'csv' }));

describe('inferRoles on samples/', () => {
  it('logistic-10-points.csv: y is the label, x a feature', () => {
    const mapping = sample('logistic-10-points.csv');
    expect(mapping.label).toMatchObject({ columns: ['y'], confidence: 0.9 });
    expect(mapping.features?.columns).toEqual(['x']);
    expect(mapping.models).toEqual([]);
  });

  it('three-class-models.csv: one-hot targets and two probability models m1, m2', () => {
    const mapping = sample('three-class-models.csv');
    expect(mapping.label).toBeUndefined();
    expect(mapping.targets).toMatchObject({ columns: ['target_0', 'target_1', 'target_2'], encoding: 'one-hot' });
    expect(mapping.models.map((m) => [m.role, m.group, m.columns])).toEqual([
      ['probabilities', 'm1', ['m1_p0', 'm1_p1', 'm1_p2']],
      ['probabilities', 'm2', ['m2_p0', 'm2_p1', 'm2_p2']],
    ]);
    expect(mapping.ambiguities).toEqual([]);
  });

  it('binary-predictions.json: label and P(positive)', () => {
    const mapping = sample('binary-predictions.json');
    expect(mapping.label?.columns).toEqual(['label']);
    expect(mapping.models).toMatchObject([{ role: 'probabilities', columns: ['p'] }]);
  });

  it('kl-distributions.csv: p and q are distributions over rows, and the label guess is flagged', () => {
    const mapping = sample('kl-distributions.csv');
    expect(mapping.distributions.map((d) => d.columns[0])).toEqual(['p', 'q']);
    expect(mapping.label).toMatchObject({ columns: ['outcome'], confidence: 0.6 });
    expect(mapping.ambiguities.some((a) => a.includes('"outcome" may only name the outcomes'))).toBe(true);
  });

  it('cat-dog-horse.jsonl: label, one-hot target vector, probability and score vectors', () => {
    const mapping = sample('cat-dog-horse.jsonl');
    expect(mapping.label?.columns).toEqual(['label']);
    expect(mapping.targets).toMatchObject({ columns: ['target'], encoding: 'one-hot' });
    expect(mapping.models.map((m) => [m.role, m.columns[0]])).toEqual([
      ['probabilities', 'probs'],
      ['logits', 'scores'],
    ]);
  });
});

describe('inferRoles on names and values', () => {
  it('maps p_<class> columns to classes by name and skips identifiers', () => {
    const mapping = roles('id,label,p_cat,p_dog\n1,dog,0.2,0.8\n2,cat,0.6,0.4\n');
    expect(mapping.models[0]).toMatchObject({ role: 'probabilities', columns: ['p_cat', 'p_dog'], classes: ['cat', 'dog'] });
    expect(mapping.features).toBeUndefined();
  });

  it('recognises logit groups and flags probability names holding logits', () => {
    expect(roles('y,logit_0,logit_1\n0,2.5,-1\n1,-0.5,3\n').models[0]).toMatchObject({ role: 'logits', confidence: 0.9 });
    const flagged = roles('y,p_0,p_1\n0,2.5,-1\n1,-0.5,3\n');
    expect(flagged.models[0]).toMatchObject({ role: 'logits', confidence: 0.4 });
    expect(flagged.ambiguities[0]).toContain('look like logits');
  });

  it('takes the only non-numeric column as the label and says when several could be', () => {
    expect(roles('animal,f1\ncat,0.5\ndog,1.5\n').label).toMatchObject({ columns: ['animal'], confidence: 0.6 });
    const mapping = roles('a,b,f\nx,y,1\nz,w,2\n');
    expect(mapping.label).toBeUndefined();
    expect(mapping.ambiguities[0]).toContain('choose the label');
  });

  it('reads soft targets as soft', () => {
    expect(roles('t_0,t_1,p_0,p_1\n0.3,0.7,0.2,0.8\n0.5,0.5,0.6,0.4\n').targets).toMatchObject({ encoding: 'soft' });
  });
});

describe('inferRoles on real exports: ids, flags, scores and class-name fields', () => {
  const many = (header: string, row: (i: number) => string, n = 40) => roles(`${header}\n${Array.from({ length: n }, (_, i) => row(i)).join('\n')}\n`);

  it('never takes an id column as the label: is_fraud is the label, score its P(positive), the rest features', () => {
    const mapping = many(
      'transaction_id,amount,hour,is_fraud,score',
      (i) => `tx_${(i * 7919).toString(16).padStart(6, '0')},${(i * 3.7).toFixed(2)},${i % 24},${i % 5 === 0 ? 1 : 0},${((i % 5 === 0 ? 0.7 : 0.1) + i / 1000).toFixed(4)}`,
    );
    expect(mapping.label).toMatchObject({ columns: ['is_fraud'], reason: 'a 0/1 flag named "is_fraud"' });
    expect(mapping.identifier?.columns).toEqual(['transaction_id']);
    expect(mapping.models).toMatchObject([{ role: 'probabilities', columns: ['score'] }]);
    expect(mapping.features?.columns).toEqual(['amount', 'hour']);
    expect(mapping.ambiguities.some((a) => a.includes('"score" is named like a score but every value is in [0, 1]'))).toBe(true);
  });

  it('says which rows made a score in [0, 1] but for one value logits, and stays quiet for real logits', () => {
    const row = (i: number, score: string): string => `${i % 5 === 0 ? 1 : 0},${score}`;
    const stray = many('is_fraud,score', (i) => row(i, i === 12 ? '1.2' : (0.1 + (i % 5 === 0 ? 0.6 : 0)).toFixed(2)));
    expect(stray.models).toMatchObject([{ role: 'logits', columns: ['score'] }]);
    expect(stray.ambiguities).toContain(
      '"score" is read as logits because one value is outside [0, 1] (row 13: 1.2); every other value is in [0, 1]: if it is P(positive), that value is wrong — choose it as probabilities',
    );
    const logits = many('is_fraud,score', (i) => row(i, ((i % 5 === 0 ? 2 : -2) + (i % 7) / 3).toFixed(3)));
    expect(logits.models).toMatchObject([{ role: 'logits', columns: ['score'] }]);
    expect(logits.ambiguities.filter((a) => a.includes('outside [0, 1]'))).toEqual([]);
  });

  it('takes a mostly-distinct text column as an identifier, not the only non-numeric label', () => {
    const mapping = many('name,fraud,p_fraud', (i) => `user ${i},${i % 3 === 0 ? 1 : 0},${(0.1 + (i % 3 === 0 ? 0.6 : 0)).toFixed(2)}`);
    expect(mapping.identifier?.columns).toEqual(['name']);
    expect(mapping.label).toMatchObject({ columns: ['fraud'], reason: 'a 0/1 column beside a probability column' });
  });

  it('never takes a column named like sample weights for a feature, and says so', () => {
    const text = readFileSync(join(__dirname, '../../fixtures/fits/breast-cancer-weighted.csv'), 'utf8');
    const mapping = roles(text);
    expect(mapping.label?.columns).toEqual(['diagnosis']);
    expect(mapping.features?.columns).toEqual(['mean radius', 'mean texture', 'mean smoothness', 'mean symmetry']);
    expect(mapping.ambiguities).toContain('"weight" is named like per-row sample weights, so it is not used as a feature (make it the sample weight or a feature in Choose Columns…)');
    for (const name of ['sample_weight', 'Weights', 'row weight', 'instance_weight']) {
      expect(roles(`y,x,${name}\n0,1.5,1\n1,2.5,2\n0,0.5,3\n1,3.5,1\n`).features?.columns).toEqual(['x']);
    }
    // A feature that merely mentions weight stays a feature.
    expect(roles('y,x,body_weight_kg\n0,1.5,61\n1,2.5,72\n0,0.5,80\n1,3.5,55\n').features?.columns).toEqual(['x', 'body_weight_kg']);
  });

  it('sees an integer sequence and free text as identifiers, never features', () => {
    const mapping = many('review_id,text,label,prob_neg,prob_pos', (i) => `${100000 + i},"words ${i}",${i % 2 ? 'pos' : 'neg'},0.3,0.7`);
    expect(mapping.identifier?.columns).toEqual(['review_id']);
    expect(mapping.features).toBeUndefined();
  });

  it("reads a classes field (JSON array, or pandas' Python list) and id2label as class names, not labels", () => {
    const jsonl = readTable('{"label": "b", "probs": [0.2, 0.8], "classes": ["a", "b"]}\n{"label": "a", "probs": [0.6, 0.4], "classes": ["a", "b"]}\n', { format: 'jsonl' });
    expect(inferRoles(jsonl).classNames).toEqual({ columns: ['classes'], classes: ['a', 'b'] });
    const pandas = readTable("label,p0,p1,labels\nb,0.2,0.8,\"['a', 'b']\"\na,0.6,0.4,\"['a', 'b']\"\n", { format: 'csv' });
    const mapping = inferRoles(pandas);
    expect(mapping.classNames?.classes).toEqual(['a', 'b']);
    expect(mapping.label?.columns).toEqual(['label']);
    const hf = readTable('{"label": "pos", "logits": [1, -1], "id2label": {"0": "pos", "1": "neg"}}\n', { format: 'jsonl' });
    expect(inferRoles(hf)).toMatchObject({ classNames: { columns: ['id2label.0', 'id2label.1'], classes: ['pos', 'neg'] }, label: { columns: ['label'] } });
  });
});

describe('inferRoles: other names of the truth', () => {
  it('takes actual_class (not predicted_class) as the label, and y_true, true_label, label_gold', () => {
    const mapping = roles('actual_class,predicted_class,prob_0,prob_1\na,a,0.9,0.1\nb,a,0.6,0.4\n');
    expect(mapping.label).toMatchObject({ columns: ['actual_class'], reason: 'named "actual_class"' });
    for (const name of ['y_true', 'true_label', 'label_gold', 'observed']) expect(roles(`${name},p\n1,0.8\n0,0.3\n`).label?.columns).toEqual([name]);
    expect(roles('predicted,p\n1,0.8\n0,0.3\n').label?.columns).not.toEqual(['predicted']);
  });
});
