// Files too large to read into memory: `analyze`, `cross-entropy`, `entropy` and `kl` stream
// them on the road Analyze File on Disk takes (the file is read in two parts on the two cores,
// only mergeable sums are held; per-row outputs go to a temporary file and are printed from it),
// so any size runs in bounded memory. The other commands need every row at once and say so for a
// file beyond what memory can hold.
import { pathToFileURL } from 'node:url';
import { analyzeDisk, readHead } from '../analysis/analyzeDisk';
import type { DiskOptions } from '../analysis/analyzeDisk';
import { streamAggregatesInParts } from '../analysis/parallelStream';
import type { PartsOutcome } from '../analysis/parallelStream';
import type { AggregateResult, AggregateSpec } from '../analysis/streamAggregates';
import { distributionEntropy, distributionEntropyOfSums, divergenceFirstPass, divergenceOfSums, finishRowDivergenceSums, finishRowEntropySums, fromNatsArray, isCoreError, sortClasses } from '../core';
import type { LogBase } from '../core';
import { writtenRowSumTolerance } from '../data';
import type { AnalysisResult } from '../protocol/analysis';
import { createCancelFlag } from '../protocol/worker';
import type { ParsedArgs } from './args';
import type { CommandOutput } from './context';
import { chosenColumns, optionsOf, reportAnalysis } from './commands/analyze';
import { crossEntropyFlags, gatedModel, weightingFlags, MAPPING_WORDS, parseEpsilon, reportCrossEntropy } from './commands/crossEntropy';
import { applyGates, parseGates } from './gates';
import { intervalOptions } from './intervals';
import type { ScoredModel } from './commands/crossEntropy';
import { columnEntropyReport, entropyForm, labelEntropyReport, rowEntropyReport } from './commands/entropy';
import { divergenceReport, klForm, rowDivergenceReport } from './commands/kl';
import { formatTableNumber } from './output';
import { fileProblem, fromAnalysisProblem, fromDataProblem } from './problems';
import type { CliProblem } from './problems';
import { RowSpill } from './rowSpill';
import { single, topKList, UsageError } from './args';

/**
 * Files from this size on are streamed by analyze and cross-entropy (in memory a CSV takes about
 * four times its size). ENTROPY_LENS_CLI_STREAM_ABOVE (bytes) moves it, for tests.
 */
export const STREAM_ABOVE_BYTES = Number(process.env['ENTROPY_LENS_CLI_STREAM_ABOVE'] ?? 256 * 1024 * 1024);

/**
 * The largest file the other commands read into memory: V8's longest string is 2^29 − 24
 * characters, and the whole text is one string. ENTROPY_LENS_CLI_MEMORY_LIMIT (bytes) moves it, for tests.
 */
export const IN_MEMORY_LIMIT_BYTES = Number(process.env['ENTROPY_LENS_CLI_MEMORY_LIMIT'] ?? 512 * 1024 * 1024);

/** Subcommands that stream a large file instead of reading it (every form of each). */
export const STREAMING_COMMANDS = new Set(['analyze', 'cross-entropy', 'entropy', 'kl']);

/** Problems that stop a streamed command, or its output. */
export type StreamedOutcome = { ok: true; output: CommandOutput } | { ok: false; problems: CliProblem[]; unlisted: number };

const NO_CANCEL = { isCancelled: () => false, progress: () => undefined };

async function streamFile(args: ParsedArgs, base: LogBase, tuning: DiskOptions): Promise<AnalysisResult> {
  const path = args.file;
  return analyzeDisk(
    { type: 'analyze', id: 0, kind: 'analyze', source: { kind: 'disk', uri: pathToFileURL(path).href, fileName: path, path }, options: optionsOf(args, base), cancelFlag: createCancelFlag() },
    NO_CANCEL,
    tuning,
  );
}

/**
 * `analyze` of a large file: detection on its head (the flags over it), sums of the whole file.
 * The report is the in-memory one; rows left out are those the first model did not score.
 */
export async function runStreamedAnalyze(args: ParsedArgs, base: LogBase): Promise<StreamedOutcome> {
  const given = chosenColumns(args);
  const result = await streamFile(args, base, { perRowLoss: 'none', ...(given ? { overrides: given } : {}) });
  return { ok: true, output: reportAnalysis(result, base, result.rows.count) };
}

