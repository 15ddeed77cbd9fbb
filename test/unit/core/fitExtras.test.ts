// Fits against test/fixtures/reference/fitExtras.json (scripts/reference/generate.py): digits at the
// true optimum, sample and class weights with scikit-learn's semantics, and standard errors from
// the inverse Hessian (numpy), plus the identities weights must satisfy.
import { describe, expect, it } from 'vitest';
import { balancedClassWeights, fitLogistic, fitSoftmax } from '../../../src/core';
import type { FitOptions, FitResult, Matrix } from '../../../src/core';
import { expectAllClose, expectClose, loadReference } from './referenceFixtures';

interface Optimum {
  coef: number[][];
  intercept: number[];
  objective: number;
  meanLogLoss: number;
  proba?: number[][];
}
interface Case {
  name: string;
  X: number[][];
  y: number[];
  classCount: number;
  C: number;
  penalty: 'l2' | 'none';
  sampleWeight?: number[];
  classWeights?: number[];
  balancedWeights?: number[];
  classWeight?: string | Record<string, number>;
  optimum: Optimum;
  sklearn: { objective: number };
}
interface ParameterSet {
  coef: number[][];
  intercept: number[];
}
interface StandardErrorCase extends Omit<Case, 'sklearn'> {
  standardErrors: ParameterSet;
  z: ParameterSet;
  p: ParameterSet;
  ci95: { coef: number[][][]; intercept: number[][] };
}
interface Extras {
  digits: { X: number[][]; y: number[]; classCount: number; constantColumns: number[]; cases: Array<Omit<Case, 'X' | 'y' | 'classCount'>> };
  weighted: Case[];
  classWeight: Case[];
  standardErrors: StandardErrorCase[];
}

const extras = loadReference<Extras>('fitExtras');

function matrix(rows: number[][]): Matrix {
  const cols = rows[0]?.length ?? 0;
  return { data: Float64Array.from(rows.flat()), rows: rows.length, cols };
}

function fit(X: number[][], y: number[], classCount: number, options: FitOptions): FitResult {
  return classCount === 2 ? fitLogistic(matrix(X), y, options) : fitSoftmax(matrix(X), y, classCount, options);
}

function expectOptimum(result: FitResult, optimum: Optimum, objectiveRel: number, coefAbs: number): void {
  expect(result.converged).toBe(true);
  expect(result.gradMaxScaled).toBeLessThanOrEqual(1e-9);
  expectClose(result.objective, optimum.objective, objectiveRel);
  const scale = Math.max(...optimum.coef.flat().map(Math.abs));
  expectAllClose(result.coef.data, optimum.coef.flat(), 0, coefAbs * scale);
  expectAllClose(result.intercept, optimum.intercept, 0, coefAbs * Math.max(1, ...optimum.intercept.map(Math.abs)));
  expectClose(result.meanLogLossNats, optimum.meanLogLoss, objectiveRel);
}

describe('digits (1,797 × 64 pixels, 10 classes, three constant pixels): softmax at the true optimum', () => {
  const { X, y, classCount, constantColumns } = extras.digits;
  for (const c of extras.digits.cases) {
    it(`${c.name}: objective to 1e-10, probabilities to 1e-7, below scikit-learn newton-cg at tol 1e-8`, () => {
      const result = fitSoftmax(matrix(X), y, classCount, { C: c.C });
      expect(result.solver).toBe('newton');
      expectOptimum(result, c.optimum, 1e-10, 1e-6);
      expectAllClose(result.proba.data, (c.optimum.proba as number[][]).flat(), 0, 1e-7);
      expect(result.objective).toBeLessThanOrEqual(c.sklearn.objective * (1 + 1e-12));
      const constant = result.warnings.find((w) => w.code === 'constantFeature');
      expect(constant?.features).toEqual(constantColumns);
      for (const j of constantColumns) for (let k = 0; k < classCount; k++) expect(result.coef.data[k * X[0]!.length + j]).toBe(0);
    });
  }
});

describe('digits by truncated Newton (the solver beyond 1,024 parameters), curvature-preconditioned', () => {
  const { X, y, classCount } = extras.digits;
  for (const c of extras.digits.cases) {
    it(`${c.name}: the same optimum (objective to 1e-10, probabilities to 1e-7)`, () => {
      const result = fitSoftmax(matrix(X), y, classCount, { C: c.C, solver: 'newton-cg' });
      expect(result.solver).toBe('newton-cg');
      expectOptimum(result, c.optimum, 1e-10, 1e-6);
      expectAllClose(result.proba.data, (c.optimum.proba as number[][]).flat(), 0, 1e-7);
    });
  }

  it("C = 100 (nearly separable, ill-conditioned): a gradient at the tolerance is not enough, Newton's decrement must vanish too", () => {
    // Stopped at the gradient tolerance alone this fit was a relative 1e-8 above Newton's optimum.
    const newton = fitSoftmax(matrix(X), y, classCount, { C: 100 });
    const cg = fitSoftmax(matrix(X), y, classCount, { C: 100, solver: 'newton-cg' });
    expect(newton.converged && cg.converged).toBe(true);
    expect(Math.abs(cg.objective - newton.objective)).toBeLessThanOrEqual(1e-12 * newton.objective);
  });
});

