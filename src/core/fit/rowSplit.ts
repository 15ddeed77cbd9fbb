// The binary fit's passes over its rows in two ranges at a cut fixed by the row count, the second
// optionally run by a helper thread the caller provides (the core starts no threads: FitThreads
// comes from the analysis layer). Both ranges' raw sums are added in the same order either way,
// so a fit's numbers do not depend on whether a helper ran, failed or was never offered.

/** Rows from which a binary fit's passes are split in two (below, a hand-off costs more than half a pass). */
export const SPLIT_MIN_ROWS = 32768;

/** What one pass over the rows computes: the loss always, the gradient, the Hessian from every `hessianStride`-th chunk (0: none), the row outputs. */
export interface PassRequest {
  readonly gradient: boolean;
  readonly hessianStride: number;
  readonly writeRows: boolean;
}

/** Raw sums of one pass: [loss, misclassified, Hessian rows, gradient (size), Hessian (size × size, upper triangle)]. */
export function passSumsLength(size: number): number {
  return 3 + size + size * size;
}

/** Offsets in the raw sums. */
export const PASS_LOSS = 0;
export const PASS_WRONG = 1;
export const PASS_HESSIAN_ROWS = 2;
export const PASS_GRADIENT = 3;

/**
 * A binary problem's data as a helper thread sees it, every array from FitThreads' allocators (so
 * both threads see the same memory): the standardised column-major features z (n × m), the 0/1
 * labels, the row weights, the row outputs a pass may write, and the helper's rows [start, end).
 */
export interface BinaryPassData {
  readonly z: Float64Array;
  readonly n: number;
  readonly m: number;
  readonly y: Uint8Array;
  readonly weights: Float64Array | undefined;
  readonly rowLoss: Float64Array;
  readonly proba: Float64Array;
  readonly start: number;
  readonly end: number;
}

/** A helper thread running passes over its rows of shared data, one at a time. */
export interface PassHelper {
  /** Starts a pass at θ and returns at once: true when the helper took it, false when it is not ready yet (the caller computes those rows itself this time). */
  start(theta: Float64Array, request: PassRequest): boolean;
  /** Waits for the started pass and copies its raw sums into `out`; false when the helper failed (the caller then computes those rows itself, and stops using it). */
  finish(out: Float64Array): boolean;
  /** Ends the helper's part in this fit (idempotent). */
  close(): void;
}

/** What a fit may use beyond its own thread. */
export interface FitThreads {
  /** Zeroed arrays a helper thread can read and write (SharedArrayBuffer-backed). */
  float64(length: number): Float64Array;
  uint8(length: number): Uint8Array;
  /** A helper for the passes over rows data.start .. data.end, or undefined when none can run. */
  binaryHelper(data: BinaryPassData): PassHelper | undefined;
}

/** Where the rows are cut: half way, on a chunk boundary (so row sampling by chunk is the same in both ranges), or nowhere below SPLIT_MIN_ROWS. */
export function splitRows(n: number, chunk: number): number | undefined {
  if (n < SPLIT_MIN_ROWS) return undefined;
  return Math.floor(n / 2 / chunk) * chunk;
}
