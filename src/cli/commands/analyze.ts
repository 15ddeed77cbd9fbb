// `entropy-lens analyze`: the editor's own column detection and scoring (src/analysis/analyzeTable,
// the same code as the extension's Analyze), printing the mapping it chose and why, the warnings
// about anything it had to guess, then the results. Rows with problems are listed and left out.
import { analyzeTable } from '../../analysis/analyzeTable';
import { fromNats, unitOf } from '../../core';
import type { LogBase } from '../../core';
import type { AnalysisResult, ColumnChoice, ModelColumns } from '../../protocol/analysis';
import { DEFAULT_LOSS_SETTINGS } from '../../protocol/worker';
import type { AnalysisOptions } from '../../protocol/worker';
import { columnLists, single, splitList, UsageError } from '../args';
import type { ParsedArgs } from '../args';
import type { CommandContext, CommandOutput } from '../context';
import { fromAnalysisProblem } from '../problems';
import { asNumbersWhenNumeric, count, formatTableNumber, table } from '../output';
import { classificationJson, parseEpsilon } from './crossEntropy';

/** Words for each class-order rule, as the text output prints them. */
const ORDER_WORDS = {
  explicit: 'as given by --classes / --pos-label',
  names: 'from the column names',
  field: 'from the field naming the classes',
  numeric: 'integer labels are column indices',
  inferred: 'guessed from the data: the order that fits best',
  sorted: 'sorted label order',
} as const;

/** The same for a one-column model's positive class. */
const POSITIVE_WORDS = {
  explicit: 'as given by --pos-label',
  names: 'named by the column',
  field: 'named by the column',
  numeric: 'labels 0/1 or ±1',
  inferred: 'guessed from the data: as P(this class) the column fits best',
  sorted: 'the greater label',
} as const;

/** The analysis options the flags give (the editor's settings, as flags). */
export function optionsOf(args: ParsedArgs, base: LogBase): AnalysisOptions {
  const eps = parseEpsilon(single(args, 'eps'));
  return {
    unit: unitOf(base),
    epsilon: eps === 'none' ? null : eps,
    normalizeRows: args.flags.has('normalize'),
    ignoreMissing: false,
    treatAsLogits: [],
    fit: { C: 1, penalty: 'l2', maxIterations: 1000, classWeight: 'none' },
    // --ignore-label (cross-entropy, calibration, label-issues) on the analysis road: streamed files.
    loss: { ...DEFAULT_LOSS_SETTINGS, ignoreLabel: single(args, 'ignore-label')?.trim() ?? '' },
    maxProblems: 1000,
  };
}

/** Columns named on the command line, over the detected ones; undefined when none were named. */
export function chosenColumns(args: ParsedArgs): ColumnChoice | undefined {
  const label = single(args, 'label');
  const targets = columnLists(args, 'target');
  if (targets.length > 1) throw new UsageError('--target may be given only once');
  const models: ModelColumns[] = [
    ...columnLists(args, 'prob').map((columns) => ({ name: columns.length === 1 ? (columns[0] as string) : columns.join(','), kind: 'probabilities' as const, columns })),
    ...columnLists(args, 'logit').map((columns) => ({ name: columns.length === 1 ? (columns[0] as string) : columns.join(','), kind: 'logits' as const, columns })),
  ];
  const classesText = single(args, 'classes');
  const positive = single(args, 'pos-label');
  if (label === undefined && targets.length === 0 && models.length === 0 && classesText === undefined && positive === undefined) return undefined;
  return {
    ...(label !== undefined ? { label } : {}),
    ...(targets[0] ? { targets: targets[0] } : {}),
    ...(models.length > 0 ? { models } : {}),
    ...(classesText !== undefined ? { classes: splitList(classesText) } : {}),
    ...(positive !== undefined ? { positiveLabel: positive } : {}),
  };
}

export function runAnalyze(context: CommandContext): CommandOutput {
  const options = optionsOf(context.args, context.base);
  const given = chosenColumns(context.args);
  const noop = { isCancelled: () => false, progress: () => undefined };
  // Flags set their roles over the detection; every other role is still detected.
  const result = analyzeTable(context.table, { kind: 'analyze', options, ...(given ? { overrides: given } : {}) }, noop);
  return reportAnalysis(result, context.base, context.table.rowCount);
}

