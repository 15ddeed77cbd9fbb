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

/**
 * The Parquet, Arrow and NumPy readers with their libraries (apache-arrow, hyparquet, fflate, zstd:
 * three fifths of the code) are bundles of their own, which src/data/columnar/open.ts imports
 * when a binary file is opened: every process that reads text (the CLI on a CSV, each part worker)
 * then loads and compiles a bundle a third the size.
 */
const columnarReaders = ['parquet', 'arrow', 'numpy'].map((name) => ({ in: `src/data/columnar/${name}.ts`, out: `columnar-${name}` })).filter((entry) => existsSync(entry.in));
const separateReaders = {
  name: 'separate-columnar-readers',
  setup(build) {
    build.onResolve({ filter: /^\.\/(parquet|arrow|numpy)$/ }, (args) =>
      args.importer.replace(/\\/g, '/').endsWith('/src/data/columnar/open.ts') && existsSync(`src/data/columnar/${args.path.slice(2)}.ts`)
        ? { path: `./columnar-${args.path.slice(2)}.js`, external: true }
        : undefined,
    );
  },
};

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
    plugins: [separateReaders],
  },
  {
    ...common,
    entryPoints: columnarReaders,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
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
