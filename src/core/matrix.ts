// Row-major dense matrix of doubles: the one shape the core takes for probabilities, logits,
// targets and features. Row i occupies data[i*cols .. i*cols+cols).
import { CoreError } from './coreError';

/** Row-major matrix: `data.length === rows * cols`. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** A zero-filled rows × cols matrix. Example: `createMatrix(2, 3).data.length` → 6. */
export function createMatrix(rows: number, cols: number): Matrix {
  return { data: new Float64Array(rows * cols), rows, cols };
}

/**
 * Matrix from an array of rows; throws CoreError 'shapeMismatch' naming ragged rows.
 * Example: `matrixFromRows([[0.3, 0.7], [0.9, 0.1]])` → {rows: 2, cols: 2, data: [0.3, 0.7, 0.9, 0.1]}.
 */
export function matrixFromRows(rows: readonly (ArrayLike<number>)[]): Matrix {
  const cols = rows.length > 0 ? (rows[0] as ArrayLike<number>).length : 0;
  const ragged: number[] = [];
  rows.forEach((row, i) => {
    if (row.length !== cols) ragged.push(i);
  });
  if (ragged.length > 0) {
    throw new CoreError('shapeMismatch', `rows ${ragged.join(', ')} do not have ${cols} entries like row 0`, { rows: ragged });
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
export function matrixFromColumns(columns: readonly (ArrayLike<number>)[]): Matrix {
  const rows = columns.length > 0 ? (columns[0] as ArrayLike<number>).length : 0;
  const cols = columns.length;
  columns.forEach((column, j) => {
    if (column.length !== rows) {
      throw new CoreError('shapeMismatch', `column ${j} has ${column.length} rows, column 0 has ${rows}`, { column: j });
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
