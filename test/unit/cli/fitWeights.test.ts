// `entropy-lens fit` with sample and class weights, standard errors and its own timing, on a pandas
// export of load_breast_cancer (scripts/reference/fitExports.py) against scikit-learn's fits.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csvWriter, run } from './harness';

const dir = fileURLToPath(new URL('../../fixtures/fits/', import.meta.url));
const file = `${dir}breast-cancer-weighted.csv`;
interface SklearnFit {
  coef: number[];
  intercept: number;
  objective: number;
}
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as {
  features: string[];
  positive: string;
  sampleWeight: SklearnFit;
  balanced: SklearnFit & { classWeights: Record<string, number> };
  both: SklearnFit;
  mleWeighted: { coef: number[]; intercept: number; standardErrors: number[]; interceptError: number; p: number[] };
};
const features = expected.features.join(',');

async function fitJson(...extra: string[]): Promise<Record<string, unknown>> {
  const result = await run('fit', file, '--label', 'diagnosis', '--features', features, '--json', ...extra);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** Ours is the optimum: objective at or below scikit-learn's tol=1e-12 answer, coefficients close. */
function expectAtLeastSklearn(out: Record<string, unknown>, sk: SklearnFit): void {
  expect(out.converged).toBe(true);
  expect(out.objective as number).toBeLessThanOrEqual(sk.objective * (1 + 1e-12));
  expect(Math.abs((out.objective as number) - sk.objective)).toBeLessThan(1e-7 * sk.objective);
  // scikit-learn's lbfgs stops short even at tol=1e-12 (coefficients off by up to ~4e-4 here).
  (out.coef as number[][])[0]!.forEach((c, j) => expect(Math.abs(c - sk.coef[j]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(sk.coef[j]!))));
}

describe('entropy-lens fit --sample-weight / --class-weight (scikit-learn semantics)', () => {
  it('--sample-weight COL: the weighted optimum, the total weight, a weighted mean log loss', async () => {
    const out = await fitJson('--sample-weight', 'weight');
    expectAtLeastSklearn(out, expected.sampleWeight);
    expect(out.classes).toEqual(['benign', expected.positive]);
    expect(out.sampleWeight).toBe('weight');
    const weights = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',').at(-1)));
    expect(out.totalWeight).toBe(weights.reduce((a, b) => a + b, 0));
    const rows = out.rows as number[];
    const weighted = rows.reduce((s, l, i) => s + l * weights[i]!, 0) / (out.totalWeight as number);
    expect(out.meanLogLoss as number).toBeCloseTo(weighted, 12);
  });

  it("--class-weight balanced: n / (K·n_k) per class, as scikit-learn's class_weight='balanced'", async () => {
    const out = await fitJson('--class-weight', 'balanced');
    expectAtLeastSklearn(out, expected.balanced);
    const weights = out.classWeight as Record<string, number>;
    for (const [name, w] of Object.entries(expected.balanced.classWeights)) expect(weights[name]).toBeCloseTo(w, 14);
  });

  it('--class-weight LABEL=W equals balanced given as numbers, and both options multiply', async () => {
    const w = expected.balanced.classWeights;
    const explicit = await fitJson('--class-weight', `benign=${w.benign},malignant=${w.malignant}`);
    expectAtLeastSklearn(explicit, expected.balanced);
    const both = await fitJson('--sample-weight', 'weight', '--class-weight', 'balanced');
    expectAtLeastSklearn(both, expected.both);
  });

  it('a class weight naming no class is refused with the classes and a suggestion', async () => {
    const result = await run('fit', file, '--label', 'diagnosis', '--features', features, '--class-weight', 'benign=1,malignnt=3');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/'malignnt' names no class of the labels \(benign, malignant\); did you mean "malignant"\?/);
    const usage = await run('fit', file, '--label', 'diagnosis', '--features', features, '--class-weight', 'benign=-1');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--class-weight must be 'balanced' or LABEL=WEIGHT/);
  });

  it('a negative or missing weight is a problem at its cell, naming the raw value', async () => {
    const write = csvWriter('fit-weights');
    const path = write('x,y,w\n0.5,a,1\n1.5,b,-2\n2.5,a,\n3.5,b,1\n0.7,b,1\n');
    const result = await run('fit', path, '--label', 'y', '--features', 'x', '--sample-weight', 'w');
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n').sort();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/:3:7: w = -2 is negative: sample weights must be finite numbers of 0 or more$/);
    expect(lines[1]).toMatch(/:4:7: Missing value in column "w"/);
  });
});

