// `entropy-lens cross-entropy`: log loss of one or more models (probability or logit groups)
// against a label column or one-hot / soft target columns, with Brier score and error rate.
import { argmaxRows, bootstrapIntervals, classReports, CoreError, DEFAULT_EPSILON, fromNats, fromNatsArray, isCoreError, isRowView, unitOf } from '../../core';
import type { BootstrapResult, ClassLabel, Epsilon, LogBase, Matrix, RowView } from '../../core';
import { classOrderWarning } from '../../analysis/modelClassOrders';
import { decideClassOrder, decidePositiveClass, labelLogLikelihood } from '../../analysis/classOrder';
import type { ClassOrderDecision } from '../../analysis/classOrder';
import type { ClassOrderRule } from '../../protocol/analysis';
import { binaryRows, encodeRows, ignoredLabelCandidate, ignoredLabelRows, subsetLabels } from '../../analysis/labelSet';
import type { IgnoredLabel } from '../../analysis/labelSet';
import { gatherRows, scatter } from '../../analysis/subset';
import { modelLossWeighting } from '../../analysis/lossWeighting';
import type { WeightingRefusal } from '../../analysis/lossWeighting';
import { calibrationHits } from '../../analysis/calibrationHits';
import type { LabelSet } from '../../analysis/labelSet';
import { scoreModel } from '../../analysis/scoreModel';
import type { ModelScore, ScoreExtras, Truth } from '../../analysis/scoreModel';
import { classWeightFlag, columnLists, single, splitList, topKList, UsageError } from '../args';
import type { ParsedArgs } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { asNumbersWhenNumeric, count, formatTableNumber, table } from '../output';
import { componentNames } from '../../data';
import { applyGates, parseGates } from '../gates';
import { comparisonReport, intervalOptions, modelIntervalJson } from '../intervals';
import type { GatedModel } from '../gates';

type ModelKind = 'probabilities' | 'logits';

export interface ModelInput {
  readonly kind: ModelKind;
  readonly columns: readonly string[];
  /** Probabilities may be the table's own rows (RowView); scoreModel reads either. */
  readonly values: Matrix | RowView;
  /** |Σp − 1| the core accepts for these rows (the rounding of the numbers as written). */
  readonly rowSumTolerance?: number;
  /** Which column is which class (against a label), decided in readCrossEntropyInput. */
  readonly order?: ClassOrderDecision;
}

/** What one model scored (nats), with how its columns were matched to classes. */
export interface ScoredModel {
  readonly score: ModelScore;
  readonly classes?: readonly ClassLabel[];
  readonly classMapping?: string;
  readonly positiveLabel?: ClassLabel;
  readonly positiveRule?: keyof typeof POSITIVE_WORDS;
  /** The classes in the order of the score's confusion and per-class rows (binary: negative, positive). */
  readonly classOrder?: readonly ClassLabel[];
}

export const MAPPING_WORDS = {
  explicit: 'as listed by --classes',
  names: 'by the label value each column name ends with',
  field: 'as the field naming the classes lists them',
  numeric: 'in numeric label order',
  inferred: 'as the data fit best (a guess: see the warning)',
  sorted: 'in sorted label order',
} as const;

const POSITIVE_WORDS = {
  explicit: 'given by --pos-label',
  names: 'named by the column',
  field: 'named by the column',
  numeric: 'labels are 0/1 or ±1',
  inferred: 'the data fit it best; a guess, see the warning',
  sorted: 'the greater label in sorted order',
} as const;

/** Parses --eps: `auto` (scikit-learn's float64 machine epsilon), `none`, or a number in [0, 0.5). */
export function parseEpsilon(text: string | undefined): Epsilon {
  if (text === undefined || text === 'auto') return DEFAULT_EPSILON;
  if (text === 'none') return 'none';
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value < 0.5)) throw new UsageError(`--eps must be auto, none or a number in [0, 0.5), got '${text}'`);
  return value;
}

