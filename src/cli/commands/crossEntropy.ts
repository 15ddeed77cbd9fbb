// `entropy-lens cross-entropy`: log loss of one or more models (probability or logit groups)
// against a label column or one-hot / soft target columns, with Brier score and error rate.
import {
  argmaxRows,
  binaryBrierScore,
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  binaryErrorRate,
  binaryErrorRateFromLogits,
  binaryTargets,
  brierScore,
  crossEntropy,
  crossEntropyFromLogits,
  DEFAULT_EPSILON,
  encodeLabels,
  errorRate,
  fromNats,
  fromNatsArray,
  mapColumnsToClasses,
  sigmoid,
  softBrierScore,
  softCrossEntropy,
  softCrossEntropyFromLogits,
  softmaxInto,
  unitOf,
} from '../../core';
import type { BrierResult, ClassLabel, CrossEntropyResult, Epsilon, ErrorRateResult, Matrix } from '../../core';
import { columnLists, single, splitList, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { count, formatNumber, table } from '../output';

type ModelKind = 'probabilities' | 'logits';

interface ModelInput {
  readonly kind: ModelKind;
  readonly columns: readonly string[];
  readonly values: Matrix;
}

/** What one model scored, before unit conversion. */
interface ModelScore {
  readonly loss: CrossEntropyResult;
  readonly brier: BrierResult;
  readonly error: ErrorRateResult;
  readonly classes?: readonly ClassLabel[];
  readonly classMapping?: string;
  readonly positiveLabel?: ClassLabel;
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

export function runCrossEntropy({ args, input, base }: CommandContext): CommandOutput {
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

  // Read every column first so that one run reports every bad cell.
  const labels = label === undefined ? undefined : input.labels(label);
  const targets = targetLists[0] === undefined ? undefined : input.numbers(targetLists[0]);
  const models: ModelInput[] = groups.map(({ kind, columns }) => ({
    kind,
    columns,
    values: kind === 'probabilities' ? input.probabilities(columns, normalize) : input.numbers(columns),
  }));
  // A vector column (`probs: [..]`) is one name for K columns: its components are `probs[k]`.
  const columnNames = (model: ModelInput): string[] =>
    model.columns.length === model.values.cols ? [...model.columns] : Array.from({ length: model.values.cols }, (_, k) => `${model.columns[0]}[${k}]`);
  if (labels !== undefined && label !== undefined) {
    for (const model of models) {
      if (model.values.cols > 1) input.checkLabels(label, mapColumnsToClasses(columnNames(model), labels, explicitClasses).classes.map(String));
    }
  }
  input.assertUsable();

  const scores = models.map((model): ModelScore => {
    if (labels !== undefined) {
      if (model.values.cols === 1) return scoreBinary(model, binaryTargets(labels, positiveLabel), eps);
      const mapping = mapColumnsToClasses(columnNames(model), labels, explicitClasses);
      const { indices } = encodeLabels(labels, mapping.classes);
      return { ...scoreMulticlass(model, indices, eps, normalize), classes: mapping.classes, classMapping: MAPPING_WORDS[mapping.rule] };
    }
    return scoreAgainstTargets(model, targets as Matrix, eps, normalize);
  });

  const unit = unitOf(base);
  const n = scores[0]?.loss.n ?? 0;
  const jsonModels = models.map((model, m) => {
    const score = scores[m] as ModelScore;
    return {
      columns: model.columns,
      kind: model.kind,
      mean: fromNats(score.loss.meanNats, base),
      sum: fromNats(score.loss.sumNats, base),
      rows: fromNatsArray(score.loss.rowLossNats, base),
      brier: score.brier.mean,
      errorRate: score.error.errorRate,
      clipped: score.loss.clippedRows,
      infinite: score.loss.infiniteRows,
      normalized: score.loss.normalizedRows,
      ...(score.classes ? { classes: score.classes, classMapping: score.classMapping } : {}),
      ...(score.positiveLabel !== undefined ? { positiveLabel: score.positiveLabel } : {}),
    };
  });
  const epsText = eps === 'none' ? 'no clipping' : `ε = ${eps}`;
  const notes = models.flatMap((model, m) => {
    const score = scores[m] as ModelScore;
    const name = model.columns.join(',');
    const lines: string[] = [];
    if (score.classes) lines.push(`${name}: columns mapped to classes ${score.classes.join(', ')} ${score.classMapping}`);
    if (score.positiveLabel !== undefined && positiveLabel === undefined && label !== undefined) lines.push(`${name}: positive class ${String(score.positiveLabel)}`);
    if (score.loss.infiniteRows > 0) lines.push(`${name}: ${score.loss.infiniteRows} rows give the true class probability 0 (infinite loss)`);
    if (score.loss.normalizedRows > 0) lines.push(`${name}: ${score.loss.normalizedRows} rows normalised to sum 1 (--normalize)`);
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
          `${formatNumber(model.errorRate, 4)} (${(scores[jsonModels.indexOf(model)] as ModelScore).error.errors}/${n})`,
          String(model.clipped),
        ]),
      ),
      ...(notes.length > 0 ? ['', ...notes] : []),
    ].join('\n'),
  };
}

