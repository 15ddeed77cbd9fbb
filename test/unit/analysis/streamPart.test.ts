// Contract of the stream-part worker's part check: the aggregates streamAggregatePart makes pass;
// a part missing what mergeAggregateParts relies on is refused with a reason in words.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AggregatePart } from '../../../src/analysis/aggregateParts';
import { streamAggregatePart } from '../../../src/analysis/streamAggregates';
import type { AggregateSpec } from '../../../src/analysis/streamAggregates';
import { aggregatePartProblem } from '../../../src/analysis/streamPart';
import { checkStreamPartMessage } from '../../../src/protocol/partWorker';

const SPEC: AggregateSpec = { label: 'label', models: [{ kind: 'probabilities', columns: ['p_a', 'p_b'] }], kl: { p: 'p_a', q: 'p_b' }, perRowLoss: 'float64' };
let part: AggregatePart;

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'entropy-lens-stream-part-')), 'preds.csv');
  writeFileSync(path, 'label,p_a,p_b\na,0.75,0.25\nb,0.5,0.5\nb,0.125,0.875\n');
  part = await streamAggregatePart(path, SPEC);
});

describe('aggregatePartProblem', () => {
  it('accepts the part streamAggregatePart makes, as a done message', () => {
    expect(part.summary.rowCount).toBe(3);
    expect(aggregatePartProblem(SPEC)(part)).toBeUndefined();
    expect(checkStreamPartMessage({ type: 'done', part }, aggregatePartProblem(SPEC))).toEqual({ ok: true, value: { type: 'done', part } });
  });

  it('accepts the empty part of a spec without models', () => {
    expect(aggregatePartProblem({ label: 'label' })({ ...part, models: [] })).toBeUndefined();
  });

  const broken: [string, (part: AggregatePart) => unknown][] = [
    ['is not an object (null)', () => null],
    ['has a summary that is not an object (undefined)', (p) => ({ ...p, summary: undefined })],
    ['has a summary that has a rowCount that is not a count', (p) => ({ ...p, summary: { ...p.summary, rowCount: -3 } })],
    ['has a summary that has a complete that is not true or false', (p) => ({ ...p, summary: { ...p.summary, complete: 'yes' } })],
    ['has a summary that has columns that are not strings', (p) => ({ ...p, summary: { ...p.summary, columns: [1, 2] } })],
    ['has labels that are not strings', (p) => ({ ...p, labels: 'ab' })],
    ['has a labelCounts that is not 2 counts', (p) => ({ ...p, labelCounts: [1] })],
    ['has a labelFirstLine that is not 2 counts', (p) => ({ ...p, labelFirstLine: [1, Number.NaN] })],
    ['does not have 1 models', (p) => ({ ...p, models: [] })],
    ['has model 0 without its loss sums', (p) => ({ ...p, models: [{ ...p.models[0]!, loss: Array.from(p.models[0]!.loss) }] })],
    ['has no divergence sums', (p) => ({ ...p, kl: { n: 3 } })],
    ['has no row problems', (p) => ({ ...p, rowProblemCount: undefined })],
  ];
  it.each(broken)('refuses a part that %s', (reason, breakPart) => {
    expect(aggregatePartProblem(SPEC)(breakPart(part))).toBe(reason);
    expect(checkStreamPartMessage({ type: 'done', part: breakPart(part) }, aggregatePartProblem(SPEC))).toEqual({ ok: false, reason: `a "done" message whose part ${reason}` });
  });
});
