// What the core would refuse in a document analysis, decided before it runs so that it runs once:
// each check applies the core's own rule (its refusals as values) to the inputs compute() passes
// it, on the rows still scored, and each refused row becomes a problem at its cell in the core's
// words. The data layer's checks catch most of these first; these catch the rest (rules only the
// core has, and rows past the data layer's listing cap).
import type { RowRefusal } from '../core';
import type { Table } from '../data';
import type { AnalysisKind, ColumnChoice } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';
import { labelTruthClasses, rowTruth } from './documentTruth';
import { klRefusals, predictionEntropyRefusals, showsPredictionEntropy } from './entropySummaries';
import type { Distribution } from './entropySummaries';
import { featureRefusals, sampleWeightRefusals } from './fitRows';
import { labelRefusals, subsetLabels } from './labelSet';
import type { LabelSet } from './labelSet';
import { modelRefusals } from './modelResults';
import type { PreparedModel } from './preparedModel';
import { ProblemSink } from './problemSink';
import { refusalProblem } from './problems';
import type { RowStatuses } from './rowStatuses';
import { gatherMatrix } from './subset';

/** What compute() reads from the table and scores on the core. */
export interface ScoredInputs {
  kind: AnalysisKind;
  options: AnalysisOptions;
  table: Table;
  columns: ColumnChoice;
  /** Every row's label (missing cells: the text ''). */
  labelColumn: LabelSet | undefined;
  /** Target columns that are the truth (one-hot or soft), when they are. */
  targets: { values: Float64Array; width: number } | undefined;
  models: readonly PreparedModel[];
  features: { values: Float64Array; width: number } | undefined;
  /** Every row's sample weight (the chosen weight column), for the fits and the losses. */
  sampleWeights: Float64Array | undefined;
  pValues: Distribution | undefined;
  qValues: Distribution | undefined;
  wantKl: boolean;
  wantFit: boolean;
}

/**
 * Reports, through `rows` (which takes them out), every row still scored that compute() would
 * have the core refuse: first labels outside the classes the truth is encoded against (the truth
 * of the other checks depends on them), then, on the rows left, each model's scoring, KL, the
 * prediction entropies, the fit's features and the sample weights. A row refused by several
 * checks gets a problem from each. O(rows · columns), and no core error is thrown or caught.
 * Example: a single probability column holding 1.5 with normalize on (the data layer rescales
 * groups only) → `Row 2, column "p": probability 1.5 is outside [0, 1]`, and row 2 is left out.
 */
export function reportCoreRefusals(input: ScoredInputs, rows: RowStatuses): void {
  const { table, columns, options, kind } = input;
  let rowIds = rows.okRows();
  // A refusal of row k of `rowIds` in the group `names`: at the cell of its column, or across the
  // group when it names none (a row sum).
  const report = (refusal: RowRefusal, names: readonly string[]): void => {
    const column = componentColumn(names, refusal.column);
    rows.report(refusalProblem(refusal, table, rowIds[refusal.row] as number, column, refusal.column === undefined ? names : [column]));
  };

  const primary = input.models[0];
  const classes = labelTruthClasses(input.targets, columns.targets, primary);
  if (input.labelColumn && columns.label !== undefined && classes) {
    const refused = labelRefusals(subsetLabels(input.labelColumn, rowIds), classes);
    for (const refusal of refused) report(refusal, [columns.label]);
    if (refused.length > 0) rowIds = rows.okRows();
  }
  if (rowIds.length === 0) return;
  const set = input.labelColumn ? subsetLabels(input.labelColumn, rowIds) : undefined;

  // The truth the models are scored against, as compute decides it (its file-level refusals are
  // compute's to report, so they go nowhere here).
  const { truth } = input.models.length > 0 ? rowTruth(input.targets, columns.targets, set, primary, rowIds, new ProblemSink(0)) : { truth: undefined };
  const truthColumns = truth?.kind === 'soft' ? columns.targets : columns.label !== undefined ? [columns.label] : undefined;
  for (const { model, refused } of modelRefusals(input.models, truth, rowIds, options)) {
    report(refused.refusal, refused.in === 'truth' && truthColumns ? truthColumns : model.columns.columns);
  }

  if (input.wantKl && input.pValues && input.qValues && columns.p && columns.q) {
    const sides = { p: columns.p, q: columns.q };
    for (const { side, refusal } of klRefusals(input.pValues, input.qValues, rowIds, options.normalizeRows)) report(refusal, sides[side]);
  }

  if (showsPredictionEntropy(kind, input.labelColumn) && primary) {
    for (const refusal of predictionEntropyRefusals(primary, rowIds, options.normalizeRows)) report(refusal, primary.columns.columns);
  }

  if (input.wantFit && input.features && set && columns.features) {
    const x = gatherMatrix(input.features.values, input.features.width, rowIds);
    for (const refusal of featureRefusals(x)) report(refusal, columns.features);
  }

  // The weights are checked whenever they are read (as the data layer checks them): the fits
  // refuse them, and the losses they weigh would be wrong numbers.
  if (input.sampleWeights && columns.sampleWeight !== undefined) {
    for (const refusal of sampleWeightRefusals(gatherMatrix(input.sampleWeights, 1, rowIds).data)) report(refusal, [columns.sampleWeight]);
  }
}

/** The column holding component `k` of a group (a vector column holds them all); its first column when none is named. */
function componentColumn(names: readonly string[], k: number | undefined): string {
  return (names.length > 1 && k !== undefined ? names[k] : undefined) ?? (names[0] as string);
}
