// Opening a binary file for a columnar reader: refused as every reader refuses (missing, not a
// regular file), the handle handed to the reader's own opening, and closed on every path that
// does not give the reader a file.
import type { FileHandle } from 'node:fs/promises';
import { fileProblem, readErrorMessage, statForReading } from '../fileBytes';
import type { ColumnarOpen } from './source';

/** What the problems of a damaged file end with. */
export const WRITE_AGAIN = 'write or copy the file again';

/**
 * `path` opened and handed to `openHandle` with its size; a failure to stat or open it is one
 * problem in words, and the handle is closed unless `openHandle` returns a file (which then owns it).
 */
export async function openFileWith(path: string, openHandle: (handle: FileHandle, size: number) => Promise<ColumnarOpen>): Promise<ColumnarOpen> {
  const stat = await statForReading(path);
  if (!stat.ok) return stat;
  const { open } = await import('node:fs/promises');
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const opened = await openHandle(handle, stat.size);
    if (!opened.ok) await handle.close();
    return opened;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    return { ok: false, problem: fileProblem(readErrorMessage(error, stat.size)) };
  }
}
