// Bundles a product entry the way esbuild.mjs does for dist/ (Node, CommonJS), for tests that
// need a real worker_threads script or the CLI beside it.
import { buildSync } from 'esbuild';
import { join } from 'node:path';

/** Bundles `src/<entry>` into `outfile`. */
export function bundleEntry(entry: string, outfile: string): void {
  buildSync({
    entryPoints: [join(__dirname, '../../../src', entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    external: ['vscode'],
    logLevel: 'silent',
  });
}
