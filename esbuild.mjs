// One build script for every bundle: Node (extension host, compute worker, CLI) and browser
// (webview). `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

/** Node-side entries; an entry is skipped until its source exists so the skeleton builds. */
const nodeEntries = [
  { in: 'src/host/extension.ts', out: 'extension' },
  { in: 'src/worker/computeWorker.ts', out: 'worker' },
  { in: 'src/cli/main.ts', out: 'cli' },
].filter((entry) => existsSync(entry.in));

const webviewEntries = [{ in: 'src/webview/main.ts', out: 'webview' }].filter((entry) => existsSync(entry.in));

const builds = [
  {
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
  },
].filter((options) => options.entryPoints.length > 0);

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