/**
 * `cross-entropy` of a large file, as strict as in memory: any problem in a row stops it (exit 2,
 * every problem listed with its line and column). Per-row losses are kept for `--json`'s rows
 * (8 bytes a row); the class order of each model is decided on the head and said as in memory.
 */
export async function runStreamedCrossEntropy(args: ParsedArgs, base: LogBase): Promise<StreamedOutcome> {
  crossEntropyFlags(args);
  const gates = parseGates(args);
  const { sampleWeightColumn, ...weights } = weightingFlags(args);
  if (sampleWeightColumn !== undefined || Object.keys(weights).length > 0)
    throw new UsageError('--sample-weight, --class-weight, --pos-weight and --label-smoothing are not applied to a streamed file (256 MB or more) yet: run on a sample of the rows');
  if (intervalOptions(args) !== undefined) throw new UsageError('--ci resamples every row, which a streamed file (256 MB or more) does not keep: run it on a sample of the rows');
  const given = chosenColumns(args) ?? {};
  const json = args.flags.has('json');
  const result = await streamFile(args, base, { overrides: given, perRowLoss: json ? 'float64' : 'none', rowArrays: 'loss', topK: topKList(args) });
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0 || result.models.length === 0) {
    const listed = errors.length > 0 ? errors : result.problems;
    return { ok: false, problems: listed.map(fromAnalysisProblem), unlisted: Math.max(0, result.problemCount - result.problems.length) };
  }
  const warnings = result.problems
    .filter((problem) => problem.severity === 'warning')
    .map((problem) => ({ code: problem.code, message: problem.message, line: (problem.range?.start.line ?? 0) + 1, column: (problem.range?.start.character ?? 0) + 1 }));
  if (json && result.models.some((model) => model.classification)) {
    warnings.push({
      code: 'rankingNotStreamed',
      message: 'ROC AUC and average precision sort every score, and a streamed file keeps only sums: they are null here (the confusion matrix, per-class table and top-k accuracy are exact)',
      line: 1,
      column: 1,
    });
  }
  const scores: ScoredModel[] = result.models.map((model) => {
    const order = model.classOrder;
    const oneColumn = model.columns.columns.length === 1 && order !== null && order.classes.length === 2;
    return {
      score: {
        lossNats: model.lossNats,
        trueClassProbability: model.trueClassProbability,
        predictedClass: model.predictedClass,
        confidence: new Float64Array(0),
        rowBrier: new Float64Array(0),
        meanLossNats: model.meanLossNats,
        sumLossNats: model.sumLossNats,
        brier: model.brier,
        errorRate: model.errorRate,
        errors: Math.round(model.errorRate * model.n),
        clippedRows: model.clippedRows,
        infiniteRows: model.infiniteRows,
        normalizedRows: model.normalizedRows,
        weightTotal: model.n,
        confusion: model.classification?.confusion ?? null,
        perClass: model.classification ? { support: model.classification.support, meanLossNats: model.classification.meanLossNats } : null,
        topKAccuracy: model.classification?.topKAccuracy ?? {},
        ranking: null,
      },
      ...(order && !oneColumn ? { classes: order.classes, classMapping: MAPPING_WORDS[order.rule] } : {}),
      ...(order && oneColumn ? { positiveLabel: order.classes[1] as string, positiveRule: order.rule } : {}),
      ...(order && model.classification ? { classOrder: order.classes } : {}),
    };
  });
  const eps = parseEpsilon(single(args, 'eps'));
  const output = reportCrossEntropy(
    {
      label: result.columns.label,
      positiveLabel: single(args, 'pos-label'),
      options: { eps },
      models: result.models.map((model) => ({ kind: model.columns.kind, columns: model.columns.columns, ...(model.classOrder ? { order: model.classOrder } : {}) })),
      warnings,
      // No per-row arrays without --json: the rows are counted by the model.
      n: result.models[0]?.n ?? 0,
      ...(result.loss.ignoredLabel ? { ignored: { value: result.loss.ignoredLabel.value, count: result.loss.ignoredLabel.rows } } : {}),
      ranking: false,
    },
    scores,
    base,
  );
  const withWarnings = { ...output, problems: warnings.map(({ message, line, column }) => ({ line, column, raw: '', why: message, severity: 'warning' as const })) };
  const gated = scores.map((score, m) => gatedModel({ kind: result.models[m]!.columns.kind, columns: result.models[m]!.columns.columns }, score, undefined));
  return { ok: true, output: applyGates(withWarnings, gates, gated, base) };
}

