// `entropy-lens fit`: binary logistic or multinomial softmax regression with scikit-learn's
// parametrisation (C, L2 with the intercept unpenalised, sample_weight, class_weight), solved to
// the true optimum, with the coefficients' standard errors, z, p and 95 % intervals.
import { fromNats, unitOf } from '../../core';
import type { CoefficientUncertainty, FitOptions, FitResult, ParameterUncertainty, Penalty } from '../../core';
import { classesOf } from '../../analysis/labelSet';
import { fitLabels, uncertaintySummary } from '../../analysis/fitRows';
import { formatDuration, formatPValue } from '../../protocol/numberFormat';
import { classWeightFlag, columnLists, single, UsageError } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { count, formatTableNumber, table } from '../output';

export function runFit({ args, input, base }: CommandContext): CommandOutput {
  const label = single(args, 'label');
  const featureLists = columnLists(args, 'features');
  if (label === undefined || featureLists.length !== 1) throw new UsageError('fit needs --label COL and --features C1,C2,.. (once each)');
  const features = featureLists[0] as string[];
  const options = fitOptions(args.values);
  const requestedModel = single(args, 'model');
  if (requestedModel !== undefined && requestedModel !== 'logistic' && requestedModel !== 'softmax') {
    throw new UsageError(`--model must be logistic or softmax, got '${requestedModel}'`);
  }
  const weightColumn = single(args, 'sample-weight');
  const classWeights = classWeightFlag(single(args, 'class-weight'));

  const labels = input.labels(label);
  const x = input.numbers(features, 'features');
  const sampleWeight = weightColumn === undefined ? undefined : input.weights(weightColumn);
  input.assertUsable();

  const model = requestedModel ?? (classesOf(labels).length > 2 ? 'softmax' : 'logistic');
  const fitted = fitLabels(model, x, labels, undefined, { ...options, standardErrors: true, ...(sampleWeight ? { sampleWeight } : {}) }, classWeights);
  const { result, brier, classes } = fitted;

  const coef = rowsOf(result.coef.data, result.coef.rows, result.coef.cols);
  const proba = rowsOf(result.proba.data, result.proba.rows, result.proba.cols);
  const unit = unitOf(base);
  const uncertainty = result.uncertainty;
  const json = {
    model,
    classes,
    features,
    C: result.C,
    penalty: result.penalty,
    solver: result.solver,
    seconds: fitted.seconds,
    standardErrorSeconds: fitted.standardErrorSeconds,
    ...(weightColumn !== undefined ? { sampleWeight: weightColumn } : {}),
    ...(result.classWeights !== undefined ? { classWeight: Object.fromEntries(weightedClasses(fitted).map((c, k) => [c, result.classWeights![k]])) } : {}),
    totalWeight: result.totalWeight,
    coef,
    intercept: Array.from(result.intercept),
    uncertainty: uncertainty === undefined || 'unavailable' in uncertainty ? uncertaintySummary(result) : { ...uncertaintySummary(result), note: BASIS_NOTE[uncertainty.basis] },
    proba,
    rows: result.rowLossNats,
    meanLogLoss: result.meanLogLossNats,
    meanLogLossInBase: fromNats(result.meanLogLossNats, base),
    brier,
    base,
    objective: result.objective,
    iterations: result.iterations,
    converged: result.converged,
    gradMaxAbs: result.gradMaxAbs,
    gradMaxScaled: result.gradMaxScaled,
    lossHistory: result.lossHistoryNats,
    separable: result.separable,
    separation: result.separation,
    warnings: result.warnings.map((warning) => ({ code: warning.code, message: warning.message, features: warning.features.map((i) => features[i]) })),
  };

  const rowsLabel = model === 'logistic' ? [`coef (P(${String(classes[classes.length - 1])}))`] : classes.map((c) => `class ${String(c)}`);
  const status = result.separable
    ? `no finite maximum-likelihood estimate: the classes are ${result.separation === 'complete' ? 'perfectly' : 'quasi-'} separable with penalty none (use --penalty l2)`
    : `${result.converged ? 'converged' : 'NOT converged'} in ${result.iterations} iterations (${result.solver}, ${formatDuration(fitted.seconds)}), max |gradient| ${result.gradMaxAbs.toExponential(2)}, scaled ${result.gradMaxScaled.toExponential(2)}`;
  const weighting = [
    weightColumn !== undefined ? `sample weights '${weightColumn}' (total ${formatTableNumber(result.totalWeight)})` : '',
    result.classWeights !== undefined
      ? `class weights ${weightedClasses(fitted)
          .map((c, k) => `${c}=${formatTableNumber(result.classWeights![k] as number, 4)}`)
          .join(', ')}${classWeights === 'balanced' ? ' (balanced: n / (K·n_k))' : ''}`
      : '',
  ].filter((part) => part !== '');
  return {
    json,
    text: [
      `${model === 'logistic' ? 'Logistic' : 'Softmax'} regression of '${label}' on ${features.join(', ')}: C = ${result.C}, penalty ${result.penalty}, ${count(result.proba.rows, 'row')}${weighting.length > 0 ? `, ${weighting.join(', ')}` : ''}`,
      status,
      `mean log loss ${formatTableNumber(fromNats(result.meanLogLossNats, base))} ${unit}${weightColumn !== undefined || result.classWeights !== undefined ? ' (weighted)' : ''}, Brier ${formatTableNumber(brier)}, objective ${formatTableNumber(result.objective)}`,
      '',
      result.separable
        ? ''
        : table(
            ['', ...features, 'intercept'],
            coef.map((row, k) => [rowsLabel[k] ?? '', ...row.map((v) => formatTableNumber(v, 8)), formatTableNumber(result.intercept[k] as number, 8)]),
          ),
      ...uncertaintyText(uncertainty, result, features, rowsLabel),
      ...result.warnings.map((warning) => `warning: ${warning.message}`),
    ]
      .filter((line, i, all) => !(line === '' && (i === all.length - 1 || all[i + 1] === '')))
      .join('\n'),
  };
}

