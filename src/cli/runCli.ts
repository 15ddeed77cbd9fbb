// The `entropy-lens` command as a function: parse the command line, read the file with the data
// layer (read only, never written), run one command on the numeric core, print, return the status.
// Exit status: 0 success, 2 bad input or usage (problems on stderr as FILE:LINE:COLUMN), 1 bug.
import { statSync } from 'node:fs';
import { isCoreError, parseLogBase } from '../core';
import type { LogBase } from '../core';
import { columnarDecodedBytes, columnarFormatOf, readErrorMessage } from '../data';
import type { Table } from '../data';
import { columnLists, parseArgs, single, USAGE, UsageError } from './args';
import type { ParsedArgs } from './args';
import { runAnalyze } from './commands/analyze';
import { runCalibration } from './commands/calibration';
import { runCrossEntropy } from './commands/crossEntropy';
import { runEntropy } from './commands/entropy';
import { runFit } from './commands/fit';
import { runKl } from './commands/kl';
import { runLabelIssues } from './commands/labelIssues';
import { runSql } from './commands/sql';
import type { CommandContext, CommandOutput } from './context';
import { toJson, writeJson } from './output';
import { binaryRowIndex, fileProblem, formatProblemLines, fromCoreError, InputProblems } from './problems';
import type { CliProblem, ProblemPlacement } from './problems';
import { IN_MEMORY_LIMIT_BYTES, runStreamedAnalyze, runStreamedCrossEntropy, runStreamedEntropy, runStreamedKl, STREAM_ABOVE_BYTES, STREAMING_COMMANDS, tooLargeProblem } from './streamed';
import { TableInput } from './tableInput';
import { readTableFileInParts } from '../data/parallelRead';
import { warmFitThreads } from '../analysis/fitThreads';

/** The streamed road of each of STREAMING_COMMANDS. */
const STREAMED = { analyze: runStreamedAnalyze, 'cross-entropy': runStreamedCrossEntropy, entropy: runStreamedEntropy, kl: runStreamedKl } as const;

const COMMANDS = { analyze: runAnalyze, entropy: runEntropy, 'cross-entropy': runCrossEntropy, calibration: runCalibration, 'label-issues': runLabelIssues, kl: runKl, fit: runFit } as const;

/** Where the CLI writes; injectable so tests run it in process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves when what was written to stdout has been taken by its reader (a pipe's backpressure). */
  stdoutDrained?(): Promise<void>;
}

/** Runs the CLI on `argv` (without node and script) and resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.ok === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (!parsed.ok) return usageFailure(parsed.message, io);
  const { args } = parsed;
  if (args.subcommand === 'sql') return printQuery(args, io);
  // A binary fit's second thread boots while the file is read, so it is ready when the fit starts.
  if (args.subcommand === 'fit') warmFitThreads();
  // A Parquet, Arrow or NumPy file has rows but no lines: its problems are placed by row.
  const columnar = await columnarFormatOf(args.file);
  const report: Report = { json: args.flags.has('json'), placement: columnar === undefined ? 'lines' : 'rows' };

  let base: LogBase;
  let namedColumns: string[];
  try {
    const baseText = single(args, 'base');
    const parsedBase = baseText === undefined ? 'e' : parseLogBase(baseText);
    if (parsedBase === undefined) throw new UsageError(`--base must be 2, e or 10, got '${baseText}'`);
    base = parsedBase;
    namedColumns = COLUMN_FLAGS.flatMap((flag) => columnLists(args, flag).flat());
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message, io);
    throw error;
  }

  // A file too large to hold in memory: analyze, cross-entropy, entropy and kl stream it; the others say so.
  // A binary file is as large as its values once read (Parquet compresses them): it has no text,
  // so the string limit does not apply to it.
  const size = columnar === undefined ? fileSize(args.file) : await columnarDecodedBytes(args.file, columnar);
  if (size !== undefined && size >= STREAM_ABOVE_BYTES && STREAMING_COMMANDS.has(args.subcommand)) {
    try {
      const outcome = await STREAMED[args.subcommand as keyof typeof STREAMED](args, base);
      if (!outcome.ok) return problemFailure(args, outcome.problems, outcome.unlisted, io, report);
      return await print(args, outcome.output, [], io, report);
    } catch (error) {
      if (error instanceof UsageError) return usageFailure(error.message, io);
      return problemFailure(args, [fileProblem(readErrorMessage(error), args.file)], 0, io, report);
    }
  }
  if (size !== undefined && columnar === undefined && size > IN_MEMORY_LIMIT_BYTES) return problemFailure(args, [tooLargeProblem(args.file, size, args.subcommand)], 0, io, report);

  let table: Table;
  try {
    // Large CSV/TSV files are scanned on two cores (dist/worker.js's read-part role); same table.
    table = (await readTableFileInParts(args.file)).table;
  } catch (error) {
    // The readers return refusals as problems; this is an unexpected I/O failure, in words.
    return problemFailure(args, [fileProblem(readErrorMessage(error), args.file)], 0, io, report);
  }

  const input = new TableInput(table);
  const context: CommandContext = { args, table, input, base };
  let output: CommandOutput;
  try {
    // The real cause first: a file that gives no rows, or a column that is not in it, is reported
    // before any command logic (whose refusals, such as a class mapping of no labels, would hide it).
    input.assertReadable(namedColumns);
    output = COMMANDS[args.subcommand](context);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message, io);
    if (error instanceof InputProblems) return problemFailure(args, error.problems, error.unlisted, io, report);
    if (isCoreError(error)) {
      // The data's own problems found before the refusal come first: they are usually its cause.
      const before = input.problemsSoFar;
      const core = fromCoreError(error, table, columnsOf(args));
      return problemFailure(args, [...before.problems, ...core.problems], before.unlisted + core.unlisted, io, report);
    }
    throw error;
  }
  return await print(args, output, input.warnings, io, report);
}

/** A command's output: its notes on stderr, the report (JSON written in pieces) on stdout. */
/** How problems and results are printed: as JSON or text, and placed by line or by row. */
interface Report {
  json: boolean;
  placement: ProblemPlacement;
}

