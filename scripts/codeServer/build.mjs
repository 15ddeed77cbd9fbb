// Bundles the TypeScript test harness into out/ with esbuild (Node 20 cannot run .ts itself):
// the code-server tools, the UI suite and its scenarios, and the integration suite that the
// extension host loads. No type-checking here (`npm run typecheck` does it); takes well under 1 s.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
process.chdir(root);

/** `dir/*.ts` files whose names match, in a stable order. */
function filesIn(dir, pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => `${dir}/${name}`);
}

const entryPoints = [
  'scripts/codeServer/installMain.ts',
  'scripts/codeServer/runIntegration.ts',
  'scripts/codeServer/demo.ts',
  'test/e2e/run.ts',
  ...filesIn('test/e2e/scenarios', /\.ts$/),
  'test/integration/index.ts',
  'test/integration/runDesktop.ts',
  ...filesIn('test/integration', /\.test\.ts$/),
];

const result = await esbuild.build({
  entryPoints,
  outbase: '.',
  outdir: 'out',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // mocha, playwright-core, @vscode/test-electron come from node_modules at run time; `vscode`
  // is provided by the extension host.
  packages: 'external',
  external: ['vscode'],
  logLevel: 'warning',
  metafile: true,
});

// Remove bundles whose source is gone (a deleted test must not keep running). Done after the
// build, not by emptying out/ first, so a suite running at the same time never sees it empty.
const produced = new Set(Object.keys(result.metafile.outputs).map((file) => join(root, file)));
for (const dir of ['out/scripts', 'out/test']) {
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir, { recursive: true })) {
    const path = join(root, dir, String(file));
    if (/\.js(\.map)?$/.test(path) && !produced.has(path)) rmSync(path);
  }
}
