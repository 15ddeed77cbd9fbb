// The extension loads from the build in a real VS Code: it is present, activates, and registers
// every command its manifest contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, MANIFEST, ROOT } from './manifest';

suite('Entropy Lens extension', () => {
  test('is present, loaded from the repository under development', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.equal(extension.extensionUri.fsPath, ROOT);
  });

  test('activates without throwing', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('registers every command its package.json contributes', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (MANIFEST.contributes?.commands ?? []).map((c) => c.command);
    const missing = contributed.filter((id) => !registered.has(id));
    assert.ok(missing.length === 0, `contributed but not registered after activation: ${missing.join(', ')}`);
  });
});
