// Entry points of the in-memory readers: refuse what is not a text table (fileBytes.ts), pick the
// format, dispatch to the CSV or JSON reader.
import { openColumnar, columnarFormatOf } from './columnar/open';
import type { ColumnarFormat } from './columnar/source';
import { readColumnarTable } from './columnar/table';
import { emptyTable, readCsv } from './csv';
import { decodeFileBytes, fileProblem, readErrorMessage, sniffText, statForReading } from './fileBytes';
import { detectFormat } from './format';
import { readJson, readJsonLines } from './json';
import { LineStarts } from './lineStarts';
import { DEFAULT_MAX_PROBLEMS, ProblemCollector } from './problems';
import type { DataFormat, Problem, ReadOptions, Table, TextFormat } from './types';

/**
 * Reads a document held in memory (VS Code hands documents as strings) into a {@link Table}.
 * Never throws on bad input: structural problems are in `table.problems`, and cell problems come
 * with the column accessors and the validate* helpers. Format `'auto'` (the default) uses the file
 * name's extension, else the content (see `detectFormat`). Text that is a binary file (a Parquet
 * magic number, a NUL character in the first 8 KiB: see `sniffText`) gives an empty table whose
 * only problem names it.
 * Example: `readTable('y,p\n1,0.8\n', { fileName: 'a.csv' }).numbers('p').values` is
 * `Float64Array [0.8]`.
 */
export function readTable(text: string, options: ReadOptions = {}): Table {
  const format: TextFormat = options.format === undefined || options.format === 'auto' ? detectFormat(text, options.fileName) : options.format;
  const binary = sniffText(text);
  if (binary !== undefined) return refusedTable(text, format, binary, options);
  switch (format) {
    case 'csv':
    case 'tsv':
      return readCsv(text, format, options);
    case 'json':
      return readJson(text, options);
    case 'jsonl':
      return readJsonLines(text, options);
  }
}

/**
 * Reads a file from disk with {@link readTable}. UTF-8 (with or without a BOM), and UTF-16 or
 * UTF-32 with a BOM, are decoded (see `decodeFileBytes`). A file that cannot be read as text gives
 * an empty table whose only problem (`read-error`) says why in words: missing, not a regular file
 * (a directory, a FIFO, /dev/zero: refused before reading), a binary format, too large. Parquet,
 * Arrow and NumPy files (known by their first bytes) are read by {@link readColumnarTableFile}.
 */
export async function readTableFile(path: string, options: ReadOptions = {}): Promise<Table> {
  const fileOptions: ReadOptions = { fileName: path, ...options };
  const stat = await statForReading(path);
  if (!stat.ok) return refusedTable('', 'csv', stat.problem, fileOptions);
  const columnar = await columnarFormatOf(path);
  if (columnar !== undefined) return readColumnarTableFile(path, columnar, fileOptions);
  const { readFile } = await import('node:fs/promises');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return refusedTable('', 'csv', fileProblem(readErrorMessage(error, stat.size)), fileOptions);
  }
  const decoded = decodeFileBytes(bytes);
  if (!decoded.ok) return refusedTable('', 'csv', decoded.problem, fileOptions);
  return readTable(decoded.text, fileOptions);
}

/**
 * A Parquet, Arrow or NumPy file read into memory as a table (positions: row and column, see
 * columnar/table.ts): whole, or its first `rowLimit` rows. A file that cannot be opened gives an empty table whose problem says why.
 */
export async function readColumnarTableFile(path: string, format: ColumnarFormat, options: ReadOptions & { rowLimit?: number } = {}): Promise<Table> {
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const opened = await openColumnar(path, format);
  if (!opened.ok) return refusedTable('', format, opened.problem, options);
  try {
    return await readColumnarTable(opened.file, { format, maxProblems, ...(options.rowLimit !== undefined ? { rowLimit: options.rowLimit } : {}) });
  } finally {
    await opened.file.close();
  }
}

/** A table without rows or columns whose only problem is `problem` (a file-level refusal). */
export function refusedTable(text: string, format: DataFormat, problem: Problem, options: ReadOptions = {}): Table {
  const problems = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  problems.add(problem);
  return emptyTable(text, format, undefined, new LineStarts(text), problems, options.maxProblems ?? DEFAULT_MAX_PROBLEMS, options.selection);
}
