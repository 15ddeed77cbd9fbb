// The `entropy-lens` command as a function: parse the command line, read the file with the data
// layer (read only, never written), run one command on the numeric core, print, return the status.
// Exit status: 0 success, 2 bad input or usage (problems on stderr as FILE:LINE:COLUMN), 1 bug.
import { statSync } from 'node:fs';
import { isCoreError, parseLogBase } from '../core';
import type { LogBase } from '../core';
import { readErrorMessage } from '../data';
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
import type { CommandContext, CommandOutput } from './context';
import { toJson, writeJson } from './output';
import { fileProblem, formatProblemLines, fromCoreError, InputProblems } from './problems';
import type { CliProblem } from './problems';
import { IN_MEMORY_LIMIT_BYTES, runStreamedAnalyze, runStreamedCrossEntropy, STREAM_ABOVE_BYTES, STREAMING_COMMANDS, tooLargeProblem } from './streamed';
import { TableInput } from './tableInput';
import { readTableFileInParts } from '../data/parallelRead';

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
  const json = args.flags.has('json');

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

  // A file too large to hold in memory: analyze and cross-entropy stream it; the others say so.
  const size = fileSize(args.file);
  if (size !== undefined && size >= STREAM_ABOVE_BYTES && STREAMING_COMMANDS.has(args.subcommand)) {
    try {
      const outcome = args.subcommand === 'analyze' ? await runStreamedAnalyze(args, base) : await runStreamedCrossEntropy(args, base);
      if (!outcome.ok) return problemFailure(args, outcome.problems, outcome.unlisted, io, json);
      return await print(args, outcome.output, [], io, json);
    } catch (error) {
      if (error instanceof UsageError) return usageFailure(error.message, io);
      return problemFailure(args, [fileProblem(readErrorMessage(error), args.file)], 0, io, json);
    }
  }
  if (size !== undefined && size > IN_MEMORY_LIMIT_BYTES) return problemFailure(args, [tooLargeProblem(args.file, size, args.subcommand)], 0, io, json);

  let table: Table;
  try {
    // Large CSV/TSV files are scanned on two cores (dist/worker.js's read-part role); same table.
    table = (await readTableFileInParts(args.file)).table;
  } catch (error) {
    // The readers return refusals as problems; this is an unexpected I/O failure, in words.
    return problemFailure(args, [fileProblem(readErrorMessage(error), args.file)], 0, io, json);
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
    if (error instanceof InputProblems) return problemFailure(args, error.problems, error.unlisted, io, json);
    if (isCoreError(error)) {
      // The data's own problems found before the refusal come first: they are usually its cause.
      const before = input.problemsSoFar;
      const core = fromCoreError(error, table, columnsOf(args));
      return problemFailure(args, [...before.problems, ...core.problems], before.unlisted + core.unlisted, io, json);
    }
    throw error;
  }
  return await print(args, output, input.warnings, io, json);
}

/** A command's output: its notes on stderr, the report (JSON written in pieces) on stdout. */
async function print(args: ParsedArgs, output: CommandOutput, warnings: readonly CliProblem[], io: CliIo, json: boolean): Promise<number> {
  const notes = [...warnings, ...(output.problems ?? [])];
  if (notes.length > 0) io.stderr(`${formatProblemLines(args.file, notes)}\n`);
  if (json) await writeJson(output.json, io.stdout, io.stdoutDrained);
  else io.stdout(output.text);
  io.stdout('\n');
  return output.status ?? 0;
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

function usageFailure(message: string, io: CliIo): number {
  io.stderr(`entropy-lens: ${message}\nRun 'entropy-lens --help' for usage.\n`);
  return 2;
}

function problemFailure(args: ParsedArgs, problems: readonly CliProblem[], unlisted: number, io: CliIo, json: boolean): number {
  io.stderr(`${formatProblemLines(args.file, problems, unlisted)}\n`);
  if (json) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    io.stdout(
      `${toJson({
        error: `${errors.length + unlisted} problem${errors.length + unlisted === 1 ? '' : 's'} in ${args.file}`,
        problems: problems.map(({ line, column, raw, why, severity }) => ({ line, column, raw, why, severity })),
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
