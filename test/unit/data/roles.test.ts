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
