// `entropy-lens label-issues`: the rows whose label is probably wrong, by confident learning (the
// rule cleanlab's find_label_issues(filter_by='confident_learning') applies), with no Python. The
// thresholds come from the one accumulator's class means (analysis/labelIssues.ts, the editor's road too); the probabilities should be
// out-of-sample (cross_val_predict), or a model that memorised its labels finds nothing.
import { findLabelIssues } from '../../analysis/labelIssues';
import type { ClassLabel, LabelIssue } from '../../core';
import { single, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { asNumbersWhenNumeric, count, formatTableNumber, table } from '../output';
import { ignoredJson, ignoredText, labelTruth, readCrossEntropyInput } from './crossEntropy';
import type { IgnoredLabel } from '../../analysis/labelSet';

/** Issues printed in the text report (--json lists every one). */
const TEXT_LIMIT = 50;

export function runLabelIssues(context: CommandContext): CommandOutput {
  const { args, table: data } = context;
  if (single(args, 'label') === undefined) throw new UsageError('label-issues needs --label COL');
  const input = readCrossEntropyInput(context);
  if (input.models.length !== 1) throw new UsageError('label-issues takes one model: one --prob or --logit group');
  const model = input.models[0]!;
  const truth = labelTruth(input, model)!;
  const classes = model.order!.classes;
  const given = truth.kind === 'indices' ? truth.indices : Int32Array.from(truth.kind === 'binary' ? truth.y : []);
  const { thresholds, issues, leftOut } = findLabelIssues(model.kind, model.values, given, {
    normalize: input.options.normalize,
    ...(model.rowSumTolerance !== undefined ? { rowSumTolerance: model.rowSumTolerance } : {}),
  });
  if (leftOut.length > 0) throw new UsageError(`${count(leftOut.length, 'row')} of ${model.columns.join(',')} could not be read as probabilities (first: row ${leftOut[0]! + 1})`);
  // Issues name the file's rows (with --ignore-label the scored rows are a subset of them).
  const fileRow = (row: number): number => (input.ignored ? (input.ignored.keptRows[row] as number) : row);
  const inFile = issues.map((issue) => ({ ...issue, row: fileRow(issue.row) }));
  const lineOf = (row: number): number => data.index.rowRange(row).start.line + 1;
  return report(classes, thresholds, inFile, lineOf, model.values.rows, model.columns, input.ignored);
}

function report(
  classes: readonly ClassLabel[],
  thresholds: readonly number[],
  issues: readonly LabelIssue[],
  lineOf: (row: number) => number,
  rows: number,
  columns: readonly string[],
  ignored: IgnoredLabel | undefined,
): CommandOutput {
  const names = asNumbersWhenNumeric(classes);
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const json = {
    n: rows,
    ...(ignored ? { ignored: ignoredJson(ignored) } : {}),
    columns,
    thresholds: Object.fromEntries(classes.map((c, k) => [String(c), finite(thresholds[k]!)])),
    count: issues.length,
    issues: issues.map((issue) => ({
      row: issue.row + 1,
      line: lineOf(issue.row),
      given: names[issue.given],
      suggested: names[issue.suggested],
      selfConfidence: issue.selfConfidence,
      suggestedProbability: issue.suggestedProbability,
      threshold: issue.threshold,
    })),
  };
  const shown = issues.slice(0, TEXT_LIMIT);
  const text = [
    `Likely label errors (confident learning) in ${count(rows, 'row')}${ignored ? `, ${ignoredText(ignored)}` : ''}: ${issues.length === 0 ? 'none' : `${count(issues.length, 'row')} (${formatTableNumber((100 * issues.length) / rows, 3)} %)`}`,
    `thresholds (mean p of each class over its rows): ${classes.map((c, k) => `${String(c)} ${Number.isFinite(thresholds[k]!) ? formatTableNumber(thresholds[k]!, 4) : '– (no rows)'}`).join(', ')}`,
    ...(shown.length > 0
      ? [
          '',
          table(
            ['row', 'line', 'given', 'p(given)', 'suggested', 'p(suggested)', 'its threshold'],
            shown.map((issue) => [
              String(issue.row + 1),
              String(lineOf(issue.row)),
              String(classes[issue.given]),
              formatTableNumber(issue.selfConfidence, 4),
              String(classes[issue.suggested]),
              formatTableNumber(issue.suggestedProbability, 4),
              formatTableNumber(issue.threshold, 4),
            ]),
          ),
        ]
      : []),
    ...(issues.length > shown.length ? [`… and ${count(issues.length - shown.length, 'more row')} (--json lists every one)`] : []),
    '',
    'The probabilities should be out-of-sample (cross-validated, e.g. cross_val_predict): on the rows a model was fitted to, its own labels look right.',
  ].join('\n');
  return { json, text };
}
