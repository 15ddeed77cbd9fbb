// Files over the streaming size: analyze and cross-entropy stream them as Analyze File on Disk
// does and report what the in-memory commands report (the same per-row losses and sums to the
// bit, the same class mapping, as strict: a bad cell is exit 2 at its line); the commands that do
// not stream refuse a file beyond what memory holds, in words (entropy and kl stream too: see
// streamedEntropy.test.ts). The sizes are lowered by the environment variables the CLI reads for
// this, so small fixtures stand for large files.
import { join } from 'node:path';
import { streamedAndInMemory } from './harness';
import { describe, expect, it } from 'vitest';

const REALISTIC = join(__dirname, '../../fixtures/realistic');
const { streamed, inMemory } = streamedAndInMemory();

interface CrossEntropyJson {
  n: number;
  models: {
    mean: number;
    sum: number;
    rows: number[];
    brier: number;
    errorRate: number;
    errors: number;
    clipped: number;
    classes?: string[];
    classMapping?: string;
    positiveLabel?: unknown;
    classOrder?: string;
  }[];
}

describe('cross-entropy of a file over the streaming size', () => {
  it.each([
    ['sentiment-6dp.csv (50,000 rows, 6 decimals, three classes)', 'sentiment-6dp.csv', ['--label', 'label', '--prob', 'prob_negative,prob_neutral,prob_positive']],
    ['fraud.csv (a P(positive) column)', 'fraud.csv', ['--label', 'is_fraud', '--prob', 'score']],
  ])(
    '%s gives what the in-memory command gives',
    async (_name, file, flags) => {
      const argv = ['cross-entropy', join(REALISTIC, file), ...flags, '--json'];
      const [a, b] = [await streamed(...argv), await inMemory(...argv)];
      expect(a.status).toBe(0);
      expect(b.status).toBe(0);
      const [s, m] = [JSON.parse(a.stdout) as CrossEntropyJson, JSON.parse(b.stdout) as CrossEntropyJson];
      expect(s.n).toBe(m.n);
      const [sm, mm] = [s.models[0]!, m.models[0]!];
      // Per-row losses come from the same core terms; the sums are compensated (error ~n·ε², far
      // below half an ulp), so grouping them by label or by row gives the same doubles.
      expect(sm.rows).toEqual(mm.rows);
      expect([sm.mean, sm.sum, sm.brier, sm.errorRate]).toEqual([mm.mean, mm.sum, mm.brier, mm.errorRate]);
      expect([sm.errors, sm.clipped, sm.classes, sm.classMapping, sm.positiveLabel]).toEqual([mm.errors, mm.clipped, mm.classes, mm.classMapping, mm.positiveLabel]);
      // Text: the same table line.
      const text = await streamed(...argv.slice(0, -1));
      expect(text.stdout.split('\n')[0]).toBe((await inMemory(...argv.slice(0, -1))).stdout.split('\n')[0]);
    },
    60_000,
  );

  it('stays strict: the mistyped label stops it with exit 2 at its line', async () => {
    const result = await streamed('cross-entropy', join(REALISTIC, 'sentiment-typo.csv'), '--label', 'label', '--prob', 'prob_0,prob_1,prob_2');
    expect(result.status).toBe(2);
    // At the label cell, as in memory, with the class it was meant to be.
    expect(result.stderr).toMatch(
      /sentiment-typo\.csv:9:7: Label "Negative" is not among the classes of prob_0,prob_1,prob_2 \(negative, neutral, positive\); did you mean "negative"\? \(1 row left out\)/,
    );
    expect(result.stdout).toBe('');
  }, 60_000);

  it('asks for the same flags', async () => {
    const result = await streamed('cross-entropy', join(REALISTIC, 'fraud.csv'), '--prob', 'score');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cross-entropy needs exactly one of --label COL or --target C1,C2,..');
  });
});

describe('analyze of a file over the streaming size', () => {
  it('detects on the head and scores the whole file as in memory', async () => {
    const argv = ['analyze', join(REALISTIC, 'fraud.csv'), '--json'];
    const [a, b] = [await streamed(...argv), await inMemory(...argv)];
    expect(a.status).toBe(0);
    const [s, m] = [JSON.parse(a.stdout), JSON.parse(b.stdout)] as { label: string; n: number; models: { columns: string[]; mean: number; classOrder: string }[] }[];
    expect([s!.label, s!.n, s!.models[0]!.columns, s!.models[0]!.classOrder]).toEqual([m!.label, m!.n, m!.models[0]!.columns, m!.models[0]!.classOrder]);
    expect(s!.models[0]!.mean).toBe(m!.models[0]!.mean);
  }, 60_000);
});

describe('a file beyond what memory holds', () => {
  it('is refused by the in-memory commands in words that name the streaming ones', async () => {
    const result = await streamed('calibration', join(REALISTIC, 'fraud.csv'), '--label', 'is_fraud', '--prob', 'score');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /fraud\.csv is 0 MB: 'calibration' reads the whole file into memory, which holds at most 0 MB; 'analyze', 'cross-entropy', 'entropy' and 'kl' stream files of any size \(run it on a sample of the rows\)/,
    );
  });
});

describe('--json of long per-row arrays', () => {
  it('is written in pieces that join to exactly the one-string JSON', async () => {
    const { toJson, writeJson } = await import('../../../src/cli/output');
    const rows = Float64Array.from({ length: 200_001 }, (_, i) => (i === 7 ? Infinity : i === 9 ? Number.NaN : i / 3));
    const value = { n: rows.length, models: [{ columns: ['p'], rows, sum: 1 }, { rows: rows.subarray(0, 70_000) }], short: new Float64Array([1, 2]) };
    const pieces: string[] = [];
    await writeJson(value, (text) => pieces.push(text));
    expect(pieces.length).toBeGreaterThan(5);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(3_000_000);
    expect(pieces.join('')).toBe(toJson(value));
  });
});