/** Everything cross-entropy scores: its options and the columns, read and checked. */
export interface CrossEntropyInput {
  readonly label: string | undefined;
  readonly positiveLabel: string | undefined;
  readonly explicitClasses: readonly string[] | undefined;
  readonly options: { readonly eps: Epsilon; readonly normalize: boolean };
  /** The label column (distinct texts and a code per row), when scored against labels. */
  readonly labels: LabelSet | undefined;
  readonly targets: Matrix | undefined;
  readonly models: readonly ModelInput[];
  /** Class orders the data do not confirm (one per model at most), for stderr and `warnings`. */
  readonly warnings: readonly { code: string; message: string; line: number; column: number }[];
  /** Ranking metrics (with --json) and top-k accuracies (--top-k) to compute. */
  readonly extras: ScoreExtras;
  /** --sample-weight, --class-weight, --pos-weight, --label-smoothing, as given. */
  readonly weighting: WeightingFlags;
  /**
   * --ignore-label: the rows it leaves out, and the file's row of each row kept. The labels, models
   * and weights above hold the kept rows only, so every score, interval and issue is over them.
   */
  readonly ignored?: IgnoredLabel;
}

/** The loss-weighting flags of cross-entropy (PyTorch's and scikit-learn's meanings). */
export interface WeightingFlags {
  readonly sampleWeight?: { readonly column: string; readonly values: Float64Array };
  readonly classWeight?: 'balanced' | ReadonlyMap<string, number>;
  readonly positiveWeight?: number;
  readonly labelSmoothing?: number;
}

/** Parses the weighting flags (the sample-weight column is read by the caller). Throws UsageError. */
export function weightingFlags(args: ParsedArgs): Omit<WeightingFlags, 'sampleWeight'> & { sampleWeightColumn?: string } {
  const number = (name: string, valid: (v: number) => boolean, what: string): number | undefined => {
    const text = single(args, name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !valid(value)) throw new UsageError(`--${name} must be ${what}, got '${text}'`);
    return value;
  };
  const positiveWeight = number('pos-weight', (v) => v >= 0 && Number.isFinite(v), 'a number of 0 or more');
  const labelSmoothing = number('label-smoothing', (v) => v >= 0 && v <= 1, 'a number from 0 to 1');
  const classWeight = classWeightFlag(single(args, 'class-weight'));
  const sampleWeightColumn = single(args, 'sample-weight');
  return {
    ...(sampleWeightColumn !== undefined ? { sampleWeightColumn } : {}),
    ...(classWeight !== undefined ? { classWeight } : {}),
    ...(positiveWeight !== undefined ? { positiveWeight } : {}),
    ...(labelSmoothing !== undefined ? { labelSmoothing } : {}),
  };
}

/** A vector column (`probs: [..]`) is one name for K columns: its components are `probs[k]`. */
function columnNames(model: ModelInput): string[] {
  return componentNames(model.columns, model.values.cols);
}

/** The flags cross-entropy needs, checked (read into memory or streamed alike). Throws UsageError. */
export function crossEntropyFlags(args: ParsedArgs): { label: string | undefined; targetLists: string[][]; groups: { kind: ModelKind; columns: string[] }[] } {
  const label = single(args, 'label');
  const targetLists = columnLists(args, 'target');
  if ((label === undefined) === (targetLists.length === 0)) throw new UsageError('cross-entropy needs exactly one of --label COL or --target C1,C2,..');
  if (targetLists.length > 1) throw new UsageError('--target may be given only once');
  const groups = [...columnLists(args, 'prob').map((columns) => ({ kind: 'probabilities' as const, columns })), ...columnLists(args, 'logit').map((columns) => ({ kind: 'logits' as const, columns }))];
  if (groups.length === 0) throw new UsageError('cross-entropy needs at least one --prob or --logit group');
  return { label, targetLists, groups };
}

/**
 * The command's first step: its options, then every column it needs, read and validated before
 * anything is computed (so one run reports every bad cell). Throws UsageError or InputProblems.
 */
