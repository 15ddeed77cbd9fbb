// Starts code-server for one run: loopback only, a free port, and user data, extensions, XDG
// dirs and logs all inside one temporary sandbox; stops its whole process group afterwards.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeServerInstall } from './install';
import { killGroup, onShutdown, runCommand, tail, trackProcessGroup } from './processes';

/** A temporary folder holding everything one run writes (kept on failure for inspection). */
export interface Sandbox {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Redirected XDG dirs: code-server's coder-logs, VS Code's device id, Chromium's crash dir. */
  readonly xdgEnv: Readonly<Record<'XDG_CONFIG_HOME' | 'XDG_DATA_HOME' | 'XDG_CACHE_HOME', string>>;
  /** Removes the folder. */
  remove(): void;
}

/** Sandboxes kept after failures are removed by later runs once they are a day old. */
const KEPT_SANDBOX_MAX_AGE_MS = 24 * 3600_000;

/** Creates a sandbox under the OS temp dir, named after the suite that uses it. */
export function createSandbox(label: string): Sandbox {
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (name.startsWith(`entropy-lens-${label}-`) && Date.now() - statSync(path).mtimeMs > KEPT_SANDBOX_MAX_AGE_MS) {
      rmSync(path, { recursive: true, force: true });
    }
  }
  const root = mkdtempSync(join(tmpdir(), `entropy-lens-${label}-`));
  const dir = (...parts: string[]): string => {
    const path = join(root, ...parts);
    mkdirSync(path, { recursive: true });
    return path;
  };
  return {
    root,
    userDataDir: dir('user-data'),
    extensionsDir: dir('extensions'),
    xdgEnv: { XDG_CONFIG_HOME: dir('xdg', 'config'), XDG_DATA_HOME: dir('xdg', 'data'), XDG_CACHE_HOME: dir('xdg', 'cache') },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** User settings for tests: quick hovers, no welcome page, no network lookups, no prompts. */
export const TEST_SETTINGS: Readonly<Record<string, unknown>> = {
  'editor.hover.delay': 150,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
};

/** Settings for `npm run demo`: quiet, but the editor behaves as a user's would. */
export const DEMO_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
};

/**
 * Environment for code-server: the marketplace off (EXTENSIONS_GALLERY='{}', so the workbench
 * makes no open-vsx.org lookups) and the XDG dirs inside the sandbox, so nothing lands in $HOME.
 */
export function codeServerEnv(sandbox: Sandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, EXTENSIONS_GALLERY: '{}', ...extra, ...sandbox.xdgEnv };
}

function configFile(sandbox: Sandbox): string {
  // An empty --config keeps code-server from writing ~/.config/code-server/config.yaml.
  const file = join(sandbox.root, 'code-server.yaml');
  if (!existsSync(file)) writeFileSync(file, '');
  return file;
}

function baseArgs(install: CodeServerInstall, sandbox: Sandbox): string[] {
  return [install.entry, '--config', configFile(sandbox), '--extensions-dir', sandbox.extensionsDir, '--user-data-dir', sandbox.userDataDir];
}

/** Runs the code-server CLI once (e.g. `--install-extension x.vsix`) and returns its output. */
export async function codeServerCli(install: CodeServerInstall, sandbox: Sandbox, args: readonly string[]): Promise<string> {
  const result = await runCommand(process.execPath, [...baseArgs(install, sandbox), ...args], { env: codeServerEnv(sandbox) });
  if (result.code !== 0) throw new Error(`code-server ${args.join(' ')} failed (exit ${result.code}):\n${tail(result.output)}`);
  return result.output;
}

/**
 * Installs a .vsix into the sandbox's extensions dir and checks that code-server now lists
 * `extensionId@version`; returns the listing line.
 */
export async function installVsix(install: CodeServerInstall, sandbox: Sandbox, vsix: string, extensionId: string): Promise<string> {
  await codeServerCli(install, sandbox, ['--install-extension', vsix]);
  const listed = await codeServerCli(install, sandbox, ['--list-extensions', '--show-versions']);
  const line = listed.split('\n').find((l) => l.toLowerCase().startsWith(`${extensionId.toLowerCase()}@`));
  if (line === undefined) throw new Error(`${vsix} installed, but code-server does not list ${extensionId}:\n${listed}`);
  return line.trim();
}

