// The Problems panel's information entries for rows whose true class has probability 0 under the
// primary model: what the ε clipping made of their loss, listed up to a cap, the rest counted.
import type { Table } from '../data';
import { natsToUnit } from '../protocol/analysis';
import type { ModelResult } from '../protocol/analysis';
import { formatNumber } from '../protocol/numberFormat';
import type { AnalysisOptions } from '../protocol/worker';
import type { ProblemSink } from './problemSink';
import { fileProblem } from './problems';

/** Rows whose true class has probability 0 listed one by one in the Problems panel (the rest counted). */
const ZERO_PROBABILITY_LISTED = 100;

/** Information entries for rows whose true class has probability 0 (their loss is ε-clipped, or +∞). */
export function reportZeroProbabilities(model: ModelResult, table: Table, classes: readonly string[], trueClass: Int32Array, options: AnalysisOptions, problems: ProblemSink): void {
  const p = model.trueClassProbability;
  let listed = 0;
  let unlisted = 0;
  const columns = model.columns.columns;
  const vector = columns.length === 1 && table.column(columns[0] as string)?.shape === 'vector';
  for (let row = 0; row < p.length; row++) {
    if (p[row] !== 0) continue;
    if (listed >= ZERO_PROBABILITY_LISTED) {
      unlisted++;
      continue;
    }
    listed++;
    const k = trueClass[row] as number;
    const name = columns.length > 1 ? columns[k] : columns[0];
    const info = name === undefined ? undefined : table.column(name);
    const range = (info ? table.index.cellRange(row, info.index) : undefined) ?? table.index.rowRange(row);
    const truth = k >= 0 && classes[k] !== undefined ? `"${classes[k]}"` : 'the true class';
    const what = columns.length === 1 && !vector ? `${name} gives ${truth} probability 0` : `p(${truth}) = 0`;
    const loss = model.lossNats[row] as number;
    problems.add({
      code: 'true-class-probability-zero',
      severity: 'information',
      message: `Row ${row + 1}: ${what}; ${options.epsilon === null ? 'its loss is infinite (no clipping)' : `it was clipped to ε = ${formatNumber(options.epsilon)}, a loss of ${formatNumber(natsToUnit(loss, options.unit))} ${options.unit}`}.`,
      row,
      column: name ?? null,
      value: info ? (table.raw(row, info.index) ?? null) : null,
      range: { start: { ...range.start }, end: { ...range.end } },
      fixes: [],
    });
  }
  if (unlisted > 0) problems.add(fileProblem('true-class-probability-zero', `${unlisted.toLocaleString('en-US')} more rows give their true class probability 0.`, 'information'));
}
