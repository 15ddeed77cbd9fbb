// A document's likely label errors (the first model's confident-learning flags) in file order, for
// the information diagnostics on their label cells and Go to Next / Previous Likely Label Error:
// each one's place, message and status text, and which one a step from the cursor lands on.
// Pure (no vscode): the host turns the ranges into Diagnostics and selections.
import type { AnalysisResult, SourcePosition, SourceRange } from '../protocol/analysis';
import { formatNumber } from '../protocol/numberFormat';

/** `Diagnostic.code` of a likely label error, and of the line saying that some were not listed. */
export const LABEL_ISSUE_CODE = 'likely-label-error';
export const MORE_LABEL_ISSUES_CODE = 'more-label-errors';

/**
 * Label errors put in the Problems panel at most: the data problems' cap (AnalysisOptions
 * maxProblems), so one setting never floods the panel; the least self-confident are kept.
 */
export const LABEL_ISSUE_DIAGNOSTICS_CAP = 1_000;

/** One likely label error, where its label is written. */
export interface LabelIssueEntry {
  /** 0-based data row. */
  row: number;
  /** The label cell (or the whole record when the cell's place is unknown). */
  range: SourceRange;
  given: string;
  suggested: string;
  /** p(given class), p(suggested class) and the suggested class's threshold (its mean p over its rows). */
  selfConfidence: number;
  suggestedProbability: number;
  threshold: number;
  /** 0-based place in the least-self-confident-first order (0 = the surest error). */
  rank: number;
}

export interface LabelIssueList {
  /** The model whose probabilities flagged the rows, and whether the analysis has several. */
  model: string;
  severalModels: boolean;
  /** The listed errors with a place in the document, in file order. */
  entries: LabelIssueEntry[];
  /** Rows flagged in all (the analysis lists at most the 10,000 least self-confident). */
  count: number;
}

const lists = new WeakMap<AnalysisResult, LabelIssueList | null>();

/**
 * The likely label errors of the result's first model (the one the hover and the status bar
 * speak of), in file order; null when no model was scored against a label column. Rows without
 * a source position (an analysis of the file on disk) are left out. Computed once per result.
 * Example: the digits sample flags one row → entries [{ row: 87, given: 'four', suggested: 'one', … }].
 */
export function labelIssueList(result: AnalysisResult): LabelIssueList | null {
  if (lists.has(result)) return lists.get(result) ?? null;
  const model = result.models[0];
  const report = model?.labelIssues;
  let list: LabelIssueList | null = null;
  if (model && report) {
    const names = (model.classOrder?.classes ?? result.rows.classes).map(String);
    const entries: LabelIssueEntry[] = [];
    report.issues.forEach((issue, rank) => {
      const range = issue.labelRange ?? recordRange(result, issue.row);
      if (!range) return;
      entries.push({
        row: issue.row,
        range,
        given: names[issue.given] ?? String(issue.given),
        suggested: names[issue.suggested] ?? String(issue.suggested),
        selfConfidence: issue.selfConfidence,
        suggestedProbability: issue.suggestedProbability,
        threshold: issue.threshold,
        rank,
      });
    });
    entries.sort((a, b) => compare(a.range.start, b.range.start) || a.row - b.row);
    list = { model: model.columns.name, severalModels: result.models.length > 1, entries, count: report.count };
  }
  lists.set(result, list);
  return list;
}

/** The record's span, for an issue whose label cell has no known place; null without positions. */
function recordRange(result: AnalysisResult, row: number): SourceRange | null {
  const { firstLine, lastLine, startCharacter, endCharacter } = result.rows;
  const first = firstLine[row];
  const last = lastLine[row];
  if (first === undefined || last === undefined) return null;
  return { start: { line: first, character: startCharacter[row] ?? 0 }, end: { line: last, character: endCharacter[row] ?? 0 } };
}

function compare(a: SourcePosition, b: SourcePosition): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * The Problems-panel message of one likely label error: what the row is labelled, how unlikely
 * the model finds that label, and the class it is sure of instead, against that class's threshold.
 * Example: 'Likely mislabelled: labelled four, p(four) 0.07079; p(one) 0.8971 ≥ one's threshold
 * 0.8671 (confident learning) — check this row's label'.
 */
