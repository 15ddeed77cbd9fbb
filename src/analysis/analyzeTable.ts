// The analysis of a table held in memory, for the compute worker (open documents) and the CLI
// (`entropy-lens analyze`): choose the columns, validate them (bad rows become problems at their
// cells and are left out; the rest is still scored), decide each model's class order (known, or
// checked against the data and flagged), leave out the rows the core would refuse, score on the
// core once, fit when asked, and assemble the per-row arrays over all rows. No I/O: the caller
// reads the file and adds where it came from.
// This file orchestrates those steps; each lives in its own module.
import { CoreError, isCoreError } from '../core';
import { validateFinite, validateLabels, validateNumeric, validateProbabilities, validateWeights } from '../data';
import type { Table } from '../data';
import { ANALYSIS_SCHEMA_VERSION } from '../protocol/analysis';
import type { AnalysisKind, AnalysisResult, AppliedLoss, ColumnChoice, EntropySummary, FitSummary, KlSummary, ModelResult, RowLoss, SourceRange } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';
import { groupName } from './columnNames';
import { reportCoreRefusals } from './coreRefusals';
import type { ScoredInputs } from './coreRefusals';
import { documentColumns } from './documentColumns';
import { rowTruth, trueClasses } from './documentTruth';
import { klSummary, labelEntropy, predictionEntropies, showsPredictionEntropy } from './entropySummaries';
import { fitRows } from './fitRows';
import { classesOf, labelMatcher, subsetLabels } from './labelSet';
import { appliedLoss, lossWeightingSpecOf } from './lossSettings';
import type { WeightingUse } from './lossSettings';
import type { LossWeightingSpec } from './lossWeighting';
import { classMappingText, orderModels } from './modelClassOrders';
import { scoreModels } from './modelResults';
import { prepareModels } from './preparedModel';
import type { PreparedModel } from './preparedModel';
import { ProblemSink } from './problemSink';
import { fileProblem } from './problems';
import { settingsFields } from './resultAssembly';
import { chooseRowLoss } from './rowLoss';
import { rowTable } from './rowPositions';
import { RowStatuses } from './rowStatuses';
import { gatherMatrix, scatter } from './subset';
import { reportZeroProbabilities } from './zeroProbabilities';
import { AnalysisCancelled } from './workContext';
import type { WorkContext } from './workContext';

/** What to analyse in a table; `columns` omitted means "detect them". */
export interface TableRequest {
  kind: AnalysisKind;
  columns?: ColumnChoice;
  /** Roles set on top of the detected ones (the CLI's --label, --prob, --classes, …). */
  overrides?: Partial<ColumnChoice>;
  options: AnalysisOptions;
  /**
   * The caller reads only what the analysis decides — columns, mapping, class orders and their
   * problems (Analyze File on Disk's head of a file): the models are scored, but their ranking
   * curves, label issues, calibration and paired comparison, the prediction entropies and the
   * per-row loss are left out (on a 256 KB head they were half its analysis).
   */
  decisionsOnly?: boolean;
}

/** An AnalysisResult without where the table came from (the caller adds source, uri, version, size, timing). */
export type TableAnalysis = Omit<AnalysisResult, 'source' | 'uri' | 'documentVersion' | 'selection' | 'size' | 'timing'> & { computeMs: number };

/** Analyze fits a model on the label only when it has at most this many classes (a fit is its own command). */
export const MAX_ANALYZE_FIT_CLASSES = 30;

/** What the caller may add to a table it analyses. */
export interface TableSource {
  /** The document's text: record positions come from one scan of it instead of the index. */
  text?: string;
  /**
   * The whole document when `table` holds only selected lines: class orders are decided on all
   * of its rows, so a selection is scored in the same order as the whole file.
   */
  wholeTable?: () => Table;
}

/**
 * Runs one analysis of a read table. Throws AnalysisCancelled when cancelled; every refusal of
 * the data or the core becomes problems in the result (positioned where possible).
 * Example: sentiment.csv with label and prob_negative, prob_neutral, prob_positive → one model
 * whose classes come from the column names, every 6-decimal row scored as written.
 */
