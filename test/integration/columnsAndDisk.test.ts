// Choose Columns… remembered per file, and Analyze File on Disk streaming through the data layer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzed, BITS, close, entropyLens, REFERENCE, sampleUri, setSetting } from './entropyLens';

suite('Entropy Lens: Choose Columns and Analyze File on Disk', () => {
  suiteSetup(async () => {
    await entropyLens();
    await setSetting('logBase', '2');
  });
  suiteTeardown(async () => {
    await setSetting('logBase', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Choose Columns is remembered for the file until reset to the detected mapping', async () => {
    const uri = sampleUri('three-class-models.csv');
    const onlyM2 = {
      targets: ['target_0', 'target_1', 'target_2'],
      models: [{ name: 'm2', kind: 'probabilities', columns: ['m2_p0', 'm2_p1', 'm2_p2'] }],
    };
    const chosen = await analyzed('entropyLens.chooseColumns', uri, { columns: onlyM2 });
    assert.deepEqual(
      chosen.models.map((m) => m.name),
      ['m2'],
    );
    assert.equal(chosen.analysis.mapping.origin, 'user');
    const again = await analyzed('entropyLens.analyze', uri);
    assert.deepEqual(
      again.models.map((m) => m.name),
      ['m2'],
      'the choice is remembered for this file',
    );
    close(again.models[0]?.mean, REFERENCE.threeClass.m2.meanNats / BITS, 1e-12, 'm2');
    const reset = await analyzed('entropyLens.chooseColumns', uri, { reset: true });
    assert.deepEqual(
      reset.models.map((m) => m.name),
      ['m1', 'm2'],
    );
    assert.equal(reset.analysis.mapping.origin, 'detected');
  });

  test('Analyze File on Disk streams the 3-class CSV to the same figures', async () => {
    const result = await analyzed('entropyLens.analyzeFileOnDisk', sampleUri('three-class-models.csv'));
    assert.equal(result.analysis.source, 'disk');
    assert.equal(result.rows, 3);
    close(result.models[0]?.mean, REFERENCE.threeClass.m1.meanNats / BITS, 1e-12, 'm1 streamed');
    close(result.models[1]?.mean, REFERENCE.threeClass.m2.meanNats / BITS, 1e-12, 'm2 streamed');
    close(result.analysis.rowLoss?.lossNats[2], REFERENCE.threeClass.m1.rowNats[2], 1e-12, 'per-row loss kept');
  });

  test('Analyze File on Disk streams JSON Lines with vector columns', async () => {
    const result = await analyzed('entropyLens.analyzeFileOnDisk', sampleUri('cat-dog-horse.jsonl'));
    close(result.models[0]?.mean, 0.514573, 1e-6, 'probs (quoted)');
    close(result.models[0]?.mean, REFERENCE.catDogHorse.probsNats / BITS, 1e-12, 'probs');
  });
});
