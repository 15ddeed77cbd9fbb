// CI gates: `cross-entropy --fail-above METRIC=VALUE` (repeatable) exits 3 when any model's metric
// is above its threshold, with one line per exceeded threshold, so a pipeline can refuse a model
// that got worse. Metrics: mean (the printed mean, in --base units), brier, errorRate, ece (15
// uniform bins, as `calibration`'s default).
import { calibrationCurve, fromNats } from '../core';
import type { LogBase } from '../core';
import { DEFAULT_CALIBRATION_BINS } from '../analysis/calibrationHits';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import type { CommandOutput } from './context';
import type { CliProblem } from './problems';

export const GATE_METRICS = ['mean', 'brier', 'errorRate', 'ece'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

/** Exit status when a gate fails (0 success, 2 bad input, 1 a bug). */
export const GATE_FAILED_STATUS = 3;

export interface Gate {
  readonly metric: GateMetric;
  readonly threshold: number;
}

/** The --fail-above gates, checked. Throws UsageError. */
export function parseGates(args: ParsedArgs): Gate[] {
  return (args.values.get('fail-above') ?? []).map((text) => {
    const at = text.indexOf('=');
    const metric = text.slice(0, at);
    const threshold = Number(text.slice(at + 1));
    if (at < 0 || !GATE_METRICS.includes(metric as GateMetric)) throw new UsageError(`--fail-above takes METRIC=VALUE with METRIC one of ${GATE_METRICS.join(', ')}, got '${text}'`);
    if (text.slice(at + 1).trim() === '' || !Number.isFinite(threshold)) throw new UsageError(`--fail-above ${metric}= needs a number, got '${text.slice(at + 1)}'`);
    return { metric: metric as GateMetric, threshold };
  });
}

/** What a gate reads of one model. */
export interface GatedModel {
  readonly name: string;
  readonly meanNats: number;
  readonly brier: number;
  readonly errorRate: number;
  /** Per row, the confidence and whether it is a hit (binary: positive; else the argmax is right); empty when not held (a streamed file). */
  readonly confidence: Float64Array;
  readonly hit: Uint8Array | undefined;
}

/**
 * The gates applied to the models: `output` with `gates` in its JSON (every gate × model, its
 * value and whether it failed), one error line per failure, and status 3 when any failed.
 * Throws UsageError for `ece` on a file whose rows were not held.
 */
export function applyGates(output: CommandOutput, gates: readonly Gate[], models: readonly GatedModel[], base: LogBase): CommandOutput {
  if (gates.length === 0) return output;
  const results = gates.flatMap((gate) =>
    models.map((model) => {
      const value = valueOf(gate.metric, model, base);
      return { metric: gate.metric, threshold: gate.threshold, model: model.name, value, failed: !(value <= gate.threshold) };
    }),
  );
  const failures: CliProblem[] = results
    .filter((r) => r.failed)
    .map((r) => ({ line: 1, column: 1, raw: '', why: `${r.model}: ${r.metric} ${r.value} is above --fail-above ${r.metric}=${r.threshold}`, severity: 'error' as const }));
  const json = output.json as Record<string, unknown>;
  return {
    ...output,
    json: { ...json, gates: results },
    problems: [...(output.problems ?? []), ...failures],
    ...(failures.length > 0 ? { status: GATE_FAILED_STATUS } : {}),
  };
}

function valueOf(metric: GateMetric, model: GatedModel, base: LogBase): number {
  switch (metric) {
    case 'mean':
      return fromNats(model.meanNats, base);
    case 'brier':
      return model.brier;
    case 'errorRate':
      return model.errorRate;
    case 'ece':
      if (model.hit === undefined || model.confidence.length === 0)
        throw new UsageError('--fail-above ece needs every row in memory, which a streamed file is not: gate it with `entropy-lens calibration` on a sample, or gate mean, brier or errorRate');
      return calibrationCurve(model.confidence, model.hit, DEFAULT_CALIBRATION_BINS, 'uniform').ece;
  }
}
