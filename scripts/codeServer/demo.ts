// `npm run demo`: a real VS Code with the packaged extension installed and samples/ open, served
// by code-server on 127.0.0.1 until Ctrl-C. `npm run demo -- --desktop` opens desktop VS Code
// (`code` on PATH) with --extensionDevelopmentPath instead. `npm run demo -- --smoke` serves the
// same, checks in headless Chromium that the extension is live, stops and exits (CI runs it).
// The npm script builds and packages first.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './browser';
import { smokeCheck } from './demoSmoke';
import { ensureCodeServer } from './install';
import { repoRoot, testResultsDir, vsixPath } from './paths';
import { isShuttingDown, onShutdown } from './processes';
import { createSandbox, DEMO_SETTINGS, installVsix, startCodeServer, workbenchUrl } from './server';
import type { CodeServerInstall } from './install';
import type { RunningCodeServer, Sandbox } from './server';

const { values: options } = parseArgs({
  options: {
    desktop: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    port: { type: 'string' },
    // --smoke: seconds from loading the workbench page to the last check (10–20 s on a 2-core
    // machine, busy or not); installing and starting code-server before it are not counted.
    timeout: { type: 'string', default: '300' },
  },
});

function findOnPath(binary: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, binary))
    .find((file) => existsSync(file));
}

/** Desktop VS Code with the extension loaded from this repository (dist/ built). */
async function desktop(root: string): Promise<number> {
  const code = findOnPath('code');
  if (code === undefined) throw new Error('--desktop needs the `code` command on PATH (VS Code: "Shell Command: Install \'code\' command in PATH"); without --desktop the demo uses code-server');
  const args = ['--new-window', `--extensionDevelopmentPath=${root}`, join(root, 'samples')];
  console.log(`${code} ${args.join(' ')}`);
  const child = spawn(code, args, { stdio: 'inherit' });
  return new Promise((done) => child.on('exit', (status) => done(status ?? 1)));
}

/** The demo's code-server: the .vsix installed into a fresh sandbox, samples/ open. */
interface Demo {
  readonly install: CodeServerInstall;
  readonly sandbox: Sandbox;
  readonly running: RunningCodeServer;
  /** `publisher.name@version` as code-server lists it. */
  readonly listed: string;
  readonly workspace: string;
}

async function startDemo(root: string, sandboxLabel: string): Promise<Demo> {
  const vsix = vsixPath(root);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing; run \`npm run package\` first (npm run demo does)`);
  const install = await ensureCodeServer();
  const sandbox = createSandbox(sandboxLabel);
  onShutdown(async () => sandbox.remove()); // Ctrl-C; registered first, so it runs after the server stops
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { publisher: string; name: string };
  const listed = await installVsix(install, sandbox, vsix, `${manifest.publisher}.${manifest.name}`);
  const workspace = join(root, 'samples');
  const running = await startCodeServer(install, sandbox, {
    workspace,
    settings: DEMO_SETTINGS,
    ...(options.port === undefined ? {} : { port: Number(options.port) }),
  });
  return { install, sandbox, running, listed, workspace };
}

/** code-server with the .vsix installed, until Ctrl-C. */
async function server(root: string): Promise<number> {
  const { install, sandbox, running, listed, workspace } = await startDemo(root, 'demo');
  console.log(`\nEntropy Lens demo: ${listed} in code-server ${install.version}, samples/ open\n`);
  console.log(`  ${workbenchUrl(running, workspace)}\n`);
  console.log('Open that URL in a browser on this machine (from elsewhere: ssh -L <port>:127.0.0.1:<port> <host>).');
  console.log(`Press Ctrl-C to stop. Server log: ${running.logFile}`);
  await running.exited;
  // Ctrl-C ends the demo through the shutdown handlers, which exit for us.
  if (isShuttingDown()) return new Promise<number>(() => undefined);
  console.error('code-server exited unexpectedly; see the log above');
  sandbox.remove();
  return 1;
}

/**
 * The demo as `npm run demo` serves it, checked from a browser: exits 0 once the extension is
 * live, 1 with the failed step (screenshot and sandbox kept) otherwise, or after --timeout.
 */
async function smoke(root: string): Promise<number> {
  const timeoutSeconds = Number(options.timeout);
  if (!(timeoutSeconds > 0)) throw new Error(`--timeout takes seconds, e.g. --timeout 300 (got ${options.timeout})`);
  const started = Date.now();
  const seconds = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const log = (line: string): void => console.log(`demo smoke test: ${line} (${seconds()})`);
  const { install, sandbox, running, listed, workspace } = await startDemo(root, 'demo-smoke');
  log(`ok  ${listed} installed; code-server ${install.version} answers on ${running.url}`);
  const browser = await launchBrowser(sandbox);
  let step = 'loading the workbench';
  let timer: NodeJS.Timeout | undefined;
  let failure: string | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not done within ${timeoutSeconds} s`)), timeoutSeconds * 1000);
    });
    const checks = async (): Promise<void> => {
      await browser.page.goto(workbenchUrl(running, workspace));
      // After a timeout the checks may still be running until the browser closes: silence them.
      await smokeCheck(
        browser.page,
        (line) => failure === undefined && log(line),
        (name) => {
          step = name;
        },
      );
    };
    await Promise.race([checks(), timedOut]);
  } catch (error) {
    failure = `${step}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    const dir = testResultsDir('demo-smoke', root);
    mkdirSync(dir, { recursive: true });
    const shot = join(dir, 'failure.png');
    await browser.page.screenshot({ path: shot }).then(
      () => console.log(`demo smoke test: screenshot ${shot}`),
      () => undefined,
    );
  } finally {
    clearTimeout(timer);
    await browser.close();
    await running.stop();
  }
  if (failure !== undefined) {
    log(`FAIL ${failure}`);
    console.log(`demo smoke test: sandbox kept for inspection (code-server log ${running.logFile}): ${sandbox.root}`);
    return 1;
  }
  sandbox.remove();
  log('passed: the demo serves a working VS Code with Entropy Lens active; browser and code-server stopped');
  return 0;
}

async function main(): Promise<number> {
  const root = repoRoot();
  if (options.desktop) return desktop(root);
  return options.smoke ? smoke(root) : server(root);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
