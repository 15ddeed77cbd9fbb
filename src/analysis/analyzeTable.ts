// The analysis of a table held in memory, for the compute worker (open documents) and the CLI
// (`entropy-lens analyze`): choose the columns, validate them (bad rows become problems at their
// cells and are left out; the rest is still scored), decide each model's class order (known, or
// checked against the data and flagged), score on the core, fit when asked, and assemble the
// per-row arrays over all rows. No I/O: the caller reads the file and adds where it came from.
import { bootstrapIntervals, CoreError, divergence, isCoreError, rowDivergences, rowEntropies, sameLabel } from '../core';
import type { BootstrapModel, Epsilon, LossWeighting, Matrix } from '../core';
import { componentNames, decimalCommaColumns, findClassNames, findIdentifier, inferRoles, validateFinite, validateLabels, validateNumeric, validateProbabilities, validateWeights } from '../data';
import type { Problem, ProblemReport, RoleMapping, Table } from '../data';
import { LABEL_TEXT_ROW_LIMIT, natsToUnit, RowStatus } from '../protocol/analysis';
import type {
  AnalysisKind,
  AnalysisProblem,
  AnalysisResult,
  AppliedLoss,
  ClassOrderInfo,
  ColumnChoice,
  EntropySummary,
  FitSummary,
  KlSummary,
  LossUnit,
  MappingInfo,
  ModelCalibration,
  ModelClassification,
  ModelColumns,
  ModelLabelIssues,
  ModelResult,
  RowLoss,
  RowTable,
  SourceRange,
} from '../protocol/analysis';
import { formatLoss, formatNumber } from '../protocol/numberFormat';
import type { AnalysisOptions } from '../protocol/worker';
import { decideClassOrder, decidePositiveClass, labelLogLikelihood } from './classOrder';
import type { ClassOrderDecision, LabelCounts } from './classOrder';
import { applyLogitOverride, choiceFromRoles, userMappingInfo } from './columnChoice';
import { fitRows } from './fitRows';
import { binaryRows, classesOf, encodeRows, ignoredLabelCandidate, labelEntropyOf, labelMatcher, rowLabels, subsetLabels } from './labelSet';
import { appliedLoss, lossWeightingSpecOf, modelWeightingOf, noteWeightingUse, weighsAnything } from './lossSettings';
import type { WeightingUse } from './lossSettings';
import type { LossWeightingSpec } from './lossWeighting';
import type { LabelSet } from './labelSet';
import { fileProblem, fromCoreError, fromDataProblem } from './problems';
import { rankLosses } from './ranking';
import { scoreModel } from './scoreModel';
import { findLabelIssues } from './labelIssues';
import { DEFAULT_CALIBRATION_BINS } from './calibrationHits';
import { calibrationFigures, TEMPERATURE_CELL_LIMIT } from './calibrationFigures';
import { rankingCurves } from './rankingCurves';
import type { Truth } from './scoreModel';
import { gatherMatrix, scatter } from './subset';
import { AnalysisCancelled } from './workContext';
import type { WorkContext } from './workContext';

/** What to analyse in a table; `columns` omitted means "detect them". */
export interface TableRequest {
  kind: AnalysisKind;
  columns?: ColumnChoice;
  /** Roles set on top of the detected ones (the CLI's --label, --prob, --classes, …). */
  overrides?: Partial<ColumnChoice>;
  options: AnalysisOptions;
}

/** An AnalysisResult without where the table came from (the caller adds source, uri, version, size, timing). */
export type TableAnalysis = Omit<AnalysisResult, 'source' | 'uri' | 'documentVersion' | 'selection' | 'size' | 'timing'> & { computeMs: number };

/** Analyze fits a model on the label only when it has at most this many classes (a fit is its own command). */
export const MAX_ANALYZE_FIT_CLASSES = 30;
/** Rows whose true class has probability 0 listed one by one in the Problems panel (the rest counted). */
const ZERO_PROBABILITY_LISTED = 100;