/**
 * `entropy` of a large file, as strict as in memory (any problem stops it, listed at its line and
 * column) and with the in-memory report: --label from the streamed class counts, --column from the
 * column's EntropySums (the core's distributionEntropy road, so the same bits), --dist from each
 * batch's rowEntropies, the rows spilled to a temporary file and printed after the mean.
 */
export async function runStreamedEntropy(args: ParsedArgs, base: LogBase): Promise<StreamedOutcome> {
  const form = entropyForm(args);
  if (form.kind === 'label') {
    const { result } = await streamColumns(args, { label: form.label });
    const refused = refusalOf(result);
    if (refused) return refused;
    const n = result.counts.reduce((a, b) => a + b, 0);
    // The classes as the core's order gives them in memory: numbers when every label is one.
    const classes = result.classes.length > 0 ? sortClasses(result.classes).classes : [];
    return finished(result, () => labelEntropyReport(form.label, { entropyNats: distributionEntropy(result.counts).entropyNats, n, classes, counts: result.counts }, base));
  }
  if (form.kind === 'column') {
    const { result } = await streamColumns(args, { distributions: [form.column] });
    return refusalOf(result) ?? finished(result, () => columnEntropyReport(form.column, distributionEntropyOfSums(result.distributions![0]!), base));
  }
  const head = await readHead(args.file, args.file);
  const spill = perRowSpill(args, base, 1);
  const spec: AggregateSpec = { rowEntropy: form.columns, rowSumTolerance: writtenRowSumTolerance(head, form.columns) };
  return spilled(spill, streamColumns(args, spec, spill), (result) => rowEntropyReport(form.columns, finishRowEntropySums(result.rowEntropy!), spill, base));
}

/**
 * `kl` of a large file, every form as in memory. Two columns: a first pass sums each column's
 * entropy and total (EntropySums), a second divides each row by the totals and sums its terms
 * (the Jensen–Shannon divergence needs both totals first) — the core's `divergence` takes the
 * same two passes, so the numbers are the same; the file is read twice. Column groups (or vector
 * columns): each batch's rowDivergences, the rows spilled to a temporary file and printed after
 * the means.
 */
export async function runStreamedKl(args: ParsedArgs, base: LogBase): Promise<StreamedOutcome> {
  const head = await readHead(args.file, args.file);
  const form = klForm(args, (column) => head.column(column)?.shape === 'vector');
  const { pColumns, qColumns, normalize } = form;
  if (!form.rowWise) {
    const [p, q] = [pColumns[0] as string, qColumns[0] as string];
    const { result: totals } = await streamColumns(args, { distributions: [p, q] });
    const refused = refusalOf(totals);
    if (refused) return refused;
    let first;
    try {
      first = divergenceFirstPass(totals.distributions![0]!, totals.distributions![1]!);
    } catch (error) {
      if (isCoreError(error)) return { ok: false, problems: [fileProblem(error.message)], unlisted: 0 };
      throw error;
    }
    const { result: terms } = await streamColumns(args, { divergenceTerms: { p, q, normalizerP: first.normalizerP, normalizerQ: first.normalizerQ } });
    const changed =
      terms.divergenceTerms!.n !== totals.distributions![0]!.n
        ? [fileProblem(`${args.file} changed while it was read twice (${totals.rowCount} rows, then ${terms.rowCount}): run again on a file nothing writes to`)]
        : [];
    const again = refusalOf(terms) ?? (changed.length > 0 ? { ok: false as const, problems: changed, unlisted: 0 } : undefined);
    return again ?? finished(terms, () => divergenceReport(p, q, divergenceOfSums(first, terms.divergenceTerms!), base));
  }
  const widthOf = (columns: readonly string[]): number => (columns.length === 1 ? (head.column(columns[0] as string)?.width ?? 1) : columns.length);
  if (widthOf(pColumns) !== widthOf(qColumns)) throw new UsageError(`--p has ${widthOf(pColumns)} columns but --q has ${widthOf(qColumns)}`);
  // As in memory: rows off 1 only by the rounding of their decimals are used as written; with
  // --normalize, rows off 1 by more than 1e-6 are divided by their sums.
  const tolerance = normalize ? {} : { rowSumTolerance: Math.max(writtenRowSumTolerance(head, pColumns), writtenRowSumTolerance(head, qColumns)) };
  const spill = perRowSpill(args, base, 3);
  const spec: AggregateSpec = { rowDivergence: { p: pColumns, q: qColumns }, normalize, ...tolerance };
  return spilled(spill, streamColumns(args, spec, spill), (result) => rowDivergenceReport(pColumns, qColumns, finishRowDivergenceSums(result.rowDivergence!), spill, base));
}

