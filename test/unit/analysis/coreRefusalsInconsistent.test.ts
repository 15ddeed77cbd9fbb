// A core refusal naming rows that the checks before it did not foresee is an internal
// inconsistency: one problem about the file with the core's message, the rows scored once, never
// a retry and never an exception to the user.
import { describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../../src/core';
import { analyzeTable } from '../../../src/analysis/analyzeTable';
import { readTable } from '../../../src/data';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';

const scoring = vi.hoisted(() => ({ calls: 0 }));

vi.mock('../../../src/analysis/modelResults', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/analysis/modelResults')>();
  return {
    ...original,
    scoreModels: (): never => {
      scoring.calls++;
      throw new CoreError('probabilityOutOfRange', 'Probabilities must be within [0, 1]: 1 row holds 1.2', { rows: [0], values: [1.2], entry: 'probability {value} is outside [0, 1]' });
    },
  };
});

describe('a core refusal left after the checks', () => {
  it('is one problem about the file, after one attempt', () => {
    const options = resolveAnalysisOptions({});
    const table = readTable('y,p\n0,0.2\n1,0.7\n', { fileName: 'a.csv' });
    const result = analyzeTable(
      table,
      { kind: 'crossEntropy', columns: { label: 'y', models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] }, options },
      { isCancelled: () => false, progress: () => undefined },
    );
    expect(scoring.calls).toBe(1);
    expect(result.problems.filter((p) => p.code.startsWith('core-'))).toEqual([
      expect.objectContaining({ code: 'core-probabilityOutOfRange', severity: 'error', row: null, message: 'The rows could not be scored: Probabilities must be within [0, 1]: 1 row holds 1.2' }),
    ]);
    expect(result.models).toEqual([]);
    expect(Array.from(result.rows.status)).toEqual([0, 0]);
  });
});
