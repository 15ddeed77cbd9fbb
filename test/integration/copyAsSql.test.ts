// Entropy Lens: Copy Analysis as SQL… in a real VS Code: the clipboard holds exactly what
// `entropy-lens sql` (dist/cli.js) prints for the same file's columns, classes and settings.
// The dialect and table are given as the command's arguments (its QuickPick and InputBox are
// skipped then, as a keybinding may do).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandFailure } from '../../src/host/commandResults';
import type { CopyAsSqlResult } from '../../src/host/copyAsSql';
import { analyzed, entropyLens, sampleUri, setSetting, show } from './entropyLens';
import { ROOT } from './manifest';

/** What `entropy-lens sql ARGV` prints (the built CLI, run by this Node; ELECTRON_RUN_AS_NODE for desktop VS Code). */
function cliSql(...argv: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'sql', ...argv], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
}

async function copied(uri: vscode.Uri, options: { dialect: string; table: string }): Promise<CopyAsSqlResult> {
  const result = await vscode.commands.executeCommand<CopyAsSqlResult | CommandFailure>('entropyLens.copyAsSql', uri, options);
  assert.ok(result?.ok, `entropyLens.copyAsSql failed: ${result && 'message' in result ? result.message : ''}`);
  return result;
}

suite('Entropy Lens: Copy Analysis as SQL', () => {
  suiteSetup(async () => {
    await entropyLens();
  });
  suiteTeardown(async () => {
    for (const key of ['logBase', 'epsilon', 'normalizeRows']) await setSetting(key, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('iris (three classes named by their columns): the clipboard is entropy-lens sql’s DuckDB query', async () => {
    const uri = vscode.Uri.file(join(ROOT, 'test/fixtures/realistic/iris-two-models.csv'));
    await show(uri);
    await analyzed('entropyLens.analyze', uri);
    const result = await copied(uri, { dialect: 'duckdb', table: 'iris' });
    const expected = cliSql(
      '--dialect',
      'duckdb',
      '--table',
      'iris',
      '--label',
      'species',
      '--prob',
      'nb_proba_setosa,nb_proba_versicolor,nb_proba_virginica',
      '--classes',
      'setosa,versicolor,virginica',
    );
    assert.equal(await vscode.env.clipboard.readText(), expected);
    assert.equal(result.query, expected);
    assert.match(result.message, /copied the DuckDB query for nb on table iris to the clipboard/);
  });

  test('fraud scores (P(1) in one column) with bits, ε = 1e-7 and normalised rows: the PostgreSQL query', async () => {
    await setSetting('logBase', '2');
    await setSetting('epsilon', 'keras');
    await setSetting('normalizeRows', 'normalize');
    const uri = sampleUri('fraud-sample.csv');
    await show(uri);
    const analysis = await analyzed('entropyLens.analyze', uri);
    assert.equal(analysis.unit, 'bits');
    const result = await copied(uri, { dialect: 'postgres', table: 'public.fraud' });
    const expected = cliSql('--dialect', 'postgres', '--table', 'public.fraud', '--label', 'is_fraud', '--prob', 'score', '--pos-label', '1', '--eps', '1e-7', '--normalize', '--base', '2');
    assert.equal(await vscode.env.clipboard.readText(), expected);
    assert.equal(result.query, expected);
  });

  test('without an analysis it says so and copies nothing', async () => {
    const uri = sampleUri('kl-distributions.csv');
    await show(uri);
    await vscode.commands.executeCommand('entropyLens.clearResults', uri);
    await vscode.env.clipboard.writeText('unchanged');
    const result = await vscode.commands.executeCommand<CopyAsSqlResult | CommandFailure>('entropyLens.copyAsSql', uri, { dialect: 'duckdb', table: 't' });
    assert.deepEqual(result && !result.ok ? result.reason : result, 'no-results');
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
  });
});
