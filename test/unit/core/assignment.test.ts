import { describe, expect, it } from 'vitest';
import { assignmentWeight, maximumAssignment, runnerUpAssignment } from '../../../src/core';
import { seededRandom } from '../seededData';

/** Every assignment of `rows` rows to distinct columns, by brute force. */
function allAssignments(rows: number, columns: number): number[][] {
  const out: number[][] = [];
  const pick = (prefix: number[]): void => {
    if (prefix.length === rows) {
      out.push([...prefix]);
      return;
    }
    for (let c = 0; c < columns; c++) if (!prefix.includes(c)) pick([...prefix, c]);
  };
  pick([]);
  return out;
}

describe('maximumAssignment', () => {
  it('pairs rows with columns for the largest total (scipy linear_sum_assignment, maximize=True)', () => {
    const best = maximumAssignment([1, 5, 4, 1], 2, 2);
    expect([...best.columnOfRow]).toEqual([1, 0]);
    expect(best.total).toBe(9);
  });

  it('equals brute force on random square and rectangular matrices, and the runner-up is the second best', () => {
    const random = seededRandom(42);
    for (let trial = 0; trial < 60; trial++) {
      const rows = 1 + Math.floor(random() * 5);
      const columns = rows + Math.floor(random() * 2);
      const weights = Array.from({ length: rows * columns }, () => Math.round(-40 * random() * 100) / 100);
      const totals = allAssignments(rows, columns)
        .map((a) => assignmentWeight(weights, columns, a))
        .sort((a, b) => b - a);
      const best = maximumAssignment(weights, rows, columns);
      expect(best.total).toBeCloseTo(totals[0] as number, 10);
      expect(new Set(best.columnOfRow).size).toBe(rows);
      const second = runnerUpAssignment(weights, rows, columns, best);
      if (totals.length === 1) expect(second).toBeUndefined();
      else expect(second?.total).toBeCloseTo(totals[1] as number, 10);
    }
  });

  it('avoids forbidden pairs (−Infinity) and refuses NaN or more rows than columns', () => {
    const best = maximumAssignment([-Infinity, 0, 0, -Infinity], 2, 2);
    expect([...best.columnOfRow]).toEqual([1, 0]);
    expect(() => maximumAssignment([Number.NaN], 1, 1)).toThrow(/finite/);
    expect(() => maximumAssignment([1, 2], 2, 1)).toThrow(/cannot be assigned/);
  });

  it('solves 200 × 200 exactly (a permuted identity is found again)', () => {
    const n = 200;
    const random = seededRandom(7);
    const permutation = Array.from({ length: n }, (_, k) => k).sort(() => random() - 0.5);
    const weights = new Float64Array(n * n).map(() => -5 - random());
    permutation.forEach((c, r) => (weights[r * n + c] = -random() * 0.1));
    const best = maximumAssignment(weights, n, n);
    expect([...best.columnOfRow]).toEqual(permutation);
  });
});
