// Which columnar reader a file needs (from its first bytes, never its name) and opening it. The
// readers and their libraries (hyparquet, apache-arrow, fflate) are loaded only when a binary file
// is opened (in dist/ they are bundles of their own, see esbuild.mjs), so the extension's
// activation and every text read stay as light as before.
import { sniffFile } from '../fileBytes';
import type { Problem } from '../types';
import type { ColumnarFormat, ColumnarOpen } from './source';

/** A file's columnar format, or why it is not one: text (`undefined`), or a refusal (missing, a directory). */
export async function columnarFormatOf(path: string): Promise<ColumnarFormat | undefined> {
  const sniff = await sniffFile(path);
  return sniff.ok ? undefined : sniff.columnar;
}

/** The format's name as users know it, for messages. */
export const COLUMNAR_FORMAT_NAMES: Readonly<Record<ColumnarFormat, string>> = {
  parquet: 'Parquet',
  arrow: 'Arrow IPC',
  npz: 'NumPy .npz',
  npy: 'NumPy .npy',
};

/** Opens `path` with the reader for `format`; never rejects (a failure is the problem). */
export async function openColumnar(path: string, format: ColumnarFormat): Promise<ColumnarOpen> {
  try {
    switch (format) {
      case 'parquet':
        return await (await import('./parquet')).openParquet(path);
      case 'arrow':
        return await (await import('./arrow')).openArrow(path);
      case 'npz':
        return await (await import('./numpy')).openNpz(path);
      case 'npy':
        return await (await import('./numpy')).openNpy(path);
    }
  } catch (error) {
    return { ok: false, problem: unexpected(format, error) };
  }
}

function unexpected(format: ColumnarFormat, error: unknown): Problem {
  const why = error instanceof Error ? error.message : String(error);
  return { code: 'read-error', severity: 'error', message: `This ${COLUMNAR_FORMAT_NAMES[format]} file could not be read: ${why}`, line: 0, character: 0, offset: 0, raw: '' };
}

/**
 * About how many bytes a columnar file takes once read into memory (8 per number, 16 per text
 * cell): what decides whether it is streamed, since a compressed Parquet file can be a tenth of
 * that on disk. Undefined when it cannot be opened (reading it then says why).
 */
export async function columnarDecodedBytes(path: string, format: ColumnarFormat): Promise<number | undefined> {
  const opened = await openColumnar(path, format);
  if (!opened.ok) return undefined;
  try {
    const perRow = opened.file.fields.reduce((sum, field) => sum + (field.kind === 'number' || field.kind === 'vector' ? 8 * field.width : 16), 0);
    return perRow * opened.file.rowCount;
  } finally {
    await opened.file.close();
  }
}
