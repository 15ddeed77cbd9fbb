// The `entropy-lens` CLI end to end, in process: the worked examples through the same path the
// binary takes (args → data layer → core → output), and the failure contract for bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli';

const root = join(__dirname, '..', '..', '..');
const sample = (name: string): string => join(root, 'samples', name);
const fixture = (name: string): string => join(root, 'test', 'fixtures', 'cli', name);

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { status, stdout, stderr };
}

async function runJson(...argv: string[]): Promise<Record<string, unknown>> {
  const result = await run(...argv, '--json');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

type ModelJson = { mean: number; sum: number; rows: number[]; brier: number; errorRate: number; clipped: number };

describe('entropy-lens entropy', () => {
  it('gives the label entropy of the binary sample in bits with classes and counts', async () => {
    const out = await runJson('entropy', sample('binary-predictions.json'), '--label', 'label', '--base', '2');
    expect(out).toMatchObject({ entropy: 1, base: 2, n: 4, classes: [0, 1], counts: [2, 2] });
  });

  it('gives the entropy of the 10-point labels [0,0,1,0,1,1,1,1,1,1] as scipy.stats.entropy([3, 7])', async () => {
    const out = await runJson('entropy', sample('logistic-10-points.csv'), '--label', 'y');
    // scipy.stats.entropy([3, 7]) = 0.6108643020548935 nats
    expect(out.entropy as number).toBeCloseTo(0.6108643020548935, 14);
  });

  it('takes one column as a distribution over its rows: H{.75,.25} in bits', async () => {
    const out = await runJson('entropy', sample('kl-distributions.csv'), '--column', 'p', '--base', '2');
    expect(out.entropy as number).toBeCloseTo(0.8112781244591328, 14);
  });

  it('gives per-row entropies of a vector column', async () => {
    const out = await runJson('entropy', sample('cat-dog-horse.jsonl'), '--dist', 'probs', '--base', '2');
    // scipy.stats.entropy([.2, .7, .1], base=2)
    expect((out.rows as number[])[0]).toBeCloseTo(1.1567796494470395, 13);
  });
});

describe('entropy-lens cross-entropy', () => {
  it('reproduces the binary worked example: first row 0.321928 bits, mean 0.522010 bits', async () => {
    const out = await runJson('cross-entropy', sample('binary-predictions.json'), '--label', 'label', '--prob', 'p', '--base', '2');
    const [model] = out.models as ModelJson[];
    expect(model?.rows[0]).toBeCloseTo(0.3219280948873623, 14);
    expect(model?.mean).toBeCloseTo(-(Math.log2(0.8) + Math.log2(0.7) + Math.log2(0.7) + Math.log2(0.6)) / 4, 14); // 0.522010
    expect(model?.brier).toBeCloseTo(0.095, 15);
    expect(model?.errorRate).toBe(0);
  });

  it('gives the binary sum 1.447319 nats in the default base e', async () => {
    const out = await runJson('cross-entropy', sample('binary-predictions.json'), '--label', 'label', '--prob', 'p');
    expect((out.models as ModelJson[])[0]?.sum).toBeCloseTo(1.4473195, 6);
    expect(out.base).toBe('e');
  });

  it('compares the two 3-class models side by side: 1.988595 vs 0.922037 bits, both wrong on 1 of 3', async () => {
    const out = await runJson('cross-entropy', sample('three-class-models.csv'), '--target', 'target_0,target_1,target_2', '--prob', 'm1_p0,m1_p1,m1_p2', '--prob', 'm2_p0,m2_p1,m2_p2', '--base', '2');
    const [m1, m2] = out.models as ModelJson[];
    expect(m1?.mean).toBeCloseTo((2 * -Math.log2(0.4) - Math.log2(0.1)) / 3, 14); // 1.988595
    expect(m2?.mean).toBeCloseTo((2 * -Math.log2(0.7) - Math.log2(0.3)) / 3, 14); // 0.922037
    expect(m1?.errorRate).toBeCloseTo(1 / 3, 15);
    expect(m2?.errorRate).toBeCloseTo(1 / 3, 15);
    expect(m1?.brier).toBeCloseTo(0.8066666666666666, 14);
    expect(m2?.brier).toBeCloseTo(0.34, 14);
  });

  it('scores the cat/dog/horse row: 0.514573 bits from probabilities, and from scores through log-softmax', async () => {
    const fromProbabilities = await runJson('cross-entropy', sample('cat-dog-horse.jsonl'), '--target', 'target', '--prob', 'probs', '--base', '2');
    expect((fromProbabilities.models as ModelJson[])[0]?.mean).toBeCloseTo(-Math.log2(0.7), 14);
    const fromScores = await runJson('cross-entropy', sample('cat-dog-horse.jsonl'), '--label', 'label', '--classes', 'cat,dog,horse', '--logit', 'scores');
    // −log softmax([5, 4, 2])[1] = −log 0.2594964603424191
    expect((fromScores.models as ModelJson[])[0]?.mean).toBeCloseTo(-Math.log(0.2594964603424191), 14);
  });

  it('compares two-column binary models: 0.736966 vs 0.321928 bits', async () => {
    const out = await runJson('cross-entropy', fixture('two-column-binary.csv'), '--label', 'label', '--classes', '0,1', '--prob', 'a_p0,a_p1', '--prob', 'b_p0,b_p1', '--base', '2');
    const [a, b] = out.models as ModelJson[];
    expect(a?.mean).toBeCloseTo(0.7369655941662062, 14);
    expect(b?.mean).toBeCloseTo(0.3219280948873623, 14);
  });

  it('gives exact finite losses for logits of magnitude 1000', async () => {
    const out = await runJson('cross-entropy', fixture('huge-logits.csv'), '--label', 'y', '--logit', 's');
    expect((out.models as ModelJson[])[0]?.rows).toEqual([1000, 1000, 0]);
  });

  it('prints infinite losses as the string "Infinity" when clipping is off', async () => {
    const result = await run('cross-entropy', fixture('two-column-binary.csv'), '--label', 'label', '--prob', 'a_p1', '--pos-label', '1', '--eps', 'none', '--json');
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as { models: { rows: unknown[]; infinite: number }[] };
    expect(out.models[0]?.rows[0]).toBeCloseTo(-Math.log(0.6), 14);
  });

  it('prints a readable table with units without --json', async () => {
    const result = await run('cross-entropy', sample('binary-predictions.json'), '--label', 'label', '--prob', 'p', '--base', '2');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('bits');
    expect(result.stdout).toContain('0.522010');
  });
});

describe('entropy-lens kl', () => {
  it('gives D(P‖Q) 0.188722 and D(Q‖P) 0.207519 bits and the CE = H + KL identity', async () => {
    const out = await runJson('kl', sample('kl-distributions.csv'), '--p', 'p', '--q', 'q', '--base', '2');
    expect(out.pq as number).toBeCloseTo(0.18872187554086717, 14);
    expect(out.qp as number).toBeCloseTo(0.20751874963942185, 14);
    expect(out.crossEntropy as number).toBeCloseTo((out.entropyP as number) + (out.pq as number), 14);
    expect(out.js as number).toBeGreaterThan(0);
  });
});

describe('entropy-lens fit', () => {
  it('fits the 10 points with C = 1 to the true optimum', async () => {
    const out = await runJson('fit', sample('logistic-10-points.csv'), '--label', 'y', '--features', 'x');
    expect((out.coef as number[][])[0]?.[0]).toBeCloseTo(0.97193448, 7);
    expect((out.intercept as number[])[0]).toBeCloseTo(0.65553595, 7);
    expect(out.meanLogLoss as number).toBeCloseTo(0.3329114, 7);
    // scikit-learn's brier_score_loss of the fitted probabilities.
    expect(out.brier as number).toBeCloseTo(0.10442473009732164, 8);
    expect(out.converged).toBe(true);
    expect((out.lossHistory as number[]).length).toBe((out.iterations as number) + 1);
  });

  it('reports x = [1, 3], y = [0, 1] with penalty none as separable instead of huge weights', async () => {
    const out = await runJson('fit', fixture('separable.csv'), '--label', 'y', '--features', 'x', '--penalty', 'none');
    expect(out.separable).toBe(true);
  });
});

describe('bad input', () => {
  it('exits 2 with one FILE:LINE:COLUMN line per problem naming the raw value', async () => {
    const file = fixture('bad-probabilities.csv');
    const result = await run('cross-entropy', file, '--label', 'label', '--prob', 'p');
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:3: .*NA`));
    expect(lines[1]).toMatch(/:4:3: .*1\.2/);
  });

  it('adds {error, problems} on stdout with --json', async () => {
    const result = await run('cross-entropy', fixture('bad-probabilities.csv'), '--label', 'label', '--prob', 'p', '--json');
    expect(result.status).toBe(2);
    const out = JSON.parse(result.stdout) as { error: string; problems: { line: number; column: number; raw: string; why: string }[] };
    expect(out.problems.map((problem) => [problem.line, problem.column, problem.raw])).toEqual([
      [3, 3, 'NA'],
      [4, 3, '1.2'],
    ]);
  });

  it('names an unknown label at its cell', async () => {
    const result = await run('cross-entropy', fixture('bad-rows.csv'), '--label', 'label', '--prob', 'p_cat,p_dog');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad-rows\.csv:4:1: .*hrse/);
  });

  it('names rows whose probabilities do not sum to 1, and accepts them with --normalize', async () => {
    const failed = await run('cross-entropy', fixture('bad-rows.csv'), '--label', 'label', '--classes', 'cat,dog', '--prob', 'p_cat,p_dog');
    expect(failed.stderr).toMatch(/bad-rows\.csv:2:\d+: .*0\.9/);
    const noHorse = await run('cross-entropy', fixture('two-column-binary.csv'), '--label', 'label', '--classes', '0,1', '--prob', 'a_p0,a_p1', '--normalize');
    expect(noHorse.status).toBe(0);
  });

  it('reports a missing file and an unknown column with exit status 2', async () => {
    expect((await run('entropy', fixture('does-not-exist.csv'), '--label', 'y')).status).toBe(2);
    const unknown = await run('entropy', sample('logistic-10-points.csv'), '--label', 'nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown column "nope": the file\'s columns are "x", "y"');
  });

  it('rejects a bad command line with a usage message and status 2', async () => {
    const result = await run('cross-entropy', sample('binary-predictions.json'), '--prob', 'p');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--label');
  });

  it('never writes to the input file', async () => {
    const file = fixture('bad-probabilities.csv');
    const before = readFileSync(file, 'utf8');
    await run('cross-entropy', file, '--label', 'label', '--prob', 'p', '--json');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('files with nothing to analyse', () => {
  it('says an empty file has no header, once', async () => {
    const result = await run('entropy', fixture('empty.csv'), '--label', 'y');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/empty\.csv:1:1: .*header/);
  });

  it('says a header-only file has no data rows', async () => {
    const result = await run('cross-entropy', fixture('header-only.csv'), '--label', 'label', '--prob', 'p');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no data rows');
  });
});