/** Collects problems once each (two views of one cell report it once), up to the listing cap. */
class ProblemSink {
  readonly listed: AnalysisProblem[] = [];
  count = 0;
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}

  add(problem: AnalysisProblem): void {
    const key = `${problem.code}:${problem.range?.start.line}:${problem.range?.start.character}:${problem.column}:${problem.range ? '' : problem.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.count++;
    if (this.listed.length < this.max) this.listed.push(problem);
  }

  /** Counts problems the data layer did not list (beyond its own cap). */
  addUnlisted(extra: number): void {
    if (extra > 0) this.count += extra;
  }
}

/** Which rows are scored: an error problem takes its row out; "ignore missing" leaves rows out quietly. */
class RowStatuses {
  readonly status: Uint8Array;
  constructor(
    n: number,
    private readonly problems: ProblemSink,
    private readonly ignoreMissing: boolean,
  ) {
    this.status = new Uint8Array(n);
  }

  /**
   * Leaves out the rows whose label the ignored-label setting names (PyTorch's ignore_index): their
   * label cells are not reported as labels outside the classes. Returns how many rows.
   */
  ignoreLabelled(codes: Int32Array, ignoredCodes: readonly boolean[], labelColumn: string): number {
    this.ignoredLabelColumn = labelColumn;
    let count = 0;
    for (let row = 0; row < codes.length; row++) {
      if (!ignoredCodes[codes[row] as number]) continue;
      if (this.status[row] === RowStatus.ok) this.status[row] = RowStatus.ignoredLabel;
      count++;
    }
    return count;
  }

  private ignoredLabelColumn: string | undefined;

  report(problem: AnalysisProblem): void {
    if (problem.row !== null && this.status[problem.row] === RowStatus.ignoredLabel && problem.column === this.ignoredLabelColumn) return;
    if (this.ignoreMissing && problem.code === 'missing-value' && problem.row !== null) {
      if (this.status[problem.row] === RowStatus.ok) this.status[problem.row] = RowStatus.ignored;
      return;
    }
    this.problems.add(problem);
    if (problem.severity === 'error' && problem.row !== null && this.status[problem.row] === RowStatus.ok) this.status[problem.row] = RowStatus.problem;
  }

  addReport(report: ProblemReport | { problems: readonly Problem[]; problemCount: number }, fixColumns?: readonly string[]): void {
    for (const problem of report.problems) this.report(fromDataProblem(problem, fixColumns));
    this.problems.addUnlisted(report.problemCount - report.problems.length);
  }

  /** Indices of the rows still scored. */
  okRows(): Int32Array {
    let count = 0;
    for (let i = 0; i < this.status.length; i++) if (this.status[i] === RowStatus.ok) count++;
    const ids = new Int32Array(count);
    for (let i = 0, k = 0; i < this.status.length; i++) if (this.status[i] === RowStatus.ok) ids[k++] = i;
    return ids;
  }
}

/** One prediction group, read and checked, with how its columns map to the classes. */
interface PreparedModel {
  columns: ModelColumns;
  values: Float64Array;
  width: number;
  /** |Σp − 1| the core must accept (the rounding of the numbers as written). */
  rowSumTolerance: number;
  roundedRows: number;
  /** Class order decision (label truth); undefined for target truth or when none was needed. */
  order?: ClassOrderDecision;
  /** Column of the model holding each class of the primary order (secondary models only). */
  permutation?: Int32Array;
}

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

  // Columns: the caller's, else the data layer's proposal; drop references to missing columns.
  // The detection runs for a caller's choice too: roles it left as detected keep their reasons.
  const detected: RoleMapping | undefined = table.rowCount > 0 ? inferRoles(table) : undefined;
  const proposal = detected ? choiceFromRoles(detected) : { columns: {}, info: userMappingInfo('user') };
  let columns: ColumnChoice;
  let mapping: MappingInfo;
  if (request.columns) {
    columns = request.columns;
    mapping = userMappingInfo('user', proposal, columns);
  } else {
    columns = { ...proposal.columns, ...request.overrides };
    mapping = { ...proposal.info, origin: 'detected', reasons: { ...proposal.info.reasons, ...givenReasons(request.overrides) } };
    // Say when the detection had to guess (e.g. probability-named columns holding logits); a
    // file with no rows has its own problem, and nothing was guessed about it.
    if (mapping.ambiguity && detected) problems.add(fileProblem('ambiguous-columns', `Column roles guessed: ${mapping.ambiguity}. Use Choose Columns… to decide.`, 'information'));
  }
  for (const name of decimalCommaColumns(table)) {
    const info = table.column(name);
    problems.add({
      ...fileProblem(
        'decimal-comma',
        `"${name}" holds numbers written with a decimal comma (such as ${JSON.stringify(firstValue(table, name))}): Entropy Lens reads decimal points, so it is read as text. Write the file with a decimal point (pandas: to_csv(..., decimal=".")).`,
        'warning',
      ),
      column: name,
      range: info ? firstCellRange(table, name) : null,
    });
  }
  columns = keepKnownColumns(applyLogitOverride(columns, options.treatAsLogits), table, problems);
  if (columns.id === undefined) {
    const id = detected ? detected.identifier?.columns[0] : findIdentifier(table);
    if (id !== undefined && id !== columns.label) columns = { ...columns, id };
  }
  const classField = detected ? detected.classNames : findClassNames(table);

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
  const prepared: PreparedModel[] = [];
  for (const model of wantModels ? (columns.models ?? []) : []) {
    const matrix = table.matrix(model.columns);
    // Percentages (rows summing to 100) are one fact about the model, not a problem per cell:
    // they are scored once the user asks to normalise rows.
    if (model.kind === 'probabilities' && !options.normalizeRows && percentRows(matrix.values, matrix.width)) {
      problems.add({
        ...fileProblem(
          'percentages',
          `${groupName(model)} holds percentages (every row sums to 100), not probabilities: normalise the rows to score it (quick fix "Normalise rows", setting entropyLens.normalizeRows, or --normalize).`,
        ),
        column: model.columns[0] ?? null,
        range: firstCellRange(table, model.columns[0]),
        fixes: ['normalizeRows'],
        fixColumns: [...model.columns],
      });
      continue;
    }
    prepared.push(preparedModel(model, matrix));
  }
  function preparedModel(model: ModelColumns, matrix: ReturnType<Table['matrix']>): PreparedModel {
    if (model.kind === 'logits') {
      rows.addReport(validateNumeric(table, model.columns, options.maxProblems), model.columns);
      rows.addReport(validateFinite(table, model.columns, 'logits', options.maxProblems), model.columns);
      return { columns: model, values: matrix.values, width: matrix.width, rowSumTolerance: 0, roundedRows: 0 };
    }
    const report = validateProbabilities(table, model.columns, { normalize: options.normalizeRows, maxProblems: options.maxProblems, matrix });
    rows.addReport(report, model.columns);
    return { columns: model, values: matrix.values, width: matrix.width, rowSumTolerance: report.rowSumTolerance, roundedRows: report.roundedRows };
  }
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

  // Score. A core refusal naming rows (the data layer's checks should have caught them) takes
  // those rows out once; a second refusal is reported as a problem, never thrown.
  const computeStarted = performance.now();
  const input: ComputeInput = { kind, options, table, columns, labelColumn, targets: targetsAreTruth ? targets : undefined, models, features, sampleWeights, weighting: weightingSettings.spec, pValues, qValues, wantKl, wantFit, context, problems };
  let computed: Computed | undefined;
  for (let attempt = 0; attempt < 2 && !computed; attempt++) {
    const rowIds = rows.okRows();
    try {
      computed = compute(input, rowIds);
    } catch (error) {
      if (error instanceof AnalysisCancelled || !isCoreError(error)) throw error;
      const names = error.code === 'labelNotInClasses' && columns.label ? [columns.label] : (models[0]?.columns.columns ?? []);
      if (attempt === 0 && error.rows.length > 0) for (const problem of fromCoreError(error, table, names, rowIds)) rows.report(problem);
      else problems.add(fileProblem(`core-${error.code}`, `The rows could not be scored: ${error.message}`));
    }
  }
  computed ??= { classes: [], trueClass: new Int32Array(n).fill(-1), models: [], entropy: null, kl: null, fit: null, rowLoss: null, weightingUse: { classWeight: false, positiveWeight: false, labelSmoothing: false }, weightedLosses: false };
  if (computed.models[0]) reportZeroProbabilities(computed.models[0], table, computed.classes, computed.trueClass, options, problems);

  return {
    schemaVersion: 1,
    kind,
    unit: options.unit,
    epsilon: options.epsilon,
    normalizedRows: options.normalizeRows,
    loss: appliedLoss(weightingSettings.spec, computed.weightingUse, ignoredLabel, sampleWeights && columns.sampleWeight !== undefined && (computed.weightedLosses || computed.fit !== null) ? columns.sampleWeight : null),
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

/** The first present cell of a column as written. */
function firstValue(table: Table, name: string): string {
  return table.labels(name).values.find((v) => v !== '') ?? '';
}

/** Reasons for the roles a caller set over the detection. */
function givenReasons(overrides: Partial<ColumnChoice> | undefined): Record<string, string> {
  const reasons: Record<string, string> = {};
  if (!overrides) return reasons;
  if (overrides.label !== undefined) reasons['label'] = 'given';
  if (overrides.targets) reasons['targets'] = 'given';
  if (overrides.features) reasons['features'] = 'given';
  if (overrides.sampleWeight !== undefined) reasons['sampleWeight'] = 'given';
  for (const model of overrides.models ?? []) reasons[`model ${model.name}`] = 'given';
  return reasons;
}

/**
 * Decides every model's class order against the label, reports the uncertain ones (a warning with
 * quick fixes offering the orders) and refusals (a model whose columns cannot be matched to the
 * classes is left out), and maps secondary models onto the primary model's class order.
 */
function orderModels(
  prepared: PreparedModel[],
  table: Table,
  columns: ColumnChoice,
  evidence: Table,
  field: readonly string[] | undefined,
  problems: ProblemSink,
  unit: LossUnit,
  isIgnoredLabel: ((text: string) => boolean) | undefined,
): PreparedModel[] {
  const out: PreparedModel[] = [];
  // Every row with a label and numbers in the model's columns is evidence, whatever else is wrong
  // with it (one bad cell cannot change which column is which class), over the whole document.
  const labels = evidence.labelCodes(columns.label as string);
  for (const model of prepared) {
    const names = componentNames(model.columns.columns, model.width);
    const vector = model.columns.columns.length !== model.width;
    const values = evidence === table ? model.values : evidence.matrix(model.columns.columns).values;
    const { counts: labelCounts, rowIds } = labelCountsOver(labels, values, model.width, isIgnoredLabel);
    const logLikelihood = (): { sums: Float64Array; rows: number } =>
      labelLogLikelihood({ data: values, offset: 0, stride: model.width, width: model.width }, model.columns.kind, labels.codes, rowIds, labelCounts.values.length);
    const explicit = model.columns.classes ?? columns.classes;
    if (explicit && model.width > 1 && explicit.length !== model.width) {
      problems.add({
        ...fileProblem('class-order-mismatch', `${explicit.length} classes are listed (${listClasses(explicit)}) for the ${model.width} columns of ${groupName(model.columns)}: list one class per column.`),
        column: model.columns.columns[0] ?? null,
        range: firstCellRange(table, model.columns.columns[0]),
      });
      continue;
    }
    const order =
      model.width === 1
        ? decidePositiveClass({ columnNames: names, namedColumns: !vector, labels: labelCounts, positive: model.columns.classes?.[1] ?? columns.positiveLabel, logLikelihood })
        : decideClassOrder({ columnNames: names, namedColumns: !vector, labels: labelCounts, explicit, field, logLikelihood });
    const where = groupName(model.columns);
    if (order === undefined) {
      const present = labelCounts.values.filter((_, d) => (labelCounts.counts[d] ?? 0) > 0);
      problems.add({
        ...fileProblem(
          'class-order-unknown',
          model.width === 1
            ? `${where} is one probability column but "${columns.label}" has ${present.length} classes (${listClasses(present)}): choose the positive class (Choose Columns…) or a label with two classes.`
            : `${where} has ${model.width} columns but "${columns.label}" has ${present.length} values (${listClasses(present)}): which column is which class cannot be told. Choose the class order (Choose Columns…)${ignoreSettingHint(present, model.width)}.`,
        ),
        column: model.columns.columns[0] ?? null,
        range: firstCellRange(table, model.columns.columns[0]),
        ...ignoreLabelFix(model.width === 1 ? undefined : ignoredLabelCandidate(present, model.width)),
      });
      continue;
    }
    // Explicit classes that name no row while a frequent label is not listed are a misspelt list,
    // not a thousand unknown labels: one problem on the list.
    if (order.rule === 'explicit' && model.width > 1) {
      const total = labelCounts.counts.reduce((a, b) => a + b, 0);
      const absent = order.classes.filter((c) => !labelCounts.values.some((v, d) => (labelCounts.counts[d] ?? 0) > 0 && sameLabel(v, c)));
      const unlisted = labelCounts.values
        .map((value, d) => ({ value, count: labelCounts.counts[d] ?? 0 }))
        .filter(({ value, count }) => count > 0.01 * total && !order.classes.some((c) => sameLabel(c, value)));
      if (absent.length > 0 && unlisted.length > 0) {
        problems.add({
          ...fileProblem(
            'class-order-mismatch',
            `The classes listed for ${where} name ${listClasses(absent)}, which no row has, and leave out ${unlisted.map(({ value, count }) => `"${value}" (${count.toLocaleString('en-US')} rows)`).join(', ')}: correct the list (Choose Columns… or --classes).`,
          ),
          column: model.columns.columns[0] ?? null,
          range: firstCellRange(table, model.columns.columns[0]),
        });
        continue;
      }
    }
    const primary = out[0]?.order;
    let permutation: Int32Array | undefined;
    if (primary && model.width > 1) {
      permutation = Int32Array.from(primary.classes, (c) => order.classes.findIndex((own) => sameLabel(own, c)));
      if (permutation.some((k) => k < 0) || model.width !== primary.classes.length) {
        problems.add({
          ...fileProblem('class-order-mismatch', `${where} has the classes ${listClasses(order.classes)}, not those of ${groupName(out[0]!.columns)} (${listClasses(primary.classes)}): it is left out.`),
          column: model.columns.columns[0] ?? null,
          range: firstCellRange(table, model.columns.columns[0]),
        });
        continue;
      }
    }
    if (order.uncertain) problems.add(classOrderWarning(model.columns, order, table, unit));
    out.push({ ...model, order, ...(permutation ? { permutation } : {}) });
  }
  return out;
}

/** The quick fix that sets entropyLens.loss.ignoreLabel to a padding-like label value. */
function ignoreLabelFix(value: string | undefined): Pick<AnalysisProblem, 'fixes' | 'fixLabel'> | Record<string, never> {
  return value === undefined ? {} : { fixes: ['ignoreLabel'], fixLabel: value };
}

/** The ignore_index way out of a class-order refusal, when one label value looks like padding. */
function ignoreSettingHint(present: readonly string[], width: number): string {
  const value = ignoredLabelCandidate(present, width);
  // Worded for both surfaces: the CLI's streamed road reports this analysis' problems too.
  return value === undefined ? '' : `, or, if the rows labelled ${value} are to be left out (PyTorch's ignore_index), set entropyLens.loss.ignoreLabel to ${value} (CLI: --ignore-label ${value})`;
}

/**
 * Whether a group's rows are percentages: at least two columns, every value ≥ 0, at least one
 * above 1, and 99 % of the complete rows summing to 100 within ½ per column. O(rows · width).
 */
function percentRows(values: Float64Array, width: number): boolean {
  if (width < 2) return false;
  let complete = 0;
  let hundred = 0;
  let aboveOne = false;
  for (let at = 0; at + width <= values.length; at += width) {
    let sum = 0;
    let finite = true;
    for (let k = 0; k < width; k++) {
      const v = values[at + k]!;
      if (!Number.isFinite(v)) finite = false;
      else if (v < 0) return false;
      else if (v > 1) aboveOne = true;
      sum += v;
    }
    if (!finite) continue;
    complete++;
    if (Math.abs(sum - 100) <= 0.5 * width) hundred++;
  }
  return aboveOne && complete > 0 && hundred >= 0.99 * complete;
}

/** The distinct labels (by code) of the rows with a label, not the ignored one, whose model values are all numbers. */
function labelCountsOver(labels: LabelSet, values: Float64Array, width: number, isIgnoredLabel: ((text: string) => boolean) | undefined): { counts: LabelCounts; rowIds: Int32Array } {
  const counts = new Array<number>(labels.distinct.length).fill(0);
  const ids: number[] = [];
  const skipped = labels.distinct.map((text) => text === '' || (isIgnoredLabel?.(text) ?? false));
  for (let row = 0; row < labels.codes.length; row++) {
    const code = labels.codes[row] as number;
    if (skipped[code]) continue;
    let finite = true;
    for (let k = 0; k < width; k++) if (!Number.isFinite(values[row * width + k] as number)) finite = false;
    if (!finite) continue;
    counts[code]! += 1;
    ids.push(row);
  }
  return { counts: { values: labels.distinct, counts }, rowIds: Int32Array.from(ids) };
}

/** The warning for an order the data do not confirm, with the orders to choose from as quick fixes. */
export function classOrderWarning(model: ModelColumns, order: ClassOrderDecision, table: Table, unit: LossUnit): AnalysisProblem {
  const where = groupName(model);
  const evidence = order.evidence;
  const mean = (nats: number | null | undefined): string => (nats === null || nats === undefined ? '' : formatLoss(nats, unit));
  const binary = model.columns.length === 1 && order.classes.length === 2 && table.column(model.columns[0] as string)?.shape !== 'vector';
  const alternative = evidence?.alternative ?? null;
  const warning = (message: string): AnalysisProblem => ({
    code: 'class-order-uncertain',
    severity: 'warning',
    message,
    row: null,
    column: model.columns[0] ?? null,
    value: null,
    range: firstCellRange(table, model.columns[0]),
    fixes: [],
    fixModel: model.name,
  });
  if (binary) {
    const positive = order.classes[1] as string;
    const other = order.classes[0] as string;
    const message =
      order.rule === 'inferred'
        ? `Positive class of ${where} guessed from the data: it fits as P(${positive}) (mean ${mean(evidence?.chosenMeanNats)}), not as P(${other}), the greater label (${mean(evidence?.alternativeMeanNats)}). Confirm it or choose the other.`
        : `Positive class of ${where} assumed: ${positive}, the greater label; ${evidence ? `the data cannot confirm it (as P(${other}) the mean would be ${mean(evidence.alternativeMeanNats)} instead of ${mean(evidence.chosenMeanNats)})` : 'it was not checked against the data'}. Name the positive class (a column name such as p_${positive}, or Choose Columns…).`;
    return { ...warning(message), fixes: ['usePositiveLabel'], fixPositiveLabels: [positive, other] };
  }
  let message: string;
  if (order.rule === 'inferred') {
    message = `Class order of ${where} guessed from the data: ${listClasses(order.classes)} fits the rows best (mean ${mean(evidence?.chosenMeanNats)})${
      alternative ? `; sorted label order ${listClasses(alternative)} would give ${mean(evidence?.alternativeMeanNats)}` : ''
    }. Confirm the order or choose another.`;
  } else if (evidence && alternative) {
    message = `Class order of ${where} assumed: sorted label order ${listClasses(order.classes)}. The data cannot confirm it: ${listClasses(alternative)} fits almost as well (mean ${mean(evidence.alternativeMeanNats)} vs ${mean(evidence.chosenMeanNats)} over ${evidence.rows.toLocaleString('en-US')} rows). Name the classes (a "classes" field, column names such as p_<class>, or Choose Columns…).`;
  } else {
    message = `Class order of ${where} assumed: sorted label order ${listClasses(order.classes)}, not checked against the data. Name the classes (a "classes" field, column names such as p_<class>, or Choose Columns…).`;
  }
  return { ...warning(message), fixes: ['useClassOrder'], fixClassOrders: alternative ? [order.classes, alternative] : [order.classes] };
}

/** How the primary model's columns were matched to classes, for the panel and Choose Columns…. */
function classMappingText(order: ClassOrderDecision | undefined): string | null {
  if (!order) return null;
  const words: Record<ClassOrderDecision['rule'], string> = {
    explicit: 'as chosen',
    names: 'by column name',
    field: 'from the field naming the classes',
    numeric: 'integer labels are column indices',
    inferred: 'guessed from the data (best-fitting order)',
    sorted: order.uncertain ? 'sorted label order (a guess)' : 'sorted label order, confirmed by the data',
  };
  return words[order.rule];
}

/** Up to six classes, then how many more. */
function listClasses(classes: readonly string[]): string {
  const shown = classes.slice(0, 6).map((c) => `"${c}"`);
  return classes.length > 6 ? `${shown.join(', ')}, … (${classes.length} in all)` : shown.join(', ');
}

/** A model as users name it: `"probs"`, or `m1 (m1_p0, …)`. */
function groupName(model: ModelColumns): string {
  if (model.columns.length === 1) return `"${model.columns[0]}"`;
  return `${model.name} (${model.columns.length > 3 ? `${model.columns[0]}, …, ${model.columns[model.columns.length - 1]}` : model.columns.join(', ')})`;
}


/** Where a column-level problem goes: its header cell (CSV), else its first cell. */
function firstCellRange(table: Table, column: string | undefined): SourceRange | null {
  const info = column === undefined ? undefined : table.column(column);
  if (!info) return null;
  const header = headerCellRange(table, info.index);
  if (header) return header;
  for (let row = 0; row < Math.min(table.rowCount, 50); row++) {
    const range = table.index.cellRange(row, info.index);
    if (range) return { start: { ...range.start }, end: { ...range.end } };
  }
  return null;
}

/** The range of a CSV/TSV header cell (the line before the first record), found by scanning it. */
function headerCellRange(table: Table, columnIndex: number): SourceRange | null {
  if ((table.format !== 'csv' && table.format !== 'tsv') || table.rowCount === 0 || table.delimiter === undefined) return null;
  const first = table.index.rowRange(0);
  if (first.start.line === 0) return null;
  const headerLine = first.start.line - 1;
  const lineStart = table.index.offsetAt(headerLine, 0);
  const text = table.source(lineStart, table.index.rowStartOffset(0)).replace(/\r?\n$/, '');
  let column = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if ((c === table.delimiter && !quoted) || i === text.length) {
      if (column === columnIndex) {
        const begin = text.charCodeAt(0) === 0xfeff && start === 0 ? 1 : start;
        return { start: { line: headerLine, character: begin }, end: { line: headerLine, character: i } };
      }
      column++;
      start = i + 1;
    }
  }
  return null;
}

