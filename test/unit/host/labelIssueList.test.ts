// The editor's likely label errors (confident learning, the first model's): information diagnostics
// on each flagged row's label cell with a message a user acts on, capped with a line saying how
// many more; and Go to Next / Previous Likely Label Error's choice, by file line, wrapping around.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABEL_ISSUE_CODE, labelIssueDiagnostics, labelIssueList, labelIssueStatus, MORE_LABEL_ISSUES_CODE, stepLabelIssue } from '../../../src/host/labelIssueList';
import type { LabelIssueList } from '../../../src/host/labelIssueList';
import type { AnalysisResult, ModelLabelIssues, SourceRange } from '../../../src/protocol/analysis';
import { analyzeFixture, REALISTIC } from './realistic';

const lines = (name: string): string[] => readFileSync(join(REALISTIC, name), 'utf8').split(/\r?\n/);
const text = (fileLines: string[], range: SourceRange): string => {
  expect(range.end.line).toBe(range.start.line);
  return (fileLines[range.start.line] ?? '').slice(range.start.character, range.end.character);
};

/** The result with its first model's label-issue report replaced. */
function withReport(result: AnalysisResult, change: (report: ModelLabelIssues) => ModelLabelIssues | undefined): AnalysisResult {
  const [first, ...rest] = result.models;
  const report = first?.labelIssues ? change(first.labelIssues) : undefined;
  return { ...result, models: first ? [{ ...first, ...(report ? { labelIssues: report } : { labelIssues: undefined }) }, ...rest] : [] };
}

describe('likely label errors: where they are and what the Problems panel says', () => {
  const iris = analyzeFixture('iris-two-models.csv');
  const irisLines = lines('iris-two-models.csv');

  it('lists the first model’s flagged rows in file order, each at its label cell (the species column of the CSV)', () => {
    const list = labelIssueList(iris)!;
    expect(list.model).toBe('nb');
    expect(list.severalModels).toBe(true);
    expect(list.count).toBe(3);
    // cleanlab's rows 107, 120, 78 (least self-confident first), here in file order; line = row + 1 (the header).
    expect(list.entries.map((entry) => [entry.row, entry.range.start.line])).toEqual([
      [77, 78],
      [106, 107],
      [119, 120],
    ]);
    expect(list.entries.map((entry) => text(irisLines, entry.range))).toEqual(['versicolor', 'virginica', 'virginica']);
    expect(list.entries.map((entry) => [entry.given, entry.suggested, entry.rank])).toEqual([
      ['versicolor', 'virginica', 2],
      ['virginica', 'versicolor', 0],
      ['virginica', 'versicolor', 1],
    ]);
  });

  it('gives one information diagnostic per error on its label cell, saying the label, its probability and the class the model is sure of', () => {
    const diagnostics = labelIssueDiagnostics(iris);
    expect(diagnostics).toHaveLength(3);
    expect(diagnostics.every((d) => d.code === LABEL_ISSUE_CODE)).toBe(true);
    expect(diagnostics[1]).toEqual({
      range: { start: { line: 107, character: 16 }, end: { line: 107, character: 25 } },
      message: "Likely mislabelled: labelled virginica, p(virginica) 0.02473; p(versicolor) 0.9753 ≥ versicolor's threshold 0.9059 (confident learning on nb) — check this row's label",
      code: LABEL_ISSUE_CODE,
    });
  });

  it('puts a JSON Lines record’s diagnostic on its "label" value (digits sample of ten named classes)', () => {
    const result = analyzeFixture('digits-names-classes.jsonl');
    const digitsLines = lines('digits-names-classes.jsonl');
    const diagnostics = labelIssueDiagnostics(result);
    expect(diagnostics).toHaveLength(10);
    const first = diagnostics[0]!;
    expect(first.range.start.line).toBe(87);
    expect(text(digitsLines, first.range)).toBe('"four"');
    // One model: no model name in the message.
    expect(first.message).toBe("Likely mislabelled: labelled four, p(four) 0.07357; p(one) 0.8971 ≥ one's threshold 0.7385 (confident learning) — check this row's label");
    const rows = diagnostics.map((d) => d.range.start.line);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });

  it('above the cap keeps the least self-confident, in file order, and says how many more there are', () => {
    const result = analyzeFixture('breast-cancer-proba.csv');
    const report = result.models[0]!.labelIssues!;
    expect(report.count).toBe(33);
    const diagnostics = labelIssueDiagnostics(result, 10);
    expect(diagnostics).toHaveLength(11);
    const listed = diagnostics.slice(0, 10);
    const surest = report.issues
      .slice(0, 10)
      .map((issue) => result.rows.firstLine[issue.row]!)
      .sort((a, b) => a - b);
    expect(listed.map((d) => d.range.start.line)).toEqual(surest);
    expect(diagnostics[10]).toEqual({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: '23 more likely label errors not listed here (33 in all; these are the 10 least self-confident). Go to Next Likely Label Error and the results panel go through 33.',
      code: MORE_LABEL_ISSUES_CODE,
    });
    expect(labelIssueDiagnostics(result)).toHaveLength(33);
  });

  it('says so when the analysis itself flagged more rows than it lists', () => {
    const truncated = withReport(iris, (report) => ({ ...report, count: 3 + 1_234 }));
    const diagnostics = labelIssueDiagnostics(truncated);
    expect(diagnostics).toHaveLength(4);
    expect(diagnostics[3]!.message).toBe('1,234 more likely label errors not listed here (1,237 in all; these are the 3 least self-confident).');
    expect(labelIssueStatus(labelIssueList(truncated)!, 0, false)).toBe('Likely label error 1 of 3 listed (1,237 flagged): line 79, labelled versicolor, suggested virginica');
  });

  it('falls back to the whole record when the label cell has no known place', () => {
    const unplaced = withReport(iris, (report) => ({ ...report, issues: report.issues.map((issue) => ({ ...issue, labelRange: null })) }));
    const entry = labelIssueList(unplaced)!.entries[0]!;
    expect(entry.range).toEqual({ start: { line: 78, character: 0 }, end: { line: 78, character: irisLines[78]!.length } });
  });

  it('gives nothing without a model scored against a label, or when nothing was flagged', () => {
    const noModel = { ...iris, models: [] };
    expect(labelIssueList(noModel)).toBeNull();
    expect(labelIssueDiagnostics(noModel)).toEqual([]);
    const clean = withReport(iris, (report) => ({ ...report, count: 0, issues: [] }));
    expect(labelIssueList(clean)!.entries).toEqual([]);
    expect(labelIssueDiagnostics(clean)).toEqual([]);
  });
});

