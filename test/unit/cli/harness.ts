// What the CLI tests share: files written to a fresh temporary directory, and runCli with its
// output captured.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/runCli';

/** A writer of numbered CSV files in a new temporary directory named after `prefix`. */
export function csvWriter(prefix: string): (text: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `entropy-lens-${prefix}-`));
  let files = 0;
  return (text) => {
    const path = join(dir, `f${files++}.csv`);
    writeFileSync(path, text);
    return path;
  };
}

/** Runs the CLI in-process, as `entropy-lens ...argv`, with its exit status and output. */
export async function run(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}