/** Information entries for rows whose true class has probability 0 (their loss is ε-clipped, or +∞). */
function reportZeroProbabilities(model: ModelResult, table: Table, classes: readonly string[], trueClass: Int32Array, options: AnalysisOptions, problems: ProblemSink): void {
  const p = model.trueClassProbability;
  let listed = 0;
  let unlisted = 0;
  const columns = model.columns.columns;
  const vector = columns.length === 1 && table.column(columns[0] as string)?.shape === 'vector';
  for (let row = 0; row < p.length; row++) {
    if (p[row] !== 0) continue;
    if (listed >= ZERO_PROBABILITY_LISTED) {
      unlisted++;
      continue;
    }
    listed++;
    const k = trueClass[row] as number;
    const name = columns.length > 1 ? columns[k] : columns[0];
    const info = name === undefined ? undefined : table.column(name);
    const range = (info ? table.index.cellRange(row, info.index) : undefined) ?? table.index.rowRange(row);
    const truth = k >= 0 && classes[k] !== undefined ? `"${classes[k]}"` : 'the true class';
    const what = columns.length === 1 && !vector ? `${name} gives ${truth} probability 0` : `p(${truth}) = 0`;
    const loss = model.lossNats[row] as number;
    problems.add({
      code: 'true-class-probability-zero',
      severity: 'information',
      message: `Row ${row + 1}: ${what}; ${options.epsilon === null ? 'its loss is infinite (no clipping)' : `it was clipped to ε = ${formatNumber(options.epsilon)}, a loss of ${formatNumber(natsToUnit(loss, options.unit))} ${options.unit}`}.`,
      row,
      column: name ?? null,
      value: info ? (table.raw(row, info.index) ?? null) : null,
      range: { start: { ...range.start }, end: { ...range.end } },
      fixes: [],
    });
  }
  if (unlisted > 0) problems.add(fileProblem('true-class-probability-zero', `${unlisted.toLocaleString('en-US')} more rows give their true class probability 0.`, 'information'));
}

