// Entry points of the in-memory readers: pick the format, dispatch to the CSV or JSON reader.
import type { ReadOptions, Table } from './types';

/**
 * Reads a document held in memory (VS Code hands documents as strings) into a {@link Table}.
 * Never throws on bad input: structural problems are in `table.problems`, and cell problems come
 * with the column accessors and the validate* helpers.
 * Example: `readTable('y,p\n1,0.8\n', { format: 'auto', fileName: 'a.csv' }).numbers('p').values`
 * is `Float64Array [0.8]`.
 */
export function readTable(text: string, options: ReadOptions = {}): Table {
  void text;
  void options;
  throw new Error('readTable: implementation lands in the next commit');
}

/** Reads a file from disk (UTF-8) with {@link readTable}; I/O failures become a `read-error` problem. */
export async function readTableFile(path: string, options: ReadOptions = {}): Promise<Table> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(path, 'utf8');
  return readTable(text, { fileName: path, ...options });
}
