// Messages between a thread reading a file in two parts (parallelRead.ts) and its read-part worker
// (readPart.ts), and the guards each side runs on what arrives. They live in data/, not protocol/,
// because both ends are data/ and data/ may import only core/; they follow protocol/partWorker.ts.
import type { CsvPart } from './csv';
import type { Delimiter } from './types';

export const READ_PART_ROLE = 'read-part';

const DELIMITERS: readonly unknown[] = [',', ';', '\t', '|'] satisfies Delimiter[];

/** What the read-part worker is started with (its workerData). */
export interface ReadPartData {
  role: typeof READ_PART_ROLE;
  path: string;
  /** The whole file's bytes, shared: the worker fills `[start, end)`, the reading thread the rest. */
  bytes: SharedArrayBuffer;
  /** The byte range: `start` is a record's start (just after a line feed), `end` the file's size. */
  start: number;
  end: number;
  /** The header's column count and delimiter (as the first part reads them). */
  width: number;
  delimiter: Delimiter;
}

/** Part worker → reading thread, first: its range is in the shared buffer. */
export interface ReadPartBytes {
  type: 'bytes';
}

/** Part worker → reading thread, after `bytes`: the range's records (arrays moved). */
export interface ReadPartDone {
  type: 'done';
  part: CsvPart;
}

/**
 * Part worker → reading thread, instead of `done`: why it has no records; the reading thread then
 * scans the range, and reads it too when no `bytes` came first.
 */
export interface ReadPartFailed {
  type: 'failed';
  reason: string;
}

export type ReadPartMessage = ReadPartBytes | ReadPartDone | ReadPartFailed;

/** A guard's answer: the value, typed, or why it is not one, in words (the same shape as protocol/partWorker.ts's). */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** What the reading thread knows of the part it asked for: the header's width and the range's length in bytes. */
export interface ReadPartExpected {
  width: number;
  length: number;
}

/**
 * Checks a message posted by the read-part worker: a `done` part must hold `rows` records of
 * `expected.width` cells, typed as scanCsvPart makes them, each inside the range. O(rows).
 * Example: `checkReadPartMessage({ type: 'done', part: { rows: 1 } }, { width: 3, length: 9 })` →
 * `{ ok: false, reason: 'a "done" message whose rowStarts is not a Uint32Array of 1 items' }`.
 */
export function checkReadPartMessage(value: unknown, expected: ReadPartExpected): Checked<ReadPartMessage> {
  if (!isRecord(value)) return refused(`a message that is not an object (${kindOf(value)})`);
  switch (value.type) {
    case 'bytes':
      return accepted(value as unknown as ReadPartBytes);
    case 'done': {
      const problem = csvPartProblem(value.part, expected);
      return problem === undefined ? accepted(value as unknown as ReadPartDone) : refused(`a "done" message whose ${problem}`);
    }
    case 'failed':
      return typeof value.reason === 'string' ? accepted(value as unknown as ReadPartFailed) : refused('a "failed" message without a reason');
    default:
      return refused(`a message of unknown type ${typeof value.type === 'string' ? JSON.stringify(value.type) : `(${kindOf(value.type)})`}`);
  }
}

/** Narrows a message posted by the read-part worker (see checkReadPartMessage for why one is refused). */
export function isReadPartMessage(value: unknown, expected: ReadPartExpected): value is ReadPartMessage {
  return checkReadPartMessage(value, expected).ok;
}

/**
 * Checks the workerData a read-part worker was started with. Example:
 * `checkReadPartData({ role: 'read-part', path: 'a.csv', bytes: new SharedArrayBuffer(8), start: 6, end: 4, width: 2, delimiter: ',' })`
 * → `{ ok: false, reason: 'workerData whose range [6, 4) is not inside its 8 bytes' }`.
 */
export function checkReadPartData(value: unknown): Checked<ReadPartData> {
  if (!isRecord(value)) return refused(`workerData that is not an object (${kindOf(value)})`);
  if (value.role !== READ_PART_ROLE) return refused(`workerData whose role is not "${READ_PART_ROLE}"`);
  if (typeof value.path !== 'string' || value.path === '') return refused('workerData without a path');
  if (!(value.bytes instanceof SharedArrayBuffer)) return refused('workerData whose bytes are not a SharedArrayBuffer');
  const field = ['start', 'end', 'width'].find((name) => !isCount(value[name]));
  if (field !== undefined) return refused(`workerData whose ${field} is not a count`);
  const [start, end] = [value.start as number, value.end as number];
  if (start > end || end > value.bytes.byteLength) return refused(`workerData whose range [${start}, ${end}) is not inside its ${value.bytes.byteLength} bytes`);
  if (value.width === 0) return refused('workerData whose width is 0');
  if (!DELIMITERS.includes(value.delimiter)) return refused('workerData whose delimiter is not one of , ; tab |');
  return accepted(value as unknown as ReadPartData);
}

/** Why `value` is not a CsvPart of `expected`'s shape, or undefined when it is one. */
function csvPartProblem(value: unknown, expected: ReadPartExpected): string | undefined {
  if (!isRecord(value)) return `part is not an object (${kindOf(value)})`;
  const rows = value.rows;
  if (!isCount(rows)) return 'rows is not a count';
  const cells = rows * expected.width;
  if (!(value.rowStarts instanceof Uint32Array) || value.rowStarts.length !== rows) return `rowStarts is not a Uint32Array of ${rows} items`;
  if (!(value.rowEnds instanceof Uint32Array) || value.rowEnds.length !== rows) return `rowEnds is not a Uint32Array of ${rows} items`;
  if (!(value.cells instanceof Uint16Array || value.cells instanceof Uint32Array) || value.cells.length !== cells) return `cells is not a Uint16Array or Uint32Array of ${cells} items`;
  if (!(value.values instanceof Float64Array) || value.values.length !== cells) return `values is not a Float64Array of ${cells} items`;
  const [starts, ends] = [value.rowStarts, value.rowEnds];
  for (let row = 0; row < rows; row++) {
    if (starts[row]! > ends[row]! || ends[row]! > expected.length) return `record ${row} ([${starts[row]}, ${ends[row]})) is not inside the range's ${expected.length} bytes`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'undefined' ? 'undefined' : type === 'object' ? 'an object' : `a ${type}`;
}

function accepted<T>(value: T): Checked<T> {
  return { ok: true, value };
}

function refused<T>(reason: string): Checked<T> {
  return { ok: false, reason };
}
