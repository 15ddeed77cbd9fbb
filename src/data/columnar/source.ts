// The contract every binary (columnar) reader meets: Parquet, Arrow IPC / Feather v2, NumPy
// .npy / .npz. A reader opens a file, says which fields it holds, and hands the requested fields
// over in chunks of consecutive rows (a row group, a record batch, a slice of an array), so the
// table adapter (columnar/table.ts) and the streaming adapter (columnar/stream.ts) never see a
// format's own types. Binary files have no lines: problems name the row and the column.
import type { Problem } from '../types';

/** The binary formats read through this contract. */
export type ColumnarFormat = 'parquet' | 'arrow' | 'npz' | 'npy';

/** One field (column) of a columnar file, as the reader maps the file's type. */
export interface ColumnarField {
  /** The field's name (Parquet/Arrow column name, the array's key in an .npz). */
  readonly name: string;
  /**
   * - `number`: integers, floats, booleans (false 0, true 1) and decimals, delivered as doubles;
   * - `text`: strings, dictionary-encoded (categorical) strings, NumPy unicode arrays;
   * - `vector`: a list / fixed-size list of numbers, or a 2-D numeric array (one row per row);
   * - `other`: anything else (dates, structs, binary, nested lists): delivered as display text,
   *   so it can be a label or an id but never a number.
   */
  readonly kind: 'number' | 'text' | 'vector' | 'other';
  /** Values per row: 1 for scalars; for vectors the fixed length, else the first non-null row's length. */
  readonly width: number;
  /** The type as the file spells it, for messages: `DOUBLE`, `LIST<DOUBLE>`, `<f4 (2-D)`, `Utf8`. */
  readonly typeName: string;
}

/** A requested field's values for the rows of one chunk. */
export type ChunkColumn =
  /** NaN marks a null (or NaN written in the file); booleans are 0 / 1. */
  | { readonly kind: 'number'; readonly values: Float64Array }
  /** null marks a null. */
  | { readonly kind: 'text'; readonly values: readonly (string | null)[] }
  /**
   * Row-major `rowCount × width` (width as in the field); `lengths[i]` is row i's own length, -1 for
   * a null row. A row whose length differs from `width` fills what fits and leaves NaN.
   */
  | { readonly kind: 'vector'; readonly width: number; readonly values: Float64Array; readonly lengths: Int32Array };

/** Consecutive rows of the requested fields. The arrays belong to the receiver (not reused). */
export interface ColumnarChunk {
  /** 0-based row of the chunk's first row in the whole file. */
  readonly firstRow: number;
  readonly rowCount: number;
  /** One entry per requested field name, `kind` as `ColumnarField.kind` (`other` arrives as `text`). */
  readonly columns: ReadonlyMap<string, ChunkColumn>;
}

/** What `ColumnarFile.read` is asked for. */
export interface ColumnarReadOptions {
  /** First row to read (default 0). */
  readonly start?: number;
  /** Row to stop before (default `rowCount`). */
  readonly end?: number;
  /** Checked between chunks: an aborted read resolves early with no problem. */
  readonly signal?: AbortSignal;
  /**
   * Largest chunk the receiver wants (default: the format's own unit — a row group, a record
   * batch — or 65,536 rows for NumPy arrays); a larger unit is cut into several chunks.
   */
  readonly chunkRows?: number;
}

/** An open columnar file. */
export interface ColumnarFile {
  readonly format: ColumnarFormat;
  readonly rowCount: number;
  readonly fields: readonly ColumnarField[];
  /** File size in bytes (for progress). */
  readonly byteLength: number;
  /**
   * Hands the named fields (unknown names are the caller's error: it checks `fields` first) over
   * in order, chunk by chunk, awaiting `onChunk` before the next read, so memory stays bounded by a
   * chunk. Never rejects on bad data: a corrupt or truncated part ends the read and resolves with
   * one problem naming the row range that could not be read.
   */
  read(fields: readonly string[], onChunk: (chunk: ColumnarChunk) => void | Promise<void>, options?: ColumnarReadOptions): Promise<Problem | undefined>;
  /** Releases the file handle. Idempotent. */
  close(): Promise<void>;
}

/**
 * What opening a file gives: the file, or one file-level problem (`read-error`, line 0) in words a
 * user can act on — not a Parquet file after all, truncated, an unsupported compression or type.
 */
export type ColumnarOpen = { readonly ok: true; readonly file: ColumnarFile } | { readonly ok: false; readonly problem: Problem };