/** The class names the class weights are listed under (logistic: negative, then positive). */
function weightedClasses(fitted: ReturnType<typeof fitLabels>): string[] {
  if (fitted.model === 'logistic' && fitted.negative === undefined) return [`not ${String(fitted.positive)}`, String(fitted.positive)];
  return fitted.classes.map(String);
}

function rowsOf(data: Float64Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
}

const BASIS_NOTE: Record<CoefficientUncertainty['basis'], string> = {
  unpenalised: 'standard errors from the inverse Hessian of the log-likelihood at the maximum-likelihood estimate (Wald z, normal p-values)',
  l2Approximation:
    "standard errors from the inverse Hessian of the penalised objective at its optimum: a Laplace approximation for the L2-penalised fit, not the unpenalised model's errors (use --penalty none for those)",
};

/** A statsmodels-style table per coefficient row: estimate, error, z, p and the 95 % interval. */
function uncertaintyText(u: FitResult['uncertainty'], result: FitResult, features: readonly string[], rowsLabel: readonly string[]): string[] {
  if (u === undefined || result.separable) return [];
  if ('unavailable' in u) return ['', `no standard errors: ${u.unavailable}`];
  const d = result.coef.cols;
  const lines = ['', `${BASIS_NOTE[u.basis]}:`];
  for (let k = 0; k < result.coef.rows; k++) {
    // A constant feature has no error (NaN): '—' across the row, as the p-value shows it.
    const cell = (v: number, digits: number): string => (Number.isNaN(v) ? '—' : formatTableNumber(v, digits));
    const row = (name: string, estimate: number, p: ParameterUncertainty, i: number): string[] => [
      name,
      formatTableNumber(estimate, 6),
      cell(p.standardError[i] as number, 6),
      cell(p.z[i] as number, 3),
      formatPValue(p.p[i] as number),
      cell(p.lower[i] as number, 6),
      cell(p.upper[i] as number, 6),
    ];
    lines.push(
      '',
      table(
        [rowsLabel[k] ?? '', 'coef', 'std err', 'z', 'P>|z|', '[0.025', '0.975]'],
        [...features.map((name, j) => row(name, result.coef.data[k * d + j] as number, u.coef, k * d + j)), row('intercept', result.intercept[k] as number, u.intercept, k)],
      ),
    );
  }
  return lines;
}

function fitOptions(values: ReadonlyMap<string, readonly string[]>): FitOptions {
  const one = (name: string): string | undefined => {
    const list = values.get(name);
    if (list && list.length > 1) throw new UsageError(`--${name} may be given only once`);
    return list?.[0];
  };
  const number = (name: string, valid: (v: number) => boolean, what: string): number | undefined => {
    const text = one(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !valid(value)) throw new UsageError(`--${name} must be ${what}, got '${text}'`);
    return value;
  };
  const penalty = one('penalty');
  if (penalty !== undefined && penalty !== 'l2' && penalty !== 'none') throw new UsageError(`--penalty must be l2 or none, got '${penalty}'`);
  const C = number('C', (v) => v > 0 && Number.isFinite(v), 'a positive number');
  const maxIterations = number('max-iter', (v) => Number.isInteger(v) && v > 0, 'a positive integer');
  const tolerance = number('tol', (v) => v > 0 && Number.isFinite(v), 'a positive number');
  return {
    ...(C !== undefined ? { C } : {}),
    ...(penalty !== undefined ? { penalty: penalty as Penalty } : {}),
    ...(maxIterations !== undefined ? { maxIterations } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
  };
}
