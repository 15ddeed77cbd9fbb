// Messages between a thread streaming a file in two parts and its stream-part worker (the compute
// worker's bundle started with workerData.role 'stream-part'), and the guards each side runs on
// what arrives. The spec, range and part are analysis and data types this layer may not import:
// they are type parameters, checked by a function the caller passes.

export const STREAM_PART_ROLE = 'stream-part';

/** What the stream-part worker is started with (its workerData): the analysis's spec and the data layer's range. */
export interface StreamPartData<Spec, Range> {
  role: typeof STREAM_PART_ROLE;
  path: string;
  /**
   * Absent when the worker is started before the spec is decided (it loads its bundle meanwhile):
   * the spec then comes in a StartPartMessage, and the worker streams nothing until it does.
   */
  spec?: Spec;
  range: Range;
  maxProblems?: number;
  chunkBytes?: number;
  maxRecordBytes?: number;
}

/** Streaming thread → part worker started without a spec, once the spec is decided: stream the range with it. */
export interface StartPartMessage<Spec> {
  type: 'start';
  spec: Spec;
}

/** Streaming thread → part worker, when the analysis is cancelled: stop at the next chunk and post the part so far. */
export interface CancelPartMessage {
  type: 'cancel';
}

/** Part worker → streaming thread, after each chunk: bytes and rows of its range read so far. */
export interface StreamPartProgress {
  type: 'progress';
  bytesRead: number;
  rows: number;
}

/**
 * Part worker → streaming thread, after each batch of a per-row score (the CLI's `entropy --dist`,
 * `kl` over column groups): the batch's per-row values, in row order, moved (not copied).
 */
export interface StreamPartRows {
  type: 'rows';
  values: Float64Array[];
}

/** Part worker → streaming thread, once at the end: the range's mergeable aggregates (per-row arrays moved). */
export interface StreamPartDone<Part> {
  type: 'done';
  part: Part;
}

/** Part worker → streaming thread, instead of `done`: why it has no part (the thread then streams the range itself). */
export interface StreamPartFailed {
  type: 'failed';
  reason: string;
}

export type StreamPartMessage<Part> = StreamPartProgress | StreamPartRows | StreamPartDone<Part> | StreamPartFailed;

/** A guard's answer: the value, typed, or why it is not one, in words (it ends up in an outcome's reason). */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Why a value is not of the expected shape, in words, or undefined when it is. */
export type ShapeProblem = (value: unknown) => string | undefined;

/**
 * Checks a message posted by the part worker; `partProblem` checks the `done` message's part.
 * Example: `checkStreamPartMessage({ type: 'progress', bytesRead: -1, rows: 0 }, …)` →
 * `{ ok: false, reason: 'a "progress" message whose bytesRead is not a count' }`.
 */
export function checkStreamPartMessage<Part>(value: unknown, partProblem: ShapeProblem): Checked<StreamPartMessage<Part>> {
  if (!isRecord(value)) return refused(`a message that is not an object (${kindOf(value)})`);
  switch (value.type) {
    case 'progress': {
      const field = ['bytesRead', 'rows'].find((name) => !isCount(value[name]));
      return field === undefined ? accepted(value as unknown as StreamPartProgress) : refused(`a "progress" message whose ${field} is not a count`);
    }
    case 'rows':
      return Array.isArray(value.values) && value.values.every((v) => v instanceof Float64Array)
        ? accepted(value as unknown as StreamPartRows)
        : refused('a "rows" message whose values are not arrays of numbers');
    case 'done': {
      const problem = partProblem(value.part);
      return problem === undefined ? accepted(value as unknown as StreamPartDone<Part>) : refused(`a "done" message whose part ${problem}`);
    }
    case 'failed':
      return typeof value.reason === 'string' ? accepted(value as unknown as StreamPartFailed) : refused('a "failed" message without a reason');
    default:
      return refused(`a message of unknown type ${typeWords(value.type)}`);
  }
}

/** Narrows a message posted by the part worker (see checkStreamPartMessage for why one is refused). */
export function isStreamPartMessage<Part>(value: unknown, partProblem: ShapeProblem): value is StreamPartMessage<Part> {
  return checkStreamPartMessage(value, partProblem).ok;
}

/**
 * Checks the workerData a stream-part worker was started with; `specProblem` and `rangeProblem`
 * check its spec and range. Example: `checkStreamPartData({ role: 'read-part' }, …)` →
 * `{ ok: false, reason: 'workerData whose role is not "stream-part"' }`.
 */
export function checkStreamPartData<Spec, Range>(value: unknown, specProblem: ShapeProblem, rangeProblem: ShapeProblem): Checked<StreamPartData<Spec, Range>> {
  if (!isRecord(value)) return refused(`workerData that is not an object (${kindOf(value)})`);
  if (value.role !== STREAM_PART_ROLE) return refused(`workerData whose role is not "${STREAM_PART_ROLE}"`);
  if (typeof value.path !== 'string' || value.path === '') return refused('workerData without a path');
  const limit = ['maxProblems', 'chunkBytes', 'maxRecordBytes'].find((name) => value[name] !== undefined && !isCount(value[name]));
  if (limit !== undefined) return refused(`workerData whose ${limit} is not a count`);
  const spec = value.spec === undefined ? undefined : specProblem(value.spec);
  if (spec !== undefined) return refused(`workerData whose spec ${spec}`);
  const range = rangeProblem(value.range);
  if (range !== undefined) return refused(`workerData whose range ${range}`);
  return accepted(value as unknown as StreamPartData<Spec, Range>);
}

/** Narrows a message the part worker receives from its streaming thread (anything else is ignored). */
export function isCancelPartMessage(value: unknown): value is CancelPartMessage {
  return isRecord(value) && value.type === 'cancel';
}

/**
 * Checks a start message; `specProblem` checks its spec. Undefined when the value is not a start
 * message at all (another message, ignored here). Example: `checkStartPartMessage({ type: 'start' }, …)`
 * with a spec check that refuses undefined → `{ ok: false, reason: 'a "start" message whose spec is not an object (undefined)' }`.
 */
export function checkStartPartMessage<Spec>(value: unknown, specProblem: ShapeProblem): Checked<StartPartMessage<Spec>> | undefined {
  if (!isRecord(value) || value.type !== 'start') return undefined;
  const problem = specProblem(value.spec);
  return problem === undefined ? accepted(value as unknown as StartPartMessage<Spec>) : refused(`a "start" message whose spec ${problem}`);
}

/** A non-null object (not an array): what every message and workerData is. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole number from 0 up that a double holds exactly: bytes, rows, offsets. */
export function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** An array whose items all pass `item`. */
export function isArrayOf<T>(value: unknown, item: (entry: unknown) => entry is T): value is T[] {
  return Array.isArray(value) && value.every((entry) => item(entry));
}

/** What a value is, in a word or two, for a reason ("null", "an array", "a string"). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'undefined' ? 'undefined' : type === 'object' ? 'an object' : `a ${type}`;
}

function typeWords(type: unknown): string {
  return typeof type === 'string' ? JSON.stringify(type) : `(${kindOf(type)})`;
}

function accepted<T>(value: T): Checked<T> {
  return { ok: true, value };
}

function refused<T>(reason: string): Checked<T> {
  return { ok: false, reason };
}
