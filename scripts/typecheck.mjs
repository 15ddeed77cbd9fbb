// Type-checks every layer with its own tsconfig, so the compiler enforces what types each may
// use: core and protocol see no Node or DOM types, the webview no Node types, analysis, worker and
// cli Node's but not vscode's; the root config checks tests, bench and scripts. Which layer may
// import which is eslint.config.mjs' layers/imports rule (tsc follows any import it is given).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['src/core', 'src/data', 'src/protocol', 'src/analysis', 'src/worker', 'src/cli', 'src/host', 'src/webview', '.']
  .map((dir) => `${dir}/tsconfig.json`)
  .filter((file) => existsSync(file));

let failed = false;
for (const project of projects) {
  const dir = project.replace(/\/tsconfig\.json$/, '');
  const hasSources = dir === '.' || readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.ts'));
  if (!hasSources) continue;
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
  else console.log(`typecheck ok: ${project}`);
}
process.exit(failed ? 1 : 0);