interface ComputeInput {
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
  /** The entropyLens.loss.* weighting asked for (checked), by label text. */
  weighting: LossWeightingSpec;
  pValues: { values: Float64Array; width: number; rowSumTolerance: number } | undefined;
  qValues: { values: Float64Array; width: number; rowSumTolerance: number } | undefined;
  wantKl: boolean;
  wantFit: boolean;
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
  const eps = options.epsilon === null ? 'none' : options.epsilon;
  // Where a flagged row's label is written (the editor's diagnostics and navigation go there).
  const labelIndex = columns.label !== undefined ? table.column(columns.label)?.index : undefined;
  const labelCell = (row: number): SourceRange | null => {
    const range = labelIndex === undefined ? undefined : table.index.cellRange(row, labelIndex);
    return range ? { start: { ...range.start }, end: { ...range.end } } : null;
  };

  // Classes and each scored row's truth, from the target columns or the label column.
  let classes: string[] = [];
  let truth: Truth | undefined;
  const primary = models[0];
  if (input.targets && columns.targets && m > 0) {
    const t = gatherMatrix(input.targets.values, input.targets.width, rowIds);
    classes = targetClassNames(columns.targets, input.targets.width, t, set ? rowLabels(set) : undefined);
    truth = { kind: 'soft', targets: t };
  } else if (set && m > 0) {
    try {
      if (primary?.order && primary.width === 1) {
        const positive = primary.order.classes[1] as string;
        truth = { kind: 'binary', y: binaryRows(set, positive).y };
        classes = [...primary.order.classes];
      } else if (primary?.order) {
        classes = [...primary.order.classes];
        truth = { kind: 'indices', indices: encodeRows(set, classes).indices };
      } else if (!primary) {
        const encoded = encodeRows(set);
        classes = encoded.classes.map(String);
        truth = { kind: 'indices', indices: encoded.indices };
      }
    } catch (error) {
      if (!isCoreError(error) || error.rows.length > 0) throw error;
      problems.add(fileProblem(`core-${error.code}`, error.message));
    }
  }