/** The analysis as the `--json` object and the text report, in the chosen base. */
export function reportAnalysis(result: Omit<AnalysisResult, 'source' | 'uri' | 'documentVersion' | 'selection' | 'size' | 'timing'>, base: LogBase, rows: number): CommandOutput {
  const unit = unitOf(base);
  const problems = result.problems.map(fromAnalysisProblem);
  const warnings = result.problems.filter((problem) => problem.severity !== 'error' && problem.row === null).map((problem) => ({ code: camelCase(problem.code), message: problem.message }));
  // Exit 2 when a file-level error stopped part of the analysis (an unknown --pos-label, classes
  // that do not fit the columns) or when prediction columns were found but nothing was scored.
  const fileErrors = result.problems.filter((problem) => problem.severity === 'error' && problem.row === null);
  const predictions = (result.columns.models?.length ?? 0) > 0;
  const scored = predictions ? result.models.length > 0 : result.entropy !== null || result.fit !== null || result.kl !== null;
  // A streamed file has no per-row status: the rows not scored are those the first model lacks.
  const leftOut =
    result.rows.status.length === result.rows.count ? result.rows.status.reduce((n, status) => (status === 0 ? n : n + 1), 0) : result.rows.count - (result.models[0]?.n ?? result.rows.count);
  const models = result.models.map((model) => ({
    name: model.columns.name,
    columns: model.columns.columns,
    kind: model.columns.kind,
    classes: asNumbersWhenNumeric(model.classOrder?.classes ?? result.rows.classes),
    classOrder: model.classOrder?.rule ?? 'targets',
    classOrderUncertain: model.classOrder?.uncertain ?? false,
    n: model.n,
    mean: model.meanLossNats,
    sum: model.sumLossNats,
    brier: model.brier,
    errorRate: model.errorRate,
    clipped: model.clippedRows,
    infinite: model.infiniteRows,
    normalized: model.normalizedRows,
    rounded: model.roundedRows,
    ...(model.classification
      ? classificationJson(
          {
            confusion: model.classification.confusion,
            perClass: { support: model.classification.support, meanLossNats: model.classification.meanLossNats },
            // The editor's analysis sorts the scores up to its cap (null beyond: cross-entropy --json has them).
            ranking:
              model.classification.rocAuc !== null && model.classification.averagePrecision !== null
                ? { rocAuc: model.classification.rocAuc, averagePrecision: model.classification.averagePrecision }
                : null,
            topKAccuracy: model.classification.topKAccuracy,
          },
          model.classOrder?.classes,
          base,
        )
      : {}),
  }));
  const json = {
    rows,
    label: result.columns.label ?? null,
    id: result.columns.id ?? null,
    targets: result.columns.targets ?? null,
    features: result.columns.features ?? null,
    eps: result.epsilon,
    mapping: { origin: result.mapping.origin, reasons: result.mapping.reasons },
    n: result.models[0]?.n ?? result.entropy?.n ?? 0,
    models,
    entropy: result.entropy && { entropy: result.entropy.entropyNats, classes: asNumbersWhenNumeric(result.entropy.classes), counts: result.entropy.counts, n: result.entropy.n },
    fit: result.fit && {
      model: result.fit.model,
      features: result.fit.features,
      classes: result.fit.classes,
      coef: result.fit.coef,
      intercept: result.fit.intercept,
      meanLogLoss: result.fit.meanLogLossNats,
      converged: result.fit.converged,
      iterations: result.fit.iterations,
    },
    kl: result.kl && { pq: result.kl.pqNats, qp: result.kl.qpNats, js: result.kl.jsNats },
    warnings,
    problems: problems.map(({ line, column, raw, why, severity }) => ({ line, column, raw, why, severity })),
    problemCount: result.problemCount,
  };

  const mappingLines = describeMapping(result);
  const text: string[] = [`Columns (${result.mapping.origin === 'detected' ? 'detected' : 'as given'}):`, ...mappingLines, ''];
  const epsText = result.epsilon === null ? 'no clipping' : `ε = ${result.epsilon}`;
  if (result.models.length > 0) {
    const n = result.models[0]?.n ?? 0;
    text.push(`Cross-entropy (log loss) in ${unit} over ${count(n, 'row')}, ${epsText}`, '');
    text.push(
      table(
        ['model', `mean (${unit})`, `sum (${unit})`, 'Brier', 'error rate', 'clipped rows'],
        result.models.map((model) => [
          `${model.columns.kind === 'logits' ? 'logits ' : ''}${model.columns.name}`,
          formatTableNumber(fromNats(model.meanLossNats, base)),
          formatTableNumber(fromNats(model.sumLossNats, base)),
          formatTableNumber(model.brier),
          `${formatTableNumber(model.errorRate, 4)} (${Math.round(model.errorRate * model.n)}/${model.n})`,
          String(model.clippedRows),
        ]),
      ),
    );
    for (const model of result.models) {
      const order = model.classOrder;
      const unconfirmed = order?.uncertain ? ', NOT CONFIRMED: see the warning' : '';
      const binary = model.columns.columns.length === 1 && result.table.columns.find((c) => c.name === model.columns.columns[0])?.shape === 'scalar';
      if (order && binary) text.push(`${model.columns.name}: P(${order.classes[1]}), the positive class (${POSITIVE_WORDS[order.rule]}${unconfirmed})`);
      else if (order)
        text.push(`${model.columns.name}: classes ${order.classes.join(', ')} (${ORDER_WORDS[order.rule]}${order.rule === 'sorted' && !order.uncertain ? ', confirmed by the data' : unconfirmed})`);
      if (model.roundedRows > 0) text.push(`${model.columns.name}: ${count(model.roundedRows, 'row')} sum to 1 only within the rounding of their decimals; scored as written`);
      if (model.normalizedRows > 0) text.push(`${model.columns.name}: ${count(model.normalizedRows, 'row')} divided by their sum (--normalize)`);
    }
  }
  if (result.entropy)
    text.push('', `Label entropy ${formatTableNumber(fromNats(result.entropy.entropyNats, base))} ${unit} over ${count(result.entropy.n, 'row')} (${result.entropy.classes.length} classes)`);
  if (result.fit)
    text.push(
      '',
      `Fit (${result.fit.model}) of "${result.columns.label}" on ${result.fit.features.join(', ')}: mean log loss ${formatTableNumber(fromNats(result.fit.meanLogLossNats, base))} ${unit}, ${result.fit.converged ? 'converged' : 'NOT converged'} in ${result.fit.iterations} iterations`,
    );
  if (result.kl) text.push('', `KL: D(P‖Q) ${formatTableNumber(fromNats(result.kl.pqNats, base))} ${unit}, D(Q‖P) ${formatTableNumber(fromNats(result.kl.qpNats, base))} ${unit}`);
  if (predictions && result.models.length === 0) {
    text.push(
      '',
      `Nothing was scored: ${fileErrors[0]?.message ?? (result.columns.label === undefined && !result.columns.targets ? 'no label column was found for the predictions; name it with --label' : 'see the problems on stderr')}`,
    );
  }
  if (result.problemCount > 0) text.push('', `${problemTally(result)} on stderr${leftOut > 0 ? `; ${count(leftOut, 'row')} with problems left out` : ''}`);
  return { json, text: text.join('\n'), problems, status: scored && fileErrors.length === 0 ? 0 : 2 };
}

