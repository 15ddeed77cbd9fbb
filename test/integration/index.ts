// The integration suite's runner module (extensionTestsPath): VS Code's extension host calls run(),
// the @vscode/test-electron contract, in code-server and in desktop VS Code alike. It loads every
// *.test.js bundled beside it; a rejected promise means failure.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** Runs the suite; resolves when every test passed, rejects otherwise. Prints `N passed, N failed`. */
export function run(): Promise<void> {
  const grep = process.env.ENTROPY_LENS_TEST_GREP;
  // 120 s a test: the slowest without a timeout of its own took 0.9 s on a quiet 2-core machine
  // and 13 s on a busy one (load average 12); a timeout catches a hang, never slowness.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, ...(grep ? { grep } : {}) });
  for (const file of readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolveRun, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passes = runner.stats?.passes ?? 0;
        console.log(`${passes} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (passes === 0) reject(new Error('no integration test ran'));
        else resolveRun();
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
