// Rows in a real VS Code: the hover on a row whose p(true) was clipped and on tied rows, the
// information entry in Problems, Next Worst Row walking a tie row by row, Export Per-Row Losses'
// file and message, a selection inside one line not narrowing Analyze (and whole lines doing so,
// "selection: N rows" in the status bar), and results coming back when the unchanged file is reopened.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { analyzed, close, diagnosticsChanged, entropyLens, nextAnalysis, setSetting, show } from './entropyLens';

/** Six transactions: p(fraud) 0 for a fraud (clipped to ε), three rows tied at p(true) 0.8, two perfect rows. */
const CLIPPED_CSV = ['transaction_id,is_fraud,p_fraud', 'tx_00ab10,1,0', 'tx_00ab11,0,0.2', 'tx_00ab12,1,0.8', 'tx_00ab13,0,0', 'tx_00ab14,0,0.2', 'tx_00ab15,1,1', ''].join('\n');
const EPSILON = 2.220446049250313e-16;

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

async function hoverAt(uri: vscode.Uri, line: number): Promise<string> {
  return hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 3)));
}

/** Resolves once VS Code has closed the document of `uri` (its explicit signal). */
function documentClosed(uri: vscode.Uri): Promise<void> {
  return new Promise((resolve) => {
    const subscription = vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.uri.toString() !== uri.toString()) return;
      subscription.dispose();
      resolve();
    });
  });
}

/** Resolves after the next selection change of `editor` (the status bar updates on the same event, before this listener). */
function selectionChanged(editor: vscode.TextEditor): Promise<void> {
  return new Promise((resolve) => {
    const subscription = vscode.window.onDidChangeTextEditorSelection((event) => {
      if (event.textEditor !== editor) return;
      subscription.dispose();
      resolve();
    });
  });
}

