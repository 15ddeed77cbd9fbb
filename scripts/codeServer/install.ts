// Installs code-server from the npm registry into the cache, offline-safe: nothing is fetched from
// GitHub or Microsoft. Reused when the version's stamp file is present; about a minute otherwise.
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { CODE_SERVER_VERSION, cacheRoot, codeServerDir, codeServerPrefix } from './paths';
import { onShutdown, runCommand, tail } from './processes';
import { ensureSystemPackages } from './systemPackages';

/** A usable code-server: its package folder and the script node runs. */
export interface CodeServerInstall {
  readonly version: string;
  readonly dir: string;
  readonly entry: string;
}

const STAMP = '.complete';

function log(message: string): void {
  process.stderr.write(`[code-server] ${message}\n`);
}

function entryOf(dir: string): string {
  return join(dir, 'out', 'node', 'entry.js');
}

/**
 * Returns a ready code-server, installing it first when the cache has none for this version and
 * Node ABI. Also makes sure Chromium is present. Throws an Error with a readable message (and the
 * tail of the install log) when something cannot be done.
 */
export async function ensureCodeServer(): Promise<CodeServerInstall> {
  const override = process.env.ENTROPY_LENS_CODE_SERVER_DIR;
  if (override !== undefined) {
    if (!existsSync(entryOf(override))) throw new Error(`ENTROPY_LENS_CODE_SERVER_DIR=${override} has no out/node/entry.js`);
    await ensureSystemPackages('runtime');
    return { version: 'custom', dir: override, entry: entryOf(override) };
  }
  const prefix = codeServerPrefix();
  const dir = codeServerDir(prefix);
  if (existsSync(join(prefix, STAMP)) && existsSync(entryOf(dir))) {
    await ensureSystemPackages('runtime');
    return { version: CODE_SERVER_VERSION, dir, entry: entryOf(dir) };
  }
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (CODE_SERVER_VERSION.startsWith('4.100.') && nodeMajor !== 20) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20 (this is ${process.version}); newer code-server releases need Node 22+`);
  }
  await ensureSystemPackages('build');
  await install(prefix);
  return { version: CODE_SERVER_VERSION, dir, entry: entryOf(dir) };
}

/** The install steps (see test/README.md for why each one is needed). */
async function install(prefix: string): Promise<void> {
  const started = Date.now();
  mkdirSync(cacheRoot(), { recursive: true });
  // Build beside the final folder and rename at the end: an interrupted install never looks
  // complete, and two runs installing at once cannot corrupt each other.
  sweepAbandonedInstalls(prefix);
  const work = mkdtempSync(`${prefix}.partial-`);
  const unregister = onShutdown(async () => rmSync(work, { recursive: true, force: true }));
  const logFile = join(cacheRoot(), `install-code-server-${CODE_SERVER_VERSION}.log`);
  writeFileSync(logFile, `install of code-server ${CODE_SERVER_VERSION} into ${prefix} (${new Date().toISOString()})\n`);
  log(`installing code-server ${CODE_SERVER_VERSION} from the npm registry into ${prefix} (about a minute; log: ${logFile})`);

  const env = npmEnvironment();
  const step = async (title: string, cwd: string, command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}, attempts = 2): Promise<void> => {
    log(title);
    for (let attempt = 1; ; attempt += 1) {
      appendFileSync(logFile, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
      const result = await runCommand(command, args, { cwd, env: { ...env, ...extraEnv } });
      appendFileSync(logFile, result.output);
      if (result.code === 0) return;
      if (attempt < attempts) {
        log(`  failed (exit ${result.code}); retrying once in 5 s in case the registry hiccupped`);
        await new Promise((done) => setTimeout(done, 5000));
        continue;
      }
      rmSync(work, { recursive: true, force: true });
      throw new Error(`code-server install step failed: ${title} (exit ${result.code})\n${tail(result.output, 30)}\nfull log: ${logFile}`);
    }
  };

  try {
    writeFileSync(join(work, 'package.json'), '{ "private": true }\n');
    const npmInstall = ['install', '--no-audit', '--no-fund', '--no-save'];
    // 1. code-server and its own dependencies, with every install script off: several of them
    //    would download binaries from GitHub.
    await step(`npm install code-server@${CODE_SERVER_VERSION}`, work, 'npm', [...npmInstall, '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`]);
    // 2. argon2 (used only for password auth) compiled here instead of a prebuilt download.
    await step('build argon2 from source', work, 'npm', ['rebuild', 'argon2'], { npm_config_build_from_source: 'argon2' });
    // 3. VS Code's runtime dependencies, what code-server's postinstall would install.
    const vscodeDir = join(codeServerDir(work), 'lib', 'vscode');
    await step('npm install in lib/vscode (scripts off)', vscodeDir, 'npm', [...npmInstall, '--omit=dev', '--ignore-scripts']);
    // 4. ripgrep from Debian: @vscode/ripgrep's postinstall (a GitHub download) skips itself
    //    when bin/ exists. A copy, so the cache does not depend on the package later.
    const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(rgBin, { recursive: true });
    copyFileSync(which('rg'), join(rgBin, 'rg'));
    // 5. The native modules (spdlog, node-pty, native-watchdog, kerberos, ...) built by node-gyp
    //    against this Node's headers. kerberos must not try its prebuild download; node-pty's
    //    postinstall runs `npx node-gyp`, which needs npx's yes.
    await step('npm rebuild in lib/vscode (native modules, ~30 s)', vscodeDir, 'npm', ['rebuild'], {
      npm_config_build_from_source: 'kerberos',
      npm_config_yes: 'true',
    });
    // 6. The links code-server's postinstall.sh makes.
    symlinkSync('node_modules', join(vscodeDir, 'node_modules.asar'));
    symlinkSync('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    symlinkSync('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
    // 7. The built-in extensions' shared dependency (typescript; its postinstall trims it).
    await step('npm install in lib/vscode/extensions', join(vscodeDir, 'extensions'), 'npm', [...npmInstall, '--omit=dev']);
    await smokeTest(work, vscodeDir, logFile);
    writeFileSync(join(work, STAMP), `${JSON.stringify({ version: CODE_SERVER_VERSION, node: process.version, installedAt: new Date().toISOString() })}\n`);
    publish(work, prefix);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  } finally {
    unregister();
  }
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s: ${codeServerDir(prefix)}`);
}

/**
 * npm settings for the install: node-gyp must compile against the headers of the Node we run
 * on (it would otherwise download them from nodejs.org), and nothing may prompt. The headers of
 * this very Node are always the right ones, so they win over any npmrc `nodedir`.
 */
function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_loglevel: process.env.npm_config_loglevel ?? 'error', CI: 'true' };
  if (env.npm_config_nodedir === undefined) {
    const nodePrefix = dirname(dirname(process.execPath));
    if (existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodePrefix;
    else log(`warning: no Node headers under ${nodePrefix}/include/node; node-gyp may try to download them`);
  }
  return env;
}

function which(binary: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, binary))) return join(dir, binary);
  }
  throw new Error(`${binary} is not on PATH`);
}

/** Loads the native modules and runs the server's --version, with XDG dirs kept out of $HOME. */
async function smokeTest(work: string, vscodeDir: string, logFile: string): Promise<void> {
  log('smoke test');
  const xdg = mkdtempSync(join(tmpdir(), 'entropy-lens-smoke-'));
  const env = { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, XDG_CACHE_HOME: xdg };
  const config = join(xdg, 'config.yaml');
  writeFileSync(config, '');
  const version = await runCommand(process.execPath, [entryOf(codeServerDir(work)), '--config', config, '--version'], { env });
  const modules = ['@vscode/spdlog', 'node-pty', 'native-watchdog', '@parcel/watcher', 'kerberos'];
  const script = `for (const m of ${JSON.stringify(modules)}) require(m);
    require('child_process').execFileSync(require('@vscode/ripgrep').rgPath, ['--version']);`;
  const natives = await runCommand(process.execPath, ['-e', script], { cwd: vscodeDir, env });
  rmSync(xdg, { recursive: true, force: true });
  appendFileSync(logFile, `\n$ smoke test\n${version.output}${natives.output}`);
  if (version.code !== 0 || !version.output.includes(CODE_SERVER_VERSION.split('-')[0] ?? CODE_SERVER_VERSION) || natives.code !== 0) {
    throw new Error(`code-server smoke test failed:\n${tail(version.output + natives.output, 30)}\nfull log: ${logFile}`);
  }
}

/** Removes `<prefix>.partial-*` folders left by installs killed hard more than two hours ago. */
function sweepAbandonedInstalls(prefix: string): void {
  const dir = dirname(prefix);
  const stem = `${basename(prefix)}.partial-`;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.startsWith(stem) && Date.now() - statSync(path).mtimeMs > 2 * 3600_000) rmSync(path, { recursive: true, force: true });
  }
}

/** Moves the finished install into place; if another run won the race, keeps theirs. */
function publish(work: string, prefix: string): void {
  if (existsSync(join(prefix, STAMP))) {
    rmSync(work, { recursive: true, force: true });
    return;
  }
  rmSync(prefix, { recursive: true, force: true }); // an old incomplete install
  try {
    renameSync(work, prefix);
  } catch (error) {
    if (!existsSync(join(prefix, STAMP))) throw error;
    rmSync(work, { recursive: true, force: true });
  }
}
