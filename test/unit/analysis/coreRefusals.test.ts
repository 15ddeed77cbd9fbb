// What the core would refuse is decided before it runs: every row the scoring, the truth, KL, the
// entropies or the fit would refuse becomes a problem at its cell, in the core's words, and the other
// rows are scored once, to the numbers of the same file without those rows.
import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../../src/analysis/analyzeTable';
import type { TableAnalysis, TableRequest } from '../../../src/analysis/analyzeTable';
import { readTable } from '../../../src/data';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { RowStatus } from '../../../src/protocol/analysis';
import type { AnalysisKind, ColumnChoice } from '../../../src/protocol/analysis';
import type { AnalysisOptions } from '../../../src/protocol/worker';

const noop = { isCancelled: () => false, progress: () => undefined };

function analyze(text: string, kind: AnalysisKind, columns: ColumnChoice, settings: Partial<AnalysisOptions> = {}): TableAnalysis {
  const options = { ...resolveAnalysisOptions({}), ...settings };
  const request: TableRequest = { kind, columns, options };
  return analyzeTable(readTable(text, { fileName: 'a.csv', maxProblems: options.maxProblems }), request, noop);
}

/** The CSV without the data rows `rows` (0-based; the header is line 0). */
function without(text: string, rows: readonly number[]): string {
  const lines = text.split('\n');
  return lines.filter((_, line) => line === 0 || !rows.includes(line - 1)).join('\n');
}