export function labelIssueMessage(entry: LabelIssueEntry, list: Pick<LabelIssueList, 'model' | 'severalModels'>): string {
  const p = (value: number): string => formatNumber(value, 4);
  const method = list.severalModels ? `confident learning on ${list.model}` : 'confident learning';
  return (
    `Likely mislabelled: labelled ${entry.given}, p(${entry.given}) ${p(entry.selfConfidence)}; ` +
    `p(${entry.suggested}) ${p(entry.suggestedProbability)} ≥ ${entry.suggested}'s threshold ${p(entry.threshold)} (${method}) — check this row's label`
  );
}

/** What a diagnostic needs, without vscode: range, message, code (severity: always information). */
export interface LabelIssueDiagnostic {
  range: SourceRange;
  message: string;
  code: string;
}

/**
 * The information diagnostics of a result's likely label errors: one on each label cell, at most
 * `cap` of them (the least self-confident), in file order, then a line at the top of the file
 * saying how many were left out and where to find them. Empty when nothing was flagged.
 * Example: breast-cancer-proba.csv with cap 10 → 10 diagnostics and '23 more likely label errors
 * not listed here (33 in all; these are the 10 least self-confident). …'.
 */
export function labelIssueDiagnostics(result: AnalysisResult, cap = LABEL_ISSUE_DIAGNOSTICS_CAP): LabelIssueDiagnostic[] {
  const list = labelIssueList(result);
  if (!list || list.entries.length === 0) return [];
  const shown = list.entries.length > cap ? list.entries.filter((entry) => entry.rank < cap) : list.entries;
  const diagnostics = shown.map((entry) => ({ range: entry.range, message: labelIssueMessage(entry, list), code: LABEL_ISSUE_CODE }));
  const unlisted = list.count - shown.length;
  if (unlisted > 0) {
    const navigable = list.entries.length > shown.length ? ` Go to Next Likely Label Error and the results panel go through ${count(list.entries.length)}.` : '';
    diagnostics.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `${count(unlisted)} more likely label errors not listed here (${count(list.count)} in all; these are the ${count(shown.length)} least self-confident).${navigable}`,
      code: MORE_LABEL_ISSUES_CODE,
    });
  }
  return diagnostics;
}

export type StepDirection = 'next' | 'previous';

/**
 * Which entry a step goes to from the cursor, by file line: `next` is the first error on a line
 * after the cursor's, `previous` the last on a line before it, each wrapping around the file.
 * When the cursor stands at an error's label cell (where the last step put it), the step goes to
 * the error after (before) that one, so errors sharing a line are visited too. -1 without entries.
 * Example: errors on lines [3, 52, 88], cursor on line 52 → next 2 (line 88), previous 0 (line 3);
 * cursor on line 90 → next 0 (wrapped), previous 2.
 */
export function stepLabelIssue(entries: readonly Pick<LabelIssueEntry, 'range'>[], cursor: SourcePosition, direction: StepDirection): { index: number; wrapped: boolean } {
  const n = entries.length;
  if (n === 0) return { index: -1, wrapped: false };
  const at = entries.findIndex((entry) => compare(entry.range.start, cursor) === 0);
  if (at >= 0) {
    if (direction === 'next') return at + 1 < n ? { index: at + 1, wrapped: false } : { index: 0, wrapped: true };
    return at > 0 ? { index: at - 1, wrapped: false } : { index: n - 1, wrapped: true };
  }
  if (direction === 'next') {
    const index = entries.findIndex((entry) => entry.range.start.line > cursor.line);
    return index >= 0 ? { index, wrapped: false } : { index: 0, wrapped: true };
  }
  for (let index = n - 1; index >= 0; index--) if ((entries[index] as LabelIssueEntry).range.start.line < cursor.line) return { index, wrapped: false };
  return { index: n - 1, wrapped: true };
}

/**
 * The status-bar text after a step: which error of how many, its line (1-based), label and the
 * suggested class; whether the step wrapped around; how many more were flagged than listed.
 * Example: 'Likely label error 3 of 17: line 88, labelled cat, suggested dog'.
 */
export function labelIssueStatus(list: LabelIssueList, index: number, wrapped: boolean): string {
  const entry = list.entries[index];
  if (!entry) return '';
  const total = list.count > list.entries.length ? `${count(list.entries.length)} listed (${count(list.count)} flagged)` : count(list.entries.length);
  const around = wrapped && list.entries.length > 1 ? (index === 0 ? ' (wrapped to the first)' : ' (wrapped to the last)') : '';
  return `Likely label error ${count(index + 1)} of ${total}: line ${count(entry.range.start.line + 1)}, labelled ${entry.given}, suggested ${entry.suggested}${around}`;
}

/** An integer with thousands separators: 12,345 (no locale lookup). */
function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