export function readCrossEntropyInput({ args, input }: Pick<CommandContext, 'args' | 'input'>): CrossEntropyInput {
  const { label, targetLists, groups } = crossEntropyFlags(args);
  const eps = parseEpsilon(single(args, 'eps'));
  const normalize = args.flags.has('normalize');
  const classesText = single(args, 'classes');
  const explicitClasses = classesText === undefined ? undefined : splitList(classesText);
  const positiveLabel = single(args, 'pos-label');
  const ignoreText = single(args, 'ignore-label');
  if (ignoreText !== undefined && label === undefined) throw new UsageError('--ignore-label leaves out the rows of one --label value: give --label COL');

  const fileLabels = label === undefined ? undefined : input.labels(label);
  const ignored = fileLabels !== undefined && ignoreText !== undefined ? ignoredLabelRows(fileLabels, ignoreText) : undefined;
  // Ignored rows are out from here on: class orders are decided and rows scored without them.
  const kept = <T extends Matrix | RowView>(values: T): T | Matrix => (ignored ? gatherRows(values, ignored.keptRows) : values);
  const labels = fileLabels && ignored ? subsetLabels(fileLabels, ignored.keptRows) : fileLabels;
  const targets = targetLists[0] === undefined ? undefined : input.numbers(targetLists[0]);
  const read = groups.map(({ kind, columns }) => ({
    kind,
    columns,
    values: kept(kind === 'probabilities' ? input.probabilityRows(columns, normalize) : input.numbers(columns, 'logits')),
    rowSumTolerance: kind === 'probabilities' ? input.rowSumTolerance(columns) : undefined,
  }));
  const warnings: CrossEntropyInput['warnings'][number][] = [];
  const models: ModelInput[] = read.map((model) => {
    const base = { kind: model.kind, columns: model.columns, values: model.values, ...(model.rowSumTolerance !== undefined ? { rowSumTolerance: model.rowSumTolerance } : {}) };
    if (labels === undefined || label === undefined) return base;
    const order = decideOrder(model, labels, explicitClasses, positiveLabel);
    if (order === undefined) {
      // The real cause first: a missing column or an empty file leaves no classes to match.
      input.assertUsable();
      const present = labels.distinct.filter((value, d) => value !== '' && (labels.counts[d] ?? 0) > 0);
      throw new UsageError(
        model.values.cols === 1
          ? `${model.columns.join(',')} is one probability column but '${label}' has ${present.length} classes (${present.slice(0, 8).join(', ')}${present.length > 8 ? ', …' : ''}): name the positive class with --pos-label`
          : `cannot tell which of the ${model.values.cols} columns of ${model.columns.join(',')} is which of the ${present.length} values of '${label}' (${present.slice(0, 8).join(', ')}${present.length > 8 ? ', …' : ''}): list the classes in column order with --classes${ignoreHint(present, model.values.cols)}`,
      );
    }
    // The ignored value is no class, and no label outside the classes either.
    if (order.rule !== 'explicit') input.checkLabels(label, [...order.classes, ...(ignored?.texts ?? [])]);
    if (order.uncertain) {
      const name = model.columns.length === 1 ? (model.columns[0] as string) : model.columns.join(',');
      const warning = classOrderWarning({ name, kind: model.kind, columns: [...model.columns] }, order, input.table, 'nats');
      warnings.push({ code: 'classOrderUncertain', message: warning.message, line: (warning.range?.start.line ?? 0) + 1, column: (warning.range?.start.character ?? 0) + 1 });
    }
    return { ...base, order };
  });
  input.assertUsable();
  const extras: ScoreExtras = { ranking: args.flags.has('json'), topK: topKList(args) };
  const { sampleWeightColumn, ...weights } = weightingFlags(args);
  if (targets !== undefined && (sampleWeightColumn !== undefined || Object.keys(weights).length > 0)) {
    throw new UsageError('--sample-weight, --class-weight, --pos-weight and --label-smoothing weigh losses against a --label column, not --target columns');
  }
  const sampleWeights = sampleWeightColumn === undefined ? undefined : input.weights(sampleWeightColumn);
  const weighting: WeightingFlags = {
    ...weights,
    ...(sampleWeightColumn !== undefined && sampleWeights
      ? { sampleWeight: { column: sampleWeightColumn, values: ignored ? gatherRows({ data: sampleWeights, rows: sampleWeights.length, cols: 1 }, ignored.keptRows).data : sampleWeights } }
      : {}),
  };
  input.assertUsable();
  if (ignored && ignored.keptRows.length === 0) throw new UsageError(`every row of '${label as string}' is ${ignored.value} (--ignore-label): no row is left to score`);
  return { label, positiveLabel, explicitClasses, options: { eps, normalize }, labels, targets, models, warnings, extras, weighting, ...(ignored ? { ignored } : {}) };
}

