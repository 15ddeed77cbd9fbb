// `entropy-lens cross-entropy`: log loss of one or more models (probability or logit groups)
// against a label column or one-hot / soft target columns, with Brier score and error rate.
import { DEFAULT_EPSILON, fromNats, fromNatsArray, mapColumnsToClasses, unitOf } from '../../core';
import type { ClassLabel, Epsilon, LogBase, Matrix, RowView } from '../../core';
import { binaryRows, encodeRows } from '../../analysis/labelSet';
import type { LabelSet } from '../../analysis/labelSet';
import { scoreModel } from '../../analysis/scoreModel';
import type { ModelScore, Truth } from '../../analysis/scoreModel';
import { columnLists, single, splitList, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { count, formatNumber, table } from '../output';

type ModelKind = 'probabilities' | 'logits';

export interface ModelInput {
  readonly kind: ModelKind;
  readonly columns: readonly string[];
  /** Probabilities may be the table's own rows (RowView); scoreModel reads either. */
  readonly values: Matrix | RowView;
}

/** What one model scored (nats), with how its columns were matched to classes. */
export interface ScoredModel {
  readonly score: ModelScore;
  readonly classes?: readonly ClassLabel[];
  readonly classMapping?: string;
  readonly positiveLabel?: ClassLabel;
  readonly positiveRule?: keyof typeof POSITIVE_WORDS;
}

const MAPPING_WORDS = {
  explicit: 'as listed by --classes',
  columnName: 'by the label value each column name ends with',
  sortedLabels: 'in sorted label order',
} as const;

const POSITIVE_WORDS = {
  given: 'given by --pos-label',
  conventional: 'labels are 0/1 or ±1',
  greater: 'the greater label in sorted order',
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
}

/** A vector column (`probs: [..]`) is one name for K columns: its components are `probs[k]`. */
function columnNames(model: ModelInput): string[] {
  return model.columns.length === model.values.cols ? [...model.columns] : Array.from({ length: model.values.cols }, (_, k) => `${model.columns[0]}[${k}]`);
}

/**
 * The command's first step: its options, then every column it needs, read and validated before
 * anything is computed (so one run reports every bad cell). Throws UsageError or InputProblems.
 */
export function readCrossEntropyInput({ args, input }: Pick<CommandContext, 'args' | 'input'>): CrossEntropyInput {
  const label = single(args, 'label');
  const targetLists = columnLists(args, 'target');
  if ((label === undefined) === (targetLists.length === 0)) throw new UsageError('cross-entropy needs exactly one of --label COL or --target C1,C2,..');
  if (targetLists.length > 1) throw new UsageError('--target may be given only once');
  const groups = [
    ...columnLists(args, 'prob').map((columns) => ({ kind: 'probabilities' as const, columns })),
    ...columnLists(args, 'logit').map((columns) => ({ kind: 'logits' as const, columns })),
  ];
  if (groups.length === 0) throw new UsageError('cross-entropy needs at least one --prob or --logit group');
  const eps = parseEpsilon(single(args, 'eps'));
  const normalize = args.flags.has('normalize');
  const classesText = single(args, 'classes');
  const explicitClasses = classesText === undefined ? undefined : splitList(classesText);
  const positiveLabel = single(args, 'pos-label');

  const labels = label === undefined ? undefined : input.labels(label);
  const targets = targetLists[0] === undefined ? undefined : input.numbers(targetLists[0]);
  const models: ModelInput[] = groups.map(({ kind, columns }) => ({
    kind,
    columns,
    values: kind === 'probabilities' ? input.probabilityRows(columns, normalize) : input.numbers(columns),
  }));
  if (labels !== undefined && label !== undefined) {
    for (const model of models) {
      if (model.values.cols > 1) input.checkLabels(label, mapColumnsToClasses(columnNames(model), labels.distinct, explicitClasses).classes.map(String));
    }
  }
  input.assertUsable();
  return { label, positiveLabel, explicitClasses, options: { eps, normalize }, labels, targets, models };
}

/** The second step: each model scored against the labels or targets (nats). Throws CoreError, UsageError. */
export function scoreCrossEntropy(input: CrossEntropyInput): ScoredModel[] {
  const { labels, targets, explicitClasses, positiveLabel, options } = input;
  return input.models.map((model): ScoredModel => {
    if (labels !== undefined) {
      if (model.values.cols === 1) {
        const targets = binaryRows(labels, positiveLabel);
        return { score: scoreModel(model.kind, model.values, { kind: 'binary', y: targets.y }, options), positiveLabel: targets.positive, positiveRule: targets.rule };
      }
      // The core's rules decide from the distinct labels alone (classes, column mapping).
      const mapping = mapColumnsToClasses(columnNames(model), labels.distinct, explicitClasses);
      const truth: Truth = { kind: 'indices', indices: encodeRows(labels, mapping.classes).indices };
      return { score: scoreModel(model.kind, model.values, truth, options), classes: mapping.classes, classMapping: MAPPING_WORDS[mapping.rule] };
    }
    const truth = targets as Matrix;
    // One target column is a binary 0/1 label; otherwise targets and predictions are class rows.
    if (truth.cols !== model.values.cols && !(truth.cols === 1 && model.values.cols === 1)) {
      throw new UsageError(`${truth.cols} target columns but ${model.values.cols} columns in ${model.columns.join(',')}`);
    }
    return { score: scoreModel(model.kind, model.values, { kind: 'soft', targets: truth }, options) };
  });
}

export function runCrossEntropy(context: CommandContext): CommandOutput {
  const input = readCrossEntropyInput(context);
  return reportCrossEntropy(input, scoreCrossEntropy(input), context.base);
}

/** The last step: the `--json` object and the text table, in the chosen base. */
export function reportCrossEntropy(input: CrossEntropyInput, scores: readonly ScoredModel[], base: LogBase): CommandOutput {
  const { models, label, positiveLabel } = input;
  const eps = input.options.eps;
  const unit = unitOf(base);
  const n = scores[0]?.score.lossNats.length ?? 0;
  const jsonModels = models.map((model, m) => {
    const score = scores[m] as ScoredModel;
    return {
      columns: model.columns,
      kind: model.kind,
      mean: fromNats(score.score.meanLossNats, base),
      sum: fromNats(score.score.sumLossNats, base),
      rows: fromNatsArray(score.score.lossNats, base),
      brier: score.score.brier,
      errorRate: score.score.errorRate,
      errors: score.score.errors,
      clipped: score.score.clippedRows,
      infinite: score.score.infiniteRows,
      normalized: score.score.normalizedRows,
      ...(score.classes ? { classes: score.classes, classMapping: score.classMapping } : {}),
      ...(score.positiveLabel !== undefined ? { positiveLabel: score.positiveLabel } : {}),
    };
  });
  const epsText = eps === 'none' ? 'no clipping' : `ε = ${eps}`;
  const notes = models.flatMap((model, m) => {
    const score = scores[m] as ScoredModel;
    const name = model.columns.join(',');
    const lines: string[] = [];
    if (score.classes) lines.push(`${name}: columns mapped to classes ${score.classes.join(', ')} ${score.classMapping}`);
    if (score.positiveLabel !== undefined && positiveLabel === undefined && label !== undefined) lines.push(`${name}: positive class ${String(score.positiveLabel)} (${POSITIVE_WORDS[score.positiveRule ?? 'given']})`);
    if (score.score.infiniteRows > 0) lines.push(`${name}: ${score.score.infiniteRows} rows give the true class probability 0 (infinite loss)`);
    if (score.score.normalizedRows > 0) lines.push(`${name}: ${score.score.normalizedRows} rows normalised to sum 1 (--normalize)`);
    return lines;
  });
  return {
    json: { base, unit, n, eps, models: jsonModels },
    text: [
      `Cross-entropy (log loss) in ${unit} over ${count(n, 'row')}, ${epsText}`,
      '',
      table(
        ['model', `mean (${unit})`, `sum (${unit})`, 'Brier', 'error rate', 'clipped rows'],
        jsonModels.map((model) => [
          `${model.kind === 'logits' ? 'logits ' : ''}${model.columns.join(',')}`,
          formatNumber(model.mean),
          formatNumber(model.sum),
          formatNumber(model.brier),
          `${formatNumber(model.errorRate, 4)} (${model.errors}/${n})`,
          String(model.clipped),
        ]),
      ),
      ...(notes.length > 0 ? ['', ...notes] : []),
    ].join('\n'),
  };
}