/**
 * How many of each kind stderr lists: "2 errors, 1 warning and 1 note" (an information is a note,
 * not a problem); problems past the listing cap are row errors.
 */
function problemTally(result: Pick<AnalysisResult, 'problems' | 'problemCount'>): string {
  const listed = { error: 0, warning: 0, information: 0 };
  for (const problem of result.problems) listed[problem.severity]++;
  listed.error += Math.max(0, result.problemCount - result.problems.length);
  const parts = [
    listed.error > 0 ? count(listed.error, 'error') : '',
    listed.warning > 0 ? count(listed.warning, 'warning') : '',
    listed.information > 0 ? count(listed.information, 'note') : '',
  ].filter((part) => part !== '');
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? '');
}

/** What each role is and why, one line each. */
function describeMapping(result: Pick<AnalysisResult, 'columns' | 'mapping'>): string[] {
  const { columns, mapping } = result;
  const why = (key: string): string => (mapping.reasons[key] ? ` — ${mapping.reasons[key]}` : '');
  const lines: string[] = [];
  if (columns.label !== undefined) lines.push(`  label     ${columns.label}${why('label')}`);
  if (columns.targets) lines.push(`  targets   ${columns.targets.join(', ')}${why('targets')}`);
  for (const model of columns.models ?? []) lines.push(`  model     ${model.name}: ${model.kind} ${model.columns.join(', ')}${why(`model ${model.name}`)}`);
  if (columns.id !== undefined) lines.push(`  id        ${columns.id}`);
  if (columns.features) lines.push(`  features  ${columns.features.join(', ')}`);
  if (columns.p && columns.q) lines.push(`  KL        P = ${columns.p.join(', ')}, Q = ${columns.q.join(', ')}`);
  if (lines.length === 0) lines.push('  (none recognised: name them with --label and --prob / --logit)');
  return lines;
}

/** `class-order-uncertain` → `classOrderUncertain`. */
function camelCase(code: string): string {
  return code.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