describe('entropy-lens fit: standard errors and timing', () => {
  it('penalty none with weights: standard errors, z, p and 95 % intervals as numpy computes them', async () => {
    const out = await fitJson('--sample-weight', 'weight', '--penalty', 'none');
    const mle = expected.mleWeighted;
    (out.coef as number[][])[0]!.forEach((c, j) => expect(Math.abs(c - mle.coef[j]!)).toBeLessThan(1e-8 * Math.max(1, Math.abs(mle.coef[j]!))));
    const u = out.uncertainty as { basis: string; level: number; note: string; coef: Record<string, number[][]>; intercept: Record<string, number[]> };
    expect(u.basis).toBe('unpenalised');
    expect(u.level).toBe(0.95);
    u.coef.standardError![0]!.forEach((se, j) => expect(Math.abs(se - mle.standardErrors[j]!)).toBeLessThan(1e-7 * mle.standardErrors[j]!));
    expect(Math.abs(u.intercept.standardError![0]! - mle.interceptError)).toBeLessThan(1e-7 * mle.interceptError);
    u.coef.p![0]!.forEach((p, j) => expect(Math.abs(p - mle.p[j]!)).toBeLessThan(1e-6 * mle.p[j]! + 1e-300));
    const coef = (out.coef as number[][])[0]!;
    u.coef.lower![0]!.forEach((lo, j) => expect(lo).toBeCloseTo(coef[j]! - 1.959963984540054 * u.coef.standardError![0]![j]!, 12));
  });

  it('the text output prints a statsmodels-style table, and labels the L2 errors as an approximation', async () => {
    const none = await run('fit', file, '--label', 'diagnosis', '--features', features, '--penalty', 'none');
    expect(none.stdout).toMatch(/inverse Hessian of the log-likelihood at the maximum-likelihood estimate/);
    expect(none.stdout).toMatch(/coef\s+std err\s+z\s+P>\|z\|\s+\[0\.025\s+0\.975\]/);
    expect(none.stdout).toMatch(/\nmean radius\s+-?\d/);
    const l2 = await run('fit', file, '--label', 'diagnosis', '--features', features);
    expect(l2.stdout).toMatch(/Laplace approximation for the L2-penalised fit, not the unpenalised model's errors/);
  });

  it('--json reports the solver, its iterations, the scaled gradient and its own wall time', async () => {
    const out = await fitJson();
    expect(out.solver).toBe('newton');
    expect(out.iterations as number).toBeGreaterThan(0);
    expect(out.gradMaxScaled as number).toBeLessThanOrEqual(1e-9);
    expect(out.seconds as number).toBeGreaterThan(0);
    expect(out.standardErrorSeconds as number).toBeGreaterThanOrEqual(0);
  });

  it('features scaled by 1e160 fit (no silent zero coefficients), and --C 1e308 is refused with the reason', async () => {
    const write = csvWriter('fit-overflow');
    const rows = ['x,y', ...[0.2, 1.1, 1.9, 2.4, 3.3, 0.9, 2.8, 1.5].map((x, i) => `${x * 1e160},${i % 3 === 0 ? 1 : 0}`)];
    const huge = JSON.parse((await run('fit', write(`${rows.join('\n')}\n`), '--label', 'y', '--features', 'x', '--json')).stdout) as Record<string, unknown>;
    expect(huge.converged).toBe(true);
    expect(Number.isFinite(huge.gradMaxAbs)).toBe(true);
    expect((huge.coef as number[][])[0]![0]).not.toBe(0);
    const result = await run('fit', file, '--label', 'diagnosis', '--features', features, '--C', '1e308');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/C = 1e\+308 is too large/);
  });
});
