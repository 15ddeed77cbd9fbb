// The worker's in-memory analysis on the worked examples: the numbers the hover, status bar and
// commands show come from here, so they must match the scikit-learn/SciPy reference figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { natsToUnit, RowStatus } from '../../../src/protocol/analysis';
import type { AnalysisKind, ColumnChoice } from '../../../src/protocol/analysis';
import type { AnalysisOptions } from '../../../src/protocol/worker';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';
import type { WorkContext } from '../../../src/analysis/workContext';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';

const SAMPLES = join(__dirname, '../../../samples');
const OPTIONS: AnalysisOptions = resolveAnalysisOptions({ logBase: '2' }); // the documented defaults otherwise
const CONTEXT: WorkContext = { isCancelled: () => false, progress: () => undefined };
/** Relative tolerance for figures quoted to 6–8 significant digits. */
const REL = 5e-7;

function analyze(fileName: string, kind: AnalysisKind, columns?: ColumnChoice, text?: string, options: Partial<AnalysisOptions> = {}) {
  const body = text ?? readFileSync(join(SAMPLES, fileName), 'utf8');
  return analyzeDocument(
    {
      type: 'analyze',
      id: 1,
      kind,
      source: { kind: 'document', uri: `file:///${fileName}`, version: 1, fileName, languageId: 'csv', text: body },
      ...(columns ? { columns } : {}),
      options: { ...OPTIONS, ...options },
      cancelFlag: createCancelFlag(),
    },
    CONTEXT,
  );
}

function expectClose(actual: number, expected: number, rel = REL): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('analyzeDocument on the worked examples', () => {
  it('scores the binary sample at 0.522010 bits mean, first row 0.321928 bits', () => {
    const result = analyze('binary-predictions.json', 'crossEntropy', {
      label: 'label',
      models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }],
    });
    const model = result.models[0];
    expect(model).toBeDefined();
    expectClose(natsToUnit(model!.meanLossNats, 'bits'), 0.52201);
    expectClose(natsToUnit(model!.lossNats[0]!, 'bits'), 0.321928, 2e-6);
    expectClose(model!.sumLossNats, 1.447319, 1e-6);
    expect(result.rowLoss?.worstFirst[0]).toBe(2); // (0, .4) costs −log2 .6, the worst
    expect(result.rows.firstLine[0]).toBe(1);
    expect(result.rows.classes).toEqual(['0', '1']);
    expect(Array.from(result.rows.trueClass)).toEqual([1, 0, 0, 1]);
  });

  it('compares the two 3-class models: 1.988595 vs 0.922037 bits, one error in three each', () => {
    const result = analyze('three-class-models.csv', 'crossEntropy', {
      targets: ['target_0', 'target_1', 'target_2'],
      models: [
        { name: 'm1', kind: 'probabilities', columns: ['m1_p0', 'm1_p1', 'm1_p2'] },
        { name: 'm2', kind: 'probabilities', columns: ['m2_p0', 'm2_p1', 'm2_p2'] },
      ],
    });
    expect(result.models.map((m) => m.columns.name)).toEqual(['m1', 'm2']);
    expectClose(natsToUnit(result.models[0]!.meanLossNats, 'bits'), 1.988595, 1e-6);
    expectClose(natsToUnit(result.models[1]!.meanLossNats, 'bits'), 0.922037, 1e-6);
    expectClose(result.models[0]!.brier, 0.8066666666666666, 1e-12);
    expectClose(result.models[1]!.brier, 0.34, 1e-12);
    expect(result.models.map((m) => m.errorRate)).toEqual([1 / 3, 1 / 3]);
    expect(Array.from(result.rows.trueClass)).toEqual([2, 1, 0]);
  });

  it('fits the 10 points to coef 0.97193448, intercept 0.65553595, mean log loss 0.3329114 nats', () => {
    const result = analyze('logistic-10-points.csv', 'fitLogistic', { label: 'y', features: ['x'] });
    const fit = result.fit;
    expect(fit).not.toBeNull();
    expectClose(fit!.coef[0]![0]!, 0.97193448, 1e-7);
    expectClose(fit!.intercept[0]!, 0.65553595, 1e-7);
    expectClose(fit!.meanLogLossNats, 0.3329114, 1e-6);
    // scikit-learn's brier_score_loss of the sigmoid at these coefficients.
    expectClose(fit!.brier, 0.10442473009732164, 1e-8);
    // Row 3 (x = −0.8, y = 1): the loss is −ln σ(w·x + b), the margin w·x + b.
    const eta = 0.97193448 * -0.8 + 0.65553595;
    expectClose(fit!.margin[2]!, eta, 1e-6);
    expectClose(fit!.lossNats[2]!, Math.log1p(Math.exp(-eta)), 1e-6);
    expect(result.rowLoss?.label).toBe('fitted log loss');
  });

  it('gives cat/dog/horse 0.514573 bits from the probability vector', () => {
    const result = analyze('cat-dog-horse.jsonl', 'crossEntropy', {
      label: 'label',
      classes: ['cat', 'dog', 'horse'],
      models: [
        { name: 'probs', kind: 'probabilities', columns: ['probs'] },
        { name: 'scores', kind: 'logits', columns: ['scores'] },
      ],
    });
    expectClose(natsToUnit(result.models[0]!.meanLossNats, 'bits'), 0.514573, 1e-6);
    // scipy: logsumexp([5, 4, 2]) − 4 = 1.3490122…
    expectClose(result.models[1]!.meanLossNats, Math.log(Math.exp(5) + Math.exp(4) + Math.exp(2)) - 4, 1e-12);
    expectClose(result.models[1]!.trueClassProbability[0]!, 0.259496, 2e-6);
  });

  it('computes D(P‖Q) 0.188722 and D(Q‖P) 0.207519 bits over rows, with per-row terms', () => {
    const result = analyze('kl-distributions.csv', 'kl', { p: ['p'], q: ['q'] });
    const kl = result.kl;
    expect(kl?.mode).toBe('overRows');
    expectClose(natsToUnit(kl!.pqNats, 'bits'), 0.188722, 2e-6);
    expectClose(natsToUnit(kl!.qpNats, 'bits'), 0.207519, 2e-6);
    expectClose(kl!.rowPqNats[0]! + kl!.rowPqNats[1]!, kl!.pqNats, 1e-12);
    expectClose(kl!.crossEntropyNats, kl!.entropyPNats + kl!.pqNats, 1e-12);
  });
});