describe('sample weights (scikit-learn fit(X, y, sample_weight=w))', () => {
  for (const c of extras.weighted) {
    it(`${c.name}: the weighted optimum, and a weighted mean log loss`, () => {
      const result = fit(c.X, c.y, c.classCount, { C: c.C, sampleWeight: c.sampleWeight });
      expectOptimum(result, c.optimum, 1e-11, 1e-8);
      expect(result.objective).toBeLessThanOrEqual(c.sklearn.objective * (1 + 1e-12));
      expectClose(
        result.totalWeight,
        (c.sampleWeight as number[]).reduce((a, b) => a + b, 0),
        1e-15,
      );
    });
  }

  it('integer weights equal repeating each row that many times (weight 0 drops it)', () => {
    const c = extras.weighted.find((w) => (w.sampleWeight as number[]).every(Number.isInteger)) as Case;
    const weights = c.sampleWeight as number[];
    const X: number[][] = [];
    const y: number[] = [];
    c.X.forEach((row, i) => {
      for (let r = 0; r < (weights[i] as number); r++) {
        X.push(row);
        y.push(c.y[i] as number);
      }
    });
    const weighted = fit(c.X, c.y, c.classCount, { C: c.C, sampleWeight: weights });
    const repeated = fit(X, y, c.classCount, { C: c.C });
    expectClose(weighted.objective, repeated.objective, 1e-13);
    expectAllClose(weighted.coef.data, repeated.coef.data, 1e-9, 1e-12);
    expectAllClose(weighted.intercept, repeated.intercept, 1e-9, 1e-12);
    expectClose(weighted.meanLogLossNats, repeated.meanLogLossNats, 1e-13);
  });

  it('the same identity for a softmax fit, Newton and L-BFGS alike', () => {
    const c = extras.classWeight[0] as Case;
    const counts = c.X.map((_, i) => 1 + (i % 3));
    const X: number[][] = [];
    const y: number[] = [];
    c.X.forEach((row, i) => {
      for (let r = 0; r < (counts[i] as number); r++) {
        X.push(row);
        y.push(c.y[i] as number);
      }
    });
    for (const solver of ['newton', 'lbfgs'] as const) {
      const weighted = fitSoftmax(matrix(c.X), c.y, c.classCount, { sampleWeight: counts, solver });
      const repeated = fitSoftmax(matrix(X), y, c.classCount, { solver });
      expect(weighted.converged).toBe(true);
      expectClose(weighted.objective, repeated.objective, 1e-12);
      expectAllClose(weighted.coef.data, repeated.coef.data, 1e-7, 1e-9);
    }
  });

  it('refuses negative, non-finite and all-zero weights, and a class whose rows all weigh 0', () => {
    const X = matrix([[0], [1], [2], [3]]);
    const y = [0, 1, 0, 1];
    expect(() => fitLogistic(X, y, { sampleWeight: [1, -1, 1, 1] })).toThrow(/0 or more/);
    expect(() => fitLogistic(X, y, { sampleWeight: [1, NaN, 1, 1] })).toThrow(/finite/);
    expect(() => fitLogistic(X, y, { sampleWeight: [0, 0, 0, 0] })).toThrow(/weight 0/);
    expect(() => fitLogistic(X, y, { sampleWeight: [1, 0, 1, 0] })).toThrow(/Class 1 has weight 0 in every row/);
    expect(() => fitLogistic(X, y, { sampleWeight: [1, 1, 1] })).toThrow(/differ in length/);
  });
});

describe("class weights (scikit-learn's class_weight)", () => {
  for (const c of extras.classWeight) {
    it(`${c.name}: the optimum of the class-weighted objective, equal to scikit-learn's`, () => {
      const classWeight = c.classWeight === 'balanced' ? 'balanced' : (c.classWeights as number[]);
      const result = fit(c.X, c.y, c.classCount, { C: c.C, classWeight });
      expectOptimum(result, c.optimum, 1e-11, 1e-8);
      expect(result.objective).toBeLessThanOrEqual(c.sklearn.objective * (1 + 1e-12));
      expectAllClose(result.classWeights as Float64Array, c.classWeights as number[], 1e-15);
    });
  }

  it("'balanced' is n / (K·n_k), and equals passing those weights", () => {
    const c = extras.classWeight.find((w) => w.classWeight === 'balanced') as Case;
    const counts = Array.from({ length: c.classCount }, (_, k) => c.y.filter((v) => v === k).length);
    expectAllClose(balancedClassWeights(counts), c.balancedWeights as number[], 1e-15);
    const balanced = fit(c.X, c.y, c.classCount, { classWeight: 'balanced' });
    const explicit = fit(c.X, c.y, c.classCount, { classWeight: c.balancedWeights as number[] });
    const asSampleWeights = fit(c.X, c.y, c.classCount, { sampleWeight: c.y.map((k) => (c.balancedWeights as number[])[k] as number) });
    expect(Array.from(balanced.coef.data)).toEqual(Array.from(explicit.coef.data));
    expectAllClose(asSampleWeights.coef.data, balanced.coef.data, 1e-12, 1e-14);
  });

  it('refuses class weights of the wrong length or sign', () => {
    const X = matrix([[0], [1], [2], [3]]);
    expect(() => fitLogistic(X, [0, 1, 0, 1], { classWeight: [1, 2, 3] })).toThrow(/2 classes but 3 class weights/);
    expect(() => fitLogistic(X, [0, 1, 0, 1], { classWeight: [1, -2] })).toThrow(/class 1 has -2/);
  });
});

