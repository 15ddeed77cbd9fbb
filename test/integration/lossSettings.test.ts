// The entropyLens.loss.* settings in a real VS Code: on a tagger's JSON Lines dump (digits logits,
// 59 padding rows labelled -100; test/fixtures/realistic), the padding label leaves the class order
// unknown until entropyLens.loss.ignoreLabel is set; setting it re-analyses the open document, and
// the rows are left out (PyTorch's ignore_index, the CLI's numbers) and their hover says why.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { analyzed, close, entropyLens, nextAnalysis, setSetting, show } from './entropyLens';
import { ROOT } from './manifest';

const FILE = vscode.Uri.file(join(ROOT, 'test/fixtures/realistic/digits-ignore-index.jsonl'));
const reference = (JSON.parse(readFileSync(join(ROOT, 'test/fixtures/realistic/classification.json'), 'utf8')) as Record<string, { ignoredRows: number; scoredRows: number; mean: number }>)[
  'digits-ignore-index.jsonl'
]!;

suite('Entropy Lens: loss settings (ignore_index)', () => {
  suiteSetup(async () => {
    await entropyLens();
    await setSetting('loss.ignoreLabel', undefined);
    await setSetting('logBase', 'e');
  });
  suiteTeardown(async () => {
    await setSetting('loss.ignoreLabel', undefined);
    await setSetting('logBase', undefined);
    await vscode.commands.executeCommand('entropyLens.clearResults', FILE);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the ignored label leaves its rows out once set, the open document is analysed again, and the hover says why', async () => {
    const api = await entropyLens();
    await show(FILE);
    const before = await analyzed('entropyLens.analyze', FILE);
    assert.equal(before.models.length, 0, 'without the setting the ten logits cannot be matched to eleven label values');
    assert.ok(api.result(FILE)?.problems.some((p) => p.code === 'class-order-unknown'));

    const again = nextAnalysis(api, FILE);
    await setSetting('loss.ignoreLabel', '-100');
    const event = await again;
    assert.equal(event.outcome.kind, 'result');
    const result = api.result(FILE)!;
    assert.deepEqual(result.loss.ignoredLabel, { value: '-100', rows: reference.ignoredRows });
    assert.equal(result.models[0]?.n, reference.scoredRows);
    close(result.models[0]?.meanLossNats, reference.mean, 1e-12, 'mean loss without the padding rows');

    // Line 10 of the dump is a padding row (label -100): its hover names the setting.
    const document = await vscode.workspace.openTextDocument(FILE);
    const line = document
      .getText()
      .split('\n')
      .findIndex((text) => text.includes('"label": -100'));
    assert.ok(line >= 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', FILE, new vscode.Position(line, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Row left out of every score: labelled `-100`, the ignored label \(entropyLens\.loss\.ignoreLabel/);
  });

  test('the class-order refusal offers the one-click fix: Leave out the rows labelled -100 sets the setting and scores the rest', async () => {
    const api = await entropyLens();
    await setSetting('loss.ignoreLabel', undefined);
    await show(FILE);
    await analyzed('entropyLens.analyze', FILE);
    const refusal = vscode.languages.getDiagnostics(FILE).find((d) => d.code === 'class-order-unknown');
    assert.ok(refusal, 'the refusal is in the Problems panel');
    assert.match(refusal.message, /set entropyLens\.loss\.ignoreLabel to -100 \(CLI: --ignore-label -100\)\.$/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', FILE, refusal.range);
    const fix = actions.find((a) => a.title === 'Leave out the rows labelled -100 (ignore_index: set entropyLens.loss.ignoreLabel)');
    assert.ok(fix?.command, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(vscode.workspace.getConfiguration('entropyLens').get('loss.ignoreLabel'), '-100');
    const result = api.result(FILE)!;
    assert.equal(result.models[0]?.n, reference.scoredRows);
    assert.deepEqual(result.loss.ignoredLabel, { value: '-100', rows: reference.ignoredRows });
  });
});
