// Likely label errors in the editor, in a real VS Code: with entropyLens.labelIssues.diagnostics on,
// the iris export's three flagged rows (cleanlab's, test/fixtures/realistic) are information
// diagnostics on their species cells, and off again they go, without reopening the file; Go to
// Next / Previous Likely Label Error select those cells by file line, wrapping around; without an
// analysis or errors they say so.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandFailure } from '../../src/host/commandResults';
import type { LabelIssueCommandResult } from '../../src/host/commands';
import { analyzed, diagnosticsChanged, entropyLens, sampleUri, setSetting, show } from './entropyLens';
import { ROOT } from './manifest';

const IRIS = vscode.Uri.file(join(ROOT, 'test/fixtures/realistic/iris-two-models.csv'));
const CODE = 'likely-label-error';

const labelDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.code === CODE);

async function step(command: 'entropyLens.nextLabelIssue' | 'entropyLens.previousLabelIssue'): Promise<LabelIssueCommandResult> {
  const result = await vscode.commands.executeCommand<LabelIssueCommandResult | CommandFailure>(command);
  assert.ok(result?.ok, `${command} failed: ${result && !result.ok ? result.message : 'no result'}`);
  return result;
}

suite('Entropy Lens: likely label errors in the editor', () => {
  suiteSetup(async () => {
    await entropyLens();
    await setSetting('labelIssues.diagnostics', undefined);
  });
  suiteTeardown(async () => {
    await setSetting('labelIssues.diagnostics', undefined);
    await vscode.commands.executeCommand('entropyLens.clearResults', IRIS);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('off by default; turned on, the three flagged iris rows are information diagnostics on their species cells; off, they go', async () => {
    await show(IRIS);
    // The detected columns (another suite may have chosen some for this file).
    await analyzed('entropyLens.chooseColumns', IRIS, { reset: true, selection: false });
    assert.deepEqual(labelDiagnostics(IRIS), [], 'label errors are not in Problems by default');

    await setSetting('labelIssues.diagnostics', true);
    await diagnosticsChanged(IRIS, () => labelDiagnostics(IRIS).length === 3);
    const actual = labelDiagnostics(IRIS).map((d) => ({
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      severity: vscode.DiagnosticSeverity[d.severity],
      source: d.source,
    }));
    assert.deepEqual(actual, [
      { range: [78, 16, 78, 26], severity: 'Information', source: 'Entropy Lens' },
      { range: [107, 16, 107, 25], severity: 'Information', source: 'Entropy Lens' },
      { range: [120, 16, 120, 25], severity: 'Information', source: 'Entropy Lens' },
    ]);
    const document = await vscode.workspace.openTextDocument(IRIS);
    assert.equal(document.getText(labelDiagnostics(IRIS)[1]!.range), 'virginica');
    assert.equal(
      labelDiagnostics(IRIS)[1]!.message,
      "Likely mislabelled: labelled virginica, p(virginica) 0.02473; p(versicolor) 0.9753 ≥ versicolor's threshold 0.9059 (confident learning on nb) — check this row's label",
    );

    await setSetting('labelIssues.diagnostics', false);
    await diagnosticsChanged(IRIS, () => labelDiagnostics(IRIS).length === 0);
  });

  test('Next / Previous Likely Label Error select the label cells after / before the cursor line, in file order, wrapping around', async () => {
    const editor = await show(IRIS);
    if (!(await entropyLens()).result(IRIS)) await analyzed('entropyLens.chooseColumns', IRIS, { reset: true, selection: false });
    editor.selection = new vscode.Selection(0, 0, 0, 0);

    const first = await step('entropyLens.nextLabelIssue');
    assert.deepEqual([first.line, first.character, first.position, first.total, first.wrapped], [78, 16, 1, 3, false]);
    assert.equal(first.message, 'Likely label error 1 of 3: line 79, labelled versicolor, suggested virginica');
    const selection = vscode.window.activeTextEditor?.selection;
    assert.deepEqual([selection?.start.line, selection?.start.character, selection?.end.line, selection?.end.character], [78, 16, 78, 26]);

    assert.equal((await step('entropyLens.nextLabelIssue')).line, 107);
    assert.equal((await step('entropyLens.nextLabelIssue')).line, 120);
    const wrapped = await step('entropyLens.nextLabelIssue');
    assert.deepEqual([wrapped.line, wrapped.wrapped], [78, true]);
    assert.equal(vscode.window.activeTextEditor?.selection.start.line, 78);
    const back = await step('entropyLens.previousLabelIssue');
    assert.deepEqual([back.line, back.wrapped, back.position], [120, true, 3]);
    assert.equal((await step('entropyLens.previousLabelIssue')).line, 107);
    assert.equal(vscode.window.activeTextEditor?.selection.start.line, 107);

    // From a cursor anywhere on line 100: the next error is on line 107, the previous on line 78.
    editor.selection = new vscode.Selection(100, 3, 100, 3);
    assert.equal((await step('entropyLens.nextLabelIssue')).line, 107);
    editor.selection = new vscode.Selection(100, 3, 100, 3);
    const previous = await step('entropyLens.previousLabelIssue');
    assert.deepEqual([previous.line, previous.given, previous.suggested], [78, 'versicolor', 'virginica']);
    assert.equal(vscode.window.activeTextEditor?.selection.start.line, 78);
  });

  test('without an analysis, without a model against a label, or without errors, the commands say so', async () => {
    // A new document no analysis ever ran on (a closed sample's results could come back on reopening).
    const unanalysed = await vscode.workspace.openTextDocument({ language: 'csv', content: 'label,p\n1,0.9\n0,0.2\n' });
    await vscode.window.showTextDocument(unanalysed);
    const none = await vscode.commands.executeCommand<CommandFailure>('entropyLens.nextLabelIssue');
    assert.deepEqual([none.ok, none.reason], [false, 'no-results']);
    assert.match(none.message, /has no analysis yet: run Entropy Lens: Analyze to look for likely label errors/);

    const noModel = sampleUri('logistic-10-points.csv');
    await show(noModel);
    await analyzed('entropyLens.analyze', noModel);
    const unscored = await vscode.commands.executeCommand<CommandFailure>('entropyLens.previousLabelIssue');
    assert.equal(unscored.ok, false);
    assert.match(unscored.message, /scores no model against a label column/);

    const clean = sampleUri('binary-predictions.json');
    await show(clean);
    await analyzed('entropyLens.analyze', clean);
    const nothing = await vscode.commands.executeCommand<CommandFailure>('entropyLens.nextLabelIssue');
    assert.equal(nothing.ok, false);
    assert.match(nothing.message, /confident learning found no likely label errors in binary-predictions\.json/);
    for (const uri of [noModel, clean]) await vscode.commands.executeCommand('entropyLens.clearResults', uri);
  });
});