/**
 * When the labels are the class indices 0..K−1 of K columns plus one other number (PyTorch's
 * ignore_index, -100 by default, on padding rows), the flag that leaves those rows out.
 */
function ignoreHint(present: readonly string[], width: number): string {
  const value = ignoredLabelCandidate(present, width);
  return value === undefined ? '' : `, or, if the rows labelled ${value} are to be left out (PyTorch's ignore_index), give --ignore-label ${value}`;
}

/** The class order of one model against the labels: the analysis layer's rules, on every row. */
function decideOrder(
  model: { kind: ModelKind; columns: readonly string[]; values: Matrix | RowView },
  labels: LabelSet,
  explicit: readonly string[] | undefined,
  positive: string | undefined,
): ClassOrderDecision | undefined {
  const width = model.values.cols;
  const values = isRowView(model.values) ? { data: model.values.store, offset: model.values.offset, stride: model.values.stride, width } : { data: model.values.data, offset: 0, stride: width, width };
  const present = labels.distinct.map((value, d) => (value === '' ? 0 : (labels.counts[d] ?? 0)));
  const input = {
    columnNames: columnNames({ ...model, columns: [...model.columns] } as ModelInput),
    namedColumns: model.columns.length === width,
    labels: { values: labels.distinct, counts: present },
    logLikelihood: () => labelLogLikelihood(values, model.kind, labels.codes, null, labels.distinct.length),
  };
  if (width === 1) return decidePositiveClass({ ...input, positive });
  if (explicit && explicit.length !== width) {
    throw new CoreError('columnClassMismatch', `${explicit.length} classes are listed for ${width} columns (${input.columnNames.join(', ')}): list one class per column`);
  }
  return decideClassOrder({ ...input, explicit });
}

/**
 * A model's truth against the labels in its class order: binary 0/1 for one column (1 = the
 * positive class), else class indices. Undefined when the model is scored against targets.
 */
export function labelTruth(input: Pick<CrossEntropyInput, 'labels'>, model: ModelInput): Exclude<Truth, { kind: 'soft' }> | undefined {
  if (input.labels === undefined || !model.order) return undefined;
  const classes = model.order.classes;
  if (model.values.cols === 1) return { kind: 'binary', y: binaryRows(input.labels, classes[1]).y };
  return { kind: 'indices', indices: encodeRows(input.labels, classes).indices };
}

/**
 * The second step: each model scored against the labels or targets (nats). Throws CoreError
 * (naming the file's rows, also with --ignore-label), UsageError.
 */
export function scoreCrossEntropy(input: CrossEntropyInput): ScoredModel[] {
  try {
    return scoreKeptRows(input);
  } catch (error) {
    if (!input.ignored || !isCoreError(error) || error.rows.length === 0) throw error;
    const fileRows = input.ignored.keptRows;
    throw new CoreError(error.code, error.message, {
      rows: error.rows.map((row) => fileRows[row] as number),
      values: error.values,
      ...(error.column !== undefined ? { column: error.column } : {}),
      ...(error.entry !== undefined ? { entry: error.entry } : {}),
    });
  }
}

function scoreKeptRows(input: CrossEntropyInput): ScoredModel[] {
  const { targets } = input;
  return input.models.map((model): ScoredModel => {
    const options = { ...input.options, ...(model.rowSumTolerance !== undefined ? { rowSumTolerance: model.rowSumTolerance } : {}) };
    const truth = labelTruth(input, model);
    if (truth !== undefined && model.order) {
      const order = model.order;
      const score = scoreModel(model.kind, model.values, truth, options, { ...input.extras, ...modelWeighting(input.weighting, model, truth) });
      if (model.values.cols === 1) return { score, positiveLabel: order.classes[1] as string, positiveRule: order.rule, classOrder: order.classes };
      return { score, classes: order.classes, classMapping: MAPPING_WORDS[order.rule], classOrder: order.classes };
    }
    const targetRows = targets as Matrix;
    // One target column is a binary 0/1 label; otherwise targets and predictions are class rows.
    if (targetRows.cols !== model.values.cols && !(targetRows.cols === 1 && model.values.cols === 1)) {
      throw new UsageError(`${targetRows.cols} target columns but ${model.values.cols} columns in ${model.columns.join(',')}`);
    }
    return { score: scoreModel(model.kind, model.values, { kind: 'soft', targets: targetRows }, options) };
  });
}

