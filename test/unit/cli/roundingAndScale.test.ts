// Rows written with a few decimals sum to 1 only within their rounding: scored as written (like
// scikit-learn), counted, and only rows further off are problems. --normalize takes rows on any
// non-negative scale (percentages). The same for cross-entropy and kl.
import { describe, expect, it } from 'vitest';
import { csvWriter, run } from './harness';
import { readTable, validateProbabilities, writtenRounding } from '../../../src/data';

const csv = csvWriter('rounding');

// Three rows written with six decimals (pandas float_format='%.6f'): sums 1.000001 (off by just
// over 1e-6 in float64), 0.999999 (just under) and 1.
const SIX_DECIMALS = 'y,p0,p1,p2\n0,0.958434,0.018117,0.023450\n1,0.026587,0.712060,0.261352\n2,0.100000,0.200000,0.700000\n';

describe('the rounding of the numbers as written', () => {
  it('is half a unit of the last decimal per value: six decimals over three columns allow 1.5e-6', () => {
    const table = readTable(SIX_DECIMALS, { format: 'csv' });
    const columns = ['p0', 'p1', 'p2'].map((name) => table.column(name)!.index);
    const written = writtenRounding(table, 0, columns, 3)!;
    expect(written.decimals).toBe(6);
    expect(written.tolerance).toBeGreaterThanOrEqual(1.5e-6);
    expect(written.tolerance).toBeLessThan(1.5e-6 + 1e-14);
    // Full-precision numbers (repr of a float) are not rounded: no allowance.
    expect(writtenRounding(readTable('p0,p1\n0.30000000000000004,0.7\n', { format: 'csv' }), 0, [0, 1], 2)).toBeUndefined();
    // Exponents count: 1e-06 has six decimals.
    expect(writtenRounding(readTable('p0,p1\n1e-06,0.999999\n', { format: 'csv' }), 0, [0, 1], 2)?.decimals).toBe(6);
  });

  it('accepts rows within it, counts them, and names rows beyond it with the rounding in the message', () => {
    const table = readTable(SIX_DECIMALS, { format: 'csv' });
    const report = validateProbabilities(table, ['p0', 'p1', 'p2']);
    expect(report.problemCount).toBe(0);
    expect(report.roundedRows).toBe(1);
    expect(report.rowSumTolerance).toBeGreaterThan(1e-6);
    const off = validateProbabilities(readTable('y,p0,p1,p2\n0,0.958434,0.018117,0.023460\n', { format: 'csv' }), ['p0', 'p1', 'p2']);
    expect(off.problems.map((p) => p.message)).toEqual(['Row sums to 1.000011, not 1 (p0 + p1 + p2): more than rounding to 6 decimals explains (at most ±0.0000015)']);
  });

  it('cross-entropy scores those rows as written: the mean equals −mean ln p(true) of the written numbers', async () => {
    const result = await run('cross-entropy', csv(SIX_DECIMALS), '--label', 'y', '--prob', 'p0,p1,p2', '--json');
    expect(result.stderr).toBe('');
    const model = (JSON.parse(result.stdout) as { models: { mean: number; normalized: number }[] }).models[0]!;
    const expected = -(Math.log(0.958434) + Math.log(0.71206) + Math.log(0.7)) / 3;
    expect(Math.abs(model.mean - expected)).toBeLessThanOrEqual(1e-15 * expected);
    expect(model.normalized).toBe(0);
  });

  it('kl takes row groups the same way', async () => {
    const file = csv('p0,p1,q0,q1\n0.333333,0.666666,0.5,0.5\n0.25,0.75,0.600001,0.4\n');
    const result = await run('kl', file, '--p', 'p0,p1', '--q', 'q0,q1', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('--normalize', () => {
  it('divides rows on any non-negative scale by their sum: percentages 20, 30, 50 are 0.2, 0.3, 0.5', async () => {
    const percent = await run('cross-entropy', csv('y,a,b,c\n2,20,30,50\n0,60,30,10\n'), '--label', 'y', '--prob', 'a,b,c', '--normalize', '--json');
    expect(percent.stderr).toBe('');
    const model = (JSON.parse(percent.stdout) as { models: { mean: number; normalized: number }[] }).models[0]!;
    expect(Math.abs(model.mean - -(Math.log(0.5) + Math.log(0.6)) / 2)).toBeLessThanOrEqual(1e-15);
    expect(model.normalized).toBe(2);
  });

  it('still refuses negative values, naming the cell', async () => {
    const result = await run('cross-entropy', csv('y,a,b\n0,20,-5\n'), '--label', 'y', '--prob', 'a,b', '--normalize');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(':2:6: b = -5 is negative: rows are divided by their sums, so every value must be ≥ 0');
  });

  it('kl --normalize takes row groups of counts', async () => {
    const result = await run('kl', csv('p0,p1,q0,q1\n3,1,1,1\n'), '--p', 'p0,p1', '--q', 'q0,q1', '--normalize', '--json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { pq: number };
    expect(Math.abs(json.pq - (0.75 * Math.log(1.5) + 0.25 * Math.log(0.5)))).toBeLessThanOrEqual(1e-15);
  });
});
