// Files too large to read into memory: `analyze` and `cross-entropy` stream them on the road
// Analyze File on Disk takes (the head decides the columns and class orders, the file is read in
// two parts on the two cores, only sums are held), so any size runs in bounded memory. The other
// commands need every row at once and say so for a file beyond what memory can hold.
import { pathToFileURL } from 'node:url';
import { analyzeDisk } from '../analysis/analyzeDisk';
import type { DiskOptions } from '../analysis/analyzeDisk';
import type { LogBase } from '../core';
import type { AnalysisResult } from '../protocol/analysis';
import { createCancelFlag } from '../protocol/worker';
import type { ParsedArgs } from './args';
import type { CommandOutput } from './context';
import { chosenColumns, optionsOf, reportAnalysis } from './commands/analyze';
import { crossEntropyFlags, gatedModel, weightingFlags, MAPPING_WORDS, parseEpsilon, reportCrossEntropy } from './commands/crossEntropy';
import { applyGates, parseGates } from './gates';
import { intervalOptions } from './intervals';
import type { ScoredModel } from './commands/crossEntropy';
import { fromAnalysisProblem } from './problems';
import type { CliProblem } from './problems';
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

/** Subcommands that stream a large file instead of reading it. */
export const STREAMING_COMMANDS = new Set(['analyze', 'cross-entropy']);

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

/** A file too large for the in-memory commands, in words: what it is and which commands stream. */
export function tooLargeProblem(path: string, size: number, subcommand: string): CliProblem {
  const mb = (bytes: number): string => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;
  return {
    line: 0,
    column: 0,
    raw: '',
    why: `${path} is ${mb(size)}: '${subcommand}' reads the whole file into memory, which holds at most ${mb(IN_MEMORY_LIMIT_BYTES)}; 'analyze' and 'cross-entropy' stream files of any size`,
    severity: 'error',
  };
}