export function runCrossEntropy(context: CommandContext): CommandOutput {
  const gates = parseGates(context.args);
  const input = readCrossEntropyInput(context);
  const scores = scoreCrossEntropy(input);
  const ci = intervalOptions(context.args);
  // The bootstrap resamples the rows' unweighted losses: beside weighted means its intervals
  // would be of other numbers than the ones reported.
  const w = input.weighting;
  if (ci && (w.sampleWeight !== undefined || w.classWeight !== undefined || w.positiveWeight !== undefined || w.labelSmoothing !== undefined)) {
    throw new UsageError('--ci resamples unweighted losses: it cannot be combined with --sample-weight, --class-weight, --pos-weight or --label-smoothing yet');
  }
  const intervals =
    ci &&
    bootstrapIntervals(
      input.models.map((model, m) => ({ loss: scores[m]!.score.lossNats, brier: scores[m]!.score.rowBrier, wrong: wrongRows(scores[m]!.score, labelTruth(input, model), input.targets) })),
      ci,
    );
  const output = reportCrossEntropy({ ...input, ...(intervals ? { intervals } : {}) }, scores, context.base);
  const withWarnings = { ...output, problems: input.warnings.map(({ message, line, column }) => ({ line, column, raw: '', why: message, severity: 'warning' as const })) };
  return applyGates(
    withWarnings,
    gates,
    input.models.map((model, m) => gatedModel(model, scores[m]!, labelTruth(input, model))),
    context.base,
  );
}

/**
 * The weighting flags for one model in its class order (see modelLossWeighting). Throws
 * UsageError for a flag that does not apply to the model, or CoreError for a class weight naming
 * no class.
 */
function modelWeighting(flags: WeightingFlags, model: ModelInput, truth: Truth): Pick<ScoreExtras, 'sampleWeights' | 'weighting'> {
  const name = model.columns.join(',');
  const indices = truth.kind === 'indices' ? truth.indices : truth.kind === 'binary' ? truth.y : [];
  const decided = modelLossWeighting(flags, model.values.cols, model.order!.classes, indices);
  if ('refusal' in decided) {
    const why: Record<WeightingRefusal, string> = {
      positiveWeightNeedsOneColumn: `--pos-weight weighs the positive class of a one-column model (BCEWithLogitsLoss), but ${name} has ${model.values.cols} columns`,
      smoothingNeedsClassRows: `--label-smoothing smooths class rows (CrossEntropyLoss), but ${name} is one column: give both class columns`,
      smoothingWithClassWeight: '--label-smoothing with --class-weight is not supported: give one of them',
    };
    throw new UsageError(why[decided.refusal]);
  }
  const { weighting } = decided;
  return { ...(flags.sampleWeight ? { sampleWeights: flags.sampleWeight.values } : {}), ...(Object.keys(weighting).length > 0 ? { weighting } : {}) };
}

/** 1 where the row's predicted class is not its true class (the label, or the targets' argmax). */
function wrongRows(score: ModelScore, truth: Truth | undefined, targets: Matrix | undefined): Uint8Array {
  const n = score.predictedClass.length;
  const wrong = new Uint8Array(n);
  const hot = truth === undefined && targets !== undefined && targets.cols > 1 ? argmaxRows(targets) : undefined;
  for (let i = 0; i < n; i++) {
    const actual = truth?.kind === 'indices' ? truth.indices[i]! : truth?.kind === 'binary' ? truth.y[i]! : hot ? hot[i]! : targets ? targets.data[i]! : -1;
    wrong[i] = score.predictedClass[i] === actual ? 0 : 1;
  }
  return wrong;
}

/** A scored model as the gates read it: its name, its means and, against labels, each row's confidence and hit. */
export function gatedModel(model: { readonly kind: ModelKind; readonly columns: readonly string[] }, scored: ScoredModel, truth: Truth | undefined): GatedModel {
  const { score } = scored;
  const hit = truth !== undefined && truth.kind !== 'soft' && score.confidence.length > 0 ? calibrationHits(truth, score.predictedClass) : undefined;
  return {
    name: `${model.kind === 'logits' ? 'logits ' : ''}${model.columns.join(',')}`,
    meanNats: score.meanLossNats,
    brier: score.brier,
    errorRate: score.errorRate,
    confidence: score.confidence,
    hit,
  };
}

