// `entropy-lens kl`: D(P‖Q), D(Q‖P) and Jensen–Shannon divergence, for two columns taken as
// distributions over rows, or row by row for two column groups; with H(P) and CE(P, Q).
import { divergence, fromNats, fromNatsArray, rowDivergences, unitOf } from '../../core';
import { columnLists, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { count, formatTableNumber, table } from '../output';
import { formatTotal } from '../../protocol/numberFormat';

export function runKl({ args, input, base }: CommandContext): CommandOutput {
  const pLists = columnLists(args, 'p');
  const qLists = columnLists(args, 'q');
  if (pLists.length !== 1 || qLists.length !== 1) throw new UsageError('kl needs --p and --q, once each');
  const pColumns = pLists[0] as string[];
  const qColumns = qLists[0] as string[];
  const unit = unitOf(base);
  const inUnit = (nats: number): number => fromNats(nats, base);

  // Groups are one distribution per row: checked like probabilities (rows off only by the
  // rounding of their decimals are used as written; --normalize divides rows on any scale).
  const normalize = args.flags.has('normalize');
  const rowWise = pColumns.length > 1 || qColumns.length > 1 || input.table.column(pColumns[0] as string)?.shape === 'vector';
  const p = rowWise ? input.probabilities(pColumns, normalize) : input.numbers(pColumns);
  const q = rowWise ? input.probabilities(qColumns, normalize) : input.numbers(qColumns);
  input.assertUsable();
  if (p.cols !== q.cols) throw new UsageError(`--p has ${p.cols} columns but --q has ${q.cols}`);

  if (p.cols === 1) {
    const result = divergence(p.data, q.data);
    const normalised = [result.normalizedP ? `P summed to ${formatTotal(result.totalP)}` : '', result.normalizedQ ? `Q summed to ${formatTotal(result.totalQ)}` : ''].filter(Boolean);
    const json = {
      base,
      unit,
      n: result.n,
      pq: inUnit(result.klPQNats),
      qp: inUnit(result.klQPNats),
      js: inUnit(result.jsNats),
      entropyP: inUnit(result.entropyPNats),
      entropyQ: inUnit(result.entropyQNats),
      crossEntropy: inUnit(result.crossEntropyPQNats),
      crossEntropyQP: inUnit(result.crossEntropyQPNats),
      infinitePQ: result.infinitePQTerms,
      infiniteQP: result.infiniteQPTerms,
      normalizedP: result.normalizedP,
      normalizedQ: result.normalizedQ,
    };
    return {
      json,
      text: [
        `P = '${pColumns[0]}', Q = '${qColumns[0]}', each a distribution over ${count(result.n, 'row')}${normalised.length ? ` (normalised: ${normalised.join(', ')})` : ''}`,
        '',
        table(
          ['quantity', unit],
          [
            ['D(P‖Q)', formatTableNumber(json.pq)],
            ['D(Q‖P)', formatTableNumber(json.qp)],
            ['JS(P, Q)', formatTableNumber(json.js)],
            ['H(P)', formatTableNumber(json.entropyP)],
            ['CE(P, Q) = H(P) + D(P‖Q)', formatTableNumber(json.crossEntropy)],
          ],
        ),
      ].join('\n'),
    };
  }

  const tolerance = Math.max(input.rowSumTolerance(pColumns) ?? 0, input.rowSumTolerance(qColumns) ?? 0);
  const result = rowDivergences(p, q, { normalize, ...(tolerance > 0 ? { rowSumTolerance: tolerance } : {}) });
  const rows = {
    pq: fromNatsArray(result.rowKlPQNats, base),
    qp: fromNatsArray(result.rowKlQPNats, base),
    js: fromNatsArray(result.rowJsNats, base),
  };
  return {
    json: {
      base,
      unit,
      n: result.n,
      pq: inUnit(result.meanKlPQNats),
      qp: inUnit(result.meanKlQPNats),
      js: inUnit(result.meanJsNats),
      entropyP: inUnit(result.meanEntropyPNats),
      crossEntropy: inUnit(result.meanCrossEntropyPQNats),
      infinitePQ: result.infinitePQRows,
      infiniteQP: result.infiniteQPRows,
      rows,
    },
    text: [
      `Row-wise divergences of P = ${pColumns.join(',')} and Q = ${qColumns.join(',')} over ${count(result.n, 'row')} (means; ${unit})`,
      `mean D(P‖Q) ${formatTableNumber(inUnit(result.meanKlPQNats))}, mean D(Q‖P) ${formatTableNumber(inUnit(result.meanKlQPNats))}, mean JS ${formatTableNumber(inUnit(result.meanJsNats))}`,
      '',
      table(
        ['row', 'D(P‖Q)', 'D(Q‖P)', 'JS'],
        Array.from(rows.pq, (value, i) => [String(i + 1), formatTableNumber(value), formatTableNumber(rows.qp[i] as number), formatTableNumber(rows.js[i] as number)]),
      ),
    ].join('\n'),
  };
}
