// The editor side in a real VS Code: the loss hover, Problems diagnostics with exact ranges and
// quick fixes, status bar, heat, worst-row navigation, selection-only analysis, staleness and
// re-analysis, cancel, a crashing worker, export, Clear Results.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandFailure } from '../../src/host/commandResults';
import { analyzed, BITS, close, diagnosticsChanged, entropyLens, fixtureUri, nextAnalysis, REFERENCE, sampleUri, setSetting, show } from './entropyLens';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

const PROBABILITY_COLUMNS = { label: 'label', models: [{ name: 'p', kind: 'probabilities', columns: ['p_cat', 'p_dog', 'p_horse'] }] };

suite('Entropy Lens: hover, diagnostics and the editor', () => {
  suiteSetup(async () => {
    await entropyLens();
    await setSetting('logBase', '2');
  });
  suiteTeardown(async () => {
    await setSetting('logBase', undefined);
    await setSetting('hover.enabled', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('activation is cheap: activate() starts no worker (it starts on first use)', async () => {
    const api = await entropyLens();
    console.log(`      activate() took ${api.activationMs.toFixed(1)} ms`);
    assert.equal(api.workersStartedByActivation, 0);
  });

  test('the hover on row 3 of the 10-point sample shows its fitted loss, rank and margin', async () => {
    const uri = sampleUri('logistic-10-points.csv');
    await show(uri);
    await analyzed('entropyLens.analyze', uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, 2));
    const text = hoverText(hovers);
    assert.match(text, /row 3 \(line 4\)/);
    const loss = /fitted log loss: \*\*([0-9.]+) bits\*\*/.exec(text);
    assert.ok(loss, `no loss in hover: ${text}`);
    close(Number(loss[1]), REFERENCE.tenPoints.rowNats[2] / BITS, 5e-6, 'row 3 loss (6 digits shown)');
    assert.match(text, /worst 20 % \(rank 2 of 10\)/);
    assert.match(text, /margin −0\.122012 \(misclassified\)/);
    assert.match(text, /command:entropyLens\.showResultsPanel/);
    const header = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 1));
    assert.equal(hoverText(header).includes('Entropy Lens'), false, 'the header row has no loss hover');
  });

  test('the hover works on JSON array elements: row 3 of the binary JSON costs 0.736966 bits', async () => {
    const uri = sampleUri('binary-predictions.json');
    await show(uri);
    await analyzed('entropyLens.analyze', uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, 10));
    const text = hoverText(hovers);
    assert.match(text, /row 3 \(line 4\)/);
    assert.match(text, /label `0` · p\(true\) 0\.6/);
    assert.match(text, /\*\*0\.736966 bits\*\* · worst 25 % \(rank 1 of 4\)/);
    const bracket = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 0));
    assert.equal(hoverText(bracket).includes('Entropy Lens'), false, 'the opening bracket is no row');
  });

  test('Toggle Loss Hover turns the hover off and on again', async () => {
    const uri = sampleUri('logistic-10-points.csv');
    const off = await vscode.commands.executeCommand<{ enabled: boolean }>('entropyLens.toggleLossHover');
    assert.equal(off.enabled, false);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, 2));
    assert.equal(hoverText(hovers).includes('Entropy Lens'), false);
    const on = await vscode.commands.executeCommand<{ enabled: boolean }>('entropyLens.toggleLossHover');
    assert.equal(on.enabled, true);
  });

  test('diagnostics of the malformed fixture match exactly: range, severity, code, message', async () => {
    const uri = fixtureUri('malformed.csv');
    await show(uri);
    const result = await analyzed('entropyLens.computeCrossEntropy', uri, { columns: PROBABILITY_COLUMNS });
    await diagnosticsChanged(uri, () => vscode.languages.getDiagnostics(uri).length > 0);
    const actual = vscode.languages.getDiagnostics(uri).map((d) => ({
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      severity: vscode.DiagnosticSeverity[d.severity],
      code: d.code,
      source: d.source,
      message: d.message,
    }));
    const expected = JSON.parse(readFileSync(join(fixtureUri('').fsPath, 'malformed.diagnostics.json'), 'utf8'));
    assert.deepEqual(actual, expected);
    // The good rows are still scored: −log2 0.7 and −log2 0.9.
    assert.equal(result.scoredRows, 2);
    close(result.mean, (-Math.log2(0.7) - Math.log2(0.9)) / 2, 1e-12, 'mean of the good rows');
  });

  test('the row-sum quick fix normalises rows for this analysis only', async () => {
    const uri = fixtureUri('malformed.csv');
    const rowSum = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'row-sum');
    assert.ok(rowSum, 'no row-sum diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, rowSum.range);
    const normalise = actions.find((a) => a.title === 'Normalise rows for this analysis');
    assert.ok(normalise?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const before = readFileSync(uri.fsPath, 'utf8');
    const fixed = await vscode.commands.executeCommand<{ ok: boolean; problems: { code: string }[] }>(normalise.command.command, ...(normalise.command.arguments ?? []));
    assert.equal(fixed.ok, true);
    assert.equal(
      fixed.problems.some((p) => p.code === 'row-sum'),
      false,
      'row sums still reported after normalising',
    );
    assert.equal(readFileSync(uri.fsPath, 'utf8'), before, 'the data file must never change');
    const cleared = await vscode.commands.executeCommand<{ cleared: boolean }>('entropyLens.clearResults', uri);
    assert.equal(cleared.cleared, true);
    await diagnosticsChanged(uri, () => vscode.languages.getDiagnostics(uri).length === 0);
  });

  test('the status bar shows the mean loss with unit and n, and Go to Worst / Next / Previous move the cursor', async () => {
    const api = await entropyLens();
    const uri = sampleUri('binary-predictions.json');
    const editor = await show(uri);
    await analyzed('entropyLens.analyze', uri);
    assert.equal(api.statusBarText(), '$(pulse) 0.52201 bits · n=4');
    type Row = { row: number; rank: number; line: number; loss: number };
    const worst = await vscode.commands.executeCommand<Row>('entropyLens.goToWorstRow', uri);
    assert.deepEqual([worst.row, worst.rank, worst.line], [2, 1, 3]);
    close(worst.loss, REFERENCE.binary.rowNats[2] / BITS, 1e-12, 'worst loss');
    assert.equal(editor.selection.start.line, 3);
    const next = await vscode.commands.executeCommand<Row>('entropyLens.nextWorstRow', uri);
    assert.deepEqual([next.row, next.rank], [1, 2]);
    assert.equal(vscode.window.activeTextEditor?.selection.start.line, 2);
    const previous = await vscode.commands.executeCommand<Row>('entropyLens.previousWorstRow', uri);
    assert.deepEqual([previous.row, previous.rank], [2, 1]);
    assert.deepEqual(api.heatRows(editor.document).get('worst'), [2, 1, 3, 0]);
  });

  test('with a selection, Analyze scores only the selected rows (header still from the file)', async () => {
    const uri = sampleUri('binary-predictions.json');
    const editor = await show(uri);
    editor.selection = new vscode.Selection(2, 0, 3, 5);
    const result = await analyzed('entropyLens.analyze', uri);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(result.rows, 2);
    assert.deepEqual(Array.from(result.analysis.rows.firstLine), [2, 3]);
    close(result.mean, (REFERENCE.binary.rowNats[1] + REFERENCE.binary.rowNats[2]) / 2 / BITS, 1e-12, 'selection mean');
  });

  test('an edit marks results stale and a small document is re-analysed (debounced)', async () => {
    const api = await entropyLens();
    const document = await vscode.workspace.openTextDocument({ language: 'csv', content: 'label,p\n1,0.8\n0,0.3\n' });
    await show(document.uri);
    const first = await analyzed('entropyLens.analyze', document.uri);
    close(first.mean, (-Math.log2(0.8) - Math.log2(0.7)) / 2, 1e-12, 'before the edit');
    const reanalysed = nextAnalysis(api, document.uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(3, 0), '1,0.5\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(api.isStale(document.uri), true);
    const event = await reanalysed;
    assert.equal(event.outcome.kind, 'result');
    assert.equal(api.isStale(document.uri), false);
    assert.equal(api.result(document.uri)?.rows.count, 3);
    assert.equal(api.result(document.uri)?.documentVersion, document.version);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Cancel Analysis stops a running analysis promptly and leaves no results', async () => {
    const api = await entropyLens();
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i % 2},${((i * 7919) % 1000) / 1000},${(i % 13) - 6}`);
    const document = await vscode.workspace.openTextDocument({ language: 'csv', content: `y,x1,x2\n${rows.join('\n')}\n` });
    const running = vscode.commands.executeCommand<CommandFailure>('entropyLens.fitLogisticRegression', document.uri);
    await api.testing.whenRunning(document.uri);
    const cancelledAt = Date.now();
    const cancelled = await vscode.commands.executeCommand<{ cancelled: number }>('entropyLens.cancelAnalysis');
    assert.equal(cancelled.cancelled, 1);
    const outcome = await running;
    console.log(`      cancel answered in ${Date.now() - cancelledAt} ms`);
    assert.deepEqual([outcome.ok, outcome.reason], [false, 'cancelled']);
    assert.equal(api.result(document.uri), undefined, 'a cancelled analysis must leave no results');
  });

  test('a crashing worker fails the running request and the next one starts a fresh worker', async () => {
    const api = await entropyLens();
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i % 2},${((i * 7919) % 1000) / 1000}`);
    const document = await vscode.workspace.openTextDocument({ language: 'csv', content: `y,x\n${rows.join('\n')}\n` });
    const started = api.testing.workersStarted();
    const running = vscode.commands.executeCommand<CommandFailure>('entropyLens.fitLogisticRegression', document.uri);
    await api.testing.whenRunning(document.uri);
    api.testing.crashWorker();
    const outcome = await running;
    assert.deepEqual([outcome.ok, outcome.reason], [false, 'failed']);
    const again = await analyzed('entropyLens.analyze', sampleUri('binary-predictions.json'));
    close(again.mean, REFERENCE.binary.meanNats / BITS, 1e-12, 'after the crash');
    assert.ok(api.testing.workersStarted() > started, 'no fresh worker was started');
  });

  test('Export Per-Row Losses writes a new file and never the data file', async () => {
    const uri = sampleUri('binary-predictions.json');
    await analyzed('entropyLens.analyze', uri);
    const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-export-'));
    try {
      const path = join(dir, 'losses.csv');
      const exported = await vscode.commands.executeCommand<{ ok: boolean; path: string; rows: number }>('entropyLens.exportPerRowLosses', uri, { path });
      assert.deepEqual([exported.ok, exported.rows], [true, 4]);
      const lines = readFileSync(path, 'utf8').trim().split('\n');
      assert.equal(lines[0], 'row,line,label,status,model,p_true,loss_bits,rank,tied');
      assert.equal(lines.length, 5);
      const before = readFileSync(uri.fsPath, 'utf8');
      const refused = await vscode.commands.executeCommand<CommandFailure>('entropyLens.exportPerRowLosses', uri, { path: uri.fsPath });
      assert.equal(refused.ok, false);
      assert.equal(readFileSync(uri.fsPath, 'utf8'), before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(existsSync(uri.fsPath), true);
  });

  test('Show Results Panel and Clear Results return their results', async () => {
    const uri = sampleUri('binary-predictions.json');
    await show(uri);
    const shown = await vscode.commands.executeCommand<{ ok: boolean }>('entropyLens.showResultsPanel');
    assert.equal(shown.ok, true);
    const cleared = await vscode.commands.executeCommand<{ cleared: boolean }>('entropyLens.clearResults', uri);
    assert.equal(cleared.cleared, true);
    const api = await entropyLens();
    assert.equal(api.result(uri), undefined);
  });
});
