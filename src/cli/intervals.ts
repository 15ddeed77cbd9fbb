// `cross-entropy --ci LEVEL [--bootstrap B] [--seed S]`: percentile bootstrap intervals of each
// model's mean loss, Brier score and error rate, and paired intervals of the differences between
// models' mean losses — is the better model better, or is that noise?
import { fromNats } from '../core';
import type { BootstrapResult, Interval, LogBase } from '../core';
import type { ParsedArgs } from './args';
import { single, UsageError } from './args';
import { formatTableNumber } from './output';

export interface IntervalOptions {
  readonly level: number;
  readonly resamples: number;
  readonly seed: number;
}

/** --ci (0.95, or 95 for percent), --bootstrap (default 1000), --seed (default 0); undefined without --ci. Throws UsageError. */
export function intervalOptions(args: ParsedArgs): IntervalOptions | undefined {
  const levelText = single(args, 'ci');
  if (levelText === undefined) {
    if (single(args, 'bootstrap') !== undefined || single(args, 'seed') !== undefined) throw new UsageError('--bootstrap and --seed go with --ci LEVEL');
    return undefined;
  }
  let level = Number(levelText);
  if (level > 1 && level < 100) level /= 100;
  if (levelText.trim() === '' || !(level > 0 && level < 1)) throw new UsageError(`--ci takes a level such as 0.95 (or 95), got '${levelText}'`);
  const resamplesText = single(args, 'bootstrap') ?? '1000';
  const resamples = Number(resamplesText);
  if (!Number.isInteger(resamples) || resamples < 2 || resamples > 1_000_000) throw new UsageError(`--bootstrap takes a whole number of resamples from 2 to 1000000, got '${resamplesText}'`);
  const seedText = single(args, 'seed') ?? '0';
  const seed = Number(seedText);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new UsageError(`--seed takes a whole number from 0 to 4294967295, got '${seedText}'`);
  return { level, resamples, seed };
}

/** The JSON of one model's intervals, the mean in the report's base. */
export function modelIntervalJson(result: BootstrapResult, m: number, base: LogBase): Record<string, unknown> {
  const ci = result.models[m]!;
  const inBase = (i: Interval): Interval => [fromNats(i[0], base), fromNats(i[1], base)];
  return { ci: { level: result.level, mean: inBase(ci.mean), brier: ci.brier, errorRate: ci.errorRate } };
}

/** The comparisons for --json (means in the base) and their sentences for the text report. */
export function comparisonReport(result: BootstrapResult, names: readonly string[], base: LogBase, unit: string): { json: unknown[]; lines: string[] } {
  const json = result.comparisons.map((c) => ({ a: names[c.a], b: names[c.b], meanDiff: fromNats(c.meanDiff, base), ci: [fromNats(c.ci[0], base), fromNats(c.ci[1], base)] }));
  const percent = `${Number((result.level * 100).toPrecision(6))} %`;
  const lines = result.comparisons.map((c) => {
    const [lo, hi] = [fromNats(c.ci[0], base), fromNats(c.ci[1], base)];
    const diff = fromNats(c.meanDiff, base);
    const [better, worse] = diff <= 0 ? [names[c.b], names[c.a]] : [names[c.a], names[c.b]];
    const interval = `${percent} CI of ${names[c.b]} − ${names[c.a]}: ${formatTableNumber(lo)} to ${formatTableNumber(hi)}`;
    if (lo <= 0 && hi >= 0) return `${better} and ${worse}: no clear difference (${formatTableNumber(Math.abs(diff))} ${unit} apart, ${interval}, which includes 0)`;
    return `${better} is better than ${worse} by ${formatTableNumber(Math.abs(diff))} ${unit} (${interval})`;
  });
  return { json, lines };
}
