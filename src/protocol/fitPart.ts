// The fit-part worker (the compute worker's bundle started with workerData.role 'fit-part'): a
// second thread running half of every pass of a binary fit over shared memory. One message starts
// its part in a fit; from then on the two threads speak through the Int32 control block below,
// because the fitting thread is busy in the solver's loop and cannot take messages.

export const FIT_PART_ROLE = 'fit-part';

/** Slots of the control block (an Int32Array over a SharedArrayBuffer). */
export const CONTROL_STATE = 0;
/** Bumped by the fitting thread for every pass it hands over (and once on close). */
export const CONTROL_SEQUENCE = 1;
/** Set by the part worker to the sequence number of the pass it finished. */
export const CONTROL_DONE = 2;
export const CONTROL_GRADIENT = 3;
export const CONTROL_HESSIAN_STRIDE = 4;
export const CONTROL_WRITE_ROWS = 5;
export const CONTROL_LENGTH = 6;

/** Values of CONTROL_STATE. */
export const STATE_STARTING = 0;
export const STATE_READY = 1;
export const STATE_CLOSED = 2;
export const STATE_FAILED = 3;

/** Fitting thread → fit-part worker, once per fit: the shared arrays and the part's rows [start, end). */
export interface FitPartMessage {
  type: 'binary';
  control: Int32Array;
  theta: Float64Array;
  /** The part's raw sums of each pass. */
  out: Float64Array;
  z: Float64Array;
  n: number;
  m: number;
  y: Uint8Array;
  weights: Float64Array | undefined;
  rowLoss: Float64Array;
  proba: Float64Array;
  start: number;
  end: number;
}

const isShared = (value: unknown): boolean => ArrayBuffer.isView(value) && value.buffer instanceof SharedArrayBuffer;
const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Whether a message is a FitPartMessage whose arrays are shared and of consistent lengths. */
export function isFitPartMessage(value: unknown): value is FitPartMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v['type'] !== 'binary' || !isWhole(v['n']) || !isWhole(v['m']) || !isWhole(v['start']) || !isWhole(v['end'])) return false;
  const n = v['n'];
  const m = v['m'];
  const arrays = ['control', 'theta', 'out', 'z', 'y', 'rowLoss', 'proba'].map((key) => v[key]);
  if (!arrays.every(isShared) || (v['weights'] !== undefined && !isShared(v['weights']))) return false;
  const length = (key: string): number => (v[key] as ArrayLike<number>).length;
  return (
    v['control'] instanceof Int32Array &&
    length('control') === CONTROL_LENGTH &&
    v['y'] instanceof Uint8Array &&
    length('y') === n &&
    length('z') >= n * m &&
    length('theta') === m + 1 &&
    length('rowLoss') === n &&
    length('proba') === n &&
    (v['weights'] === undefined || length('weights') === n) &&
    v['start'] <= v['end'] &&
    v['end'] <= n
  );
}
