// Problem values: construction with exact ranges, the per-file listing limit, and printing as
// the conventional 1-based FILE:LINE:COLUMN line.
import type { Problem } from './types';

/** Problems listed (up to a limit) plus the total, so a broken 1 GB file floods nothing. */
export interface ProblemReport {
  problems: Problem[];
  problemCount: number;
}

/** Default number of problems listed per file. */
export const DEFAULT_MAX_PROBLEMS = 1000;

/**
 * Formats a problem as `FILE:LINE:COLUMN: message` with 1-based line and column (the 0-based
 * `line`/`character` plus one), the form editors and compilers print.
 * Example: `formatProblem({line: 2, character: 4, message: 'p = 1.2 is outside [0, 1]', ...}, 'a.csv')`
 * gives `a.csv:3:5: p = 1.2 is outside [0, 1]`.
 */
export function formatProblem(problem: Problem, fileName: string): string {
  return `${fileName}:${problem.line + 1}:${problem.character + 1}: ${oneLine(problem.message)}`;
}

/** Control characters that would break a message over lines (tab is kept). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKING = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g;

/**
 * The message on one line: line breaks and other control characters escaped as in JSON (`\n`,
 * `\r`, `\u0000`), so a column name or value holding a line break keeps one problem to a line.
 * Example: `oneLine('No column "a\nb"')` is `No column "a\\nb"` (a backslash and an n).
 */
export function oneLine(message: string): string {
  LINE_BREAKING.lastIndex = 0;
  if (!LINE_BREAKING.test(message)) return message;
  return message.replace(LINE_BREAKING, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Longest `raw` text kept in a problem. */
const RAW_LIMIT = 200;

/** Anything that converts offsets to positions (the line-start table, or a streaming tracker). */
export interface PositionSource {
  positionAt(offset: number): { line: number; character: number };
}

/** Collects problems up to a limit and counts the rest. */
export class ProblemCollector {
  readonly problems: Problem[] = [];
  count = 0;

  constructor(readonly limit: number = DEFAULT_MAX_PROBLEMS) {}

  /** True when one more problem would still be listed (callers skip building unlisted ones). */
  get listing(): boolean {
    return this.problems.length < this.limit;
  }

  add(problem: Problem): void {
    this.count++;
    if (this.problems.length < this.limit) this.problems.push(problem);
  }

  /** Counts a problem without building it once the list is full. */
  report(build: () => Problem): void {
    if (this.problems.length < this.limit) this.problems.push(build());
    this.count++;
  }

  toReport(): ProblemReport {
    return { problems: this.problems, problemCount: this.count };
  }
}

/** Details of a problem besides its position. */
export interface ProblemDetails {
  code: Problem['code'];
  severity?: Problem['severity'];
  message: string;
  row?: number;
  column?: string;
}

/**
 * Builds a problem spanning `[startOffset, endOffset)` of `text`, with positions from `positions`
 * and the raw source text of that span (cut to 200 characters).
 */
export function problemAt(text: string, positions: PositionSource, startOffset: number, endOffset: number, details: ProblemDetails): Problem {
  const start = positions.positionAt(startOffset);
  const end = positions.positionAt(endOffset);
  const problem: Problem = {
    code: details.code,
    severity: details.severity ?? 'error',
    message: oneLine(details.message),
    line: start.line,
    character: start.character,
    endLine: end.line,
    endCharacter: end.character,
    offset: startOffset,
    endOffset,
    raw: text.slice(startOffset, Math.min(endOffset, startOffset + RAW_LIMIT)),
  };
  if (details.row !== undefined) problem.row = details.row;
  if (details.column !== undefined) problem.column = details.column;
  return problem;
}

/** Quotes a value for a message, shortening long ones. */
export function quoteValue(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(shown);
}

/** A number for a message: up to 12 significant digits, so 0.93 prints as 0.93 and 1.0000015 keeps its digits. */
export function formatMessageNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(12))) : String(value);
}

/** U+FFFD, what a UTF-8 decoder puts in place of bytes that are not UTF-8. */
const REPLACEMENT = '\ufffd';

/**
 * A warning at the first U+FFFD (�) of the text: bytes that were not valid UTF-8 when the file was
 * decoded (by VS Code or by the CLI), so it is almost surely in another encoding — Windows-1252 or
 * Latin-1, as older Excel and pandas exports are — and labels that differ only in those characters
 * now read alike ("café" and "cafè" are both "caf�"). Undefined without one. O(n) (indexOf).
 * Example: `replacementCharacterProblem('label\ncaf\ufffd\n', lines)` is a warning at line 1, character 3.
 */
export function replacementCharacterProblem(text: string, positions: PositionSource): Problem | undefined {
  const first = text.indexOf(REPLACEMENT);
  if (first < 0) return undefined;
  let more = 0;
  for (let at = text.indexOf(REPLACEMENT, first + 1); at >= 0 && more < 999; at = text.indexOf(REPLACEMENT, at + 1)) more++;
  return problemAt(text, positions, first, first + 1, {
    code: 'not-utf-8',
    severity: 'warning',
    message:
      `"\ufffd" (U+FFFD) here${more > 0 ? ` and in ${more}${more === 999 ? '+' : ''} more place${more === 1 ? '' : 's'}` : ''}: bytes that were not valid UTF-8 when the file was decoded, ` +
      'so it is probably in another encoding (Windows-1252 or Latin-1, as older Excel and pandas exports are), and labels that differ only in those characters read alike. ' +
      'Reopen it with its encoding and save it as UTF-8 (in VS Code: Reopen with Encoding, then Save with Encoding)',
  });
}
