// Entry points of the in-memory readers: pick the format, dispatch to the CSV or JSON reader.
import { isAscii } from 'node:buffer';
import { readCsv } from './csv';
import { detectFormat } from './format';
import { readJson, readJsonLines } from './json';
import type { DataFormat, ReadOptions, Table } from './types';

/**
 * Reads a document held in memory (VS Code hands documents as strings) into a {@link Table}.
 * Never throws on bad input: structural problems are in `table.problems`, and cell problems come
 * with the column accessors and the validate* helpers. Format `'auto'` (the default) uses the file
 * name's extension, else the content (see `detectFormat`).
 * Example: `readTable('y,p\n1,0.8\n', { fileName: 'a.csv' }).numbers('p').values` is
 * `Float64Array [0.8]`.
 */
export function readTable(text: string, options: ReadOptions = {}): Table {
  const format: DataFormat =
    options.format === undefined || options.format === 'auto' ? detectFormat(text, options.fileName) : options.format;
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
 * Reads a file from disk (UTF-8) with {@link readTable}. A file that cannot be read gives an empty
 * table whose only problem is a `read-error` naming the system's reason. Pure-ASCII files (most
 * numeric data) are decoded as Latin-1, which gives the same string about twice as fast.
 */
export async function readTableFile(path: string, options: ReadOptions = {}): Promise<Table> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = decodeFileBytes(await readFile(path));
  } catch (error) {
    const table = readTable('', { fileName: path, ...options, format: 'csv' });
    const problem = table.problems[0];
    if (problem !== undefined) {
      problem.code = 'read-error';
      problem.message = `Cannot read the file: ${error instanceof Error ? error.message : String(error)}`;
    }
    return table;
  }
  return readTable(text, { fileName: path, ...options });
}

/** A file's bytes as text (UTF-8); pure ASCII (most numeric data) decodes as Latin-1, about twice as fast. */
export function decodeFileBytes(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
