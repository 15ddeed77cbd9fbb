// The realistic exports (test/fixtures/realistic, made by scripts/reference/realistic.py) in a real
// VS Code: Analyze finds scikit-learn's columns, classes and numbers; a guessed class order is a
// warning with quick fixes at the model's header cell that, once applied, is remembered; a typo'd
// label is a problem on its own line only; the hover names the predicted class; Choose Columns…
// keeps only choices that fit the file, and Enter through every step gives the detected mapping.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisCommandResult, CommandFailure } from '../../src/host/commandResults';
import type { ChooseColumnsResult } from '../../src/host/commands';
import type { ColumnChoice } from '../../src/protocol/analysis';
import { analyzed, close, diagnosticsChanged, entropyLens, nextAnalysis, setSetting, show } from './entropyLens';
import { ROOT } from './manifest';

const DIR = join(ROOT, 'test/fixtures/realistic');

interface ExpectedScores {
  mean: number;
  n: number;
}
interface ExpectedFile {
  label: string;
  classes: string[];
  classOrder: string;
  uncertain: boolean;
  model?: { columns: string[]; kind: string };
  models?: { columns: string[]; kind: string; scores: ExpectedScores }[];
  scores?: ExpectedScores;
  rowsOffByRounding?: number;
  badLabel?: { row: number; line: number; value: string };
}
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, ExpectedFile>;

const realistic = (name: string): vscode.Uri => vscode.Uri.file(join(DIR, name));

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

/** Forgets any columns remembered for the file (and re-analyses with the detected ones). */
async function forget(uri: vscode.Uri): Promise<AnalysisCommandResult> {
  return analyzed('entropyLens.chooseColumns', uri, { reset: true, selection: false });
}

const delay = (ms: number): Promise<'waiting'> => new Promise((resolve) => setTimeout(() => resolve('waiting'), ms));

