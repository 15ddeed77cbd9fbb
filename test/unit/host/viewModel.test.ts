// The host's pure view code: position → row, number and rank text, the hover Markdown, the status
// bar text, heat levels, export text and file names, settings resolution, model grouping.
import { describe, expect, it } from 'vitest';
import { RowStatus } from '../../../src/protocol/analysis';
import type { RowTable } from '../../../src/protocol/analysis';
import { resolveAnalysisOptions, resolveEpsilon } from '../../../src/host/analysisOptions';
import { groupModelColumns, modelPrefix } from '../../../src/host/columnGroups';
import { summarizeAnalysis } from '../../../src/host/commandResults';
import { heatRows } from '../../../src/host/heatModel';
import { escapeMarkdown, hoverMarkdown } from '../../../src/host/hoverContent';
import { exportCsv, exportJsonl, exportPathFor } from '../../../src/host/lossExport';
import { bestPercent, formatLoss, formatNumber, shareOfTotal, standingPercent, timesMean, worstPercent, formatDuration, formatPValue } from '../../../src/protocol/numberFormat';
import { rowAtPosition, rowsInLines } from '../../../src/host/rowLookup';
import { statusText } from '../../../src/host/statusText';
import { analyzeSample } from './helpers';

function rowTable(spans: [number, number, number, number][]): RowTable {
  const n = spans.length;
  return {
    count: n,
    firstLine: Uint32Array.from(spans.map((s) => s[0])),
    startCharacter: Uint32Array.from(spans.map((s) => s[1])),
    lastLine: Uint32Array.from(spans.map((s) => s[2])),
    endCharacter: Uint32Array.from(spans.map((s) => s[3])),
    status: new Uint8Array(n),
    labels: new Array<string>(n).fill(''),
    labelCodes: new Int32Array(n).fill(-1),
    labelValues: [],
    classes: [],
    trueClass: new Int32Array(n),
    idColumn: null,
    ids: [],
  };
}

describe('rowAtPosition', () => {
  const csv = rowTable([
    [1, 0, 1, 6],
    [2, 0, 2, 6],
    [3, 0, 3, 6],
  ]);
  it('finds the record on a line anywhere in it, and nothing on the header', () => {
    expect(rowAtPosition(csv, 0, 2)).toBe(-1);
    expect(rowAtPosition(csv, 1, 0)).toBe(0);
    expect(rowAtPosition(csv, 3, 6)).toBe(2);
    expect(rowAtPosition(csv, 3, 40)).toBe(2);
    expect(rowAtPosition(csv, 4, 0)).toBe(-1);
  });
  it('tells apart JSON records that share a line, and counts indentation as the record', () => {
    const json = rowTable([
      [0, 1, 0, 10],
      [0, 12, 0, 21],
      [1, 2, 3, 3],
    ]);
    expect(rowAtPosition(json, 0, 5)).toBe(0);
    expect(rowAtPosition(json, 0, 15)).toBe(1);
    expect(rowAtPosition(json, 0, 11)).toBe(-1);
    expect(rowAtPosition(json, 1, 0)).toBe(2);
    expect(rowAtPosition(json, 2, 0)).toBe(2);
  });
  it('finds nothing in an empty table', () => {
    expect(rowAtPosition(rowTable([]), 0, 0)).toBe(-1);
  });
  it('maps a line selection to the records it touches', () => {
    expect(rowsInLines(csv, 0, 0)).toEqual([0, 0]);
    expect(rowsInLines(csv, 2, 3)).toEqual([1, 3]);
    expect(rowsInLines(csv, 0, 9)).toEqual([0, 3]);
  });
});

describe('number and rank text', () => {
  it('shows 6 significant digits without trailing zeros, symbols for non-finite values', () => {
    expect(formatNumber(0.32192809488736235)).toBe('0.321928');
    expect(formatNumber(1)).toBe('1');
    expect(formatNumber(-0.5)).toBe('−0.5');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(1.5e-7)).toBe('1.5e-7');
  });
  it('converts nats to the unit for display', () => {
    expect(formatLoss(Math.LN2, 'bits')).toBe('1 bits');
    expect(formatLoss(-Math.log(0.8), 'bits')).toBe('0.321928 bits');
  });
  it('says how bad a rank is as a share of rows', () => {
    expect(worstPercent(0, 10)).toBe('worst 10 %');
    expect(worstPercent(0, 1000)).toBe('worst 0.1 %');
    expect(worstPercent(9, 10)).toBe('worst 100 %');
    expect(worstPercent(5, 0)).toBe('unranked');
  });
  it('says a rank in the better half from the best end', () => {
    expect(bestPercent(174, 178)).toBe('best 2.2 %');
    expect(standingPercent(174, 178)).toBe('best 2.2 %');
    expect(standingPercent(0, 4)).toBe('worst 25 %');
    expect(standingPercent(3, 4)).toBe('best 25 %');
    // The middle of an odd count stays "worst" (both ends are 2 of 3).
    expect(standingPercent(1, 3)).toBe('worst 66.7 %');
    expect(bestPercent(5, 0)).toBe('unranked');
  });
  it('gives the share of the total and the multiple of the mean', () => {
    expect(shareOfTotal(1, 4)).toBe('25 %');
    expect(shareOfTotal(1, Infinity)).toBe('—');
    expect(timesMean(2, 1)).toBe('×2');
    expect(timesMean(1, 0)).toBe('—');
  });
});