/** The file streamed for `spec` in up to two parts, per-row values (if any) to `rows`. */
function streamColumns(args: ParsedArgs, spec: AggregateSpec, rows?: RowSpill): Promise<{ result: AggregateResult; outcome: PartsOutcome }> {
  return streamAggregatesInParts(args.file, spec, { fileName: args.file, ...(rows ? { rows } : {}) });
}

/** Where a per-row report's rows wait, in the base's unit: as doubles for --json, as the table's cells otherwise. */
function perRowSpill(args: ParsedArgs, base: LogBase, columns: number): RowSpill {
  return new RowSpill({
    columns,
    convert: (values) => values.map((nats) => fromNatsArray(nats, base)),
    ...(args.flags.has('json') ? {} : { format: (value: number) => formatTableNumber(value) }),
  });
}

/** A per-row report once the stream is done: its rows kept from the parts that count, the spill removed on a refusal. */
async function spilled(spill: RowSpill, stream: Promise<{ result: AggregateResult; outcome: PartsOutcome }>, report: (result: AggregateResult) => CommandOutput): Promise<StreamedOutcome> {
  try {
    const { result, outcome } = await stream;
    spill.keep(outcome.parts === 2 && outcome.second !== 'discarded' ? 2 : 1);
    const outcomeOf = refusalOf(result) ?? finished(result, () => report(result));
    if (!outcomeOf.ok) spill.dispose();
    return outcomeOf;
  } catch (error) {
    spill.dispose();
    throw error;
  }
}

/**
 * Why a streamed file gives no report: its errors (every problem the in-memory read would list,
 * at its line and column), or no rows at all, in the in-memory command's words. Undefined when it has one.
 */
function refusalOf(result: AggregateResult): StreamedOutcome | undefined {
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) return { ok: false, problems: errors.map(fromDataProblem), unlisted: Math.max(0, result.problemCount - result.problems.length) };
  if (result.rowCount > 0) return undefined;
  const text = result.format === 'csv' || result.format === 'tsv';
  return { ok: false, problems: [fileProblem(text ? 'The file has a header row but no data rows' : 'The file has no records to analyse')], unlisted: 0 };
}

/** The report, with the stream's warnings, or the core's refusal of the sums (a zero total) as the in-memory command words it. */
function finished(result: AggregateResult, report: () => CommandOutput): StreamedOutcome {
  try {
    return withWarnings(report(), result);
  } catch (error) {
    if (isCoreError(error)) return { ok: false, problems: [fileProblem(error.message)], unlisted: 0 };
    throw error;
  }
}

function withWarnings(output: CommandOutput, result: AggregateResult): StreamedOutcome {
  const warnings = result.problems.filter((problem) => problem.severity !== 'error').map(fromDataProblem);
  return { ok: true, output: warnings.length > 0 ? { ...output, problems: [...warnings, ...(output.problems ?? [])] } : output };
}

/** A file too large for the in-memory commands, in words: what it is and which commands stream. */
export function tooLargeProblem(path: string, size: number, subcommand: string): CliProblem {
  const mb = (bytes: number): string => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;
  return {
    line: 0,
    column: 0,
    raw: '',
    why: `${path} is ${mb(size)}: '${subcommand}' reads the whole file into memory, which holds at most ${mb(IN_MEMORY_LIMIT_BYTES)}; 'analyze', 'cross-entropy', 'entropy' and 'kl' stream files of any size (run it on a sample of the rows)`,
    severity: 'error',
  };
}