suite('Entropy Lens: realistic exports', () => {
  suiteSetup(async () => {
    await entropyLens();
    await setSetting('logBase', 'e');
    for (const name of ['digits-names.jsonl', 'breast-cancer-proba.csv', 'fraud.csv']) await forget(realistic(name));
  });
  suiteTeardown(async () => {
    for (const name of ['digits-names.jsonl', 'breast-cancer-proba.csv', 'fraud.csv']) await forget(realistic(name));
    await setSetting('logBase', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const name of Object.keys(EXPECTED).sort()) {
    test(`Analyze ${name}: scikit-learn's columns, classes, class-order rule, n and mean (relative 1e-12)`, async function () {
      this.timeout(180_000);
      const expected = EXPECTED[name]!;
      const result = await analyzed('entropyLens.analyze', realistic(name), { selection: false });
      const analysis = result.analysis;
      assert.equal(analysis.columns.label, expected.label, 'label column');
      const models = expected.models ?? [{ ...expected.model!, scores: expected.scores! }];
      assert.deepEqual(
        analysis.models.map((m) => [m.columns.kind, m.columns.columns]),
        models.map((m) => [m.kind, m.columns]),
        'prediction columns and kinds',
      );
      models.forEach((model, k) => {
        const scored = analysis.models[k]!;
        assert.deepEqual(scored.classOrder?.classes, expected.classes, `classes of ${scored.columns.name}`);
        assert.equal(scored.classOrder?.rule, expected.classOrder, `class-order rule of ${scored.columns.name}`);
        assert.equal(scored.classOrder?.uncertain, expected.uncertain, `uncertain (${scored.columns.name})`);
        assert.equal(scored.n, model.scores.n, `n (${scored.columns.name})`);
        close(scored.meanLossNats, model.scores.mean, 1e-12, `mean log loss of ${scored.columns.name} (nats)`);
      });
      if (expected.rowsOffByRounding !== undefined) assert.equal(analysis.models[0]?.roundedRows, expected.rowsOffByRounding, 'rows scored within rounding');
      const warnings = analysis.problems.filter((p) => p.code === 'class-order-uncertain');
      assert.equal(warnings.length, expected.uncertain ? 1 : 0, `class-order warnings: ${warnings.map((p) => p.message).join(' | ')}`);
    });
  }

  test("a guessed order is a warning at the model's cell with a quick fix per order; applying the order as scored clears it and is remembered", async function () {
    this.timeout(120_000);
    const api = await entropyLens();
    const uri = realistic('digits-names.jsonl');
    await show(uri);
    const first = await analyzed('entropyLens.analyze', uri, { selection: false });
    await diagnosticsChanged(uri, () => vscode.languages.getDiagnostics(uri).some((d) => d.code === 'class-order-uncertain'));
    const warning = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'class-order-uncertain');
    assert.ok(warning, 'no class-order-uncertain diagnostic');
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    // On the first record's "probs" cell (JSON Lines has no header).
    assert.equal(warning.range.start.line, 0);
    const line0 = (await vscode.workspace.openTextDocument(uri)).lineAt(0).text;
    assert.ok(line0.slice(warning.range.start.character).startsWith('['), `range starts at ${JSON.stringify(line0.slice(warning.range.start.character, warning.range.start.character + 12))}`);
    assert.match(warning.message, /guessed from the data/);
    assert.match(api.statusBarText(), /^\$\(warning\) 0\.295896 nats · n=1797 · class order guessed$/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range);
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, ['Use class order zero, one, two, three, four, … (10) (as scored)', 'Use class order eight, five, four, nine, one, … (10)', 'Choose Columns…']);
    assert.equal(actions[0]?.isPreferred, true);
    const fix = actions[0]!.command!;
    const fixed = await vscode.commands.executeCommand<AnalysisCommandResult>(fix.command, ...(fix.arguments ?? []));
    assert.equal(fixed.ok, true);
    await diagnosticsChanged(uri, () => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'class-order-uncertain'));
    assert.equal(fixed.analysis.models[0]?.classOrder?.rule, 'explicit');
    assert.equal(fixed.analysis.models[0]?.meanLossNats, first.analysis.models[0]?.meanLossNats, 'the same numbers, now known');
    assert.match(api.statusBarText(), /^\$\(pulse\) 0\.295896 nats · n=1797$/);
    // Remembered for the file: a new Analyze uses the chosen order.
    const again = await analyzed('entropyLens.analyze', uri, { selection: false });
    assert.equal(again.analysis.mapping.origin, 'user');
    assert.equal(again.analysis.models[0]?.classOrder?.rule, 'explicit');
    assert.deepEqual(again.analysis.models[0]?.classOrder?.classes, EXPECTED['digits-names.jsonl']!.classes);
    assert.equal(
      again.problems.some((p) => p.code === 'class-order-uncertain'),
      false,
    );
    await forget(uri);
  });

  test('a guessed positive class is a warning on the header cell of "proba" with both classes as quick fixes', async function () {
    this.timeout(60_000);
    const uri = realistic('breast-cancer-proba.csv');
    await show(uri);
    await analyzed('entropyLens.analyze', uri, { selection: false });
    await diagnosticsChanged(uri, () => vscode.languages.getDiagnostics(uri).some((d) => d.code === 'class-order-uncertain'));
    const warning = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'class-order-uncertain');
    assert.ok(warning);
    assert.deepEqual([warning.range.start.line, warning.range.start.character, warning.range.end.character], [0, 18, 23], 'the header cell "proba"');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Use positive class benign (as scored)', 'Use positive class malignant', 'Choose Columns…'],
    );
    const other = actions[1]!.command!;
    const flipped = await vscode.commands.executeCommand<AnalysisCommandResult>(other.command, ...(other.arguments ?? []));
    assert.deepEqual(flipped.analysis.models[0]?.classOrder?.classes, ['benign', 'malignant']);
    close(flipped.analysis.models[0]?.meanLossNats, 28.35192945948072, 1e-9, 'scored as P(malignant)');
    await forget(uri);
  });

  test('the mistyped label of sentiment-typo.csv is one unknown-label problem on its own line, the other rows scored', async function () {
    this.timeout(60_000);
    const uri = realistic('sentiment-typo.csv');
    const expected = EXPECTED['sentiment-typo.csv']!.badLabel!;
    const result = await analyzed('entropyLens.analyze', uri, { selection: false });
    await diagnosticsChanged(uri, () => vscode.languages.getDiagnostics(uri).some((d) => d.code === 'unknown-label'));
    const unknown = vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'unknown-label');
    assert.equal(unknown.length, 1, unknown.map((d) => d.message).join(' | '));
    assert.equal(unknown[0]!.range.start.line, expected.line - 1, "on the typo's line (expected.json counts from 1)");
    assert.match(unknown[0]!.message, /Negative/);
    const text = (await vscode.workspace.openTextDocument(uri)).lineAt(expected.line - 1).text;
    assert.equal(text.slice(unknown[0]!.range.start.character, unknown[0]!.range.end.character), expected.value, 'the range is the label cell');
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, unknown[0]!.severity === vscode.DiagnosticSeverity.Error ? 1 : 0);
    assert.equal(result.analysis.models[0]?.n, EXPECTED['sentiment-typo.csv']!.scores!.n);
  });

  test('the hover over a digits row names the class the model predicted (in the order the data fit)', async function () {
    this.timeout(60_000);
    const uri = realistic('digits-names.jsonl');
    await show(uri);
    await analyzed('entropyLens.analyze', uri, { selection: false });
    const document = await vscode.workspace.openTextDocument(uri);
    const classes = EXPECTED['digits-names.jsonl']!.classes;
    // The first record the model gets wrong: its hover must name the predicted class.
    let line = -1;
    let predicted = '';
    let label = '';
    for (let i = 0; i < document.lineCount && line < 0; i++) {
      const record = JSON.parse(document.lineAt(i).text) as { label: string; probs: number[] };
      const best = record.probs.indexOf(Math.max(...record.probs));
      if (classes[best] !== record.label) [line, predicted, label] = [i, classes[best]!, record.label];
    }
    assert.ok(line >= 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 5));
    const text = hoverText(hovers);
    assert.ok(text.includes(`label \`${label}\``), text);
    assert.ok(text.includes(`predicted \`${predicted}\``), `hover on line ${line + 1} should name "${predicted}": ${text}`);
  });

  test('Choose Columns… with a columns argument analyses and remembers them; a choice that does not fit the file is not remembered', async function () {
    this.timeout(120_000);
    const uri = realistic('fraud.csv');
    const detected = await forget(uri);
    const positive: ColumnChoice = { ...detected.analysis.columns, models: [{ name: 'score', kind: 'probabilities', columns: ['score'], classes: ['0', '1'] }] };
    const chosen = await vscode.commands.executeCommand<ChooseColumnsResult>('entropyLens.chooseColumns', uri, { columns: positive, selection: false });
    assert.equal(chosen.ok, true);
    assert.equal(chosen.remembered, true);
    assert.equal(chosen.analysis.models[0]?.classOrder?.rule, 'explicit');
    assert.equal((await analyzed('entropyLens.analyze', uri, { selection: false })).analysis.mapping.origin, 'user');
    // "hour" has 24 values: one probability column cannot be scored against it (class-order-unknown).
    const wrong = await vscode.commands.executeCommand<ChooseColumnsResult>('entropyLens.chooseColumns', uri, {
      columns: { label: 'hour', models: [{ name: 'score', kind: 'probabilities', columns: ['score'] }] },
      selection: false,
    });
    assert.equal(wrong.ok, true);
    assert.equal(wrong.remembered, false);
    assert.ok(
      wrong.problems.some((p) => p.code === 'class-order-unknown'),
      wrong.problems.map((p) => p.code).join(', '),
    );
    await diagnosticsChanged(uri, () => vscode.languages.getDiagnostics(uri).some((d) => d.code === 'class-order-unknown'));
    const after = await analyzed('entropyLens.analyze', uri, { selection: false });
    assert.equal(after.analysis.columns.label, 'is_fraud', 'the choice before stays remembered');
    assert.equal(after.analysis.models[0]?.classOrder?.rule, 'explicit');
    // A column that is not in the file.
    const missing = await vscode.commands.executeCommand<ChooseColumnsResult>('entropyLens.chooseColumns', uri, {
      columns: { label: 'is_fraud', models: [{ name: 'p', kind: 'probabilities', columns: ['p_fraud'] }] },
      selection: false,
    });
    assert.equal(missing.remembered, false);
    assert.ok(missing.problems.some((p) => p.code === 'unknown-column'));
    await forget(uri);
  });

  test('Choose Columns… does not wait for a running analysis: it cancels it and starts from a quick columns analysis; Escape changes nothing more', async function () {
    this.timeout(180_000);
    const api = await entropyLens();
    const uri = realistic('sentiment-6dp.csv');
    await show(uri);
    await vscode.commands.executeCommand('entropyLens.clearResults', uri);
    const running = vscode.commands.executeCommand<AnalysisCommandResult | CommandFailure>('entropyLens.fitSoftmaxRegression', uri, { selection: false });
    await api.testing.whenRunning(uri);
    const detection = nextAnalysis(api, uri);
    const choosing = vscode.commands.executeCommand<ChooseColumnsResult | CommandFailure>('entropyLens.chooseColumns', uri);
    const cancelled = await running;
    assert.equal(cancelled.ok, false);
    assert.equal((cancelled as CommandFailure).reason, 'cancelled');
    // With no result yet, the picker starts from a quick 'columns' analysis (no fit).
    let event = await detection;
    while (event.outcome.kind === 'cancelled') event = await nextAnalysis(api, uri);
    assert.equal(event.outcome.kind, 'result');
    if (event.outcome.kind === 'result') {
      assert.equal(event.outcome.result.kind, 'columns');
      assert.equal(event.outcome.result.fit, null);
    }
    for (let i = 0; i < 100; i++) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      if ((await Promise.race([choosing, delay(200)])) !== 'waiting') break;
    }
    const dismissed = await choosing;
    assert.equal(dismissed.ok, false);
    assert.equal((dismissed as CommandFailure).reason, 'cancelled');
    assert.equal(api.result(uri)?.kind, 'columns', 'nothing analysed after the picker was dismissed');
  });

  test('Enter at every step of Choose Columns… gives the detected mapping back (iris: two models of two kinds, features)', async function () {
    this.timeout(180_000);
    const uri = realistic('iris-two-models.csv');
    await show(uri);
    const detected = await analyzed('entropyLens.analyze', uri, { selection: false });
    const choosing = vscode.commands.executeCommand<ChooseColumnsResult | CommandFailure>('entropyLens.chooseColumns', uri, { selection: false });
    let accepted = 0;
    for (; accepted < 100; accepted++) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      if ((await Promise.race([choosing, delay(250)])) !== 'waiting') break;
    }
    const chosen = await choosing;
    assert.ok(chosen.ok, 'message' in chosen ? chosen.message : '');
    // label, predictions, the kind of nb and lr, the class order of nb and lr, targets, features.
    assert.ok(accepted + 1 >= 8, `only ${accepted + 1} Enter presses were needed`);
    const result = chosen as ChooseColumnsResult;
    assert.deepEqual(result.analysis.columns, detected.analysis.columns);
    assert.deepEqual(
      result.analysis.models.map((m) => [m.columns.name, m.meanLossNats, m.classOrder?.rule]),
      detected.analysis.models.map((m) => [m.columns.name, m.meanLossNats, m.classOrder?.rule]),
    );
    assert.equal(result.remembered, true);
    await forget(uri);
  });
});
