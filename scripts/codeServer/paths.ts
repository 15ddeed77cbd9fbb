// Where the test harness finds things: the repository, the code-server cache, Chromium, the
// packaged .vsix and the test-results folder. Every location can be overridden by one env var.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** code-server 4.100.3 = VS Code 1.100.3, the newest release whose engines accept Node 20. */
export const CODE_SERVER_VERSION = process.env.ENTROPY_LENS_CODE_SERVER_VERSION ?? '4.100.3';

/** Debian's Chromium (apt-get install chromium); playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The repository root: the nearest folder above `from` whose package.json is entropy-lens. */
export function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'entropy-lens') {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no entropy-lens package.json above ${from}`);
    dir = parent;
  }
}

/** Root of the harness cache: $ENTROPY_LENS_CACHE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/entropy-lens. */
export function cacheRoot(): string {
  return process.env.ENTROPY_LENS_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'entropy-lens');
}

/**
 * The folder one code-server install lives in. Keyed by the code-server version and by Node's
 * module ABI, because the native modules inside are compiled for this Node.
 */
export function codeServerPrefix(version: string = CODE_SERVER_VERSION): string {
  return join(cacheRoot(), `code-server-${version}-node-abi${process.versions.modules}`);
}

/** The code-server package folder inside an install prefix. */
export function codeServerDir(prefix: string = codeServerPrefix()): string {
  return process.env.ENTROPY_LENS_CODE_SERVER_DIR ?? join(prefix, 'node_modules', 'code-server');
}

/** The .vsix that `npm run package` writes and the UI suite installs. */
export function vsixPath(root: string = repoRoot()): string {
  return join(root, 'out', 'entropy-lens.vsix');
}

/** Screenshots and logs worth keeping after a run (git-ignored). */
export function testResultsDir(suite: string, root: string = repoRoot()): string {
  return join(root, 'test-results', suite);
}
