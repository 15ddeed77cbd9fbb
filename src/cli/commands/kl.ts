// `entropy-lens kl`: D(P‖Q), D(Q‖P) and Jensen–Shannon divergence, for two columns taken as
// distributions over rows, or row by row for two column groups; with H(P) and CE(P, Q). The
// reports are shared with the streamed road (streamed.ts), which feeds them the same core results.
import { divergence, fromNats, fromNatsArray, rowDivergences, unitOf } from '../../core';
import type { DivergenceResult, LogBase, Matrix, RowDivergenceResult } from '../../core';
import type { ParsedArgs } from '../args';
import { columnLists, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { count, formatTableNumber, heldRows, table } from '../output';
import type { PerRow } from '../output';
import { formatTotal } from '../../protocol/numberFormat';

/** What `kl` compares: its P and Q columns, row by row (groups, or vector columns) or as two distributions over the rows. */
export interface KlForm {
  pColumns: string[];
  qColumns: string[];
  rowWise: boolean;
  normalize: boolean;
}

/** The form of `kl` the flags ask for (`isVector`: whether a column holds a vector per row), or a UsageError. */
export function klForm(args: ParsedArgs, isVector: (column: string) => boolean): KlForm {
  const pLists = columnLists(args, 'p');
  const qLists = columnLists(args, 'q');
  if (pLists.length !== 1 || qLists.length !== 1) throw new UsageError('kl needs --p and --q, once each');
  const pColumns = pLists[0] as string[];
  const qColumns = qLists[0] as string[];
  const rowWise = pColumns.length > 1 || qColumns.length > 1 || isVector(pColumns[0] as string);
  return { pColumns, qColumns, rowWise, normalize: args.flags.has('normalize') };
}

export function runKl({ args, input, base }: CommandContext): CommandOutput {
  const form = klForm(args, (column) => input.table.column(column)?.shape === 'vector');
  const { pColumns, qColumns, normalize } = form;
  if (!form.rowWise) {
    const [p, q] = input.distributions([pColumns[0] as string, qColumns[0] as string]) as [Matrix, Matrix];
    input.assertUsable();
    if (p.cols !== q.cols) throw new UsageError(`--p has ${p.cols} columns but --q has ${q.cols}`);
    return divergenceReport(pColumns[0] as string, qColumns[0] as string, divergence(p.data, q.data), base);
  }
  // Groups are one distribution per row: checked like probabilities (rows off only by the
  // rounding of their decimals are used as written; --normalize divides rows on any scale).
  const p = input.probabilities(pColumns, normalize);
  const q = input.probabilities(qColumns, normalize);
  input.assertUsable();
  if (p.cols !== q.cols) throw new UsageError(`--p has ${p.cols} columns but --q has ${q.cols}`);
  const tolerance = Math.max(input.rowSumTolerance(pColumns) ?? 0, input.rowSumTolerance(qColumns) ?? 0);
  const result = rowDivergences(p, q, { normalize, ...(tolerance > 0 ? { rowSumTolerance: tolerance } : {}) });
  const rows = heldRows([result.rowKlPQNats, result.rowKlQPNats, result.rowJsNats].map((nats) => fromNatsArray(nats, base)));
  return rowDivergenceReport(pColumns, qColumns, result, rows, base);
}

/** `kl` of two columns taken as distributions over the rows: both directions, JS, H(P) and CE(P, Q). */
export function divergenceReport(pColumn: string, qColumn: string, result: DivergenceResult, base: LogBase): CommandOutput {
  const unit = unitOf(base);
  const inUnit = (nats: number): number => fromNats(nats, base);
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
      `P = '${pColumn}', Q = '${qColumn}', each a distribution over ${count(result.n, 'row')}${normalised.length ? ` (normalised: ${normalised.join(', ')})` : ''}`,
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

/** The means of `kl` row by row, as rowDivergences (or a streamed file's sums) gives them. */
export type RowDivergenceMeans = Pick<RowDivergenceResult, 'n' | 'meanKlPQNats' | 'meanKlQPNats' | 'meanJsNats' | 'meanEntropyPNats' | 'meanCrossEntropyPQNats' | 'infinitePQRows' | 'infiniteQPRows'>;

/** `kl` row by row: the means, then each row's D(P‖Q), D(Q‖P) and JS (held, or spilled by a streamed file), in the base's unit. */
export function rowDivergenceReport(pColumns: readonly string[], qColumns: readonly string[], result: RowDivergenceMeans, rows: PerRow, base: LogBase): CommandOutput {
  const unit = unitOf(base);
  const inUnit = (nats: number): number => fromNats(nats, base);
  const rendered = rows.table(['row', 'D(P‖Q)', 'D(Q‖P)', 'JS']);
  const [pq, qp, js] = rows.columns;
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
      rows: { pq, qp, js },
    },
    text: [
      `Row-wise divergences of P = ${pColumns.join(',')} and Q = ${qColumns.join(',')} over ${count(result.n, 'row')} (means; ${unit})`,
      `mean D(P‖Q) ${formatTableNumber(inUnit(result.meanKlPQNats))}, mean D(Q‖P) ${formatTableNumber(inUnit(result.meanKlQPNats))}, mean JS ${formatTableNumber(inUnit(result.meanJsNats))}`,
      '',
      rendered.text,
    ].join('\n'),
    ...(rendered.rest ? { rest: rendered.rest } : {}),
    ...(rows.dispose ? { dispose: () => rows.dispose?.() } : {}),
  };
}
