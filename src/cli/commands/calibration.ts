// `entropy-lens calibration`: is the model calibrated? The reliability curve of scikit-learn's
// calibration_curve (binary: P(positive) against the share of positives; several columns: the
// top label's confidence against its accuracy), ECE and MCE, Murphy's decomposition of the binary
// Brier score on the same bins, and the loss before and after temperature scaling.
import { fromNats, unitOf } from '../../core';
import type { BinStrategy, BrierDecomposition, CalibrationCurve, LogBase, TemperatureScaling } from '../../core';
import { single, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { count, formatTableNumber, table } from '../output';
import { calibrationFigures } from '../../analysis/calibrationFigures';
import { DEFAULT_CALIBRATION_BINS } from '../../analysis/calibrationHits';
import { ignoredJson, ignoredText, labelTruth, readCrossEntropyInput, scoreCrossEntropy } from './crossEntropy';
import type { IgnoredLabel } from '../../analysis/labelSet';
import type { ModelInput } from './crossEntropy';

/** --bins (default 15) and --strategy (default uniform), checked. */
function binning(args: CommandContext['args']): { bins: number; strategy: BinStrategy } {
  const binsText = single(args, 'bins') ?? String(DEFAULT_CALIBRATION_BINS);
  const bins = Number(binsText);
  if (!Number.isInteger(bins) || bins < 1 || bins > 10_000) throw new UsageError(`--bins takes a whole number from 1 to 10000, got '${binsText}'`);
  const strategy = single(args, 'strategy') ?? 'uniform';
  if (strategy !== 'uniform' && strategy !== 'quantile') throw new UsageError(`--strategy is uniform or quantile, got '${strategy}'`);
  return { bins, strategy };
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
  const { binary, curve, brier, temperature } = calibrationFigures(
    { kind: model.kind, values: model.values, truth, confidence: score.confidence, predictedClass: score.predictedClass, eps: input.options.eps },
    { bins, strategy },
  );
  // Without a cap temperature scaling is always computed.
  if ('omitted' in temperature) throw new Error(temperature.omitted);
  const rows = model.values.rows;
  return report(model, scored!.classOrder ?? [], { curve, brier, temperature, bins, strategy, binary, rows, ...(input.ignored ? { ignored: input.ignored } : {}) }, base);
}

interface Calibration {
  curve: CalibrationCurve;
  brier: BrierDecomposition | null;
  temperature: TemperatureScaling;
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
      ? [
          `Brier ${formatTableNumber(c.brier.score)} = reliability ${formatTableNumber(c.brier.reliability)} − resolution ${formatTableNumber(c.brier.resolution)} + uncertainty ${formatTableNumber(c.brier.uncertainty)} (on these bins, up to the spread within them)`,
        ]
      : []),
    c.temperature.t === 0
      ? 'Temperature scaling: every row’s top class is right, so the loss falls toward 0 as T → 0 (no finite optimum)'
      : Number.isFinite(c.temperature.t)
        ? `Temperature scaling: T = ${formatTableNumber(c.temperature.t, 6)} takes the mean cross-entropy from ${formatTableNumber(fromNats(c.temperature.before, base))} to ${formatTableNumber(fromNats(c.temperature.after, base))} ${unit}${c.temperature.t > 1 ? ' (over-confident: T > 1 softens it)' : c.temperature.t < 1 ? ' (under-confident: T < 1 sharpens it)' : ''}`
        : `Temperature scaling: no finite T helps (the scores rank the classes worse than chance); the uniform prediction costs ${formatTableNumber(fromNats(c.temperature.after, base))} ${unit}`,
  ].join('\n');
  return { json, text };
}
