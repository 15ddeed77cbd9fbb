// `npm run test:ui`: the UI suite. Installs the packaged .vsix into a fresh code-server, opens
// samples/ in headless Chromium and runs every scenario in scenarios/ against the live workbench.
// Prints one line per scenario, then `N passed, N failed`; exits 1 on any failure.
//
//   node out/test/e2e/run.js [--grep text] [--keep] [--vsix path]
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../../scripts/codeServer/browser';
import { ensureCodeServer } from '../../scripts/codeServer/install';
import { repoRoot, testResultsDir, vsixPath } from '../../scripts/codeServer/paths';
import { onShutdown } from '../../scripts/codeServer/processes';
import { selfTestFailRequested } from '../../scripts/codeServer/selfTest';
import { createSandbox, installVsix, startCodeServer, workbenchUrl } from '../../scripts/codeServer/server';
import type { ExtensionManifest } from './manifest';
import { extensionId } from './manifest';
import type { Scenario, ScenarioContext } from './scenario';
import { closeAllEditors, dismissOverlays, waitForWorkbench } from './workbench';

const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
    vsix: { type: 'string' },
  },
});

/** A scenario and the file it came from (which names its screenshots). */
interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
}

/** The bundled scenarios/*.js in file-name order (filtered by --grep), after the self-test failure when requested. */
function loadScenarios(): LoadedScenario[] {
  const dir = join(__dirname, 'scenarios');
  const loaded = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- scenarios are found at run time, loaded synchronously
      const module = require(join(dir, name)) as { scenario?: Scenario };
      if (module.scenario === undefined) throw new Error(`test/e2e/scenarios/${name.replace(/\.js$/, '.ts')} does not export \`scenario\``);
      return { file: name.replace(/\.js$/, ''), scenario: module.scenario };
    });
  const selected = loaded.filter(({ scenario }) => options.grep === undefined || scenario.name.includes(options.grep));
  // The self-test runs first (whatever --grep says), so the recovery after a failure is exercised too.
  if (selfTestFailRequested('ui')) {
    selected.unshift({
      file: 'selfTest',
      scenario: {
        name: 'self-test: a deliberately broken assertion fails the UI suite',
        run: () => Promise.reject(new Error('ENTROPY_LENS_SELFTEST_FAIL asked for this failure')),
      },
    });
  }
  return selected;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

async function main(): Promise<number> {
  const root = repoRoot();
  const vsix = options.vsix ?? vsixPath(root);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing; run \`npm run package\` first`);
  const scenarios = loadScenarios();
  const resultsDir = testResultsDir('ui', root);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const workspace = join(root, 'samples');

  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const install = await ensureCodeServer();
  const sandbox = createSandbox('ui');
  onShutdown(async () => sandbox.remove()); // Ctrl-C: nothing worth keeping
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as ExtensionManifest;
  const listed = await installVsix(install, sandbox, vsix, extensionId(pkg));
  // Scenarios read the manifest that was installed, i.e. what the .vsix really contains.
  const installedDir = join(sandbox.extensionsDir, `${extensionId(pkg)}-${pkg.version}`.toLowerCase());
  const manifest = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8')) as ExtensionManifest;
  console.log(`UI suite: ${basename(vsix)} installed as ${listed} in code-server ${install.version} (${elapsed()})`);

  const server = await startCodeServer(install, sandbox, { workspace });
  const browser = await launchBrowser(sandbox);
  const { page } = browser;
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const outcomes: { name: string; ok: boolean }[] = [];
  try {
    const url = workbenchUrl(server, workspace);
    await page.goto(url);
    try {
      await waitForWorkbench(page);
      await page.screenshot({ path: join(resultsDir, 'workbench.png') });
      console.log(`  ok    the workbench opens samples/ (${elapsed()})`);
      outcomes.push({ name: 'the workbench opens samples/', ok: true });
    } catch (error) {
      await page.screenshot({ path: join(resultsDir, 'workbench-failure.png') }).catch(() => undefined);
      console.log(`  FAIL  the workbench opens samples/: ${firstLine(error)} (server log ${server.logFile})`);
      console.log(`        ${scenarios.length} scenario(s) not run`);
      outcomes.push({ name: 'the workbench opens samples/', ok: false });
    }
    let usable = outcomes.every((o) => o.ok);
    for (const { file, scenario } of scenarios) {
      if (!usable) break;
      const notes: string[] = [];
      const context: ScenarioContext = {
        page,
        workspace,
        userSettingsFile: join(sandbox.userDataDir, 'User', 'settings.json'),
        manifest,
        screenshot: async (name) => {
          const path = join(resultsDir, `${file}-${name}.png`);
          await page.screenshot({ path });
          return path;
        },
        note: (message) => notes.push(message),
      };
      try {
        await dismissOverlays(page);
        await closeAllEditors(page);
        const detail = await withTimeout(scenario.run(context), scenario.timeoutMs ?? 60_000, scenario.name);
        console.log(`  ok    ${scenario.name}${detail ? ` — ${detail}` : ''} (${elapsed()})`);
        outcomes.push({ name: scenario.name, ok: true });
      } catch (error) {
        const shot = join(resultsDir, `${file}-failure.png`);
        await page.screenshot({ path: shot }).catch(() => undefined);
        console.log(`  FAIL  ${scenario.name}: ${firstLine(error)} (${elapsed()}; screenshot ${shot})`);
        const rest = (error instanceof Error ? error.message : '').split('\n').slice(1, 8).join('\n');
        if (rest) console.log(rest.replace(/^/gm, '        '));
        outcomes.push({ name: scenario.name, ok: false });
        // A failed (or timed-out, still running) scenario may leave anything behind: reload the
        // workbench so the next one starts clean.
        usable = await page
          .goto(url)
          .then(() => waitForWorkbench(page))
          .then(
            () => true,
            (reloadError: unknown) => {
              console.log(`        the workbench did not reload (${firstLine(reloadError)}); remaining scenarios not run`);
              return false;
            },
          );
      }
      for (const message of notes) console.log(`        note: ${message}`);
    }
  } finally {
    await browser.close();
    await server.stop();
    const failed = outcomes.some((o) => !o.ok);
    if (pageErrors.length > 0) console.log(`  ${pageErrors.length} uncaught error(s) in the page, first: ${pageErrors[0]}`);
    if (failed || options.keep) console.log(`  sandbox kept (code-server log, profile): ${sandbox.root}`);
    else sandbox.remove();
  }
  return report(outcomes, elapsed(), resultsDir);
}

function report(outcomes: readonly { ok: boolean }[], elapsed: string, resultsDir: string): number {
  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  console.log(`  screenshots: ${resultsDir}`);
  console.log(`${passed} passed, ${failed} failed (UI suite, ${elapsed})`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`UI suite: ${error instanceof Error ? error.message : String(error)}`);
    console.log('0 passed, 1 failed (UI suite could not run)');
    process.exit(1);
  },
);
