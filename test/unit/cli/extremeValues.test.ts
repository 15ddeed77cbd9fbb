// Values a naive formula gets wrong, through every road a user reaches them by: the CLI's
// cross-entropy and analyze (in memory) and Analyze File on Disk (streamed). Logits (S, S, −S)
// cost ln 2 at every magnitude (logsumexp − s_y gave 0.75 at 1e15 and 0 from 1e16), a clipped
// p = 1, y = 0 costs what scikit-learn says at --eps 1e-15, and weights whose sum overflows a
// double still give ln 2 and 0.
import { describe, expect, it } from 'vitest';
import { csvWriter, run } from './harness';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDisk } from '../../../src/analysis/analyzeDisk';

const csv = csvWriter('extreme');

const MAGNITUDES = ['20', '1000', '1e12', '1e15', '1e16', '1e100', '1e300'];
// Label 1 (s1 = S, tied with s0) on every row; the class columns name the labels 0, 1, 2.
const SYMMETRIC = `label,s0,s1,s2\n${MAGNITUDES.map((s) => `1,${s},${s},-${s}`).join('\n')}\n`;

describe('logit rows (S, S, −S) cost ln 2 at every magnitude', () => {
  it('in cross-entropy', async () => {
    const result = await run('cross-entropy', csv(SYMMETRIC), '--label', 'label', '--logit', 's0,s1,s2', '--classes', '0,1,2', '--json');
    expect(result.status).toBe(0);
    const model = (JSON.parse(result.stdout) as { models: { mean: number; rows: number[] }[] }).models[0]!;
    expect(model.rows).toEqual(MAGNITUDES.map(() => Math.LN2));
    expect(model.mean).toBe(Math.LN2);
  });

  it('in analyze and in Analyze File on Disk (streamed)', async () => {
    const path = csv(SYMMETRIC);
    const result = await run('analyze', path, '--label', 'label', '--logit', 's0,s1,s2', '--classes', '0,1,2', '--json');
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { models: { mean: number }[] }).models[0]!.mean).toBe(Math.LN2);
    const disk = await analyzeDisk(
      {
        type: 'analyze',
        id: 1,
        kind: 'analyze',
        source: { kind: 'disk', uri: `file://${path}`, fileName: path, path },
        options: resolveAnalysisOptions({}),
        cancelFlag: createCancelFlag(),
        columns: { label: 'label', models: [{ columns: ['s0', 's1', 's2'], kind: 'logits', classes: ['0', '1', '2'] }] },
      } as Parameters<typeof analyzeDisk>[0],
      { isCancelled: () => false, progress: () => undefined },
    );
    expect(disk.models[0]!.meanLossNats).toBe(Math.LN2);
    expect(Array.from(disk.rowLoss!.lossNats)).toEqual(MAGNITUDES.map(() => Math.LN2));
  });
});

describe('clipping as scikit-learn clips a P(positive) column', () => {
  it('p = 1 with y = 0 at --eps 1e-15 costs −ln(1 − (1 − 1e-15)) = 34.539576, sklearn.metrics.log_loss', async () => {
    const result = await run('cross-entropy', csv('y,p\n0,1\n1,0\n'), '--label', 'y', '--prob', 'p', '--eps', '1e-15', '--json');
    const model = (JSON.parse(result.stdout) as { models: { rows: number[]; clipped: number }[] }).models[0]!;
    // log_loss([0], [1.0], eps=1e-15, labels=[0, 1]) and log_loss([1], [0.0], ...), scikit-learn 1.2.1.
    expect(model.rows).toEqual([34.53957599234088, 34.538776394910684]);
    expect(model.clipped).toBe(2);
  });
});

describe('weights whose sum is beyond the largest double', () => {
  const HUGE = 'w,p,q\n1e308,1e308,1e308\n1e308,1e308,1e308\n';

  it('entropy of (1e308, 1e308) is ln 2, and the note says the sum in words', async () => {
    const result = await run('entropy', csv(HUGE), '--column', 'w', '--json');
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { entropy: number }).entropy).toBe(Math.LN2);
    const text = await run('entropy', csv(HUGE), '--column', 'w');
    expect(text.stdout).toContain('0.693147 nats (weights summed to more than 1.8e+308; normalised)');
  });

  it('KL between two such columns is 0 both ways, in kl and in Analyze File on Disk (streamed)', async () => {
    const path = csv(HUGE);
    const result = await run('kl', path, '--p', 'p', '--q', 'q', '--json');
    expect(result.status).toBe(0);
    const kl = JSON.parse(result.stdout) as Record<string, number>;
    expect([kl['pq'], kl['qp'], kl['js'], kl['entropyP']]).toEqual([0, 0, 0, Math.LN2]);
    const disk = await analyzeDisk(
      {
        type: 'analyze',
        id: 1,
        kind: 'analyze',
        source: { kind: 'disk', uri: `file://${path}`, fileName: path, path },
        options: resolveAnalysisOptions({}),
        cancelFlag: createCancelFlag(),
        columns: { p: ['p'], q: ['q'] },
      } as Parameters<typeof analyzeDisk>[0],
      { isCancelled: () => false, progress: () => undefined },
    );
    expect([disk.kl!.pqNats, disk.kl!.qpNats]).toEqual([0, 0]);
  });
});
