// Type-checks every layer with its own tsconfig, so the compiler enforces the architecture:
// core sees no Node or DOM types, the webview no Node types, and the root config the rest.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['src/core', 'src/data', 'src/protocol', 'src/webview', '.']
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
