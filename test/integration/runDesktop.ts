// `npm run test:desktop`: the same integration suite under @vscode/test-electron's runTests() in
// desktop VS Code. Needs a VS Code build: downloaded from Microsoft into the harness cache (a
// machine with that network), or an installed one given by ENTROPY_LENS_VSCODE_EXECUTABLE (the
// Electron binary, e.g. /usr/share/code/code, not the `code` CLI script). Headless Linux needs a
// display: `xvfb-run -a npm run test:desktop`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { cacheRoot, repoRoot } from '../../scripts/codeServer/paths';

async function main(): Promise<number> {
  const root = repoRoot(__dirname);
  const profile = mkdtempSync(join(tmpdir(), 'entropy-lens-desktop-'));
  const executable = process.env.ENTROPY_LENS_VSCODE_EXECUTABLE;
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
      ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.ENTROPY_LENS_VSCODE_VERSION ?? 'stable', cachePath: join(cacheRoot(), 'vscode-test') }),
      launchArgs: [
        join(root, 'samples'),
        '--disable-extensions', // other installed extensions off; the one under development still loads
        `--user-data-dir=${join(profile, 'user-data')}`,
        `--extensions-dir=${join(profile, 'extensions')}`,
      ],
    });
    return 0;
  } catch (error) {
    console.error(`desktop integration suite failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