/** What reportCrossEntropy prints of the input: the models' columns and class-order rules, the flags. */
export interface ReportedInput {
  readonly label: string | undefined;
  readonly positiveLabel: string | undefined;
  readonly options: { readonly eps: Epsilon };
  readonly models: readonly { readonly kind: ModelKind; readonly columns: readonly string[]; readonly order?: { readonly rule: ClassOrderRule; readonly uncertain: boolean } }[];
  readonly warnings: CrossEntropyInput['warnings'];
  /** Rows scored, when the scores hold no per-row losses (a streamed file without --json). */
  readonly n?: number;
  /** Whether ROC AUC and average precision were computed (false: a streamed file, reported as null). */
  readonly ranking?: boolean;
  /** Bootstrap intervals (--ci), the models in order. */
  readonly intervals?: BootstrapResult;
  /** The loss weighting asked for (in memory only). */
  readonly weighting?: WeightingFlags;
  /**
   * The rows --ignore-label left out. In memory the scores are of the kept rows (keptRows maps
   * them back to the file's); a streamed file's per-row losses are already the file's rows.
   */
  readonly ignored?: ReportedIgnore;
}

/** --ignore-label as reported: the value, the rows it left out, and (in memory) the kept rows. */
export type ReportedIgnore = Pick<IgnoredLabel, 'value' | 'count'> & Partial<Pick<IgnoredLabel, 'keptRows' | 'rowsBefore'>>;

