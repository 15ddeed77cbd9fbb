// What every CLI command receives: the parsed flags, the table it reads and the log base.
import type { LogBase } from '../core';
import type { Table } from '../data';
import type { ParsedArgs } from './args';
import type { CliProblem } from './problems';
import type { TableInput } from './tableInput';

export interface CommandContext {
  readonly args: ParsedArgs;
  readonly table: Table;
  readonly input: TableInput;
  readonly base: LogBase;
}

/** A command's outcome: the `--json` object and the plain-text rendering of the same numbers. */
export interface CommandOutput {
  readonly json: unknown;
  readonly text: string;
  /** Problems to print on stderr beside a result (analyze scores what it can and lists the rest). */
  readonly problems?: readonly CliProblem[];
  /** Exit status when not 0 (analyze: 2 when nothing could be scored). */
  readonly status?: number;
  /** Text written after `text`, in pieces (a streamed file's per-row table, read back from disk). */
  readonly rest?: () => AsyncIterable<string>;
  /** Called once the output is written or dropped (a streamed file's spilled rows are removed). */
  readonly dispose?: () => void;
}