describe('hoverMarkdown', () => {
  it('shows row, label, p(true), the loss in bits, rank, share, ×mean and links on the binary sample', () => {
    const result = analyzeSample('binary-predictions.json');
    const text = hoverMarkdown(result, 2, { stale: false, problems: [] });
    expect(text).toContain('row 3 (line 4)');
    expect(text).toContain('label `0`');
    expect(text).toContain('p(true) 0.6');
    expect(text).toContain('**0.736966 bits**');
    expect(text).toContain('worst 25 % (rank 1 of 4)');
    expect(text).toContain('35.3 % of total');
    expect(text).toContain('×1.41 mean');
    expect(text).toContain('command:entropyLens.nextWorstRow?');
    expect(text).not.toContain('predicted');
  });
  it('names the predicted class when it differs from the truth', () => {
    const result = analyzeSample('three-class-models.csv');
    const text = hoverMarkdown(result, 2, { stale: false, problems: [] });
    expect(text).toContain('predicted `2`');
    expect(text).toContain('m2: 1.73697 bits');
  });
  it('shows the fitted probability and margin after a fit', () => {
    const result = analyzeSample('logistic-10-points.csv');
    const text = hoverMarkdown(result, 2, { stale: false, problems: [] });
    expect(text).toContain('fitted p(true) 0.469535');
    expect(text).toContain('margin −0.122012 (misclassified)');
  });
  it('shows per-row KL in both directions', () => {
    const result = analyzeSample('kl-distributions.csv');
    const text = hoverMarkdown(result, 0, { stale: false, problems: [] });
    expect(text).toMatch(/D\(P‖Q\) 0\.43872\d* bits · D\(Q‖P\) −0\.29248\d* bits/);
  });
  it('shows the problem instead of numbers on a problem row, and notes stale results', () => {
    const result = analyzeSample('bad.csv', 'crossEntropy', 'bits', 'label,p\n1,0.8\n0,1.2\n', {
      label: 'label',
      models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }],
    });
    expect(result.rows.status[1]).toBe(RowStatus.problem);
    const problems = result.problems.filter((p) => p.row === 1);
    const text = hoverMarkdown(result, 1, { stale: true, problems });
    expect(text).toContain('Edited since the analysis');
    expect(text).toContain('1\\.2');
    expect(text).not.toContain('bits');
  });
  it('escapes Markdown in cell text', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert\\(1\\)\\>');
  });
});

describe('statusText', () => {
  const result = analyzeSample('binary-predictions.json');
  it('shows the mean loss with unit and n', () => {
    expect(statusText(result, { stale: false, running: false, selection: null, cursor: null }).text).toBe('$(pulse) 0.52201 bits · n=4');
  });
  it('adds the selection mean and the row under the cursor, and marks stale results', () => {
    const view = statusText(result, { stale: true, running: false, selection: { startLine: 1, endLine: 2 }, cursor: { line: 3, character: 2 } });
    expect(view.text).toBe('$(pulse) 0.52201 bits · n=4 · selection: 2 rows, mean 0.418251 bits · row 3 0.736966 bits · (stale)');
  });
});

describe('heatRows', () => {
  const result = analyzeSample('logistic-10-points.csv');
  it('marks the worst N rows', () => {
    expect(heatRows(result, 'worstN', 2).get('worst')).toEqual([3, 2]);
  });
  it('shades every row in gradient mode: 10 % high, 20 % medium, the rest low', () => {
    const levels = heatRows(result, 'gradient', 10);
    expect(levels.get('high')).toEqual([3]);
    expect(levels.get('medium')).toEqual([2, 1]);
    expect(levels.get('low')?.length).toBe(7);
  });
  it('marks nothing when off', () => {
    expect(heatRows(result, 'off', 3).size).toBe(0);
  });
});