/** The last step: the `--json` object and the text table, in the chosen base (in memory or streamed alike). */
export function reportCrossEntropy(input: ReportedInput, scores: readonly ScoredModel[], base: LogBase): CommandOutput {
  const { models, label, positiveLabel } = input;
  const eps = input.options.eps;
  const unit = unitOf(base);
  const n = input.n ?? scores[0]?.score.lossNats.length ?? 0;
  const { ignored } = input;
  // Per-row losses by the file's rows: an ignored row's is NaN, as a row not scored.
  const fileRows = (losses: Float64Array): Float64Array => (ignored?.keptRows && ignored.rowsBefore !== undefined ? scatter(losses, ignored.keptRows, ignored.rowsBefore) : losses);
  const jsonModels = models.map((model, m) => {
    const score = scores[m] as ScoredModel;
    return {
      columns: model.columns,
      kind: model.kind,
      mean: fromNats(score.score.meanLossNats, base),
      sum: fromNats(score.score.sumLossNats, base),
      // In nats the losses are printed as they are (no copy of a streamed file's million rows).
      rows: fileRows(base === 'e' ? score.score.lossNats : fromNatsArray(score.score.lossNats, base)),
      brier: score.score.brier,
      errorRate: score.score.errorRate,
      errors: score.score.errors,
      clipped: score.score.clippedRows,
      infinite: score.score.infiniteRows,
      normalized: score.score.normalizedRows,
      ...(score.classes ? { classes: asNumbersWhenNumeric(score.classes), classMapping: score.classMapping } : {}),
      ...(score.positiveLabel !== undefined ? { positiveLabel: asNumbersWhenNumeric([score.positiveLabel])[0] } : {}),
      ...(model.order ? { classOrder: model.order.rule, classOrderUncertain: model.order.uncertain } : {}),
      ...classificationJson(score.score, score.classOrder, base, input.ranking),
      ...(input.intervals ? modelIntervalJson(input.intervals, m, base) : {}),
      ...(input.weighting?.sampleWeight ? { weightTotal: score.score.weightTotal } : {}),
    };
  });
  const weightingNote = weightingText(input.weighting);
  const modelNames = models.map((model) => `${model.kind === 'logits' ? 'logits ' : ''}${model.columns.join(',')}`);
  const comparisons = input.intervals ? comparisonReport(input.intervals, modelNames, base, unit) : undefined;
  const intervalLines = input.intervals
    ? [
        `${Number((input.intervals.level * 100).toPrecision(6))} % percentile bootstrap intervals (${input.intervals.resamples} resamples of the rows, seed ${input.intervals.seed}):`,
        ...models.map((_, m) => {
          const ci = input.intervals!.models[m]!;
          const span = (i: readonly [number, number], inBase: boolean): string =>
            `${formatTableNumber(inBase ? fromNats(i[0], base) : i[0])} – ${formatTableNumber(inBase ? fromNats(i[1], base) : i[1])}`;
          return `  ${modelNames[m]}: mean ${span(ci.mean, true)} ${unit}, Brier ${span(ci.brier, false)}, error rate ${span(ci.errorRate, false)}`;
        }),
        ...(comparisons?.lines ?? []).map((line) => `  ${line}`),
      ]
    : [];
  const epsText = `${eps === 'none' ? 'no clipping' : `ε = ${eps}`}${ignored ? `, ${ignoredText(ignored)}` : ''}`;
  const notes = models.flatMap((model, m) => {
    const score = scores[m] as ScoredModel;
    const name = model.columns.join(',');
    const lines: string[] = [];
    if (score.classes) lines.push(`${name}: columns mapped to classes ${score.classes.join(', ')} ${score.classMapping}`);
    if (score.positiveLabel !== undefined && positiveLabel === undefined && label !== undefined)
      lines.push(`${name}: positive class ${String(score.positiveLabel)} (${POSITIVE_WORDS[score.positiveRule ?? 'explicit']})`);
    if (score.score.infiniteRows > 0) lines.push(`${name}: ${score.score.infiniteRows} rows give the true class probability 0 (infinite loss)`);
    if (score.score.normalizedRows > 0) lines.push(`${name}: ${score.score.normalizedRows} rows normalised to sum 1 (--normalize)`);
    const topK = Object.entries(score.score.topKAccuracy);
    if (topK.length > 0) lines.push(`${name}: top-k accuracy ${topK.map(([k, v]) => `k=${k} ${formatTableNumber(v, 4)}`).join(', ')}`);
    return lines;
  });
  const perClassTables = models.flatMap((model, m) => {
    const rows = perClassRows(scores[m] as ScoredModel, base);
    if (rows.length === 0) return [];
    const name = `${model.kind === 'logits' ? 'logits ' : ''}${model.columns.join(',')}`;
    return ['', `Per class (${name}; precision, recall and F1 of the argmax, 0 where undefined):`, table(['class', 'rows', `mean loss (${unit})`, 'precision', 'recall', 'F1'], rows)];
  });
  const ranked = scores.some((score) => score.score.ranking !== null);
  return {
    json: {
      base,
      unit,
      n,
      eps,
      ...(ignored ? { ignored: ignoredJson(ignored) } : {}),
      ...weightingJson(input.weighting),
      models: jsonModels,
      ...(comparisons ? { comparisons: comparisons.json } : {}),
      warnings: input.warnings.map(({ code, message }) => ({ code, message })),
    },
    text: [
      `Cross-entropy (log loss) in ${unit} over ${count(n, 'row')}, ${epsText}${weightingNote ? `; ${weightingNote}` : ''}`,
      '',
      table(
        ['model', `mean (${unit})`, `sum (${unit})`, 'Brier', 'error rate', 'clipped rows', ...(ranked ? ['ROC AUC', 'avg precision'] : [])],
        jsonModels.map((model, m) => [
          `${model.kind === 'logits' ? 'logits ' : ''}${model.columns.join(',')}`,
          formatTableNumber(model.mean),
          formatTableNumber(model.sum),
          formatTableNumber(model.brier),
          `${formatTableNumber(model.errorRate, 4)} (${model.errors}/${n})`,
          String(model.clipped),
          ...(ranked ? rankingCells(scores[m] as ScoredModel) : []),
        ]),
      ),
      ...perClassTables,
      ...(intervalLines.length > 0 ? ['', ...intervalLines] : []),
      ...(notes.length > 0 ? ['', ...notes] : []),
    ].join('\n'),
  };
}

/** The ROC AUC and average-precision cells of the text table ("–" where not computed or undefined). */
function rankingCells(score: ScoredModel): string[] {
  const ranking = score.score.ranking;
  const cell = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '–' : formatTableNumber(v, 4));
  return [cell(ranking?.rocAuc), cell(ranking?.averagePrecision)];
}

