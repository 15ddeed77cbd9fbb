// Parquet and Arrow files in a real VS Code: they are not text documents, so Analyze File on Disk
// reads them (their own readers, chosen by their first bytes) to the CSV's numbers, the explorer
// offers it for them, and their problems are in the Problems panel by row (a binary file has no
// lines). Fixtures: scripts/reference/binaryFixtures.mjs (DuckDB's COPY … TO, apache-arrow).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandFailure } from '../../src/host/commandResults';
import { analyzed, close, diagnosticsChanged, entropyLens, sampleUri, setSetting } from './entropyLens';
import { ROOT } from './manifest';

const binary = (name: string): vscode.Uri => vscode.Uri.file(join(ROOT, 'test/fixtures/binary', name));
const realistic = (name: string): vscode.Uri => vscode.Uri.file(join(ROOT, 'test/fixtures/realistic', name));

suite('Entropy Lens: Parquet and Arrow files', () => {
  suiteSetup(async () => {
    await entropyLens();
    await setSetting('logBase', 'e');
  });
  suiteTeardown(async () => {
    await setSetting('logBase', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Analyze File on Disk reads a DuckDB Parquet export to the CSV’s figures', async () => {
    const parquet = await analyzed('entropyLens.analyzeFileOnDisk', binary('fraud.parquet'));
    const csv = await analyzed('entropyLens.analyzeFileOnDisk', realistic('fraud.csv'));
    assert.equal(parquet.analysis.source, 'disk');
    assert.equal(parquet.analysis.table.format, 'parquet');
    assert.equal(parquet.rows, 3000);
    assert.equal(parquet.models.length, 1);
    assert.equal(parquet.analysis.columns.label, 'is_fraud');
    assert.equal(parquet.models[0]?.mean, csv.models[0]?.mean, 'the same mean to the bit');
    assert.equal(parquet.models[0]?.brier, csv.models[0]?.brier);
    assert.deepEqual(Array.from(parquet.analysis.rowLoss?.lossNats.subarray(0, 5) ?? []), Array.from(csv.analysis.rowLoss?.lossNats.subarray(0, 5) ?? []));
  });

  test('Analyze on a Parquet file reads it from disk (it is no text document)', async () => {
    const result = await analyzed('entropyLens.analyze', binary('fraud.parquet'));
    assert.equal(result.analysis.source, 'disk');
    assert.equal(result.analysis.table.format, 'parquet');
    assert.equal(result.rows, 3000);
  });

  test('an Arrow IPC file (Feather v2) gives both models of the CSV', async () => {
    const arrow = await analyzed('entropyLens.analyzeFileOnDisk', binary('iris-two-models.arrow'));
    const csv = await analyzed('entropyLens.analyzeFileOnDisk', realistic('iris-two-models.csv'));
    assert.equal(arrow.analysis.table.format, 'arrow');
    assert.deepEqual(
      arrow.models.map((m) => m.name),
      ['nb', 'lr'],
    );
    assert.deepEqual(
      arrow.models.map((m) => [m.mean, m.brier]),
      csv.models.map((m) => [m.mean, m.brier]),
    );
    close(arrow.models[0]?.mean, 0.135439, 1e-5, 'nb (as the CLI prints it)');
  });

  test('a bad value in a Parquet file is a problem that names its row and column', async () => {
    const uri = binary('fraud-bad-score.parquet');
    // A "score" column with a 1.2 in its head would be detected as logits: say it is P(positive).
    const columns = { label: 'is_fraud', models: [{ name: 'score', kind: 'probabilities', columns: ['score'] }] };
    await analyzed('entropyLens.analyzeFileOnDisk', uri, { columns });
    await diagnosticsChanged(uri, () => vscode.languages.getDiagnostics(uri).length >= 2);
    const messages = vscode.languages.getDiagnostics(uri).map((d) => [d.message, d.range.start.line, d.range.start.character]);
    assert.deepEqual(messages.slice(0, 2), [
      ['Row 13 (index 12): score = 1.2 is outside [0, 1]', 0, 0],
      ['Row 21 (index 20): Missing value in column "score"', 0, 0],
    ]);
  });

  test('a damaged Parquet file is one problem about the file, and nothing is scored', async () => {
    const uri = sampleUri('fraud-sample.parquet');
    const whole = readFileSync(uri.fsPath);
    const cut = vscode.Uri.file(join(ROOT, 'out', 'cut-fraud-sample.parquet'));
    await vscode.workspace.fs.writeFile(cut, whole.subarray(0, whole.length >> 1));
    const outcome = (await vscode.commands.executeCommand('entropyLens.analyzeFileOnDisk', cut)) as { models?: unknown[] } | CommandFailure;
    assert.ok(!('ok' in outcome && outcome.ok === false), 'the command reports a result, not a failure');
    await diagnosticsChanged(cut, () => vscode.languages.getDiagnostics(cut).length > 0);
    const diagnostics = vscode.languages.getDiagnostics(cut);
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0]!.message, /^This Parquet file is cut short or corrupt/);
  });

  test('Copy Analysis as SQL… from a Parquet file’s analysis gives its CSV’s query', async () => {
    await analyzed('entropyLens.analyzeFileOnDisk', binary('fraud.parquet'));
    await analyzed('entropyLens.analyzeFileOnDisk', realistic('fraud.csv'));
    const options = { dialect: 'duckdb', table: 'fraud' };
    const parquet = (await vscode.commands.executeCommand('entropyLens.copyAsSql', binary('fraud.parquet'), options)) as { ok: boolean; query?: string };
    const csv = (await vscode.commands.executeCommand('entropyLens.copyAsSql', realistic('fraud.csv'), options)) as { ok: boolean; query?: string };
    assert.ok(parquet.ok && csv.ok);
    assert.match(parquet.query ?? '', /FROM "fraud"/);
    assert.equal(parquet.query, csv.query);
    assert.equal(await vscode.env.clipboard.readText(), csv.query);
  });

  test('the explorer offers Analyze File on Disk and Copy Analysis as SQL for binary data files', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { submenu?: string; when?: string }[]> } };
    const entry = manifest.contributes.menus['explorer/context']?.find((item) => item.submenu === 'entropyLens.explorerContext');
    for (const extension of ['parquet', 'arrow', 'feather', 'npz', 'npy']) assert.ok(new RegExp(extension).test(entry?.when ?? ''), extension);
    const submenu = (manifest.contributes.menus['entropyLens.explorerContext'] ?? []) as { command?: string }[];
    assert.deepEqual(
      submenu.map((item) => item.command),
      ['entropyLens.analyzeFileOnDisk', 'entropyLens.copyAsSql'],
    );
  });
});
