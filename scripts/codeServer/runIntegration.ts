// `npm run test:integration`: the code-server counterpart of @vscode/test-electron's runTests().
// Loads the extension from the repo (dist/ built) and runs the bundled mocha suite inside the
// server's Node extension host; prints the suite's report and exits with its status.
//
// code-server has no --extensionTestsPath flag: in VS Code for the web these are client options,
// read from the workbench URL's `payload`. With vscode-remote:// URIs the workbench starts the
// server's extension host in test mode, calls the runner's run(), and reports the result through
// window.codeAutomationExit(code); everything the extension host logs arrives through
// window.codeAutomationLog(type, args). Playwright exposes both before the page loads.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import { launchBrowser } from './browser';
import { ensureCodeServer } from './install';
import { repoRoot, testResultsDir } from './paths';
import { onShutdown } from './processes';
import { createSandbox, remoteUri, startCodeServer, workbenchUrl } from './server';

const { values: options } = parseArgs({
  options: {
    workspace: { type: 'string' },
    grep: { type: 'string' },
    // Seconds for the whole suite once the page loads: 30 s on a quiet 2-core machine, over a
    // minute when it is busy; above the largest per-test timeout (400 s, the 45 MB document).
    timeout: { type: 'string', default: '900' },
    verbose: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

/** Workbench chatter that says nothing about the tests (shown with --verbose). */
const NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore|Started local extension host|Extension host test runner|Ignoring fetching additional builtin extensions)/;

async function main(): Promise<number> {
  const root = repoRoot();
  const testsPath = join(root, 'out', 'test', 'integration', 'index.js');
  const workspace = resolve(options.workspace ?? join(root, 'samples'));
  for (const [file, hint] of [
    [join(root, 'dist', 'extension.js'), 'npm run build'],
    [testsPath, 'node scripts/codeServer/build.mjs'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing; run \`${hint}\` first`);
  }
  const started = Date.now();
  const install = await ensureCodeServer();
  const sandbox = createSandbox('integration');
  onShutdown(async () => sandbox.remove()); // Ctrl-C: nothing worth keeping
  const env: NodeJS.ProcessEnv = options.grep === undefined ? {} : { ENTROPY_LENS_TEST_GREP: options.grep };
  const server = await startCodeServer(install, sandbox, { workspace, env });
  const browser = await launchBrowser(sandbox);
  const { page } = browser;

  let summary: string | undefined;
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    // Arguments arrive printf-style ('%d passing (%s)', 3, '317ms'): format them like console.log.
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (type === 'trace' || type === 'debug') return;
    if (/^\d+ passed, \d+ failed$/.test(line)) {
      summary = line; // printed once, labelled, at the end
      return;
    }
    if (!options.verbose && NOISE.test(line)) return;
    if (type === 'error') console.error(`[extension host error] ${line}`);
    else console.log(line);
  });
  let reportExit: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolveExit) => {
    reportExit = resolveExit;
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));

  const timeoutMs = Number(options.timeout) * 1000;
  let code = 1;
  try {
    console.log(`integration suite: code-server ${install.version} on ${server.url}, workspace ${workspace}`);
    await page.goto(
      workbenchUrl(server, workspace, [
        ['extensionDevelopmentPath', remoteUri(server, root)],
        ['extensionTestsPath', remoteUri(server, testsPath)],
      ]),
    );
    const result = await Promise.race([exitCode, new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), timeoutMs).unref())]);
    if (result === 'timeout') {
      const shot = join(testResultsDir('integration'), 'timeout.png');
      mkdirSync(testResultsDir('integration'), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`the suite did not finish within ${options.timeout} s (screenshot ${shot}, code-server log ${server.logFile})`);
    } else {
      code = result;
    }
  } finally {
    await browser.close();
    await server.stop();
    if (code === 0 && !options.keep) sandbox.remove();
    else console.error(`sandbox kept for inspection: ${sandbox.root}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (summary === undefined) {
    console.log(`0 passed, 1 failed (integration suite: no report from the test runner, exit code ${code}, ${seconds} s)`);
    return 1;
  }
  console.log(`${summary} (integration suite, code-server ${install.version}, ${seconds} s)`);
  return code === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`integration suite: ${error instanceof Error ? error.message : String(error)}`);
    console.log('0 passed, 1 failed (integration suite could not run)');
    process.exit(1);
  },
);