  const trueClass = new Int32Array(n).fill(-1);
  if (truth) for (let k = 0; k < m; k++) trueClass[rowIds[k] as number] = truthIndex(truth, k);

  // Models, side by side, each in the primary model's class order.
  const modelResults: ModelResult[] = [];
  // Each scored model's per-row figures on the same rows, for the paired comparison below.
  const resampled: BootstrapModel[] = [];
  const weightingUse: WeightingUse = { classWeight: false, positiveWeight: false, labelSmoothing: false };
  // Sample weights weigh losses against labels (scikit-learn's log_loss(sample_weight=…)).
  const lossWeights = input.sampleWeights && truth && truth.kind !== 'soft' && models.length > 0 ? gatherMatrix(input.sampleWeights, 1, rowIds).data : undefined;
  if (input.sampleWeights && truth?.kind === 'soft' && models.length > 0) {
    problems.add(fileProblem('loss-setting', `The sample weights in "${columns.sampleWeight}" weigh losses against a label: against target columns the losses are unweighted (the fits still use them).`, 'warning'));
  }
  if (truth?.kind === 'soft' && weighsAnything(input.weighting)) {
    problems.add(fileProblem('loss-setting', 'entropyLens.loss.classWeight, posWeight and labelSmoothing apply against a label: against target columns the losses are unweighted.', 'warning'));
  }
  if (truth && m > 0) {
    for (const model of models) {
      if (context.isCancelled()) throw new AnalysisCancelled();
      const x = permuteColumns(gatherMatrix(model.values, model.width, rowIds), model.permutation);
      let weighting: LossWeighting | undefined;
      if (truth.kind !== 'soft' && weighsAnything(input.weighting)) {
        const decided = modelWeightingOf(input.weighting, model.columns.name, model.width, classes, truth.kind === 'indices' ? truth.indices : truth.y);
        for (const problem of decided.problems) problems.add(problem);
        weighting = decided.weighting;
        noteWeightingUse(weightingUse, weighting);
      }
      try {
        const score = scoreModel(
          model.columns.kind,
          x,
          truth,
          { eps, normalize: options.normalizeRows, rowSumTolerance: model.rowSumTolerance },
          { ...(lossWeights ? { sampleWeights: lossWeights } : {}), ...(weighting ? { weighting } : {}) },
        );
        modelResults.push({
          columns: model.columns,
          lossNats: scatter(score.lossNats, rowIds, n),
          trueClassProbability: scatter(score.trueClassProbability, rowIds, n),
          predictedClass: scatterInt(score.predictedClass, rowIds, n),
          meanLossNats: score.meanLossNats,
          sumLossNats: score.sumLossNats,
          brier: score.brier,
          errorRate: score.errorRate,
          n: m,
          clippedRows: score.clippedRows,
          infiniteRows: score.infiniteRows,
          normalizedRows: score.normalizedRows,
          roundedRows: model.roundedRows,
          classOrder: model.order ? classOrderInfo(model.order) : null,
          ...(score.confusion && score.perClass
            ? { classification: { confusion: score.confusion, support: score.perClass.support, meanLossNats: score.perClass.meanLossNats, topKAccuracy: score.topKAccuracy, ...rankingOf(model.columns.kind, x, truth, options.normalizeRows) } }
            : {}),
          ...(truth.kind !== 'soft' ? { labelIssues: labelIssuesOf(model.columns.kind, x, truth, rowIds, options.normalizeRows, model.rowSumTolerance, labelCell) } : {}),
          ...(truth.kind !== 'soft' ? { calibration: calibrationOf(model.columns.kind, x, truth, score.confidence, score.predictedClass, eps) } : {}),
        });
        if (truth.kind !== 'soft') {
          const actual = truth.kind === 'indices' ? truth.indices : truth.y;
          resampled.push({ loss: score.lossNats, brier: score.rowBrier, wrong: score.predictedClass.map((k, i) => (k === actual[i] ? 0 : 1)) });
        }
      } catch (error) {
        if (!isCoreError(error) || error.rows.length > 0) throw error;
        problems.add(fileProblem(`core-${error.code}`, `${model.columns.name}: ${error.message}`));
      }
    }
  }