/** The core's refusals: code, row and the words for the value (after "Row N, column …: "). */
function entries(result: TableAnalysis): [string, number | null, string][] {
  return result.problems.filter((p) => p.code.startsWith('core-')).map((p) => [p.code, p.row, p.message.replace(/^Row \d+(?:, column "[^"]*")?: /, '')]);
}

/** Where each refusal points: its column, the value as written and the range's start. */
function places(result: TableAnalysis): [string | null, string | null, { line: number; character: number } | null][] {
  return result.problems.filter((p) => p.code.startsWith('core-')).map((p) => [p.column, p.value, p.range ? { ...p.range.start } : null]);
}

/** Rows (0-based) the analysis left out with a problem. */
function problemRows(result: TableAnalysis): number[] {
  return Array.from(result.rows.status).flatMap((s, row) => (s === RowStatus.problem ? [row] : []));
}

/** Model `k`'s per-row losses on the rows kept (in order), and its mean. */
function losses(result: TableAnalysis, k = 0): { n: number; mean: number; rows: number[] } {
  const model = result.models[k]!;
  return { n: model.n, mean: model.meanLossNats, rows: Array.from(model.lossNats).filter((v) => !Number.isNaN(v)) };
}

const binary = (models: string[][]): ColumnChoice => ({ label: 'y', models: models.map((columns) => ({ name: columns.join('+'), kind: 'probabilities', columns })) });

describe('refusals the data layer does not make', () => {
  it('a single probability column above 1 with normalize on is refused at its cell (only groups are rescaled)', () => {
    const text = 'y,p\n0,0.2\n1,1.5\n0,0.1\n1,0.9\n';
    const result = analyze(text, 'crossEntropy', binary([['p']]), { normalizeRows: true });
    expect(entries(result)).toEqual([['core-probabilityOutOfRange', 1, 'probability 1.5 is outside [0, 1]']]);
    expect(result.problems.find((p) => p.code === 'core-probabilityOutOfRange')?.message).toBe('Row 2, column "p": probability 1.5 is outside [0, 1]');
    expect(problemRows(result)).toEqual([1]);
    expect(losses(result)).toEqual(losses(analyze(without(text, [1]), 'crossEntropy', binary([['p']]), { normalizeRows: true })));
    expect(places(result)).toEqual([['p', '1.5', { line: 2, character: 2 }]]);
  });

  it('a label outside an explicit class list is refused at its label cell', () => {
    const text = 'y,a,b\ncat,0.9,0.1\ndog,0.2,0.8\nhrse,0.5,0.5\ncat,0.7,0.3\n';
    const columns: ColumnChoice = { label: 'y', classes: ['cat', 'dog'], models: [{ name: 'p', kind: 'probabilities', columns: ['a', 'b'] }] };
    const result = analyze(text, 'crossEntropy', columns);
    expect(entries(result)).toEqual([['core-labelNotInClasses', 2, 'label "hrse" is not among the classes cat, dog']]);
    expect(problemRows(result)).toEqual([2]);
    expect(losses(result)).toEqual(losses(analyze(without(text, [2]), 'crossEntropy', columns)));
    expect(places(result)).toEqual([['y', 'hrse', { line: 3, character: 0 }]]);
  });

  it('target rows outside [0, 1], not summing to 1 or not finite are refused at the target cells', () => {
    const columns: ColumnChoice = { targets: ['t_a', 't_b'], models: [{ name: 'p', kind: 'probabilities', columns: ['a', 'b'] }] };
    const text = 't_a,t_b,a,b\n1,0,0.9,0.1\n0,1,0.2,0.8\n1.5,-0.5,0.5,0.5\n0.5,0.2,0.5,0.5\ninf,0,0.5,0.5\n0.3,0.7,0.4,0.6\n';
    const clean = losses(analyze(without(text, [2, 3, 4]), 'crossEntropy', columns));
    for (const [row, code, entry, place] of [
      [2, 'core-probabilityOutOfRange', 'probability 1.5 is outside [0, 1]', ['t_a', '1.5', { line: 3, character: 0 }]],
      [3, 'core-rowSumNotOne', 'the targets sum to 0.7, not 1 (|sum − 1| > 1e-6)', ['t_a', '0.5,0.2', { line: 4, character: 0 }]],
      [4, 'core-nonFinite', 'a target is not a finite number', ['t_a', 'inf', { line: 5, character: 0 }]],
    ] as const) {
      // One bad row at a time: the retry took out one reason's rows per attempt.
      const result = analyze(
        without(
          text,
          [2, 3, 4].filter((r) => r !== row),
        ),
        'crossEntropy',
        columns,
      );
      const at = row - [2, 3, 4].filter((r) => r < row).length;
      expect(entries(result)).toEqual([[code, at, entry]]);
      expect(losses(result)).toEqual(clean);
      expect(places(result)).toEqual([[place[0], place[1], { line: at + 1, character: 0 }]]);
    }
    // All three at once: each at its row.
    const result = analyze(text, 'crossEntropy', columns);
    expect(entries(result).map(([code, row]) => [code, row])).toEqual([
      ['core-probabilityOutOfRange', 2],
      ['core-rowSumNotOne', 3],
      ['core-nonFinite', 4],
    ]);
    expect(losses(result)).toEqual(clean);
  });

  it('a binary target that is not 0/1 is refused at the target cell', () => {
    const columns: ColumnChoice = { targets: ['t'], models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] };
    const text = 't,p\n1,0.9\n0,0.2\n0.5,0.5\n1,0.6\n';
    const result = analyze(text, 'crossEntropy', columns);
    expect(entries(result)).toEqual([['core-badLabel', 2, 'label 0.5 is not 0/1 or −1/+1 (binary labels for the cross-entropy)']]);
    expect(losses(result)).toEqual(losses(analyze(without(text, [2]), 'crossEntropy', columns)));
    expect(places(result)).toEqual([['t', '0.5', { line: 3, character: 0 }]]);
  });

  it('KL over rows: a negative P or an infinite Q is refused at its cell', () => {
    const columns: ColumnChoice = { p: ['p'], q: ['q'] };
    const text = 'p,q\n0.2,0.3\n-0.1,0.3\n0.5,0.4\n0.1,inf\n0.3,0.1\n';
    const clean = analyze(without(text, [1, 3]), 'kl', columns);
    const negative = analyze(without(text, [3]), 'kl', columns);
    expect(entries(negative)).toEqual([['core-negativeWeight', 1, '-0.1 is negative (P values must be 0 or more)']]);
    const infinite = analyze(without(text, [1]), 'kl', columns);
    expect(entries(infinite)).toEqual([['core-nonFinite', 2, 'Infinity is not a finite number (Q values must be finite)']]);
    for (const result of [negative, infinite]) {
      expect(result.kl?.pqNats).toBe(clean.kl?.pqNats);
      expect(result.kl?.jsNats).toBe(clean.kl?.jsNats);
    }
    expect(places(negative)).toEqual([['p', '-0.1', { line: 2, character: 0 }]]);
    expect(places(infinite)).toEqual([['q', 'inf', { line: 3, character: 4 }]]);
    // Both at once (the retry took out the first and gave up on the second).
    const both = analyze(text, 'kl', columns);
    expect(entries(both).map(([code, row]) => [code, row])).toEqual([
      ['core-negativeWeight', 1],
      ['core-nonFinite', 3],
    ]);
    expect(both.kl?.pqNats).toBe(clean.kl?.pqNats);
  });

  it('prediction entropies without a label refuse a row off 1 by its rounding, as the entropy checks sums to 1e-6', () => {
    const columns: ColumnChoice = { models: [{ name: 'p', kind: 'probabilities', columns: ['a', 'b', 'c'] }] };
    const text = 'a,b,c\n0.333334,0.333334,0.333333\n0.2,0.3,0.5\n0.1,0.1,0.8\n';
    const result = analyze(text, 'entropy', columns);
    expect(entries(result)).toEqual([['core-rowSumNotOne', 0, 'the probabilities sum to 1.000001, not 1 (|sum − 1| > 1e-6)']]);
    const clean = analyze(without(text, [0]), 'entropy', columns);
    expect(Array.from(result.rowLoss!.lossNats).slice(1)).toEqual(Array.from(clean.rowLoss!.lossNats));
    expect(Number.isNaN(result.rowLoss!.lossNats[0])).toBe(true);
    expect(places(result)).toEqual([['a', '0.333334,0.333334,0.333333', { line: 1, character: 0 }]]);
  });

  it('a second model refused where the first is not is named at its own column', () => {
    const text = 'y,p,r\n0,0.2,0.3\n1,0.8,1.4\n0,0.1,0.2\n1,0.9,0.7\n';
    const result = analyze(text, 'crossEntropy', binary([['p'], ['r']]), { normalizeRows: true });
    expect(entries(result)).toEqual([['core-probabilityOutOfRange', 1, 'probability 1.4 is outside [0, 1]']]);
    const clean = analyze(without(text, [1]), 'crossEntropy', binary([['p'], ['r']]), { normalizeRows: true });
    expect(losses(result, 0)).toEqual(losses(clean, 0));
    expect(losses(result, 1)).toEqual(losses(clean, 1));
    expect(places(result)).toEqual([['r', '1.4', { line: 2, character: 6 }]]);
  });
});

describe('rows past the data layer’s listing cap', () => {
  // The data layer lists the first maxProblems problems of each check and counts the rest: the
  // rows of the unlisted ones are refused in the core's words.
  it('probabilities outside [0, 1]', () => {
    const text = 'y,p\n0,0.2\n1,1.2\n1,1.3\n0,0.1\n1,0.9\n';
    const result = analyze(text, 'crossEntropy', binary([['p']]), { maxProblems: 1 });
    expect(problemRows(result)).toEqual([1, 2]);
    expect(result.problemCount).toBe(5);
    expect(losses(result)).toEqual(losses(analyze(without(text, [1, 2]), 'crossEntropy', binary([['p']]))));
  });

  it('labels that are no class', () => {
    const text = 'y,p_cat,p_dog\ncat,0.9,0.1\nhrse,0.5,0.5\nhrse,0.5,0.5\ndog,0.2,0.8\n';
    const columns: ColumnChoice = { label: 'y', models: [{ name: 'p', kind: 'probabilities', columns: ['p_cat', 'p_dog'] }] };
    const result = analyze(text, 'crossEntropy', columns, { maxProblems: 1 });
    expect(problemRows(result)).toEqual([1, 2]);
    expect(result.problemCount).toBe(3);
    expect(losses(result)).toEqual(losses(analyze(without(text, [1, 2]), 'crossEntropy', columns)));
  });

  it('missing values, and with "ignore missing" the listed one left out quietly', () => {
    const text = 'y,p\n0,0.2\n1,\n1,\n0,0.1\n1,0.9\n';
    const clean = losses(analyze(without(text, [1, 2]), 'crossEntropy', binary([['p']])));
    const result = analyze(text, 'crossEntropy', binary([['p']]), { maxProblems: 1 });
    expect(problemRows(result)).toEqual([1, 2]);
    expect(losses(result)).toEqual(clean);
    const ignoring = analyze(text, 'crossEntropy', binary([['p']]), { maxProblems: 1, ignoreMissing: true });
    expect(Array.from(ignoring.rows.status)).toEqual([RowStatus.ok, RowStatus.ignored, RowStatus.problem, RowStatus.ok, RowStatus.ok]);
    expect(entries(ignoring)).toEqual([['core-nonFinite', 2, 'a value is missing (probabilities must be finite numbers)']]);
    expect(losses(ignoring)).toEqual(clean);
  });

  it('infinite features and negative sample weights of a fit', () => {
    const features = 'y,x\n0,1\n1,inf\n1,inf\n0,0.5\n1,2\n0,0.2\n1,0.1\n';
    const fitted = analyze(features, 'fitLogistic', { label: 'y', features: ['x'] }, { maxProblems: 1 });
    expect(problemRows(fitted)).toEqual([1, 2]);
    const clean = analyze(without(features, [1, 2]), 'fitLogistic', { label: 'y', features: ['x'] });
    expect(fitted.fit?.coef).toEqual(clean.fit?.coef);
    expect(fitted.fit?.meanLogLossNats).toBe(clean.fit?.meanLogLossNats);

    const weights = 'y,x,w\n0,1,1\n1,2,-1\n1,3,-2\n0,0.5,1\n1,2,1\n0,0.2,1\n1,0.1,2\n';
    const columns: ColumnChoice = { label: 'y', features: ['x'], sampleWeight: 'w' };
    const weighted = analyze(weights, 'fitLogistic', columns, { maxProblems: 1 });
    expect(problemRows(weighted)).toEqual([1, 2]);
    const cleanWeighted = analyze(without(weights, [1, 2]), 'fitLogistic', columns);
    expect(weighted.fit?.coef).toEqual(cleanWeighted.fit?.coef);
    expect(weighted.fit?.totalWeight).toBe(cleanWeighted.fit?.totalWeight);
  });
});

describe('refusals the retry could not rescue', () => {
  it('two reasons in one model: each row at its cell, the rest scored', () => {
    // The first missing value is listed (maxProblems 1); the second is not; 1.5 passes the data
    // layer with normalize on. The retry took out one reason and gave up on the second.
    const text = 'y,p\n0,0.2\n1,\n1,\n0,0.1\n1,1.5\n0,0.3\n';
    const result = analyze(text, 'crossEntropy', binary([['p']]), { maxProblems: 1, normalizeRows: true });
    expect(result.problems.filter((p) => p.row === null && p.severity === 'error')).toEqual([]);
    expect(problemRows(result)).toEqual([1, 2, 4]);
    expect(losses(result)).toEqual(losses(analyze(without(text, [1, 2, 4]), 'crossEntropy', binary([['p']]), { normalizeRows: true })));
  });

  it('more rows than the retry listed (1,000): every one left out', () => {
    const lines = ['y,p', '0,0.2', '1,0.7'];
    for (let i = 0; i < 1001; i++) lines.push('1,1.5');
    const text = `${lines.join('\n')}\n`;
    const result = analyze(text, 'crossEntropy', binary([['p']]), { normalizeRows: true });
    expect(result.problems.filter((p) => p.row === null && p.severity === 'error')).toEqual([]);
    expect(result.problemCount).toBe(1001);
    expect(problemRows(result)).toHaveLength(1001);
    expect(losses(result)).toEqual(losses(analyze('y,p\n0,0.2\n1,0.7\n', 'crossEntropy', binary([['p']]), { normalizeRows: true })));
  });
});