describe('analyzeDocument with bad rows', () => {
  it('reports p = 1.2 at its cell, leaves that row out and still scores the others', () => {
    const text = 'label,p\n1,0.8\n0,1.2\n0,0.4\n';
    const result = analyze('bad.csv', 'crossEntropy', { label: 'label', models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] }, text);
    expect(result.rows.status[1]).toBe(RowStatus.problem);
    expect(result.models[0]!.n).toBe(2);
    expect(Number.isNaN(result.models[0]!.lossNats[1]!)).toBe(true);
    const problem = result.problems.find((p) => p.row === 1);
    expect(problem?.range?.start).toEqual({ line: 2, character: 2 });
    expect(problem?.message).toContain('1.2');
  });

  it('ignores rows with missing values when asked, without listing them', () => {
    const text = 'label,p\n1,0.8\n0,\n0,0.4\n';
    const columns: ColumnChoice = { label: 'label', models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] };
    const strict = analyze('missing.csv', 'crossEntropy', columns, text);
    expect(strict.problems.some((p) => p.code === 'missing-value' && p.fixes.includes('ignoreMissing'))).toBe(true);
    const lenient = analyze('missing.csv', 'crossEntropy', columns, text, { ignoreMissing: true });
    expect(lenient.rows.status[1]).toBe(RowStatus.ignored);
    expect(lenient.problems.filter((p) => p.code === 'missing-value')).toEqual([]);
    expect(lenient.models[0]!.n).toBe(2);
  });

  it('names a column that does not exist instead of failing', () => {
    const result = analyze('binary-predictions.json', 'crossEntropy', { label: 'nope', models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] });
    expect(result.problems.some((p) => p.code === 'unknown-column' && p.message.includes('"nope"'))).toBe(true);
  });

  it('analyses only the selected lines, keeping absolute positions', () => {
    const result = analyze('logistic-10-points.csv', 'fitLogistic', { label: 'y', features: ['x'] }, undefined);
    const selected = analyzeDocument(
      {
        type: 'analyze',
        id: 2,
        kind: 'crossEntropy',
        source: { kind: 'document', uri: 'file:///b.json', version: 1, fileName: 'b.json', languageId: 'json', text: readFileSync(join(SAMPLES, 'binary-predictions.json'), 'utf8') },
        columns: { label: 'label', models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] },
        selection: { startLine: 2, endLine: 3 },
        options: OPTIONS,
        cancelFlag: createCancelFlag(),
      },
      CONTEXT,
    );
    expect(result.rows.count).toBe(10);
    expect(selected.rows.count).toBe(2);
    expect(Array.from(selected.rows.firstLine)).toEqual([2, 3]);
    expectClose(selected.models[0]!.meanLossNats, -(Math.log(0.7) + Math.log(0.6)) / 2, 1e-12);
  });
});

