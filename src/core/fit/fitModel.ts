// Shared driver of the logistic and softmax fits: input checks, row weights, standardisation,
// solver choice, separation and identifiability reports, the map back to raw units and, when asked,
// the coefficients' standard errors.
import { binaryZeroOne, requireClassIndices, requireFinite, requireRows, requireSameLength, requireShape } from '../checks';
import { CoreError } from '../coreError';
import type { Matrix } from '../matrix';
import { compensatedSum } from '../summation';
import { CHUNK, createBinaryProblem } from './binaryProblem';
import { dot } from './kernels';
import type { FitOptions, FitResult, FitWarning, SolverName } from './fitTypes';
import { lbfgs } from './lbfgs';
import { dependentColumns } from './linearAlgebra';
import { newton } from './newton';
import { truncatedNewton } from './truncatedNewton';
import type { ScaledProblem } from './scaledProblem';
import { createSoftmaxProblem } from './softmaxProblem';
import type { SolverOptions, SolverOutcome } from './solverTypes';
import { splitRows } from './rowSplit';
import { standardize } from './standardize';
import type { Standardized } from './standardize';
import { coefficientUncertainty } from './uncertainty';
import { fitWeights } from './weights';

/**
 * Newton up to this many parameters, truncated Newton (Newton-CG) beyond. On large data Newton's Hessians are estimated
 * from a row sample (see newton.ts), so its cost per iteration stays near one gradient pass while
 * it needs 5–15 iterations where L-BFGS needs 30–300 (measured: 10 classes × 21 parameters on
 * 1e5 rows, 11 Newton iterations / 12 passes in ~0.6 s against 36 L-BFGS iterations / 39 passes
 * in ~1.3 s). Digits (10 classes × 62 = 620 parameters, 1,797 rows): Newton reaches the optimum in
 * 12 iterations where L-BFGS stopped at its 2,000-iteration cap short of it. 1,024 parameters keep
 * the three size² matrices Newton holds under 25 MB.
 */
const NEWTON_MAX_PARAMETERS = 1024;
/** Above this n·m²/2, the collinearity check estimates the Gram matrix from every s-th chunk of rows. */
const GRAM_FULL_WORK = 5e8;

/**
 * Features that are linear combinations of others: pivoted Cholesky of the standardised Gram
 * matrix ZᵀZ. At the all-zero start every row has the same probabilities, so Newton's first Hessian
 * block (0, 0) minus the penalty is a positive multiple of ZᵀZ and is reused when available.
 */
function collinearFeatures(std: Standardized, initialHessian: Float64Array | undefined, penalty: Float64Array): number[] {
  const { z, n, m } = std;
  if (m < 2) return [];
  const gram = new Float64Array(m * m);
  if (initialHessian !== undefined) {
    const size = Math.round(Math.sqrt(initialHessian.length));
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) gram[a * m + b] = (initialHessian[a * size + b] as number) - (a === b ? (penalty[a] as number) : 0);
    }
    return dependentColumns(gram, m, 1e-10).map((a) => std.active[a] as number);
  }
  const stride = Math.max(1, Math.ceil((n * m * m) / 2 / GRAM_FULL_WORK));
  for (let start = 0, chunk = 0; start < n; start += CHUNK, chunk++) {
    if (chunk % stride !== 0) continue;
    const len = Math.min(CHUNK, n - start);
    for (let a = 0; a < m; a++) {
      for (let b = a; b < m; b++) gram[a * m + b] = (gram[a * m + b] as number) + dot(z, a * n + start, z, b * n + start, len);
    }
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) gram[a * m + b] = gram[b * m + a] as number;
  return dependentColumns(gram, m, 1e-10).map((a) => std.active[a] as number);
}

/** Row indices grouped by class (counting sort: stable, classes in index order). */
function rowsByClass(y: Int32Array, classes: number): Int32Array {
  const next = new Int32Array(classes + 1);
  for (let i = 0; i < y.length; i++) next[(y[i] as number) + 1]! += 1;
  for (let k = 0; k < classes; k++) next[k + 1]! += next[k] as number;
  const order = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) order[next[y[i] as number]!++] = i;
  return order;
}

/** values[order[i]] for every i (the rows in the fit's order). */
function permuted<T extends Int32Array | Float64Array>(values: T, order: Int32Array | undefined): T {
  if (order === undefined) return values;
  const out = values.slice() as T;
  for (let i = 0; i < order.length; i++) out[i] = values[order[i] as number] as number;
  return out;
}

/** `values` copied into `into` (an array of a helper thread's shared memory). */
function shared<T extends Uint8Array | Float64Array>(into: T, values: ArrayLike<number>): T {
  into.set(values);
  return into;
}

