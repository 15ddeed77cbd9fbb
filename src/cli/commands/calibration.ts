// `entropy-lens calibration`: is the model calibrated? The reliability curve of scikit-learn's
// calibration_curve (binary: P(positive) against the share of positives; several columns: the
// top label's confidence against its accuracy), ECE and MCE, Murphy's decomposition of the binary
// Brier score on the same bins, and the loss before and after temperature scaling.
import { brierDecomposition, calibrationCurve, fromNats, isRowView, resolveEps, temperatureScaling, unitOf } from '../../core';
import type { BinStrategy, LogBase } from '../../core';
import { single, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { count, formatTableNumber, table } from '../output';
import { calibrationHits } from '../../analysis/calibrationHits';
import { ignoredJson, ignoredText, labelTruth, readCrossEntropyInput, scoreCrossEntropy } from './crossEntropy';
import type { IgnoredLabel } from '../../analysis/labelSet';
import type { ModelInput } from './crossEntropy';

/** --bins (default 15) and --strategy (default uniform), checked. */
function binning(args: CommandContext['args']): { bins: number; strategy: BinStrategy } {
  const binsText = single(args, 'bins') ?? '15';
  const bins = Number(binsText);
  if (!Number.isInteger(bins) || bins < 1 || bins > 10_000) throw new UsageError(`--bins takes a whole number from 1 to 10000, got '${binsText}'`);
  const strategy = single(args, 'strategy') ?? 'uniform';
  if (strategy !== 'uniform' && strategy !== 'quantile') throw new UsageError(`--strategy is uniform or quantile, got '${strategy}'`);
  return { bins, strategy };
}

/**
 * The scores temperature scaling divides by T, row-major n × K: logits as given (one column s as
 * the pair (0, s)); probabilities as their logs, clipped at ε as the loss clips them (one column
 * p as (ln(1 − p), ln p)).
 */
function scaledScores(model: ModelInput, eps: number): { z: Float64Array; width: number } {
  const { rows, cols } = model.values;
  const width = cols === 1 ? 2 : cols;
  const z = new Float64Array(rows * width);
  const view = model.values;
  const store = isRowView(view) ? view.store : view.data;
  const stride = isRowView(view) ? view.stride : cols;
  const offset = isRowView(view) ? view.offset : 0;
  const read = (i: number, k: number): number => store[offset + i * stride + k]!;
  const logOf = (p: number): number => Math.log(Math.min(Math.max(p, eps), 1 - eps));
  for (let i = 0; i < rows; i++) {
    if (cols === 1) {
      const v = read(i, 0);
      z[i * 2] = model.kind === 'logits' ? 0 : logOf(1 - v);
      z[i * 2 + 1] = model.kind === 'logits' ? v : logOf(v);
      continue;
    }
    for (let k = 0; k < cols; k++) z[i * width + k] = model.kind === 'logits' ? read(i, k) : logOf(read(i, k));
  }
  return { z, width };
}

export function runCalibration(context: CommandContext): CommandOutput {
  const { args, base } = context;
  const { bins, strategy } = binning(args);
  if (single(args, 'label') === undefined) throw new UsageError('calibration needs --label COL');
  const input = readCrossEntropyInput(context);
  if (input.models.length !== 1) throw new UsageError('calibration takes one model: one --prob or --logit group');
  const model = input.models[0]!;
  const [scored] = scoreCrossEntropy({ ...input, extras: {} });
  const score = scored!.score;
  const truth = labelTruth(input, model)!;
  const binary = model.values.cols === 1;
  const rows = model.values.rows;
  const labels = truth.kind === 'indices' ? truth.indices : Int32Array.from(truth.kind === 'binary' ? truth.y : []);
  const hit = calibrationHits(truth, score.predictedClass);
  const curve = calibrationCurve(score.confidence, hit, bins, strategy);
  const brier = binary ? brierDecomposition(score.confidence, hit, curve) : null;
  const eps = model.kind === 'logits' ? 0 : Math.max(resolveEps(input.options.eps), Number.MIN_VALUE);
  const { z, width } = scaledScores(model, eps);
  const temperature = temperatureScaling(z, rows, width, labels);
  return report(model, scored!.classOrder ?? [], { curve, brier, temperature, bins, strategy, binary, rows, ...(input.ignored ? { ignored: input.ignored } : {}) }, base);
}

interface Calibration {
  curve: ReturnType<typeof calibrationCurve>;
  brier: ReturnType<typeof brierDecomposition> | null;
  temperature: ReturnType<typeof temperatureScaling>;
  bins: number;
  strategy: BinStrategy;
  binary: boolean;
  rows: number;
  ignored?: IgnoredLabel;
}

function report(model: ModelInput, classes: readonly unknown[], c: Calibration, base: LogBase): CommandOutput {
  const unit = unitOf(base);
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const json = {
    base,
    unit,
    n: c.rows,
    ...(c.ignored ? { ignored: ignoredJson(c.ignored) } : {}),
    columns: model.columns,
    kind: model.kind,
    mode: c.binary ? 'binary' : 'topLabel',
    ...(c.binary ? { positiveLabel: classes[1] } : {}),
    strategy: c.strategy,
    ece: c.curve.ece,
    mce: c.curve.mce,
    bins: c.curve.bins.map((bin) => ({ lower: bin.lower, upper: bin.upper, count: bin.count, confidence: finite(bin.confidence), accuracy: finite(bin.accuracy) })),
    brier: c.brier,
    temperature: { t: finite(c.temperature.t), before: fromNats(c.temperature.before, base), after: fromNats(c.temperature.after, base) },
  };
  const what = c.binary ? `P(${String(classes[1])}) against the share of ${String(classes[1])}` : 'the top label’s probability against its accuracy';
  const name = `${model.kind === 'logits' ? 'logits ' : ''}${model.columns.join(',')}`;
  const text = [
    `Calibration of ${name} over ${count(c.rows, 'row')}${c.ignored ? `, ${ignoredText(c.ignored)}` : ''}: ${what}, ${c.bins} ${c.strategy} bins`,
    '',
    table(
      ['bin', 'rows', 'confidence', c.binary ? 'positive' : 'accuracy', 'gap'],
      c.curve.bins.map((bin) => [
        `${formatTableNumber(bin.lower, 4)}–${formatTableNumber(bin.upper, 4)}`,
        String(bin.count),
        bin.count === 0 ? '–' : formatTableNumber(bin.confidence, 4),
        bin.count === 0 ? '–' : formatTableNumber(bin.accuracy, 4),
        bin.count === 0 ? '–' : formatTableNumber(bin.accuracy - bin.confidence, 4),
      ]),
    ),
    '',
    `ECE ${formatTableNumber(c.curve.ece, 4)}, MCE ${formatTableNumber(c.curve.mce, 4)}`,
    ...(c.brier
      ? [`Brier ${formatTableNumber(c.brier.score)} = reliability ${formatTableNumber(c.brier.reliability)} − resolution ${formatTableNumber(c.brier.resolution)} + uncertainty ${formatTableNumber(c.brier.uncertainty)} (on these bins, up to the spread within them)`]
      : []),
    c.temperature.t === 0
      ? 'Temperature scaling: every row’s top class is right, so the loss falls toward 0 as T → 0 (no finite optimum)'
      : Number.isFinite(c.temperature.t)
      ? `Temperature scaling: T = ${formatTableNumber(c.temperature.t, 6)} takes the mean cross-entropy from ${formatTableNumber(fromNats(c.temperature.before, base))} to ${formatTableNumber(fromNats(c.temperature.after, base))} ${unit}${c.temperature.t > 1 ? ' (over-confident: T > 1 softens it)' : c.temperature.t < 1 ? ' (under-confident: T < 1 sharpens it)' : ''}`
      : `Temperature scaling: no finite T helps (the scores rank the classes worse than chance); the uniform prediction costs ${formatTableNumber(fromNats(c.temperature.after, base))} ${unit}`,
  ].join('\n');
  return { json, text };
}
