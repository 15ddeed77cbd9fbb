// Debian packages the harness needs (Chromium for the browser side; ripgrep, the Kerberos headers
// and a C++ toolchain to build code-server's native modules). Installed with apt when we are root,
// otherwise the exact command to run is printed.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CHROMIUM_PATH } from './paths';
import { runCommand, tail } from './processes';

/** One Debian package and how to tell that what we need from it is present. */
interface Requirement {
  readonly debianPackage: string;
  readonly neededFor: string;
  isPresent(): boolean;
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, binary)));
}

/** Everything the harness needs; `runtime` marks what a run still needs after code-server is cached. */
const REQUIREMENTS: readonly (Requirement & { readonly runtime: boolean })[] = [
  { debianPackage: 'chromium', neededFor: 'the headless browser', runtime: true, isPresent: () => existsSync(CHROMIUM_PATH) },
  { debianPackage: 'ripgrep', neededFor: "VS Code's search (copied into the cache)", runtime: false, isPresent: () => onPath('rg') },
  {
    debianPackage: 'libkrb5-dev',
    neededFor: 'building the kerberos native module',
    runtime: false,
    isPresent: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h'),
  },
  { debianPackage: 'build-essential', neededFor: 'node-gyp builds', runtime: false, isPresent: () => onPath('g++') && onPath('make') },
  { debianPackage: 'python3', neededFor: 'node-gyp builds', runtime: false, isPresent: () => onPath('python3') },
];

function log(message: string): void {
  process.stderr.write(`[harness] ${message}\n`);
}

function aptListsPresent(): boolean {
  try {
    return readdirSync('/var/lib/apt/lists').some((name) => name.endsWith('_Packages') || name.includes('_Packages.'));
  } catch {
    return false;
  }
}

async function aptGet(args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const result = await runCommand('apt-get', args, { env, ownGroup: false });
  return { ok: result.code === 0, output: result.output };
}

/**
 * Makes sure the Debian packages are installed: everything when code-server must be built
 * (`scope: 'build'`), only Chromium when it is already cached (`scope: 'runtime'`). As root it runs
 * apt-get (with `apt-get update` first only when the package lists are missing, or after a failed
 * install); otherwise it throws an error that names the exact command to run.
 */
export async function ensureSystemPackages(scope: 'build' | 'runtime'): Promise<void> {
  const missing = REQUIREMENTS.filter((r) => (scope === 'build' || r.runtime) && !r.isPresent());
  if (missing.length === 0) return;
  const names = missing.map((r) => r.debianPackage);
  const why = missing.map((r) => `  ${r.debianPackage}: ${r.neededFor}`).join('\n');
  const command = `apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}`;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(`missing Debian packages:\n${why}\nInstall them with:\n  sudo sh -c '${command}'`);
  }
  log(`apt-get install ${names.join(' ')}`);
  const install = ['install', '-y', '-q', '--no-install-recommends', ...names];
  if (!aptListsPresent()) {
    log('apt package lists are missing: apt-get update');
    await aptGet(['update', '-q']);
  }
  let result = await aptGet(install);
  if (!result.ok) {
    log('apt-get install failed; running apt-get update and trying once more');
    const update = await aptGet(['update', '-q']);
    if (!update.ok) log(`apt-get update failed:\n${tail(update.output, 10)}`);
    result = await aptGet(install);
  }
  const stillMissing = missing.filter((r) => !r.isPresent()).map((r) => r.debianPackage);
  if (!result.ok || stillMissing.length > 0) {
    throw new Error(`could not install Debian packages ${stillMissing.join(' ') || names.join(' ')}:\n${tail(result.output, 20)}`);
  }
}