describe('loss export', () => {
  it('never picks the data file or an existing file', () => {
    const taken = new Set(['/d/preds.losses.csv']);
    expect(exportPathFor('/d/preds.csv', (p) => taken.has(p))).toBe('/d/preds.losses-2.csv');
    expect(exportPathFor('/d/rows.jsonl', () => false)).toBe('/d/rows.losses.jsonl');
    expect(exportPathFor('/d/noext', () => false)).toBe('/d/noext.losses.csv');
  });
  it('writes row, line, label, status, model, p(true), loss in the unit, rank and ties as CSV and JSON Lines', () => {
    const result = analyzeSample('binary-predictions.json');
    const csv = exportCsv(result).split('\n');
    expect(csv[0]).toBe('row,line,label,status,model,p_true,loss_bits,rank,tied');
    expect(csv[1]).toBe(`1,2,1,scored,p,0.8,${-Math.log(0.8) / Math.LN2},4,1`);
    const first = JSON.parse(exportJsonl(result).split('\n')[2] as string);
    expect(first).toEqual({ row: 3, line: 4, label: '0', status: 'scored', model: 'p', p_true: 0.6, loss_bits: -Math.log(0.6) / Math.LN2, rank: 1, tied: 1 });
  });
});

describe('settings', () => {
  it('resolves epsilon presets and numbers, falling back to scikit-learn', () => {
    expect(resolveEpsilon('sklearn')).toBe(2.220446049250313e-16);
    expect(resolveEpsilon('keras')).toBe(1e-7);
    expect(resolveEpsilon('pytorch')).toBe(Math.exp(-100));
    expect(resolveEpsilon('none')).toBeNull();
    expect(resolveEpsilon(1e-3)).toBe(1e-3);
    expect(resolveEpsilon(0.7)).toBe(2.220446049250313e-16);
  });
  it('applies quick-fix overrides over settings', () => {
    const options = resolveAnalysisOptions({ logBase: '2', normalizeRows: 'error', 'fit.C': 0.5 }, { normalizeRows: true, treatAsLogits: ['s'] });
    expect(options.unit).toBe('bits');
    expect(options.normalizeRows).toBe(true);
    expect(options.treatAsLogits).toEqual(['s']);
    expect(options.fit).toEqual({ C: 0.5, penalty: 'l2', maxIterations: 1000, classWeight: 'none' });
  });
  it("reads the fits' class weights: balanced, else none", () => {
    expect(resolveAnalysisOptions({ 'fit.classWeight': 'balanced' }).fit.classWeight).toBe('balanced');
    expect(resolveAnalysisOptions({ 'fit.classWeight': 'sometimes' }).fit.classWeight).toBe('none');
  });
});

describe('model grouping for Choose Columns', () => {
  it('groups prediction columns by prefix, vectors alone', () => {
    expect(modelPrefix('m1_p0')).toBe('m1');
    expect(modelPrefix('prob2')).toBe('prob');
    const groups = groupModelColumns(['m1_p0', 'm1_p1', 'm2_p0', 'm2_p1', 'probs'], 'probabilities', new Set(['probs']));
    expect(groups.map((g) => [g.name, g.columns])).toEqual([
      ['m1', ['m1_p0', 'm1_p1']],
      ['m2', ['m2_p0', 'm2_p1']],
      ['probs', ['probs']],
    ]);
  });
});

describe('summarizeAnalysis', () => {
  it('reports the numbers in the result unit for executeCommand callers', () => {
    const summary = summarizeAnalysis(analyzeSample('three-class-models.csv'));
    expect(summary.models.map((m) => Number(m.mean.toFixed(6)))).toEqual([1.988595, 0.922037]);
    expect(summary.unit).toBe('bits');
    expect(summary.scoredRows).toBe(3);
  });
});

describe('p-values and durations, as the CLI and the panel both print them', () => {
  it('three decimals for p ≥ 0.001, one significant digit below, a dash for none', () => {
    expect(formatPValue(0.08137)).toBe('0.081');
    expect(formatPValue(0.001)).toBe('0.001');
    expect(formatPValue(8.3e-8)).toBe('8.3e-8');
    expect(formatPValue(0)).toBe('<1e-300');
    expect(formatPValue(NaN)).toBe('—');
    expect(formatDuration(0.0537)).toBe('54 ms');
    expect(formatDuration(1.234)).toBe('1.23 s');
  });
});
