// Row-major dense matrix of doubles: the one shape the core takes for probabilities, logits,
// targets and features. Row i occupies data[i*cols .. i*cols+cols).
import { CoreError } from './coreError';

/** Row-major matrix: `data.length === rows * cols`. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Rows of a larger row-major store, read in place: entry (i, k) is store[offset + i·stride + k].
 * A table's adjacent columns without copying them out (a copy of 1e6 × 20 doubles costs more
 * than scoring them). Only functions that say so take one ({@link denseMatrix} copies it); it
 * has no `data`, so it cannot be passed where a Matrix is expected.
 */
export interface RowView {
  readonly store: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Entries from one row's start to the next's (≥ cols). */
  readonly stride: number;
  /** Where row 0 starts. */
  readonly offset: number;
}

/** Whether `m` is a {@link RowView} (a Matrix has no stride). */
export function isRowView(m: Matrix | RowView): m is RowView {
  return 'stride' in m;
}

/**
 * A Matrix of the same entries: a Matrix as it is, a RowView copied row by row. Throws
 * 'shapeMismatch' for a view whose rows do not fit its store. O(rows · cols) for a view.
 * Example: `denseMatrix({store: [9, .3, .7, 9, .9, .1], rows: 2, cols: 2, stride: 3, offset: 1})` → [[.3, .7], [.9, .1]].
 */
export function denseMatrix(m: Matrix | RowView): Matrix {
  if (!isRowView(m)) return m;
  requireRowView(m, 'a dense matrix');
  const { rows, cols, stride, offset, store } = m;
  const out = new Float64Array(rows * cols);
  for (let i = 0, from = offset; i < rows; i++, from += stride) out.set(store.subarray(from, from + cols), i * cols);
  return { data: out, rows, cols };
}

/** Throws 'shapeMismatch' unless the view's rows lie inside its store and do not overlap. */
export function requireRowView(m: RowView, what: string): void {
  const { rows, cols, stride, offset, store } = m;
  const fits = rows >= 0 && cols >= 0 && offset >= 0 && stride >= cols && (rows === 0 || offset + (rows - 1) * stride + cols <= store.length);
  if (!fits) throw new CoreError('shapeMismatch', `The rows given to ${what} (${rows} of ${cols} numbers, every ${stride} from ${offset}) do not fit ${store.length} entries`);
}

/** A zero-filled rows × cols matrix. Example: `createMatrix(2, 3).data.length` → 6. */
export function createMatrix(rows: number, cols: number): Matrix {
  return { data: new Float64Array(rows * cols), rows, cols };
}

/**
 * Matrix from an array of rows; throws CoreError 'shapeMismatch' naming ragged rows.
 * Example: `matrixFromRows([[0.3, 0.7], [0.9, 0.1]])` → {rows: 2, cols: 2, data: [0.3, 0.7, 0.9, 0.1]}.
 */
export function matrixFromRows(rows: readonly ArrayLike<number>[]): Matrix {
  const cols = rows.length > 0 ? (rows[0] as ArrayLike<number>).length : 0;
  const ragged: number[] = [];
  rows.forEach((row, i) => {
    if (row.length !== cols) ragged.push(i);
  });
  if (ragged.length > 0) {
    throw new CoreError('shapeMismatch', `${ragged.length} ${ragged.length === 1 ? 'row does' : 'rows do'} not have ${cols} entries like the first row`, {
      rows: ragged,
      entry: `the row does not have ${cols} entries like the first row`,
    });
  }
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j] as number;
  });
  return { data, rows: rows.length, cols };
}

/**
 * Matrix from columns of equal length (how the data layer holds them); throws 'shapeMismatch'.
 * Example: `matrixFromColumns([[1, 2], [3, 4]])` → rows [[1, 3], [2, 4]].
 */
export function matrixFromColumns(columns: readonly ArrayLike<number>[]): Matrix {
  const rows = columns.length > 0 ? (columns[0] as ArrayLike<number>).length : 0;
  const cols = columns.length;
  columns.forEach((column, j) => {
    if (column.length !== rows) {
      throw new CoreError('shapeMismatch', `Column ${j + 1} has ${column.length} rows but the first column has ${rows}`, { column: j });
    }
  });
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const column = columns[j] as ArrayLike<number>;
    for (let i = 0; i < rows; i++) data[i * cols + j] = column[i] as number;
  }
  return { data, rows, cols };
}

/** Row i as a copy (for display, not for inner loops). Example: `matrixRow(m, 0)` → [0.3, 0.7]. */
export function matrixRow(matrix: Matrix, row: number): number[] {
  return Array.from(matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols));
}
