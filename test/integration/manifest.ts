// The extension's own package.json as the tests see it (read from the repo, never hard-coded), so
// checks on commands and ids grow with the manifest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/codeServer/paths';

/** The parts of package.json the integration tests look at. */
export interface Manifest {
  readonly name: string;
  readonly publisher: string;
  readonly contributes?: { readonly commands?: readonly { readonly command: string; readonly title: string; readonly category?: string }[] };
}

/** The repository root (the extensionDevelopmentPath). */
export const ROOT = repoRoot(__dirname);

/** package.json of the extension under test. */
export const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** `publisher.name`, the id VS Code knows the extension by. */
export const EXTENSION_ID = `${MANIFEST.publisher}.${MANIFEST.name}`;