export function analyzeTable(table: Table, request: TableRequest, context: WorkContext, source: TableSource = {}): TableAnalysis {
  const text = source.text;
  const { options, kind } = request;
  const problems = new ProblemSink(options.maxProblems);
  const n = table.rowCount;
  const rows = new RowStatuses(n, problems, options.ignoreMissing);
  rows.addReport({ problems: table.problems, problemCount: table.problemCount });

  const { columns, mapping, classField } = documentColumns(table, request, problems);

  const labelColumn = columns.label !== undefined ? table.labelCodes(columns.label) : undefined;
  // The ignored label (PyTorch's ignore_index) leaves its rows out before anything is decided, so
  // class orders, label checks, scores and fits never see them.
  const isIgnoredLabel = options.loss.ignoreLabel !== '' && labelColumn ? labelMatcher(options.loss.ignoreLabel) : undefined;
  let ignoredLabel: AppliedLoss['ignoredLabel'] = null;
  if (isIgnoredLabel && labelColumn && columns.label !== undefined) {
    ignoredLabel = { value: options.loss.ignoreLabel, rows: rows.ignoreLabelled(labelColumn.codes, labelColumn.distinct.map(isIgnoredLabel), columns.label) };
  }
  const weightingSettings = lossWeightingSpecOf(options.loss);
  for (const problem of weightingSettings.problems) problems.add(problem);
  const labelClasses = labelColumn ? labelColumn.distinct.filter((v) => v !== '').length : 0;
  const wantModels = (kind === 'analyze' || kind === 'columns' || kind === 'crossEntropy' || kind === 'entropy') && (columns.models?.length ?? 0) > 0;
  const wantKl = (kind === 'kl' || kind === 'analyze') && (columns.p?.length ?? 0) > 0 && (columns.q?.length ?? 0) > 0;
  const fitAsked = kind === 'fitLogistic' || kind === 'fitSoftmax';
  const canFit = columns.label !== undefined && (columns.features?.length ?? 0) > 0;
  let wantFit = canFit && (fitAsked || (kind === 'analyze' && !wantModels));
  if (wantFit && !fitAsked && labelClasses > MAX_ANALYZE_FIT_CLASSES) {
    wantFit = false;
    problems.add(
      fileProblem(
        'fit-not-started',
        `"${columns.label}" has ${labelClasses.toLocaleString('en-US')} classes: Analyze fits a model only up to ${MAX_ANALYZE_FIT_CLASSES}. Run Fit Softmax Regression to fit anyway, or choose another label with Choose Columns….`,
        'information',
      ),
    );
  }
  if (kind === 'crossEntropy' && !wantModels) problems.add(fileProblem('no-prediction-columns', 'No probability or logit columns found: use Choose Columns… to pick them.'));
  if (wantModels && columns.label === undefined && !columns.targets) {
    const models = (columns.models ?? []).map((model) => groupName(model)).join(', ');
    problems.add(
      fileProblem(
        'no-truth-column',
        `No label or target columns were recognised for the predictions in ${models}: choose the label with Choose Columns… (or --label).`,
        kind === 'crossEntropy' ? 'error' : 'warning',
      ),
    );
  }
  if (kind === 'kl' && !wantKl) problems.add(fileProblem('no-distribution-columns', 'No P and Q columns: pick two columns of non-negative numbers.'));
  if (fitAsked && !canFit) {
    problems.add(fileProblem('no-fit-columns', columns.label === undefined ? 'No label column to fit: use Choose Columns….' : 'No numeric feature columns to fit: use Choose Columns….'));
  }

  // Validate every column the analysis reads; error problems take their rows out of the scoring.
  if (labelColumn && columns.label) rows.addReport(labelColumn, [columns.label]);
  const needsTruth = wantModels || wantFit;
  const targets = columns.targets && needsTruth ? table.matrix(columns.targets) : undefined;
  if (columns.targets && targets) rows.addReport(validateNumeric(table, columns.targets, options.maxProblems));
  const prepared: PreparedModel[] = wantModels ? prepareModels(table, columns.models ?? [], options, rows, problems) : [];
  const features = wantFit && columns.features ? table.matrix(columns.features) : undefined;
  if (features && columns.features) {
    rows.addReport(validateNumeric(table, columns.features, options.maxProblems));
    rows.addReport(validateFinite(table, columns.features, 'features', options.maxProblems));
  }
  // A weight column (for the fits and the losses): its bad cells (missing, text, negative,
  // infinite) take their rows out.
  const sampleWeights = (features || prepared.length > 0) && columns.sampleWeight !== undefined ? table.matrix([columns.sampleWeight]).values : undefined;
  if (sampleWeights && columns.sampleWeight !== undefined) {
    rows.addReport(validateNumeric(table, [columns.sampleWeight], options.maxProblems));
    rows.addReport(validateWeights(table, columns.sampleWeight, options.maxProblems));
  }
  // P and Q: one column each is a distribution over the rows (normalised by its sum); groups are
  // one distribution per row, checked like probabilities (rounding and normalisation included).
  const distribution = (names: string[] | undefined): { values: Float64Array; width: number; rowSumTolerance: number } | undefined => {
    if (!wantKl || !names) return undefined;
    const matrix = table.matrix(names);
    if (matrix.width === 1) {
      rows.addReport(validateNumeric(table, names, options.maxProblems));
      return { values: matrix.values, width: 1, rowSumTolerance: 0 };
    }
    const report = validateProbabilities(table, names, { normalize: options.normalizeRows, maxProblems: options.maxProblems, matrix });
    rows.addReport(report, names);
    return { values: matrix.values, width: matrix.width, rowSumTolerance: report.rowSumTolerance };
  };
  const pValues = distribution(columns.p);
  const qValues = distribution(columns.q);

  // Class order of every model scored against the label (targets of the model's width are their
  // own truth, in column order). Decided on the rows still scored, before labels outside the
  // classes are reported, so one typo cannot shift the other classes.
  const primaryWidth = prepared[0]?.width ?? 0;
  const targetsAreTruth = targets !== undefined && (primaryWidth === 0 || targets.width === primaryWidth || primaryWidth === 1) && (!labelColumn || primaryWidth > 1);
  let models = prepared;
  if (labelColumn && columns.label && prepared.length > 0 && !targetsAreTruth) {
    models = orderModels(prepared, table, columns, source.wholeTable?.() ?? table, classField?.classes, problems, options.unit, isIgnoredLabel);
    const primary = models[0];
    if (primary?.order && primary.order.rule !== 'explicit') {
      rows.addReport(validateLabels(table, columns.label, primary.order.classes, options.maxProblems, labelColumn));
    }
  }
  if (context.isCancelled()) throw new AnalysisCancelled();
  context.progress('computing', 0, null);

  // Score once, on the rows left after every refusal of the core was decided beforehand: a core
  // error naming rows after that is an internal inconsistency, reported as one problem (as is any
  // other core error here), never thrown and never retried.
  const computeStarted = performance.now();
  const input: ComputeInput = {
    kind,
    decisionsOnly: request.decisionsOnly === true,
    options,
    table,
    columns,
    labelColumn,
    targets: targetsAreTruth ? targets : undefined,
    models,
    features,
    sampleWeights,
    weighting: weightingSettings.spec,
    pValues,
    qValues,
    wantKl,
    wantFit,
    context,
    problems,
  };
  reportCoreRefusals(input, rows);
  let computed: Computed | undefined;
  try {
    computed = compute(input, rows.okRows());
  } catch (error) {
    if (error instanceof AnalysisCancelled || !isCoreError(error)) throw error;
    problems.add(fileProblem(`core-${error.code}`, `The rows could not be scored: ${error.message}`));
  }
  computed ??= {
    classes: [],
    trueClass: new Int32Array(n).fill(-1),
    models: [],
    entropy: null,
    kl: null,
    fit: null,
    rowLoss: null,
    weightingUse: { classWeight: false, positiveWeight: false, labelSmoothing: false },
    weightedLosses: false,
  };
  if (computed.models[0]) reportZeroProbabilities(computed.models[0], table, computed.classes, computed.trueClass, options, problems);

  return {
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    kind,
    ...settingsFields(options),
    loss: appliedLoss(
      weightingSettings.spec,
      computed.weightingUse,
      ignoredLabel,
      sampleWeights && columns.sampleWeight !== undefined && (computed.weightedLosses || computed.fit !== null) ? columns.sampleWeight : null,
    ),
    columns,
    mapping: { ...mapping, classMapping: classMappingText(models[0]?.order) ?? mapping.classMapping },
    table: {
      format: table.format,
      delimiter: table.delimiter ?? null,
      columns: table.columns.map((c) => ({ name: c.name, shape: c.shape, width: c.width, numeric: c.numericCount > 0 && c.textCount === 0 })),
    },
    rows: rowTable(table, text, rows.status, labelColumn, computed.classes, computed.trueClass, columns.id),
    models: computed.models,
    entropy: computed.entropy,
    kl: computed.kl,
    fit: computed.fit,
    rowLoss: computed.rowLoss,
    problems: problems.listed,
    problemCount: problems.count,
    computeMs: performance.now() - computeStarted,
  };
}