/** A free TCP port on 127.0.0.1 (the window before code-server binds it is tiny; see retry below). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A code-server we started; `stop()` is idempotent and ends the whole process group. */
export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly logFile: string;
  /** Settles when the server process exits, for whatever reason. */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

/** Options for {@link startCodeServer}. */
export interface StartOptions {
  /** Folder opened by default (the workbench URL's `folder` chooses too). */
  readonly workspace?: string;
  /** User settings; {@link TEST_SETTINGS} when omitted. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra environment; it reaches the extension host (and so the tests running in it). */
  readonly env?: NodeJS.ProcessEnv;
  /** A fixed port; a free one when omitted. */
  readonly port?: number;
  readonly timeoutMs?: number;
}

/**
 * Starts code-server on 127.0.0.1 (no auth, telemetry and update checks off, workspace trust off)
 * and resolves once /healthz answers. It runs in its own process group, so stopping it also ends
 * the extension host and pty host it forks; the group is killed on Ctrl-C/SIGTERM and on exit too.
 */
export async function startCodeServer(install: CodeServerInstall, sandbox: Sandbox, options: StartOptions = {}): Promise<RunningCodeServer> {
  mkdirSync(join(sandbox.userDataDir, 'User'), { recursive: true });
  writeFileSync(join(sandbox.userDataDir, 'User', 'settings.json'), `${JSON.stringify(options.settings ?? TEST_SETTINGS, null, 2)}\n`);
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(install, sandbox, options, port, attempt);
    } catch (error) {
      const addressInUse = error instanceof Error && error.message.includes('EADDRINUSE');
      if (!addressInUse || options.port !== undefined || attempt >= 3) throw error;
    }
  }
}

async function launch(install: CodeServerInstall, sandbox: Sandbox, options: StartOptions, port: number, attempt: number): Promise<RunningCodeServer> {
  const logFile = join(sandbox.root, `code-server${attempt > 1 ? `-${attempt}` : ''}.log`);
  const logFd = openSync(logFile, 'a');
  const args = [
    ...baseArgs(install, sandbox),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  if (options.workspace !== undefined) args.push(options.workspace);
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', logFd, logFd],
    env: codeServerEnv(sandbox, options.env),
    detached: true, // its own process group: see stop()
  });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn code-server');
  const untrack = trackProcessGroup(pid);
  let exited = false;
  const exitedPromise = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      done();
    }),
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
      await exitedPromise;
      clearTimeout(timer);
      killGroup(pid, 'SIGKILL'); // the extension host can outlive its parent for a moment
      untrack();
      unregister();
    })();
    return stopping;
  };
  const unregister = onShutdown(stop);

  const url = `http://127.0.0.1:${port}/`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited during start-up; log ${logFile}:\n${tail(readFileSync(logFile, 'utf8'))}`);
    }
    try {
      const response = await fetch(new URL('healthz', url));
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms; log ${logFile}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { url, port, pid, logFile, exited: exitedPromise, stop };
}

/** One `payload` entry of the workbench URL, e.g. ['extensionDevelopmentPath', uri]. */
export type WorkbenchPayload = readonly (readonly [string, string])[];

/** The workbench URL opening `folder` (a path on the server), with an optional payload. */
export function workbenchUrl(server: RunningCodeServer, folder?: string, payload?: WorkbenchPayload): string {
  const url = new URL(server.url);
  if (folder !== undefined) url.searchParams.set('folder', folder);
  if (payload !== undefined) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/**
 * A `vscode-remote://host:port/abs/path` URI for a file on the server: with it, the browser
 * workbench loads extensions and test runners into the server's Node extension host.
 */
export function remoteUri(server: RunningCodeServer, absolutePath: string): string {
  const authority = new URL(server.url).host;
  return `vscode-remote://${authority}${absolutePath.split('/').map(encodeURIComponent).join('/')}`;
}
