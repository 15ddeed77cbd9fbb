// Guards the panel's rule that data reaches the DOM only as text: no HTML-parsing sinks anywhere
// in the webview source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../../src/webview');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
}

describe('webview renders data as text', () => {
  it('uses no HTML-parsing DOM sinks (innerHTML, outerHTML, insertAdjacentHTML, document.write, eval)', () => {
    const files = sources(root);
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.filter((file) => /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