describe('Go to Next / Previous Likely Label Error: which one, by file line', () => {
  const at = (line: number, character = 4): { range: SourceRange } => ({ range: { start: { line, character }, end: { line, character: character + 3 } } });
  const entries = [at(3), at(52), at(88)];

  it('goes to the first error on a line after the cursor’s, or the last on a line before it', () => {
    expect(stepLabelIssue(entries, { line: 52, character: 0 }, 'next')).toEqual({ index: 2, wrapped: false });
    expect(stepLabelIssue(entries, { line: 52, character: 10 }, 'previous')).toEqual({ index: 0, wrapped: false });
    expect(stepLabelIssue(entries, { line: 10, character: 0 }, 'next')).toEqual({ index: 1, wrapped: false });
    expect(stepLabelIssue(entries, { line: 10, character: 0 }, 'previous')).toEqual({ index: 0, wrapped: false });
  });

  it('wraps around past the last and before the first', () => {
    expect(stepLabelIssue(entries, { line: 88, character: 0 }, 'next')).toEqual({ index: 0, wrapped: true });
    expect(stepLabelIssue(entries, { line: 90, character: 0 }, 'next')).toEqual({ index: 0, wrapped: true });
    expect(stepLabelIssue(entries, { line: 3, character: 9 }, 'previous')).toEqual({ index: 2, wrapped: true });
    expect(stepLabelIssue(entries, { line: 0, character: 0 }, 'previous')).toEqual({ index: 2, wrapped: true });
  });

  it('from an error’s label cell (where the last step left the cursor) moves to its neighbour, also on the same line', () => {
    const sameLine = [at(3, 4), at(3, 40), at(9)];
    expect(stepLabelIssue(sameLine, { line: 3, character: 4 }, 'next')).toEqual({ index: 1, wrapped: false });
    expect(stepLabelIssue(sameLine, { line: 3, character: 40 }, 'previous')).toEqual({ index: 0, wrapped: false });
    expect(stepLabelIssue(sameLine, { line: 3, character: 40 }, 'next')).toEqual({ index: 2, wrapped: false });
    expect(stepLabelIssue(sameLine, { line: 9, character: 4 }, 'next')).toEqual({ index: 0, wrapped: true });
  });

  it('has nowhere to go without errors', () => {
    expect(stepLabelIssue([], { line: 0, character: 0 }, 'next')).toEqual({ index: -1, wrapped: false });
  });

  it('says which error of how many, its line, label and suggested class', () => {
    const entry = (line: number, given: string, suggested: string) => ({
      row: line - 1,
      range: at(line).range,
      given,
      suggested,
      selfConfidence: 0.03,
      suggestedProbability: 0.97,
      threshold: 0.81,
      rank: 0,
    });
    const list: LabelIssueList = {
      model: 'probs',
      severalModels: false,
      count: 17,
      entries: Array.from({ length: 17 }, (_, k) => (k === 2 ? entry(87, 'cat', 'dog') : entry(k < 2 ? k + 1 : 100 + k, 'a', 'b'))),
    };
    expect(labelIssueStatus(list, 2, false)).toBe('Likely label error 3 of 17: line 88, labelled cat, suggested dog');
    expect(labelIssueStatus(list, 0, true)).toBe('Likely label error 1 of 17: line 2, labelled a, suggested b (wrapped to the first)');
    expect(labelIssueStatus(list, 16, true)).toMatch(/ \(wrapped to the last\)$/);
  });
});
