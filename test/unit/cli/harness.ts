// What the CLI tests share: files written to a fresh temporary directory, and runCli with its
// output captured (also as a fresh module under environment variables).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
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

export type CliRun = (...argv: string[]) => Promise<{ status: number; stdout: string; stderr: string }>;

/**
 * The CLI module loaded afresh with `env` set, so its size limits read it (ENTROPY_LENS_CLI_STREAM_ABOVE
 * and ENTROPY_LENS_CLI_MEMORY_LIMIT make small fixtures stand for large files).
 */
export async function cliWith(env: Record<string, string>): Promise<CliRun> {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  const fresh = await import('../../../src/cli/runCli');
  vi.unstubAllEnvs();
  return async (...argv) => {
    let stdout = '';
    let stderr = '';
    const status = await fresh.runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { status, stdout, stderr };
  };
}

/**
 * The CLI twice, for a file's two roads: `streamed` with every file taken as large (it streams
 * analyze and cross-entropy, and the in-memory commands refuse), `inMemory` as shipped. Registers
 * its own beforeAll / afterAll; call it at a test file's top level.
 */
export function streamedAndInMemory(): { streamed: CliRun; inMemory: CliRun } {
  let streamed: CliRun | undefined;
  let inMemory: CliRun | undefined;
  beforeAll(async () => {
    streamed = await cliWith({ ENTROPY_LENS_CLI_STREAM_ABOVE: '0', ENTROPY_LENS_CLI_MEMORY_LIMIT: '1000' });
    inMemory = await cliWith({});
  });
  afterAll(() => vi.resetModules());
  return { streamed: (...argv) => streamed!(...argv), inMemory: (...argv) => inMemory!(...argv) };
}