/** One row per class of the per-class table: rows, mean loss, precision, recall, F1. */
function perClassRows(score: ScoredModel, base: LogBase): string[][] {
  const { confusion, perClass } = score.score;
  if (!confusion || !perClass || !score.classOrder) return [];
  return classReports(confusion).map((report, k) => [
    String(score.classOrder![k]),
    String(report.support),
    Number.isNaN(perClass.meanLossNats[k]!) ? '–' : formatTableNumber(fromNats(perClass.meanLossNats[k]!, base)),
    formatTableNumber(report.precision, 4),
    formatTableNumber(report.recall, 4),
    formatTableNumber(report.f1, 4),
  ]);
}

/** What a model's classification fields are made of (a ModelScore, or a ModelResult's classification). */
export interface ClassificationInput {
  readonly confusion: number[][] | null;
  readonly perClass: { readonly support: number[]; readonly meanLossNats: number[] } | null;
  readonly ranking: { readonly rocAuc: number; readonly averagePrecision: number } | null;
  readonly topKAccuracy: Record<string, number>;
}

/**
 * A model's classification fields for --json (against labels only): ROC AUC and average precision
 * (null when not computed: a streamed file, `analyze`), the confusion matrix (rows = true class,
 * columns = predicted), the per-class report and the top-k accuracies asked for.
 */
export function classificationJson(metrics: ClassificationInput, classOrder: readonly ClassLabel[] | undefined, base: LogBase, rankingComputed = true): Record<string, unknown> {
  const { confusion, perClass, ranking, topKAccuracy } = metrics;
  if (!confusion || !perClass || !classOrder) return {};
  const classes = asNumbersWhenNumeric(classOrder);
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    rocAuc: ranking && rankingComputed ? finite(ranking.rocAuc) : null,
    averagePrecision: ranking && rankingComputed ? finite(ranking.averagePrecision) : null,
    confusion,
    perClass: classReports(confusion).map((report, k) => ({
      class: classes[k],
      support: report.support,
      meanLoss: finite(fromNats(perClass.meanLossNats[k]!, base)),
      precision: report.precision,
      recall: report.recall,
      f1: report.f1,
    })),
    ...(Object.keys(topKAccuracy).length > 0 ? { topKAccuracy } : {}),
  };
}

/** --ignore-label in --json: the value as given and the rows it left out (n counts the rows scored). */
export function ignoredJson(ignored: ReportedIgnore): { label: string | number; rows: number } {
  return { label: asNumbersWhenNumeric([ignored.value])[0] as string | number, rows: ignored.count };
}

/** --ignore-label in a report's first line, with whose convention it follows. */
export function ignoredText(ignored: ReportedIgnore): string {
  return `${count(ignored.count, 'row')} labelled ${ignored.value} left out by --ignore-label (ignore_index)`;
}

/** The weighting in --json: what was asked for, in the flags' words. */
function weightingJson(w: WeightingFlags | undefined): Record<string, unknown> {
  if (!w || (w.sampleWeight === undefined && w.classWeight === undefined && w.positiveWeight === undefined && w.labelSmoothing === undefined)) return {};
  return {
    weighting: {
      sampleWeight: w.sampleWeight?.column ?? null,
      classWeight: w.classWeight === undefined ? null : w.classWeight === 'balanced' ? 'balanced' : Object.fromEntries(w.classWeight),
      posWeight: w.positiveWeight ?? null,
      labelSmoothing: w.labelSmoothing ?? null,
    },
  };
}

/** The weighting in the text report's first line, with whose convention it follows. */
function weightingText(w: WeightingFlags | undefined): string {
  if (!w) return '';
  const parts: string[] = [];
  if (w.sampleWeight) parts.push(`weighted by ${w.sampleWeight.column} (sample_weight: Σ w·loss / Σ w)`);
  if (w.classWeight)
    parts.push(`class weights ${w.classWeight === 'balanced' ? 'balanced (n / (K·n_k))' : [...w.classWeight].map(([k, v]) => `${k}=${v}`).join(', ')} (CrossEntropyLoss(weight): Σ w_y·loss / Σ w_y)`);
  if (w.positiveWeight !== undefined) parts.push(`pos_weight ${w.positiveWeight} (BCEWithLogitsLoss)`);
  if (w.labelSmoothing !== undefined) parts.push(`label smoothing ${w.labelSmoothing} (CrossEntropyLoss(label_smoothing))`);
  return parts.join('; ');
}