interface ComputeInput extends ScoredInputs {
  /** The entropyLens.loss.* weighting asked for (checked), by label text. */
  weighting: LossWeightingSpec;
  decisionsOnly: boolean;
  context: WorkContext;
  problems: ProblemSink;
}

interface Computed {
  classes: string[];
  trueClass: Int32Array;
  models: ModelResult[];
  entropy: EntropySummary | null;
  kl: KlSummary | null;
  fit: FitSummary | null;
  rowLoss: RowLoss | null;
  /** Which weighting options some model was scored with. */
  weightingUse: WeightingUse;
  /** Whether the models' losses were weighted by the sample-weight column. */
  weightedLosses: boolean;
}

function compute(input: ComputeInput, rowIds: Int32Array): Computed {
  const { table, columns, labelColumn, models, context, problems, options, kind } = input;
  const n = table.rowCount;
  const m = rowIds.length;
  const set = labelColumn ? subsetLabels(labelColumn, rowIds) : undefined;
  // Where a flagged row's label is written (the editor's diagnostics and navigation go there).
  const labelIndex = columns.label !== undefined ? table.column(columns.label)?.index : undefined;
  const labelCell = (row: number): SourceRange | null => {
    const range = labelIndex === undefined ? undefined : table.index.cellRange(row, labelIndex);
    return range ? { start: { ...range.start }, end: { ...range.end } } : null;
  };

  const primary = models[0];
  const decided = rowTruth(input.targets, columns.targets, set, primary, rowIds, problems);
  const truth = decided.truth;
  let classes = decided.classes;
  const trueClass = trueClasses(truth, rowIds, n);

  // Models, side by side, each in the primary model's class order.
  const {
    models: modelResults,
    weightingUse,
    weightedLosses,
  } = scoreModels(models, truth, classes, rowIds, n, {
    options,
    sampleWeights: input.sampleWeights,
    sampleWeightColumn: columns.sampleWeight,
    weighting: input.weighting,
    labelCell,
    context,
    problems,
    decisionsOnly: input.decisionsOnly,
  });

  // Label entropy (cheap, shown whenever there is a label).
  const { entropy, surprisal } = labelEntropy(set, classes, kind === 'entropy', rowIds, n);

  let kl: KlSummary | null = null;
  if (input.wantKl && input.pValues && input.qValues && columns.p && columns.q && m > 0) {
    kl = klSummary(columns.p, columns.q, input.pValues, input.qValues, rowIds, n, options.normalizeRows, problems);
  }

  let fit: FitSummary | null = null;
  if (input.wantFit && input.features && set && columns.features && m > 0) {
    context.progress('fitting', 0, options.fit.maxIterations);
    const x = gatherMatrix(input.features.values, input.features.width, rowIds);
    const weights = input.sampleWeights ? gatherMatrix(input.sampleWeights, 1, rowIds).data : undefined;
    const model = kind === 'fitLogistic' ? 'logistic' : kind === 'fitSoftmax' ? 'softmax' : classesOf(set).length <= 2 ? 'logistic' : 'softmax';
    try {
      const fitted = fitRows(
        model,
        x,
        set,
        columns.features,
        columns.positiveLabel,
        options.fit,
        context,
        weights === undefined ? undefined : { column: columns.sampleWeight as string, values: weights },
      );
      fit = {
        ...fitted.summary,
        fittedTrueClassProbability: scatter(fitted.trueClassProbability, rowIds, n),
        margin: scatter(fitted.margin, rowIds, n),
        lossNats: scatter(fitted.lossNats, rowIds, n),
      };
      if (!truth || modelResults.length === 0) {
        classes = fitted.summary.classes;
        for (let k = 0; k < m; k++) trueClass[rowIds[k] as number] = fitted.truth[k] as number;
      }
    } catch (error) {
      if (error instanceof CoreError && error.code === 'cancelled') throw new AnalysisCancelled();
      if (!isCoreError(error) || error.rows.length > 0) throw error;
      problems.add(fileProblem(`core-${error.code}`, `Fit: ${error.message}`));
    }
  }

  // Per-row entropy of the prediction when entropy was asked and there is no label.
  const predictionEntropy = !input.decisionsOnly && showsPredictionEntropy(kind, labelColumn) && primary ? predictionEntropies(primary, rowIds, n, options.normalizeRows) : undefined;

  const rowLoss = input.decisionsOnly ? null : chooseRowLoss(kind, modelResults, fit, kl, surprisal, predictionEntropy);
  return { classes, trueClass, models: modelResults, entropy, kl, fit, rowLoss, weightingUse, weightedLosses };
}
