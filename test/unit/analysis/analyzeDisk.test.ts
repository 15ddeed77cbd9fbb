// Analyze File on Disk in the worker: the streamed figures equal the in-memory ones, vector targets
// become explicit classes, and a raised cancel flag stops the stream.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisOptions } from '../../../src/protocol/worker';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDisk } from '../../../src/analysis/analyzeDisk';
import { analyzeTable } from '../../../src/analysis/analyzeTable';
import { readTable } from '../../../src/data';
import { AnalysisCancelled } from '../../../src/analysis/workContext';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';

const SAMPLES = join(__dirname, '../../../samples');
const REFERENCE = JSON.parse(readFileSync(join(__dirname, '../../fixtures/extension/reference.json'), 'utf8'));
const OPTIONS: AnalysisOptions = resolveAnalysisOptions({ 'fit.maxIterations': 100 }); // the documented defaults otherwise

const REALISTIC = join(__dirname, '../../fixtures/realistic');
const EXPECTED = JSON.parse(readFileSync(join(REALISTIC, 'expected.json'), 'utf8')) as Record<string, { classes: string[]; scores: { mean: number; n: number } }>;

function request(name: string, cancelFlag = createCancelFlag(), dir = SAMPLES) {
  const path = join(dir, name);
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

  it('decides the class order on the head as Analyze does, and says so: digits names in model order', async () => {
    const result = await analyzeDisk(request('digits-names.jsonl', createCancelFlag(), REALISTIC), { isCancelled: () => false, progress: () => undefined });
    const expected = EXPECTED['digits-names.jsonl']!;
    expect(result.rows.classes).toEqual(expected.classes);
    expect(result.models[0]!.n).toBe(expected.scores.n);
    expect(Math.abs(result.models[0]!.meanLossNats - expected.scores.mean)).toBeLessThan(1e-12);
    const warning = result.problems.find((p) => p.code === 'class-order-uncertain');
    expect(warning?.message).toMatch(/guessed from the data.*choose another \(decided on the first 1,797 rows\)\.$/);
  });

  it('streams a 50,000-row 6-decimal export without a row-sum problem (the rounding as written)', async () => {
    const result = await analyzeDisk(request('sentiment-6dp.csv', createCancelFlag(), REALISTIC), { isCancelled: () => false, progress: () => undefined });
    const expected = EXPECTED['sentiment-6dp.csv']!;
    expect(result.problemCount).toBe(0);
    expect(result.models[0]!.n).toBe(50_000);
    expect(Math.abs(result.models[0]!.meanLossNats - expected.scores.mean)).toBeLessThan(1e-12);
  });

  it('stops with AnalysisCancelled when the flag is raised', async () => {
    await expect(analyzeDisk(request('three-class-models.csv'), { isCancelled: () => true, progress: () => undefined })).rejects.toBeInstanceOf(AnalysisCancelled);
  });

  it.each(['sentiment-6dp.csv', 'fraud.csv', 'iris-two-models.csv'])('%s: the streamed means and Brier scores are the in-memory ones, to the bit', async (name) => {
    const noop = { isCancelled: () => false, progress: () => undefined };
    const disk = await analyzeDisk(request(name, createCancelFlag(), REALISTIC), noop);
    const path = join(REALISTIC, name);
    const memory = analyzeTable(readTable(readFileSync(path, 'utf8'), { fileName: path }), { kind: 'analyze', options: OPTIONS }, noop);
    expect(disk.models.length).toBe(memory.models.length);
    disk.models.forEach((model, m) => {
      const one = memory.models[m]!;
      expect([model.columns.name, model.n]).toEqual([one.columns.name, one.n]);
      // Compensated sums on both roads: per label in the stream, row by row in memory.
      expect(model.meanLossNats).toBe(one.meanLossNats);
      expect(model.sumLossNats).toBe(one.sumLossNats);
      expect(model.brier).toBe(one.brier);
      expect(model.errorRate).toBe(one.errorRate);
    });
  });
});

describe("the head's analysis decides only", () => {
  it('decisionsOnly: the same columns, class orders and losses, without the curves, label issues, calibration and row loss the head never used', () => {
    const path = join(REALISTIC, 'digits-names.jsonl');
    const table = readTable(readFileSync(path, 'utf8'), { fileName: path });
    const context = { isCancelled: () => false, progress: () => undefined };
    const full = analyzeTable(table, { kind: 'entropy', options: OPTIONS }, context);
    const decided = analyzeTable(table, { kind: 'entropy', decisionsOnly: true, options: OPTIONS }, context);
    expect(decided.columns).toEqual(full.columns);
    expect(decided.mapping).toEqual(full.mapping);
    expect(decided.problems.map((p) => p.code)).toEqual(full.problems.map((p) => p.code));
    expect(decided.models.map((m) => [m.classOrder, m.meanLossNats])).toEqual(full.models.map((m) => [m.classOrder, m.meanLossNats]));
    expect(full.models[0]?.calibration).toBeDefined();
    expect(full.models[0]?.labelIssues).toBeDefined();
    for (const model of decided.models) {
      expect(model.calibration).toBeUndefined();
      expect(model.labelIssues).toBeUndefined();
      expect(model.classification?.curves).toBeUndefined();
    }
    expect(full.rowLoss).not.toBeNull();
    expect(decided.rowLoss).toBeNull();
  });
});
