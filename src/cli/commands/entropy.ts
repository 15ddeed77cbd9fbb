// `entropy-lens entropy`: of a label column's classes (--label), of each row of a probability
// group (--dist), or of one column taken as a distribution over its rows (--column). The reports
// are shared with the streamed road (streamed.ts), which feeds them the same core results.
import { distributionEntropy, fromNats, fromNatsArray, rowEntropies, uniformEntropyNats, unitOf } from '../../core';
import type { ClassLabel, DistributionEntropyResult, LogBase } from '../../core';
import { labelEntropyOf } from '../../analysis/labelSet';
import type { ParsedArgs } from '../args';
import { columnLists, single, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { count, formatTableNumber, heldRows, table } from '../output';
import type { PerRow } from '../output';
import { formatTotal } from '../../protocol/numberFormat';

/** Which entropy the command line asks for. */
export type EntropyForm = { kind: 'label'; label: string } | { kind: 'column'; column: string } | { kind: 'rows'; columns: string[] };

/** The form of `entropy` the flags ask for, or a UsageError saying what they lack. */
export function entropyForm(args: ParsedArgs): EntropyForm {
  const label = single(args, 'label');
  const dist = columnLists(args, 'dist');
  const column = single(args, 'column');
  const given = [label, dist.length > 0 ? dist : undefined, column].filter((option) => option !== undefined);
  if (given.length !== 1) throw new UsageError('entropy needs exactly one of --label COL, --dist C1,C2,.. or --column COL');
  if (dist.length > 1) throw new UsageError('--dist may be given only once');
  if (label !== undefined) return { kind: 'label', label };
  if (column !== undefined) return { kind: 'column', column };
  return { kind: 'rows', columns: dist[0] as string[] };
}

export function runEntropy({ args, input, base }: CommandContext): CommandOutput {
  const form = entropyForm(args);
  if (form.kind === 'label') {
    const labels = input.labels(form.label);
    input.assertUsable();
    return labelEntropyReport(form.label, labelEntropyOf(labels), base);
  }
  if (form.kind === 'column') {
    const [weights] = input.distributions([form.column]);
    input.assertUsable();
    return columnEntropyReport(form.column, distributionEntropy(weights!.data), base);
  }
  const probabilities = input.probabilities(form.columns, false);
  input.assertUsable();
  // Rows off 1 only by the rounding of their decimals are used as written (as kl and cross-entropy do).
  const tolerance = input.rowSumTolerance(form.columns);
  const result = rowEntropies(probabilities, tolerance === undefined ? {} : { rowSumTolerance: tolerance });
  return rowEntropyReport(form.columns, result, heldRows([fromNatsArray(result.rowEntropyNats, base)]), base);
}

/** `entropy --label`: the entropy of the class counts, the largest possible and the table of classes. */
export function labelEntropyReport(label: string, result: { entropyNats: number; n: number; classes: readonly ClassLabel[]; counts: readonly number[] }, base: LogBase): CommandOutput {
  const unit = unitOf(base);
  const entropy = fromNats(result.entropyNats, base);
  const maxEntropy = fromNats(uniformEntropyNats(result.classes.length), base);
  return {
    json: { entropy, base, n: result.n, classes: result.classes, counts: result.counts, maxEntropy },
    text: [
      `Entropy of '${label}': ${formatTableNumber(entropy)} ${unit} over ${count(result.n, 'row')} (maximum for ${result.classes.length} classes: ${formatTableNumber(maxEntropy)} ${unit})`,
      '',
      table(
        ['class', 'count', 'share'],
        result.classes.map((name, k) => [String(name), String(result.counts[k]), formatTableNumber((result.counts[k] ?? 0) / result.n, 4)]),
      ),
    ].join('\n'),
  };
}

/** `entropy --column`: one column as a distribution over its rows, saying when it was normalised. */
export function columnEntropyReport(column: string, result: DistributionEntropyResult, base: LogBase): CommandOutput {
  const entropy = fromNats(result.entropyNats, base);
  const note = result.normalized ? ` (weights summed to ${formatTotal(result.total)}; normalised)` : '';
  return {
    json: { entropy, base, n: result.n, total: result.total, normalized: result.normalized },
    text: `Entropy of '${column}' as a distribution over its ${count(result.n, 'row')}: ${formatTableNumber(entropy)} ${unitOf(base)}${note}`,
  };
}

/** `entropy --dist`: the mean entropy, then each row's (held, or spilled by a streamed file), in the base's unit. */
export function rowEntropyReport(columns: readonly string[], result: { meanNats: number; n: number }, rows: PerRow, base: LogBase): CommandOutput {
  const mean = fromNats(result.meanNats, base);
  const rendered = rows.table(['row', `entropy (${unitOf(base)})`]);
  return {
    json: { rows: rows.columns[0], mean, base, n: result.n },
    text: [`Entropy of each row of ${columns.join(', ')}: mean ${formatTableNumber(mean)} ${unitOf(base)} over ${count(result.n, 'row')}`, '', rendered.text].join('\n'),
    ...(rendered.rest ? { rest: rendered.rest } : {}),
    ...(rows.dispose ? { dispose: () => rows.dispose?.() } : {}),
  };
}
