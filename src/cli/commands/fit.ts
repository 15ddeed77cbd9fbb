// `entropy-lens fit`: binary logistic or multinomial softmax regression with scikit-learn's
// parametrisation (C, L2 with the intercept unpenalised), solved to the true optimum.
import { fromNats, unitOf } from '../../core';
import { classesOf } from '../../analysis/labelSet';
import { fitLabels } from '../../analysis/fitRows';
import type { FitOptions, Penalty } from '../../core';
import { columnLists, single, UsageError } from '../args';
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

  const labels = input.labels(label);
  const x = input.numbers(features, 'features');
  input.assertUsable();

  const model = requestedModel ?? (classesOf(labels).length > 2 ? 'softmax' : 'logistic');
  const { result, brier, classes } = fitLabels(model, x, labels, undefined, options);

  const coef: number[][] = [];
  for (let k = 0; k < result.coef.rows; k++) coef.push(Array.from(result.coef.data.subarray(k * result.coef.cols, (k + 1) * result.coef.cols)));
  const proba: number[][] = [];
  for (let i = 0; i < result.proba.rows; i++) proba.push(Array.from(result.proba.data.subarray(i * result.proba.cols, (i + 1) * result.proba.cols)));
  const unit = unitOf(base);
  const json = {
    model,
    classes,
    features,
    C: result.C,
    penalty: result.penalty,
    solver: result.solver,
    coef,
    intercept: Array.from(result.intercept),
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
    : `${result.converged ? 'converged' : 'NOT converged'} in ${result.iterations} iterations (${result.solver}), max |gradient| ${result.gradMaxAbs.toExponential(2)}`;
  return {
    json,
    text: [
      `${model === 'logistic' ? 'Logistic' : 'Softmax'} regression of '${label}' on ${features.join(', ')}: C = ${result.C}, penalty ${result.penalty}, ${count(result.proba.rows, 'row')}`,
      status,
      `mean log loss ${formatTableNumber(fromNats(result.meanLogLossNats, base))} ${unit}, Brier ${formatTableNumber(brier)}, objective ${formatTableNumber(result.objective)}`,
      '',
      result.separable
        ? ''
        : table(
            ['', ...features, 'intercept'],
            coef.map((row, k) => [rowsLabel[k] ?? '', ...row.map((v) => formatTableNumber(v, 8)), formatTableNumber(result.intercept[k] as number, 8)]),
          ),
      ...result.warnings.map((warning) => `warning: ${warning.message}`),
    ]
      .filter((line, i, all) => !(line === '' && i === all.length - 1))
      .join('\n'),
  };
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