/** scikit-learn / SciPy figures made by test/fixtures/extension/make_reference.py. */
const REFERENCE = JSON.parse(readFileSync(join(__dirname, '../../fixtures/extension/reference.json'), 'utf8'));

describe('Analyze with detected columns (what the command does on each sample)', () => {
  it('binary JSON: label + P(positive) → log loss per row', () => {
    const result = analyze('binary-predictions.json', 'analyze');
    expect(result.columns.models?.[0]?.columns).toEqual(['p']);
    expectClose(result.rowLoss!.meanNats, REFERENCE.binary.meanNats, 1e-12);
    Array.from(result.rowLoss!.lossNats).forEach((loss, i) => expectClose(loss, REFERENCE.binary.rowNats[i], 1e-12));
  });

  it('three-class CSV: target columns + two model groups', () => {
    const result = analyze('three-class-models.csv', 'analyze');
    expectClose(result.models[0]!.meanLossNats, REFERENCE.threeClass.m1.meanNats, 1e-12);
    expectClose(result.models[1]!.meanLossNats, REFERENCE.threeClass.m2.meanNats, 1e-12);
  });

  it('cat/dog/horse JSONL: vector targets are the truth and name the classes from the label', () => {
    const result = analyze('cat-dog-horse.jsonl', 'analyze');
    expectClose(result.models[0]!.meanLossNats, REFERENCE.catDogHorse.probsNats, 1e-12);
    expectClose(result.models[1]!.meanLossNats, REFERENCE.catDogHorse.scoresNats, 1e-12);
    expect(result.rows.classes[1]).toBe('dog');
  });

  it('10 points: label + one feature → a logistic fit at the true optimum', () => {
    // Reference polished with exact Newton steps (max |gradient| 1e-16): the core's optimum matches.
    const result = analyze('logistic-10-points.csv', 'analyze');
    expectClose(result.fit!.coef[0]![0]!, REFERENCE.tenPoints.coef, 1e-12);
    expectClose(result.fit!.intercept[0]!, REFERENCE.tenPoints.intercept, 1e-12);
    Array.from(result.rowLoss!.lossNats).forEach((loss, i) => expectClose(loss, REFERENCE.tenPoints.rowNats[i], 1e-10));
    Array.from(result.fit!.margin).forEach((margin, i) => expectClose(margin, REFERENCE.tenPoints.margin[i], 1e-10));
  });

  it('KL CSV: two distribution columns → D(P‖Q) and D(Q‖P) with per-row terms', () => {
    const result = analyze('kl-distributions.csv', 'analyze');
    expectClose(result.kl!.pqNats, REFERENCE.kl.pqNats, 1e-12);
    expectClose(result.kl!.qpNats, REFERENCE.kl.qpNats, 1e-12);
    expectClose(result.kl!.rowQpNats[1]!, REFERENCE.kl.rowQpNats[1], 1e-12);
  });
});

