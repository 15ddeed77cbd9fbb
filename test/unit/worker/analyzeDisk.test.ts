// Analyze File on Disk in the worker: the streamed figures equal the in-memory ones, vector targets
// become explicit classes, and a raised cancel flag stops the stream.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisOptions } from '../../../src/protocol/worker';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDisk } from '../../../src/worker/analyzeDisk';
import { AnalysisCancelled } from '../../../src/analysis/workContext';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';

const SAMPLES = join(__dirname, '../../../samples');
const REFERENCE = JSON.parse(readFileSync(join(__dirname, '../../fixtures/extension/reference.json'), 'utf8'));
const OPTIONS: AnalysisOptions = resolveAnalysisOptions({ 'fit.maxIterations': 100 }); // the documented defaults otherwise

function request(name: string, cancelFlag = createCancelFlag()) {
  const path = join(SAMPLES, name);
  return { type: 'analyze' as const, id: 1, kind: 'analyze' as const, source: { kind: 'disk' as const, uri: `file://${path}`, fileName: path, path }, options: OPTIONS, cancelFlag };
}

describe('analyzeDisk', () => {
  it('streams the 3-class CSV to the reference means and keeps per-row losses', async () => {
    const result = await analyzeDisk(request('three-class-models.csv'), { isCancelled: () => false, progress: () => undefined });
    expect(result.source).toBe('disk');
    expect(result.rows.count).toBe(3);
    expect(result.rows.firstLine.length).toBe(0);
    expect(Math.abs(result.models[0]!.meanLossNats - REFERENCE.threeClass.m1.meanNats)).toBeLessThan(1e-12);
    expect(Math.abs(result.models[1]!.meanLossNats - REFERENCE.threeClass.m2.meanNats)).toBeLessThan(1e-12);
    expect(Math.abs(result.rowLoss!.lossNats[2]! - REFERENCE.threeClass.m1.rowNats[2])).toBeLessThan(1e-12);
  });

  it('turns a vector target column into label-named classes, so JSON Lines stream too', async () => {
    const result = await analyzeDisk(request('cat-dog-horse.jsonl'), { isCancelled: () => false, progress: () => undefined });
    expect(result.columns.classes).toEqual(['0', 'dog', '2']);
    expect(Math.abs(result.models[0]!.meanLossNats - REFERENCE.catDogHorse.probsNats)).toBeLessThan(1e-12);
  });

  it('stops with AnalysisCancelled when the flag is raised', async () => {
    await expect(analyzeDisk(request('three-class-models.csv'), { isCancelled: () => true, progress: () => undefined })).rejects.toBeInstanceOf(AnalysisCancelled);
  });
});