describe('standard errors from the inverse Hessian at the optimum (numpy reference)', () => {
  for (const c of extras.standardErrors) {
    it(`${c.name}: standard errors, z, p and 95 % intervals`, () => {
      const result = fit(c.X, c.y, c.classCount, { C: c.C, penalty: c.penalty, standardErrors: true });
      expectOptimum(result, c.optimum, 1e-11, 1e-8);
      const u = result.uncertainty;
      if (u === undefined || 'unavailable' in u) throw new Error(`no uncertainty: ${JSON.stringify(u)}`);
      expect(u.basis).toBe(c.penalty === 'none' ? 'unpenalised' : 'l2Approximation');
      expectAllClose(u.coef.standardError, c.standardErrors.coef.flat(), 1e-10);
      expectAllClose(u.intercept.standardError, c.standardErrors.intercept, 1e-10);
      expectAllClose(u.coef.z, c.z.coef.flat(), 1e-7, 1e-9);
      expectAllClose(u.intercept.z, c.z.intercept, 1e-7, 1e-9);
      expectAllClose(u.coef.p, c.p.coef.flat(), 1e-6, 1e-300);
      expectAllClose(u.intercept.p, c.p.intercept, 1e-6, 1e-300);
      expectAllClose(
        u.coef.lower,
        c.ci95.coef.flat().map((pair) => pair[0] as number),
        1e-7,
        1e-9,
      );
      expectAllClose(
        u.coef.upper,
        c.ci95.coef.flat().map((pair) => pair[1] as number),
        1e-7,
        1e-9,
      );
      expectAllClose(
        u.intercept.lower,
        c.ci95.intercept.map((pair) => pair[0] as number),
        1e-7,
        1e-9,
      );
    });
  }

  it('none for a separable fit, and NaN for a constant feature', () => {
    const separable = fitLogistic(matrix([[0], [1], [2], [3]]), [0, 0, 1, 1], { penalty: 'none', standardErrors: true });
    expect(separable.uncertainty).toEqual({ unavailable: expect.stringMatching(/separable/) });
    const c = extras.standardErrors[0] as StandardErrorCase;
    const withConstant = fitLogistic(matrix(c.X.map((row) => [...row, 7])), c.y, { penalty: 'none', standardErrors: true });
    const u = withConstant.uncertainty;
    if (u === undefined || 'unavailable' in u) throw new Error('no uncertainty');
    expect(u.coef.standardError[3]).toBeNaN();
    expectAllClose(u.coef.standardError.subarray(0, 3), c.standardErrors.coef.flat(), 1e-7);
  });

  it('collinear features with penalty none: no standard errors, and a warning saying why', () => {
    const c = extras.standardErrors[0] as StandardErrorCase;
    const X = c.X.map((row) => [...row, (row[0] as number) + 2 * (row[1] as number)]);
    const result = fitLogistic(matrix(X), c.y, { penalty: 'none', standardErrors: true });
    expect(result.uncertainty).toEqual({ unavailable: expect.stringMatching(/singular/) });
    expect(result.warnings.map((w) => w.code)).toContain('notIdentifiable');
  });
});

describe('honest reports on overflow', () => {
  const c = extras.standardErrors[0] as StandardErrorCase;
  it('features scaled by 1e160 (squares overflow) fit the same model in their units', () => {
    const plain = fitLogistic(matrix(c.X), c.y, { penalty: 'none' });
    const huge = fitLogistic(matrix(c.X.map((row) => row.map((v) => v * 1e160))), c.y, { penalty: 'none' });
    expect(huge.converged).toBe(true);
    expect(Number.isFinite(huge.gradMaxAbs)).toBe(true);
    expectAllClose(
      Array.from(huge.coef.data, (w) => w * 1e160),
      plain.coef.data,
      1e-9,
    );
    expectClose(huge.objective, plain.objective, 1e-12);
  });

  it('a C whose objective overflows is refused with the reason, not reported as converged with a NaN gradient', () => {
    expect(() => fitLogistic(matrix(c.X), c.y, { C: 1e308 })).toThrow(/C = 1e\+308 is too large.*1\.8e308/);
  });
});
