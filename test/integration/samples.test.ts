// The sample data files open in editors with their exact contents (the workspace is samples/).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('samples/ workspace', () => {
  test('is the open workspace folder', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0]?.name, 'samples');
  });

  test('every text sample opens in an editor with the bytes on disk; the binary ones analyse from disk', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'no workspace folder');
    const files = (await vscode.workspace.fs.readDirectory(folder))
      .filter(([, type]) => type === vscode.FileType.File)
      .map(([name]) => name)
      .sort();
    assert.ok(files.length > 0, 'samples/ is empty');
    // Parquet, Arrow and NumPy samples are not text documents: Analyze File on Disk reads them.
    const binary = files.filter((name) => /\.(parquet|arrow|feather|npz|npy)$/.test(name));
    assert.ok(binary.length > 0, 'no binary sample');
    for (const name of binary) {
      const result = (await vscode.commands.executeCommand('entropyLens.analyzeFileOnDisk', vscode.Uri.joinPath(folder, name))) as { ok?: boolean; rows?: number };
      assert.notEqual(result.ok, false, `${name} was not analysed`);
      assert.ok((result.rows ?? 0) > 0, `${name} gave no rows`);
    }
    for (const name of files.filter((file) => !binary.includes(file))) {
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
