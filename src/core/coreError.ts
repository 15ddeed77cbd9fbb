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
  | 'ambiguousPositiveLabel' // a single class, no positive label given and none implied
  | 'tooManyClasses' // more than two classes where a binary problem is required
  | 'columnClassMismatch' // probability columns cannot be mapped to the classes
  | 'missingClass' // a fit's class has no rows (its intercept has no finite optimum)
  | 'badOption' // an option outside its domain (C ≤ 0, eps ∉ [0, 0.5), unknown base, ...)
  | 'cancelled'; // a fit stopped because its progress callback asked to cancel

/**
 * Thrown by core entry points when input is invalid.
 * `rows` lists the offending 0-based row indices (all of them, in increasing order), empty when
 * the problem is not tied to rows; `values` holds the offending values in the same order where
 * that helps a message ("p = 1.2"). `column` is the 0-based column index when one is at fault.
 *
 * Example: `crossEntropy([0], {data: Float64Array.of(0.5, 0.4), rows: 1, cols: 2})` throws
 * `CoreError{code: 'rowSumNotOne', rows: [0], values: [0.9]}`.
 */
export class CoreError extends Error {
  override readonly name = 'CoreError';
  readonly code: CoreErrorCode;
  readonly rows: readonly number[];
  readonly values: readonly (number | string)[];
  readonly column: number | undefined;

  constructor(
    code: CoreErrorCode,
    message: string,
    details: { rows?: readonly number[]; values?: readonly (number | string)[]; column?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.rows = details.rows ?? [];
    this.values = details.values ?? [];
    this.column = details.column;
  }
}

/** Narrowing helper for callers that catch unknown errors. */
export function isCoreError(error: unknown): error is CoreError {
  return error instanceof CoreError;
}
