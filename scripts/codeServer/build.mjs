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
  return readdirSync(dir).filter((name) => pattern.test(name)).sort().map((name) => `${dir}/${name}`);
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

// Start clean so a deleted test or scenario cannot linger as a stale bundle.
for (const dir of ['out/scripts', 'out/test']) rmSync(dir, { recursive: true, force: true });

await esbuild.build({
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
});
