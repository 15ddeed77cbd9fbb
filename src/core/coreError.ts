// The single error type thrown by the numeric core when its inputs are unusable.
// Numerical facts (clipping, separation, non-convergence) are result fields, never errors.

/** Why the core refused its input. */
export type CoreErrorCode =
  | 'emptyInput' // no rows (or no columns) where at least one is needed
  | 'nonFinite' // NaN or ±Infinity where a finite number is required
  | 'lengthMismatch' // two inputs that must have one entry per row differ in length
  | 'shapeMismatch' // matrix shapes do not agree (rows or columns), or a ragged row
  | 'probabilityOutOfRange' // a probability outside [0, 1]
  | 'rowSumNotOne' // a probability row with |sum − 1| > 1e-6 and normalize not requested
  | 'negativeWeight' // a weight / count / distribution entry below 0
  | 'zeroTotal' // a distribution (column or row) whose entries sum to 0
  | 'badLabel' // a binary label that is not in {0, 1} or {−1, +1}, or a class index out of range
  | 'labelNotInClasses' // a label that is not among the given classes
  | 'unknownPositiveLabel' // a positive label given that is not one of the labels
  | 'ambiguousPositiveLabel' // a single class, no positive label given and none implied
  | 'tooManyClasses' // more than two classes where a binary problem is required
  | 'columnClassMismatch' // probability columns cannot be mapped to the classes
  | 'missingClass' // a fit's class has no rows (its intercept has no finite optimum)
  | 'badOption' // an option outside its domain (C ≤ 0, eps ∉ [0, 0.5), unknown base, ...)
  | 'cancelled'; // a fit stopped because its progress callback asked to cancel

/**
 * Thrown by core entry points when input is invalid.
 * `message` is a sentence about the whole input: no function names and no row numbers (the rows
 * are the core's 0-based input indices, which only the caller can turn into the user's rows).
 * `rows` lists the offending 0-based row indices (all of them, in increasing order), empty when
 * the problem is not tied to rows; `values` holds the offending values in the same order where
 * that helps a message ("p = 1.2"). `column` is the 0-based column index when one is at fault.
 * `entry` is the message for one listed row, `{value}` standing for its value (see entryMessage).
 *
 * Example: `crossEntropy([0], {data: Float64Array.of(0.5, 0.4), rows: 1, cols: 2})` throws
 * `CoreError{code: 'rowSumNotOne', rows: [0], values: [0.9], entry: 'the probabilities sum to {value}, not 1 …'}`.
 */
export class CoreError extends Error {
  override readonly name = 'CoreError';
  readonly code: CoreErrorCode;
  readonly rows: readonly number[];
  readonly values: readonly (number | string)[];
  readonly column: number | undefined;
  readonly entry: string | undefined;

  constructor(code: CoreErrorCode, message: string, details: { rows?: readonly number[]; values?: readonly (number | string)[]; column?: number; entry?: string } = {}) {
    super(message);
    this.code = code;
    this.rows = details.rows ?? [];
    this.values = details.values ?? [];
    this.column = details.column;
    this.entry = details.entry;
  }
}

/**
 * A value as the core's messages show it: a string quoted as JSON (line breaks escaped), a number
 * with up to 12 significant digits. Example: `showValue('a\nb')` is `"a\nb"`; `showValue(0.1 + 0.2)` is `0.3`.
 */
export function showValue(value: number | string): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return Number.isFinite(value) ? String(Number(value.toPrecision(12))) : String(value);
}

/**
 * The message for the `k`-th listed row of a row-tied error: its `entry` with the row's value in
 * place of `{value}` (shown by showValue), else the whole message.
 * Example: for `encodeLabels(['hrse'], ['cat', 'dog'])`'s error, `entryMessage(error, 0)` is
 * `label "hrse" is not among the classes cat, dog`.
 */
export function entryMessage(error: CoreError, k: number): string {
  const value = error.values[k];
  if (error.entry === undefined) return error.message;
  return error.entry.replace('{value}', value === undefined ? 'this value' : showValue(value));
}

/**
 * One row a core check refuses, as a value (the checks that throw build their CoreError from
 * these, and a caller may ask for them first to leave the rows out): the code of that error, the
 * 0-based input row, the value at fault (for a row sum, the sum; NaN when there is none), its
 * 0-based column when one value is at fault, and the message for the row, `{value}` standing for
 * the value as in CoreError.entry.
 * Example: `labelsInClasses(['cat', 'hrse'], ['cat', 'dog']).refusals` →
 * [{code: 'labelNotInClasses', row: 1, value: 'hrse', entry: 'label {value} is not among the classes cat, dog'}].
 */
export interface RowRefusal {
  readonly code: CoreErrorCode;
  readonly row: number;
  readonly value: number | string;
  readonly column?: number;
  readonly entry: string;
}

/** A refused row's message: its entry with its value shown. Example: 'probability 1.2 is outside [0, 1]'. */
export function refusalMessage(refusal: RowRefusal): string {
  return refusal.entry.replace('{value}', showValue(refusal.value));
}

/** `n things`, `1 thing`. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Up to five values, shown and joined, with how many more: `"a", "b" and 3 more`. */
export function someValues(values: readonly (number | string)[]): string {
  const shown = values.slice(0, 5).map(showValue).join(', ');
  return values.length > 5 ? `${shown} and ${values.length - 5} more` : shown;
}

/** Narrowing helper for callers that catch unknown errors. */
export function isCoreError(error: unknown): error is CoreError {
  return error instanceof CoreError;
}