async function print(args: ParsedArgs, output: CommandOutput, warnings: readonly CliProblem[], io: CliIo, report: Report): Promise<number> {
  try {
    // The table's own warnings reach analyze's output too (its result lists every problem): once each.
    const seen = new Set<string>();
    const notes = [...warnings, ...(output.problems ?? [])].filter((note) => {
      const key = `${note.line}:${note.column}:${note.severity}:${note.why}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (notes.length > 0) io.stderr(`${formatProblemLines(args.file, notes, 0, report.placement)}\n`);
    if (report.json) await writeJson(output.json, io.stdout, io.stdoutDrained);
    else {
      io.stdout(output.text);
      // A streamed file's per-row table, read back from disk a piece at a time.
      for await (const piece of output.rest?.() ?? []) {
        io.stdout(piece);
        await io.stdoutDrained?.();
      }
    }
    io.stdout('\n');
    return output.status ?? 0;
  } finally {
    output.dispose?.();
  }
}

/** The file's size in bytes, or undefined when it cannot be stat'ed (the reader then says why). */
function fileSize(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** `sql` reads no file: it prints its query, nothing else, or says what its flags lack. */
function printQuery(args: ParsedArgs, io: CliIo): number {
  let query: string;
  try {
    query = runSql(args);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message, io);
    throw error;
  }
  io.stdout(`${query}\n`);
  return 0;
}

function usageFailure(message: string, io: CliIo): number {
  io.stderr(`entropy-lens: ${message}\nRun 'entropy-lens --help' for usage.\n`);
  return 2;
}

function problemFailure(args: ParsedArgs, problems: readonly CliProblem[], unlisted: number, io: CliIo, report: Report): number {
  io.stderr(`${formatProblemLines(args.file, problems, unlisted, report.placement)}\n`);
  if (report.json) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    io.stdout(
      `${toJson({
        error: `${errors.length + unlisted} problem${errors.length + unlisted === 1 ? '' : 's'} in ${args.file}`,
        problems: problems.map((problem) => {
          const { line, column, raw, why, severity } = problem;
          // A binary file's problems: the 0-based row index (null for the file as a whole), no line.
          return report.placement === 'rows' ? { index: binaryRowIndex(problem) ?? null, raw, why, severity } : { line, column, raw, why, severity };
        }),
        ...(unlisted > 0 ? { unlisted } : {}),
      })}\n`,
    );
  }
  return 2;
}

/** Flags whose values name columns (comma-separated lists); `--classes` names labels, not columns. */
const COLUMN_FLAGS = ['label', 'target', 'prob', 'logit', 'dist', 'column', 'p', 'q', 'features', 'sample-weight'] as const;

/** The columns a core error's column index refers to: the first prediction or data group. */
function columnsOf(args: ParsedArgs): string[] {
  for (const name of ['prob', 'logit', 'p', 'dist', 'features', 'target', 'column', 'label']) {
    const first = args.values.get(name)?.[0];
    if (first !== undefined) return first.split(',');
  }
  return [];
}
