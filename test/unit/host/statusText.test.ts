// The status bar's selection part and the rule behind it: only a selection of whole lines narrows
// (a word left selected inside one line does not), and the bar then says how many rows it holds.
import { describe, expect, it } from 'vitest';
import { selectedLines } from '../../../src/host/selectionLines';
import { statusText } from '../../../src/host/statusText';
import { analyzeSample } from './helpers';

const at = (startLine: number, startCharacter: number, endLine: number, endCharacter: number) => ({
  start: { line: startLine, character: startCharacter },
  end: { line: endLine, character: endCharacter },
});
/** Every line is 10 characters long. */
const tenWide = (): number => 10;

describe('selectedLines', () => {
  it('is nothing for an empty selection or one inside a line', () => {
    expect(selectedLines(at(3, 4, 3, 4), tenWide)).toBeNull();
    expect(selectedLines(at(3, 2, 3, 6), tenWide)).toBeNull();
    expect(selectedLines(at(3, 0, 3, 6), tenWide)).toBeNull();
    expect(selectedLines(at(3, 2, 3, 10), tenWide)).toBeNull();
    expect(selectedLines(at(3, 2, 4, 0), tenWide)).toBeNull();
  });
  it("is the line when one whole line is selected, to its end or to the next line's start", () => {
    expect(selectedLines(at(3, 0, 3, 10), tenWide)).toEqual({ startLine: 3, endLine: 3 });
    expect(selectedLines(at(3, 0, 4, 0), tenWide)).toEqual({ startLine: 3, endLine: 3 });
    expect(selectedLines(at(3, 0, 4, 0), () => 0)).toEqual({ startLine: 3, endLine: 3 });
  });
  it('is every line touched by a selection over several lines, not a last line reached at column 0', () => {
    expect(selectedLines(at(2, 0, 5, 0), tenWide)).toEqual({ startLine: 2, endLine: 4 });
    expect(selectedLines(at(2, 4, 3, 1), tenWide)).toEqual({ startLine: 2, endLine: 3 });
    expect(selectedLines(at(2, 0, 3, 5), tenWide)).toEqual({ startLine: 2, endLine: 3 });
  });
});

describe('statusText selection', () => {
  const result = analyzeSample('binary-predictions.json');
  const context = { stale: false, running: false, cursor: null };
  it('says how many rows the selection holds and their mean loss', () => {
    expect(statusText(result, { ...context, selection: { startLine: 1, endLine: 2 } }).text).toBe('$(pulse) 0.52201 bits · n=4 · selection: 2 rows, mean 0.418251 bits');
    expect(statusText(result, { ...context, selection: { startLine: 3, endLine: 3 } }).text).toBe('$(pulse) 0.52201 bits · n=4 · selection: 1 row, mean 0.736966 bits');
  });
  it('says nothing about a selection that holds no rows', () => {
    expect(statusText(result, { ...context, selection: { startLine: 0, endLine: 0 } }).text).toBe('$(pulse) 0.52201 bits · n=4');
  });
  it('counts rows that were not scored, and says how many were', () => {
    const bad = analyzeSample('bad.csv', 'crossEntropy', 'bits', 'label,p\n1,0.8\n0,1.2\n1,0.5\n', { label: 'label', models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] });
    expect(statusText(bad, { ...context, selection: { startLine: 1, endLine: 3 } }).text).toBe('$(pulse) 0.660964 bits · n=2 · selection: 3 rows, 2 scored, mean 0.660964 bits');
  });
});
