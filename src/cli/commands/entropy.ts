// `entropy-lens entropy`: of a label column's classes (--label), of each row of a probability
// group (--dist), or of one column taken as a distribution over its rows (--column).
import { distributionEntropy, fromNats, fromNatsArray, rowEntropies, unitOf } from '../../core';
import { labelEntropyOf } from '../../analysis/labelSet';
import { columnLists, single, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { count, formatTableNumber, table } from '../output';
import { formatTotal } from '../../protocol/numberFormat';

export function runEntropy({ args, input, base }: CommandContext): CommandOutput {
  const label = single(args, 'label');
  const dist = columnLists(args, 'dist');
  const column = single(args, 'column');
  const given = [label, dist.length > 0 ? dist : undefined, column].filter((option) => option !== undefined);
  if (given.length !== 1) throw new UsageError('entropy needs exactly one of --label COL, --dist C1,C2,.. or --column COL');
  if (dist.length > 1) throw new UsageError('--dist may be given only once');
  const unit = unitOf(base);

  if (label !== undefined) {
    const labels = input.labels(label);
    input.assertUsable();
    const result = labelEntropyOf(labels);
    const entropy = fromNats(result.entropyNats, base);
    const maxEntropy = fromNats(Math.log(result.classes.length), base);
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

  if (column !== undefined) {
    const weights = input.numbers([column]);
    input.assertUsable();
    const result = distributionEntropy(weights.data);
    const entropy = fromNats(result.entropyNats, base);
    const note = result.normalized ? ` (weights summed to ${formatTotal(result.total)}; normalised)` : '';
    return {
      json: { entropy, base, n: result.n, total: result.total, normalized: result.normalized },
      text: `Entropy of '${column}' as a distribution over its ${count(result.n, 'row')}: ${formatTableNumber(entropy)} ${unit}${note}`,
    };
  }

  const columns = dist[0] as string[];
  const probabilities = input.probabilities(columns, args.flags.has('normalize'));
  input.assertUsable();
  const result = rowEntropies(probabilities);
  const rows = fromNatsArray(result.rowEntropyNats, base);
  const mean = fromNats(result.meanNats, base);
  return {
    json: { rows, mean, base, n: result.n },
    text: [
      `Entropy of each row of ${columns.join(', ')}: mean ${formatTableNumber(mean)} ${unit} over ${count(result.n, 'row')}`,
      '',
      table(
        ['row', `entropy (${unit})`],
        Array.from(rows, (value, i) => [String(i + 1), formatTableNumber(value)]),
      ),
    ].join('\n'),
  };
}