suite('Entropy Lens: clipped and tied rows, export, selection, reopen', () => {
  let dir = '';
  let uri = vscode.Uri.file('/');

  suiteSetup(async () => {
    await entropyLens();
    await setSetting('logBase', 'e');
    dir = mkdtempSync(join(tmpdir(), 'entropy-lens-rows-'));
    const path = join(dir, 'transactions.csv');
    writeFileSync(path, CLIPPED_CSV);
    uri = vscode.Uri.file(path);
  });
  suiteTeardown(async () => {
    await setSetting('logBase', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  test('the hover on a row whose p(true) is 0 says it was clipped to ε, with the id; Problems has an information entry', async () => {
    await show(uri);
    const result = await analyzed('entropyLens.analyze', uri);
    assert.equal(result.analysis.rows.idColumn, 'transaction_id');
    const text = await hoverAt(uri, 1);
    assert.match(text, /row 1 \(line 2\) · transaction\\_id `tx_00ab10`/);
    assert.match(text, /p\(true\) 0, clipped to ε = 2\.22045e-16/);
    const loss = /\*\*([0-9.]+) nats\*\*/.exec(text);
    assert.ok(loss, `no loss in hover: ${text}`);
    close(Number(loss[1]), -Math.log(EPSILON), 1e-5, 'clipped loss (6 digits shown)');
    await diagnosticsChanged(uri, () => vscode.languages.getDiagnostics(uri).length > 0);
    const zero = vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'true-class-probability-zero');
    assert.equal(zero.length, 1, 'one information entry for the one row whose true class has probability 0');
    assert.equal(zero[0]?.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(zero[0]?.range.start.line, 1);
  });

  test('tied rows share a rank and say so; a perfect row is the lowest loss, not "worst N %"', async () => {
    for (const line of [2, 3, 5]) assert.match(await hoverAt(uri, line), /rank 2 of 6, tied with 2 other rows/);
    const perfect = await hoverAt(uri, 4);
    assert.match(perfect, /p\(true\) 1, clipped to 1 − ε/);
    assert.match(perfect, /a perfect prediction \(p\(true\) = 1\) · the lowest loss, shared with 1 other row/);
    assert.doesNotMatch(perfect, /worst \d/);
  });

  test('Go to Worst Row and Next Worst Row walk a tie row by row, each reporting the shared rank', async () => {
    type Row = { row: number; rank: number; tied: number; position: number };
    const walk: [number, number, number, number][] = [];
    const first = await vscode.commands.executeCommand<Row>('entropyLens.goToWorstRow', uri);
    walk.push([first.row, first.rank, first.tied, first.position]);
    for (let k = 0; k < 5; k++) {
      const next = await vscode.commands.executeCommand<Row>('entropyLens.nextWorstRow', uri);
      walk.push([next.row, next.rank, next.tied, next.position]);
    }
    assert.deepEqual(walk, [
      [0, 1, 1, 1],
      [1, 2, 3, 2],
      [2, 2, 3, 3],
      [4, 2, 3, 4],
      [3, 5, 2, 5],
      [5, 5, 2, 6],
    ]);
    // The hover's "Next worst row" link passes its row: from the middle of the tie to its next row.
    const fromHover = await vscode.commands.executeCommand<Row>('entropyLens.nextWorstRow', uri, 2);
    assert.equal(fromHover.row, 4);
  });

  test('Export Per-Row Losses writes ids, labels, model, p(true) and the loss in nats, and says where it wrote', async () => {
    const path = join(dir, 'out.losses.csv');
    const before = readFileSync(uri.fsPath, 'utf8');
    const exported = await vscode.commands.executeCommand<{ ok: boolean; path: string; rows: number; message: string }>('entropyLens.exportPerRowLosses', uri, { path });
    assert.deepEqual([exported.ok, exported.path, exported.rows], [true, path, 6]);
    assert.equal(exported.message, `Wrote 6 rows to ${path}.`);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], 'row,line,transaction_id,label,status,model,p_true,loss_nats,rank,tied');
    assert.equal(lines[1], `1,2,tx_00ab10,1,scored,p_fraud,0,${-Math.log(EPSILON)},1,1`);
    assert.equal(lines[3], `3,4,tx_00ab12,1,scored,p_fraud,0.8,${-Math.log(0.8)},2,3`);
    assert.equal(lines.length, 7);
    assert.equal(readFileSync(uri.fsPath, 'utf8'), before, 'the data file must never change');
  });

  test('a selection inside one line does not narrow Analyze; whole lines do, and the status bar says "selection: N rows"', async () => {
    const api = await entropyLens();
    const editor = await show(uri);
    let changed = selectionChanged(editor);
    editor.selection = new vscode.Selection(2, 3, 2, 8);
    await changed;
    assert.doesNotMatch(api.statusBarText(), /selection/);
    const whole = await analyzed('entropyLens.analyze', uri);
    assert.equal(whole.rows, 6, 'a word selected inside one line must not narrow the analysis to its row');
    assert.equal(whole.analysis.selection, null);
    changed = selectionChanged(editor);
    editor.selection = new vscode.Selection(2, 0, 4, 0);
    await changed;
    assert.match(api.statusBarText(), /selection: 2 rows, mean 0\.223144 nats/);
    const selected = await analyzed('entropyLens.analyze', uri);
    assert.equal(selected.rows, 2);
    assert.deepEqual(selected.analysis.selection, { startLine: 2, endLine: 3 });
    changed = selectionChanged(editor);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await changed;
    await analyzed('entropyLens.analyze', uri);
  });

  test('closing the file drops its results; reopening it unchanged brings them back (hover and Problems too)', async () => {
    const api = await entropyLens();
    // A file of its own, opened the way the user opens one (the workbench, not openTextDocument,
    // whose reference keeps a document open for minutes after its editor closes).
    const path = join(dir, 'reopened.csv');
    writeFileSync(path, CLIPPED_CSV);
    const file = vscode.Uri.file(path);
    await vscode.commands.executeCommand('vscode.open', file);
    const first = await analyzed('entropyLens.analyze', file);
    assert.equal(first.rows, 6);
    const closed = documentClosed(file);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await closed;
    assert.equal(api.result(file), undefined, 'results are dropped on close');
    await diagnosticsChanged(file, () => vscode.languages.getDiagnostics(file).length === 0);
    const restored = nextAnalysis(api, file);
    await vscode.commands.executeCommand('vscode.open', file);
    const event = await restored;
    assert.equal(event.outcome.kind, 'result');
    assert.equal(event.restored, true, 'the kept result comes back without a new analysis');
    const result = api.result(file);
    assert.ok(result);
    assert.equal(result.rows.count, 6);
    assert.equal(api.isStale(file), false);
    assert.equal(result.documentVersion, vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString())?.version);
    assert.match(await hoverAt(file, 1), /clipped to ε/);
    await diagnosticsChanged(file, () => vscode.languages.getDiagnostics(file).some((d) => d.code === 'true-class-probability-zero'));
  });

  test('a language change (VS Code closes and reopens the document) keeps the results', async () => {
    const api = await entropyLens();
    const editor = await show(uri);
    await analyzed('entropyLens.analyze', uri);
    let restored = nextAnalysis(api, uri);
    const plain = await vscode.languages.setTextDocumentLanguage(editor.document, 'plaintext');
    assert.equal((await restored).restored, true);
    restored = nextAnalysis(api, uri);
    await vscode.languages.setTextDocumentLanguage(plain, 'csv');
    assert.equal((await restored).restored, true);
    assert.match(await hoverAt(uri, 2), /rank 2 of 6, tied with 2 other rows/);
  });
});