describe('record positions', () => {
  const texts: [string, string][] = [
    ['crlf.csv', 'label,p\r\n1,0.8\r\n0,0.3\r\n'],
    ['bom.csv', '\ufefflabel,p\n1,0.8\n0,0.3'],
    ['quoted.csv', 'label,p\n"multi\nline",0.8\n"b",0.3\n'],
    ['lone-cr.csv', 'label,p\r1,0.8\r0,0.3\r'],
    ['compact.json', '[{"label":1,"p":0.8},{"label":0,"p":0.3}]'],
    ['columnar.json', '{"label":[1,0],"p":[0.8,0.3]}'],
  ];
  for (const [name, text] of texts) {
    it(`match the data layer's ranges for ${name}`, async () => {
      const { readTable } = await import('../../../src/data');
      const table = readTable(text, { fileName: name });
      const result = analyze(name, 'analyze', { label: 'label', models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] }, text);
      expect(result.rows.count).toBe(table.rowCount);
      for (let i = 0; i < table.rowCount; i++) {
        const range = table.index.rowRange(i);
        expect([result.rows.firstLine[i], result.rows.startCharacter[i], result.rows.lastLine[i], result.rows.endCharacter[i]]).toEqual([
          range.start.line,
          range.start.character,
          range.end.line,
          range.end.character,
        ]);
      }
    });
  }
});

describe('quick-fix options', () => {
  const text = readFileSync(join(__dirname, '../../fixtures/extension/malformed.csv'), 'utf8');
  const columns: ColumnChoice = { label: 'label', models: [{ name: 'p', kind: 'probabilities', columns: ['p_cat', 'p_dog', 'p_horse'] }] };

  it('gives a softmax fit a Brier score over its three classes: mean Σ_k (t_k − p_k)² of the fitted probabilities', () => {
    const rows = [
      [-2, 'a'],
      [-1.5, 'a'],
      [-0.5, 'b'],
      [0, 'a'],
      [0.3, 'b'],
      [1, 'b'],
      [1.4, 'c'],
      [2.5, 'c'],
      [3, 'c'],
      [-1, 'b'],
      [0.8, 'c'],
      [2, 'b'],
    ];
    const text = `x,label\n${rows.map(([x, label]) => `${x},${label}`).join('\n')}\n`;
    const fit = analyze('three.csv', 'fitSoftmax', { label: 'label', features: ['x'] }, text).fit!;
    expect(fit.classes).toEqual(['a', 'b', 'c']);
    // LogisticRegression(C=1, tol=1e-15).predict_proba, scikit-learn 1.2.1.
    expectClose(fit.brier, 0.43128996713871676, 1e-7);
  });

  it('"treat as logits" reads the group through log-softmax: no range or row-sum problems remain', () => {
    const result = analyze('malformed.csv', 'crossEntropy', columns, text, { treatAsLogits: ['p_cat', 'p_dog', 'p_horse'] });
    expect(result.columns.models?.[0]?.kind).toBe('logits');
    expect(result.problems.map((p) => p.code).sort()).toEqual(['missing-value', 'unknown-label']);
    // Row 1 (cat; scores .7, .2, .1): loss = logsumexp − .7.
    const expected = Math.log(Math.exp(0.7) + Math.exp(0.2) + Math.exp(0.1)) - 0.7;
    expectClose(result.models[0]!.lossNats[0]!, expected, 1e-12);
  });

  it('"normalise rows" divides each row by its sum before clipping', () => {
    const result = analyze('malformed.csv', 'crossEntropy', columns, text, { normalizeRows: true });
    expect(result.problems.some((p) => p.code === 'row-sum')).toBe(false);
    // Row 3 (horse; .5, .2, .23 sums to .93): −ln(.23 / .93).
    expectClose(result.models[0]!.lossNats[2]!, -Math.log(0.23 / 0.93), 1e-12);
  });
});
