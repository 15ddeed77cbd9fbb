// The sample data files open in editors with their exact contents (the workspace is samples/).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('samples/ workspace', () => {
  test('is the open workspace folder', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0]?.name, 'samples');
  });

  test('every sample file opens in an editor with the bytes on disk', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'no workspace folder');
    const files = (await vscode.workspace.fs.readDirectory(folder))
      .filter(([, type]) => type === vscode.FileType.File)
      .map(([name]) => name)
      .sort();
    assert.ok(files.length > 0, 'samples/ is empty');
    for (const name of files) {
      const uri = vscode.Uri.joinPath(folder, name);
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const editor = await vscode.window.showTextDocument(uri, { preview: false });
      assert.equal(editor.document.uri.toString(), uri.toString());
      assert.equal(editor.document.getText(), onDisk, `${name} differs from the file on disk`);
      assert.ok(editor.document.lineCount > 1, `${name} opened with ${editor.document.lineCount} line(s)`);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