  // Label entropy (cheap, shown whenever there is a label).
  let entropy: EntropySummary | null = null;
  let surprisal: Float64Array | undefined;
  if (set && m > 0) {
    const h = labelEntropyOf(set);
    entropy = { entropyNats: h.entropyNats, maxEntropyNats: Math.log(h.classes.length), ...inClassOrder(h.classes.map(String), h.counts, classes), n: h.n };
    if (kind === 'entropy') {
      // Each row's surprisal −ln(n_c/n): its mean over rows is exactly the label entropy.
      const s = new Float64Array(m);
      for (let k = 0; k < m; k++) s[k] = -Math.log((h.counts[h.indices[k] as number] as number) / h.n);
      surprisal = scatter(s, rowIds, n);
    }
  }

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
      const fitted = fitRows(model, x, set, columns.features, columns.positiveLabel, options.fit, context, weights === undefined ? undefined : { column: columns.sampleWeight as string, values: weights });
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
  let predictionEntropy: Float64Array | undefined;
  if (kind === 'entropy' && !surprisal && primary && primary.columns.kind === 'probabilities' && primary.width > 1 && m > 0) {
    const h = rowEntropies(gatherMatrix(primary.values, primary.width, rowIds), { normalize: options.normalizeRows });
    predictionEntropy = scatter(h.rowEntropyNats, rowIds, n);
  }

  const rowLoss = chooseRowLoss(kind, modelResults, fit, kl, surprisal, predictionEntropy);
  // The paired bootstrap resamples unweighted per-row losses: beside weighted means it would
  // compare other numbers than the ones shown, so it is left out when the losses are weighted.
  const weighted = lossWeights !== undefined || weightingUse.classWeight || weightingUse.positiveWeight || weightingUse.labelSmoothing;
  if (truth && truth.kind !== 'soft' && !weighted && resampled.length >= 2 && resampled.length === modelResults.length) compareModels(modelResults, resampled);
  return { classes, trueClass, models: modelResults, entropy, kl, fit, rowLoss, weightingUse, weightedLosses: lossWeights !== undefined };
}

/**
 * Label classes and counts in the models' class order when that order names the same classes
 * (so every view lists a class in one place), else as given (sorted). The entropy is the same.
 */
function inClassOrder(labels: readonly string[], counts: readonly number[], order: readonly string[]): { classes: string[]; counts: number[] } {
  const at = order.map((c) => labels.findIndex((label) => sameLabel(label, c)));
  if (order.length !== labels.length || at.some((k) => k < 0) || new Set(at).size !== at.length) return { classes: [...labels], counts: [...counts] };
  return { classes: at.map((k) => labels[k] as string), counts: at.map((k) => counts[k] as number) };
}

function classOrderInfo(order: ClassOrderDecision): ClassOrderInfo {
  return { rule: order.rule, uncertain: order.uncertain, classes: [...order.classes], evidence: order.evidence };
}

/** Columns reordered so column c is the model's column `permutation[c]` (secondary models). */
function permuteColumns(x: Matrix, permutation: Int32Array | undefined): Matrix {
  if (!permutation || permutation.every((k, c) => k === c)) return x;
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) for (let c = 0; c < x.cols; c++) data[i * x.cols + c] = x.data[i * x.cols + (permutation[c] as number)] as number;
  return { data, rows: x.rows, cols: x.cols };
}

/**
 * The fit's per-row losses for the hover, status bar and worst rows. A weighted fit (sample or class
 * weights) minimises the weighted mean, which is the one the panel reports: the headline mean and
 * sum are that one (Σ w·loss / Σ w and Σ w·loss), said in the status bar's tooltip, so the status
 * bar and the panel never show two different means for one fit. Each row's own loss (the hover's)
 * stays unweighted.
 */
function fittedRowLoss(fit: FitSummary): RowLoss {
  const weighted = fit.sampleWeight !== null || fit.classWeights !== null;
  const ranked = rankLosses('fitted log loss', fit.lossNats);
  return weighted ? { ...ranked, meanNats: fit.meanLogLossNats, sumNats: fit.meanLogLossNats * fit.totalWeight, weightedMean: true } : ranked;
}

/** Row draws the editor's bootstrap may take (resamples × rows × models): 1,000 resamples up to 10,000 rows for two models. */
const BOOTSTRAP_DRAW_BUDGET = 20_000_000;

/**
 * Each later model against the first: its mean loss minus the first's, with a 95 % paired
 * percentile bootstrap interval (the CLI's `--ci`, seed 0): 1,000 resamples, fewer on large
 * tables to keep within the budget, none below 100.
 */
function compareModels(results: ModelResult[], rows: readonly BootstrapModel[]): void {
  const n = rows[0]!.loss.length;
  const resamples = Math.min(1000, Math.floor(BOOTSTRAP_DRAW_BUDGET / Math.max(1, n * rows.length)));
  if (resamples < 100) return;
  const intervals = bootstrapIntervals(rows, { level: 0.95, resamples, seed: 0 });
  for (const c of intervals.comparisons) {
    if (c.a !== 0) continue;
    results[c.b]!.comparison = { meanDiffNats: c.meanDiff, ci: [c.ci[0], c.ci[1]], level: 0.95, resamples };
  }
}