/** Row outputs computed in the fit's order, put back in the caller's (in place). */
function restoreOrder(order: Int32Array, rowLoss: Float64Array, proba: Float64Array, K: number): void {
  const loss = rowLoss.slice();
  const p = proba.slice();
  for (let i = 0; i < order.length; i++) {
    const to = order[i] as number;
    rowLoss[to] = loss[i] as number;
    for (let k = 0; k < K; k++) proba[to * K + k] = p[i * K + k] as number;
  }
}

export function fitModel(model: 'logistic' | 'softmax', features: Matrix, labels: ArrayLike<number>, classCount: number, options: FitOptions): FitResult {
  const what = model === 'logistic' ? 'the logistic fit' : 'the softmax fit';
  requireShape(features, 'the features');
  requireRows(features.rows, what);
  requireSameLength(features.rows, labels.length, what);
  const C = options.C ?? 1;
  if (!(C > 0 && Number.isFinite(C))) throw new CoreError('badOption', `C (the inverse regularisation strength) must be a positive finite number, not ${C}`);
  const penalty = options.penalty ?? 'l2';
  if (penalty !== 'l2' && penalty !== 'none') throw new CoreError('badOption', `The penalty must be 'l2' or 'none', not '${String(penalty)}'`);
  const tolerance = options.tolerance ?? 1e-9;
  if (!(tolerance > 0)) throw new CoreError('badOption', `The tolerance must be a number above 0, not ${tolerance}`);
  if (model === 'softmax' && !(Number.isInteger(classCount) && classCount >= 2)) {
    throw new CoreError('badOption', `A softmax fit needs at least 2 classes, not ${classCount}`);
  }
  const K = model === 'logistic' ? 1 : classCount;
  const classes = model === 'logistic' ? 2 : classCount;
  const yBinary = model === 'logistic' ? binaryZeroOne(labels, what) : undefined;
  const yIndex = model === 'softmax' ? requireClassIndices(labels, classCount, what) : undefined;
  const classOf = (i: number): number => (yBinary !== undefined ? (yBinary[i] as number) : (yIndex![i] as number));
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[classOf(i)]! += 1;
  const emptyClasses = (weightOf: readonly number[]): number[] => weightOf.flatMap((c, k) => (c === 0 ? [k] : []));
  const empty = emptyClasses(counts);
  if (empty.length > 0) {
    throw new CoreError('missingClass', `Class${empty.length > 1 ? 'es' : ''} ${empty.join(', ')} ha${empty.length > 1 ? 've' : 's'} no rows: ${what}'s intercept would run to infinity`);
  }
  const weights = fitWeights(options.sampleWeight, options.classWeight, classOf, counts, what);
  let totalWeight = labels.length;
  if (weights.rows !== undefined) {
    const classTotals = new Array<number>(classes).fill(0);
    for (let i = 0; i < labels.length; i++) classTotals[classOf(i)]! += weights.rows[i] as number;
    const weightless = emptyClasses(classTotals);
    if (weightless.length > 0) {
      throw new CoreError(
        'missingClass',
        `Class${weightless.length > 1 ? 'es' : ''} ${weightless.join(', ')} ha${weightless.length > 1 ? 've' : 's'} weight 0 in every row: ${what}'s intercept would run to infinity`,
      );
    }
    totalWeight = classTotals.reduce((a, b) => a + b, 0);
  }
  // The objective starts at C·Σw·ln K (all-zero parameters): it must be a finite double.
  if (!(C * totalWeight * Math.log(classes) < Number.MAX_VALUE / 16)) {
    throw new CoreError(
      'badOption',
      `C = ${C} is too large for ${labels.length} rows: the objective C·Σ loss would exceed the largest double (1.8e308). Use a smaller C (beyond ~1e6 the penalty hardly matters) or penalty none`,
    );
  }

  const startedAt = options.clock?.();
  // Softmax works on its rows grouped by class, so a block of rows puts its mass on few classes and
  // the Hessian passes skip the class pairs it leaves empty (softmaxProblem.ts); outputs go back below.
  const order = yIndex !== undefined ? rowsByClass(yIndex, K) : undefined;
  // A binary fit's passes may run half on a helper thread: its arrays then live in shared memory.
  const threads = model === 'logistic' && splitRows(labels.length, CHUNK) !== undefined ? options.threads : undefined;
  const std = standardize(features, order, threads?.float64);
  // NaN / ±Infinity anywhere makes a column mean non-finite: only then look for the rows.
  if (!std.mean.every(Number.isFinite) || !std.scale.every(Number.isFinite) || std.constant.length > 0) {
    requireFinite(features.data, Math.max(1, features.cols), 'features');
  }
  const { n, m } = std;
  const d = features.cols;
  const spread = Array.from(std.scale).findIndex((s) => !Number.isFinite(s));
  if (spread >= 0) {
    throw new CoreError('nonFinite', `Feature ${std.active[spread]} spans more than the double range (its standard deviation exceeds 1.8e308): rescale it`);
  }
  // λ_a = 1/(C·W·sd_a²), divided in steps so a huge sd gives a tiny λ, not 1/∞ = 0 via sd² = ∞.
  const penaltyWeights = new Float64Array(m);
  if (penalty === 'l2') for (let a = 0; a < m; a++) penaltyWeights[a] = 1 / (C * totalWeight) / (std.scale[a] as number) / (std.scale[a] as number);
  const allocate = threads?.float64 ?? ((length: number) => new Float64Array(length));
  const proba = allocate(n * K);
  const rowLossNats = allocate(n);
  const binary =
    model === 'logistic'
      ? createBinaryProblem(
          std.z,
          n,
          m,
          threads === undefined ? (yBinary as Uint8Array) : shared(threads.uint8(n), yBinary as Uint8Array),
          penaltyWeights,
          threads === undefined || weights.rows === undefined ? weights.rows : shared(threads.float64(n), weights.rows),
          threads === undefined ? undefined : { threads, rows: { rowLoss: rowLossNats, proba } },
        )
      : undefined;
  const problem: ScaledProblem = binary ?? createSoftmaxProblem(std.z, n, m, permuted(yIndex as Int32Array, order), K, penaltyWeights, weights.rows && permuted(weights.rows, order));

  const solver: SolverName = options.solver === undefined || options.solver === 'auto' ? (problem.size <= NEWTON_MAX_PARAMETERS ? 'newton' : 'newton-cg') : options.solver;
  const maxIterations = options.maxIterations ?? (solver === 'lbfgs' ? 2000 : 200);
  const scaleToObjective = C * totalWeight;
  const solverOptions: SolverOptions = {
    rows: { rowLoss: rowLossNats, proba },
    maxIterations,
    tolerance,
    watchSeparation: penalty === 'none',
    onIteration: (iteration, objective, meanLoss, gradMax) => {
      if (options.onIteration === undefined) return;
      const keepGoing = options.onIteration({
        iteration,
        maxIterations,
        meanLogLossNats: meanLoss,
        objective: objective * scaleToObjective,
        gradMaxScaled: gradMax,
      });
      if (keepGoing === false) throw new CoreError('cancelled', `The ${model} fit was cancelled after ${iteration} iterations`);
    },
  };
  let outcome: SolverOutcome;
  try {
    outcome = solver === 'newton' ? newton(problem, solverOptions) : solver === 'newton-cg' ? truncatedNewton(problem, solverOptions) : lbfgs(problem, solverOptions);
    // Fitted probabilities and per-row losses from the standardised scores (no raw-unit
    // cancellation), while the helper thread still takes its half of the rows.
    if (!outcome.rowsAtTheta) problem.rowResults(outcome.theta, rowLossNats, proba);
  } finally {
    binary?.close();
  }
  const separable = outcome.separation !== 'none';

  // Back to raw units: w_j = w̃_j / sd_j, b = b̃ − Σ_j w_j·mean_j; constant features get 0.
  const width = m + 1;
  const coef = new Float64Array(K * d);
  const intercept = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let b = outcome.theta[k * width + m] as number;
    for (let a = 0; a < m; a++) {
      const w = (outcome.theta[k * width + a] as number) / (std.scale[a] as number);
      coef[k * d + (std.active[a] as number)] = w;
      b -= w * (std.mean[a] as number);
    }
    intercept[k] = b;
  }

  if (order !== undefined) restoreOrder(order, rowLossNats, proba, K);
  const sumLoss = weights.rows === undefined ? compensatedSum(rowLossNats) : compensatedSum(rowLossNats.map((loss, i) => loss * (weights.rows as Float64Array)[i]!));

  // Raw-unit gradient from the standardised one (exact chain rule, no extra pass over the data):
  // ∂F/∂b_k = C·W·∂f/∂b̃_k and ∂F/∂w_kj = C·W·sd_j·∂f/∂w̃_kj + mean_j·∂F/∂b_k; F = C·W·f.
  let gradMaxAbs = 0;
  for (let k = 0; k < K; k++) {
    const interceptGradient = scaleToObjective * (outcome.gradient[k * width + m] as number);
    gradMaxAbs = Math.max(gradMaxAbs, Math.abs(interceptGradient));
    for (let a = 0; a < m; a++) {
      const g = scaleToObjective * (std.scale[a] as number) * (outcome.gradient[k * width + a] as number) + (std.mean[a] as number) * interceptGradient;
      gradMaxAbs = Math.max(gradMaxAbs, Math.abs(g));
    }
  }
  const objective = scaleToObjective * (outcome.objectiveHistory[outcome.objectiveHistory.length - 1] as number);

  const warnings: FitWarning[] = [];
  if (std.constant.length > 0) {
    warnings.push({
      code: 'constantFeature',
      message: `feature${std.constant.length > 1 ? 's' : ''} ${std.constant.join(', ')} ${std.constant.length > 1 ? 'are' : 'is'} constant: ${penalty === 'none' ? 'not identifiable apart from the intercept; ' : ''}coefficient set to 0`,
      features: std.constant,
    });
  }
  const collinear = collinearFeatures(std, outcome.initialHessian, penaltyWeights);
  if (collinear.length > 0) {
    warnings.push({
      code: 'collinearFeatures',
      message: `feature${collinear.length > 1 ? 's' : ''} ${collinear.join(', ')} ${collinear.length > 1 ? 'are linear combinations' : 'is a linear combination'} of other features: ${penalty === 'none' ? 'coefficients are not identifiable (only their combination is)' : 'the l2 penalty splits the weight among them'}`,
      features: collinear,
    });
  }
  if (separable) {
    warnings.push({
      code: 'separable',
      message: `no finite maximum-likelihood estimate: the classes are ${outcome.separation === 'complete' ? 'completely' : 'quasi-completely'} separated by the features, so the unpenalised loss keeps falling as the weights grow; use penalty l2`,
      features: [],
    });
  } else if (!Number.isFinite(gradMaxAbs) || !Number.isFinite(outcome.gradMax) || !Number.isFinite(objective)) {
    warnings.push({
      code: 'notConverged',
      message: `the ${Number.isFinite(objective) ? 'gradient' : 'objective'} is not a finite number (overflow in the features or C): the result is not an optimum; rescale the features or lower C`,
      features: [],
    });
  } else if (!outcome.converged) {
    const gap = outcome.gapEstimate === undefined ? '' : `; Newton's estimate of the objective's distance to the optimum: ${(outcome.gapEstimate * scaleToObjective).toExponential(2)}`;
    warnings.push({
      code: 'notConverged',
      message: `stopped after ${outcome.iterations} iterations with scaled gradient ${outcome.gradMax.toExponential(2)} > tolerance ${tolerance}${gap}`,
      features: [],
    });
  }
  if (separable) {
    coef.fill(NaN);
    intercept.fill(NaN);
  }
  const finite = Number.isFinite(gradMaxAbs) && Number.isFinite(outcome.gradMax) && Number.isFinite(objective);
  const solvedAt = options.clock?.();
  let uncertainty: FitResult['uncertainty'];
  if (options.standardErrors === true) {
    uncertainty = separable
      ? { unavailable: 'no finite estimate (separable classes), so no standard errors' }
      : !finite
        ? { unavailable: 'the fit overflowed, so no standard errors' }
        : coefficientUncertainty(problem, outcome.theta, std, coef, intercept, d, penalty, totalWeight);
    if ('unavailable' in uncertainty && !separable && finite) warnings.push({ code: 'notIdentifiable', message: uncertainty.unavailable, features: [] });
  }

  return {
    model,
    solver,
    C,
    penalty,
    coef: { data: coef, rows: K, cols: d },
    intercept,
    // Out of shared memory (a SharedArrayBuffer cannot be transferred to another thread).
    proba: { data: threads === undefined ? proba : proba.slice(), rows: n, cols: K },
    rowLossNats: threads === undefined ? rowLossNats : rowLossNats.slice(),
    meanLogLossNats: sumLoss / totalWeight,
    objective: separable ? C * sumLoss : objective,
    iterations: outcome.iterations,
    converged: outcome.converged && !separable && finite,
    gradMaxAbs: separable ? NaN : gradMaxAbs,
    gradMaxScaled: outcome.gradMax,
    lossHistoryNats: outcome.lossHistory,
    objectiveHistory: outcome.objectiveHistory.map((f) => f * scaleToObjective),
    separable,
    separation: outcome.separation,
    warnings,
    totalWeight,
    ...(weights.classes !== undefined ? { classWeights: weights.classes } : {}),
    ...(uncertainty !== undefined ? { uncertainty } : {}),
    ...(options.clock !== undefined && startedAt !== undefined && solvedAt !== undefined
      ? { seconds: { solver: (solvedAt - startedAt) / 1000, standardErrors: (options.clock() - solvedAt) / 1000 } }
      : {}),
  };
}
