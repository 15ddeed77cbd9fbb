// Entry of `npm run bench`: bundles the TypeScript harness (bench/*.ts plus the src/ code it
// measures) with esbuild into bench/.data/build (git-ignored) and runs it with the flags given.
//   npm run bench                 full sizes (1e5 / 1e6 rows, 50 MB document)
//   npm run bench -- --quick      small sizes for development and smoke tests
//   npm run bench -- --big        also generate and stream a 1 GB CSV
//   other flags: --runs N, --data-dir DIR, --only parse,ce,fit,lookup,worker,stream,duckdb, --out FILE
// Profiling one task: see tools/profileTask.ts and tools/summarizeProfile.mjs.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(benchDir, '.data', 'build');

await esbuild.build({
  entryPoints: [
    { in: join(benchDir, 'main.ts'), out: 'main' },
    { in: join(benchDir, 'streamChild.ts'), out: 'streamChild' },
    { in: join(benchDir, 'tools', 'profileTask.ts'), out: 'profileTask' },
  ],
  outdir: outDir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD entry requires files esbuild cannot see; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
  // TF.js is bundled too (its gradients must register on the same engine instance); the optional
  // modules it probes only in other environments stay external.
  external: ['vscode', 'node-fetch'],
});

const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--enable-source-maps', join(outDir, 'main.cjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ENTROPY_LENS_BENCH_DIR: benchDir },
});
process.exit(child.status ?? 1);