/** ROC AUC, average precision (macro over classes) and the curves for the panel, when the table is small enough to sort. */
function rankingOf(kind: 'probabilities' | 'logits', x: Matrix, truth: Truth, normalize: boolean): Pick<ModelClassification, 'rocAuc' | 'averagePrecision' | 'curves'> {
  if (truth.kind === 'soft') return { rocAuc: null, averagePrecision: null };
  const labels = truth.kind === 'indices' ? truth.indices : Int32Array.from(truth.y);
  const curves = rankingCurves(kind, x, labels, normalize);
  if (!curves) return { rocAuc: null, averagePrecision: null };
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    rocAuc: finite(mean(curves.map((c) => c.rocAuc))),
    averagePrecision: finite(mean(curves.map((c) => c.averagePrecision))),
    curves: curves.map((c) => ({ k: c.k, rocAuc: c.rocAuc, averagePrecision: c.averagePrecision, roc: { x: [...c.roc.x], y: [...c.roc.y] }, pr: { x: [...c.pr.x], y: [...c.pr.y] } })),
  };
}

/**
 * A model's calibration on the scored rows, as the CLI's `calibration` computes it with its
 * defaults (15 uniform bins): the reliability curve, the binary Brier decomposition and
 * temperature scaling, the last left out above TEMPERATURE_CELL_LIMIT scores.
 */
function calibrationOf(
  kind: 'probabilities' | 'logits',
  x: Matrix,
  truth: Exclude<Truth, { kind: 'soft' }>,
  confidence: Float64Array,
  predictedClass: Int32Array,
  eps: Epsilon,
): ModelCalibration {
  const { binary, curve, brier, temperature } = calibrationFigures(
    { kind, values: x, truth, confidence, predictedClass, eps },
    { bins: DEFAULT_CALIBRATION_BINS, strategy: 'uniform', temperatureCellLimit: TEMPERATURE_CELL_LIMIT },
  );
  return {
    mode: binary ? 'binary' : 'topLabel',
    ece: curve.ece,
    mce: curve.mce,
    bins: curve.bins.map((bin) => ({ ...bin })),
    brier: brier ? { ...brier } : null,
    temperature: 'omitted' in temperature ? { omitted: temperature.omitted } : { t: temperature.t, beforeNats: temperature.before, afterNats: temperature.after },
  };
}

/** Label errors an analysis lists (the least self-confident): a model flagging most rows posts no row-sized list. */
const LABEL_ISSUE_LIMIT = 10_000;

/** A model's likely label errors on the scored rows, positioned at the analysed rows and their label cells. */
function labelIssuesOf(kind: 'probabilities' | 'logits', x: Matrix, truth: Truth, rowIds: ArrayLike<number>, normalize: boolean, rowSumTolerance: number | undefined, labelCell: (row: number) => SourceRange | null): ModelLabelIssues {
  const given = truth.kind === 'indices' ? truth.indices : Int32Array.from(truth.kind === 'binary' ? truth.y : []);
  const report = findLabelIssues(kind, x, given, { normalize, limit: LABEL_ISSUE_LIMIT, ...(rowSumTolerance !== undefined ? { rowSumTolerance } : {}) });
  const issues = report.issues.map((issue) => {
    const row = rowIds[issue.row] as number;
    return { ...issue, row, labelRange: labelCell(row) };
  });
  return { thresholds: report.thresholds, count: report.count, issues };
}

/** The per-row headline for the command that ran (see RowLoss). */
function chooseRowLoss(
  kind: AnalysisKind,
  models: ModelResult[],
  fit: FitSummary | null,
  kl: KlSummary | null,
  surprisal: Float64Array | undefined,
  predictionEntropy: Float64Array | undefined,
): RowLoss | null {
  const modelLoss = models[0] ? rankLosses(`cross-entropy (${models[0].columns.name})`, models[0].lossNats) : null;
  const fitLoss = fit ? fittedRowLoss(fit) : null;
  const klLoss = kl ? rankLosses(kl.mode === 'perRow' ? 'KL(P‖Q)' : 'KL(P‖Q) term', kl.rowPqNats) : null;
  switch (kind) {
    case 'fitLogistic':
    case 'fitSoftmax':
      return fitLoss;
    case 'kl':
      return klLoss;
    case 'entropy':
      if (surprisal) return rankLosses('surprisal of the label', surprisal);
      if (predictionEntropy) return rankLosses('entropy of the prediction', predictionEntropy);
      return modelLoss;
    case 'crossEntropy':
    case 'columns':
      return modelLoss;
    case 'analyze':
      return modelLoss ?? fitLoss ?? klLoss;
  }
}

function klSummary(
  pNames: string[],
  qNames: string[],
  pValues: { values: Float64Array; width: number; rowSumTolerance: number },
  qValues: { values: Float64Array; width: number; rowSumTolerance: number },
  rowIds: Int32Array,
  n: number,
  normalize: boolean,
  problems: ProblemSink,
): KlSummary | null {
  const p = gatherMatrix(pValues.values, pValues.width, rowIds);
  const q = gatherMatrix(qValues.values, qValues.width, rowIds);
  try {
    if (p.cols === 1 && q.cols === 1) {
      const d = divergence(p.data, q.data, { rowTerms: true });
      const terms = d.rowTerms!;
      return {
        mode: 'overRows', pColumns: pNames, qColumns: qNames,
        pqNats: d.klPQNats, qpNats: d.klQPNats, jsNats: d.jsNats, entropyPNats: d.entropyPNats, crossEntropyNats: d.crossEntropyPQNats,
        infinitePq: d.infinitePQTerms, infiniteQp: d.infiniteQPTerms,
        p: Array.from(terms.p), q: Array.from(terms.q), pSum: d.totalP, qSum: d.totalQ,
        rowPqNats: scatter(terms.pq, rowIds, n), rowQpNats: scatter(terms.qp, rowIds, n), rowJsNats: scatter(terms.js, rowIds, n),
      };
    }
    const d = rowDivergences(p, q, { normalize, rowSumTolerance: Math.max(pValues.rowSumTolerance, qValues.rowSumTolerance) });
    return {
      mode: 'perRow', pColumns: pNames, qColumns: qNames,
      pqNats: d.meanKlPQNats, qpNats: d.meanKlQPNats, jsNats: d.meanJsNats, entropyPNats: d.meanEntropyPNats, crossEntropyNats: d.meanCrossEntropyPQNats,
      infinitePq: d.infinitePQRows, infiniteQp: d.infiniteQPRows,
      p: null, q: null, pSum: null, qSum: null,
      rowPqNats: scatter(d.rowKlPQNats, rowIds, n), rowQpNats: scatter(d.rowKlQPNats, rowIds, n), rowJsNats: scatter(d.rowJsNats, rowIds, n),
    };
  } catch (error) {
    if (!isCoreError(error) || error.rows.length > 0) throw error;
    problems.add(fileProblem(`core-${error.code}`, `KL: ${error.message}`));
    return null;
  }
}