function scoreBinary(model: ModelInput, targets: ReturnType<typeof binaryTargets>, eps: Epsilon): ModelScore {
  const column = model.values.data;
  if (model.kind === 'logits') {
    const probabilities = Float64Array.from(column, sigmoid);
    return {
      loss: binaryCrossEntropyFromLogits(targets.y, column),
      brier: binaryBrierScore(targets.y, probabilities),
      error: binaryErrorRateFromLogits(targets.y, column),
      positiveLabel: targets.positive,
    };
  }
  return {
    loss: binaryCrossEntropy(targets.y, column, { eps }),
    brier: binaryBrierScore(targets.y, column),
    error: binaryErrorRate(targets.y, column),
    positiveLabel: targets.positive,
  };
}

function scoreMulticlass(model: ModelInput, classIndices: Int32Array, eps: Epsilon, normalize: boolean): ModelScore {
  if (model.kind === 'logits') {
    return {
      loss: crossEntropyFromLogits(classIndices, model.values),
      brier: brierScore(classIndices, softmaxRows(model.values)),
      error: errorRate(classIndices, model.values),
    };
  }
  return {
    loss: crossEntropy(classIndices, model.values, { eps, normalize }),
    brier: brierScore(classIndices, model.values, { normalize }),
    error: errorRate(classIndices, model.values),
  };
}

function scoreAgainstTargets(model: ModelInput, targets: Matrix, eps: Epsilon, normalize: boolean): ModelScore {
  if (targets.cols === 1 && model.values.cols === 1) {
    // One target column is a binary 0/1 label.
    return scoreBinary(model, { y: targets.data, positive: 1, negative: 0, classes: [0, 1], order: 'numeric', rule: 'conventional' }, eps);
  }
  if (targets.cols !== model.values.cols) {
    throw new UsageError(`${targets.cols} target columns but ${model.values.cols} columns in ${model.columns.join(',')}`);
  }
  const trueClass = argmaxRows(targets);
  if (model.kind === 'logits') {
    return {
      loss: softCrossEntropyFromLogits(targets, model.values),
      brier: softBrierScore(targets, softmaxRows(model.values)),
      error: errorRate(trueClass, model.values),
    };
  }
  return {
    loss: softCrossEntropy(targets, model.values, { eps, normalize }),
    brier: softBrierScore(targets, model.values, { normalize }),
    error: errorRate(trueClass, model.values),
  };
}

/** Row-wise softmax of a logit matrix (for the Brier score of logit models). */
function softmaxRows(logits: Matrix): Matrix {
  const data = new Float64Array(logits.data.length);
  for (let row = 0; row < logits.rows; row++) softmaxInto(logits.data, row * logits.cols, logits.cols, data, row * logits.cols);
  return { data, rows: logits.rows, cols: logits.cols };
}