function truthIndex(truth: Truth, k: number): number {
  switch (truth.kind) {
    case 'binary':
      return truth.y[k] === 1 ? 1 : 0;
    case 'indices':
      return truth.indices[k] as number;
    case 'soft': {
      // One-hot rows name their class; soft rows have none.
      const { cols, data } = truth.targets;
      let hot = -1;
      for (let c = 0; c < cols; c++) {
        const t = data[k * cols + c] as number;
        if (t === 1 && hot < 0) hot = c;
        else if (t !== 0) return -1;
      }
      return hot;
    }
  }
}

/**
 * Class names of target columns: the label each one-hot class co-occurs with when a label column
 * agrees with the targets, else the part after the common prefix (`target_cat` → `cat`), else the
 * names (a vector column: its indices).
 */
export function targetClassNames(names: readonly string[], width: number, targets: Matrix, labels: readonly string[] | undefined): string[] {
  const fallback = names.length === width ? suffixesOrNames(names) : Array.from({ length: width }, (_, k) => String(k));
  if (!labels) return fallback;
  const seen: (string | undefined)[] = Array.from({ length: width }, () => undefined);
  for (let i = 0; i < targets.rows; i++) {
    for (let k = 0; k < width; k++) {
      if (targets.data[i * width + k] !== 1) continue;
      const label = labels[i] as string;
      if (seen[k] !== undefined && seen[k] !== label) return fallback;
      seen[k] = label;
    }
  }
  const named = seen.map((label, k) => label ?? (fallback[k] as string));
  return new Set(named).size === width ? named : fallback;
}

function suffixesOrNames(names: readonly string[]): string[] {
  const suffixes = names.map((name) => name.slice(Math.max(name.lastIndexOf('_'), name.lastIndexOf('.')) + 1));
  return new Set(suffixes).size === names.length && suffixes.every((s, k) => s !== '' && s !== names[k]) ? suffixes : [...names];
}

function scatterInt(values: Int32Array, rowIds: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n).fill(-1);
  for (let k = 0; k < rowIds.length; k++) out[rowIds[k] as number] = values[k] as number;
  return out;
}

function keepKnownColumns(columns: ColumnChoice, table: Table, problems: ProblemSink): ColumnChoice {
  const known = (name: string): boolean => table.column(name) !== undefined;
  const report = (names: readonly string[], role: string): void => {
    const missing = names.filter((name) => !known(name));
    if (missing.length === 0) return;
    const have = table.columns.map((c) => c.name).join(', ');
    problems.add(fileProblem('unknown-column', `${role}: no column named ${missing.map((m) => `"${m}"`).join(', ')} (the file has: ${have})`));
  };
  const out: ColumnChoice = { ...columns };
  if (out.label !== undefined && !known(out.label)) {
    report([out.label], 'label');
    delete out.label;
  }
  if (out.id !== undefined && !known(out.id)) delete out.id;
  if (out.sampleWeight !== undefined && !known(out.sampleWeight)) {
    report([out.sampleWeight], 'sample weight');
    delete out.sampleWeight;
  }
  for (const key of ['targets', 'features', 'p', 'q'] as const) {
    const names = out[key];
    if (names && !names.every(known)) {
      report(names, key);
      delete out[key];
    }
  }
  if (out.models) {
    out.models = out.models.filter((model) => {
      if (model.columns.every(known)) return true;
      report(model.columns, `model ${model.name}`);
      return false;
    });
  }
  return out;
}

function rowTable(table: Table, text: string | undefined, status: Uint8Array, labels: LabelSet | undefined, classes: string[], trueClass: Int32Array, idColumn: string | undefined): RowTable {
  const n = table.rowCount;
  const positions = text === undefined ? indexPositions(table) : recordPositions(table);
  const codes = new Int32Array(n).fill(-1);
  const values: string[] = [];
  if (labels) {
    // The label column's codes without its missing text '' (code −1).
    const valueOf = Int32Array.from(labels.distinct, (label) => (label === '' ? -1 : values.push(label) - 1));
    for (let i = 0; i < n; i++) codes[i] = valueOf[labels.codes[i] as number] as number;
  }
  const small = n <= LABEL_TEXT_ROW_LIMIT;
  return {
    count: n,
    ...positions,
    status,
    labels: small ? (labels ? rowLabels(labels) : new Array<string>(n).fill('')) : [],
    labelCodes: codes,
    labelValues: values,
    classes,
    trueClass,
    idColumn: idColumn ?? null,
    ids: small && idColumn !== undefined ? table.labels(idColumn).values : [],
  };
}

type Positions = Pick<RowTable, 'firstLine' | 'lastLine' | 'startCharacter' | 'endCharacter'>;

/** Record positions from the table's index (no text at hand, e.g. the CLI). O(n log lines). */
function indexPositions(table: Table): Positions {
  const n = table.rowCount;
  const out: Positions = { firstLine: new Uint32Array(n), lastLine: new Uint32Array(n), startCharacter: new Uint32Array(n), endCharacter: new Uint32Array(n) };
  for (let i = 0; i < n; i++) {
    const range = table.index.rowRange(i);
    out.firstLine[i] = range.start.line;
    out.startCharacter[i] = range.start.character;
    out.lastLine[i] = range.end.line;
    out.endCharacter[i] = range.end.character;
  }
  return out;
}

/**
 * Line and character of every record's start and end. Records come in text order, so one forward
 * walk over the table's line starts places them all (O(text), no object per row); columnar JSON,
 * whose records interleave, falls back to the index's per-row ranges.
 */
function recordPositions(table: Table): Positions {
  if (table.shape === 'columnar') return indexPositions(table);
  const n = table.rowCount;
  const firstLine = new Uint32Array(n);
  const lastLine = new Uint32Array(n);
  const startCharacter = new Uint32Array(n);
  const endCharacter = new Uint32Array(n);
  const cursor = table.lineCursor();
  for (let i = 0; i < n; i++) {
    if (!cursor.moveTo(table.index.rowStartOffset(i))) return indexPositions(table);
    firstLine[i] = cursor.line;
    startCharacter[i] = cursor.character;
    if (!cursor.moveTo(table.index.rowEndOffset(i))) return indexPositions(table);
    lastLine[i] = cursor.line;
    endCharacter[i] = cursor.character;
  }
  return { firstLine, lastLine, startCharacter, endCharacter };
}
