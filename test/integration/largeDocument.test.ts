// A ~45 MB document (just under what VS Code hands to extensions) is analysed in the worker while
// the extension host keeps answering: the longest event-loop gap during the analysis is measured
// and bounded generously (the benchmark reports the precise figure).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { analyzed, entropyLens, sampleUri } from './entropyLens';
import { watchHost, writeLargeCsv } from './hostWatch';

/**
 * Off the host thread means the host's longest pause is shorter than the work the worker did
 * (reading and scoring the text on the host would pause it at least that long). A bound relative
 * to the work, so a busy machine slows both sides alike; the 50 ms target is the benchmark's.
 */
function offHostBound(timing: { parseMs: number; computeMs: number }): number {
  return timing.parseMs + timing.computeMs;
}

suite('Entropy Lens: a large document', () => {
  test('a 45 MB CSV is analysed off the extension host thread, with hovers answering from the index', async function () {
    this.timeout(400_000);
    const api = await entropyLens();
    const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-large-'));
    try {
      const path = join(dir, 'large.csv');
      const count = writeLargeCsv(path, 'label,p', "(n % 2) + ',' + (0.05 + ((n * 7919) % 9000) / 10000).toFixed(4)");
      const rows = { length: count + 1 };
      // The worker's one-time start is not part of this measurement (see the report: starting a
      // worker thread inside the extension host can itself pause it); warm it on a small sample.
      await analyzed('entropyLens.analyze', sampleUri('binary-predictions.json'));
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      // Not shown in an editor: showing a 45 MB document makes VS Code itself pause the extension
      // host for seconds (measured here with no analysis running), which is not ours to measure.
      // What this shared machine's scheduler alone does to the timer gaps, for comparison.
      const idle = await watchHost(() => new Promise((resolve) => setTimeout(resolve, 2000)));
      console.log(`      idle baseline: longest extension-host gap ${idle.longest.toFixed(1)} ms; ${idle.report}`);
      const first = await watchHost(() => analyzed('entropyLens.analyze', document.uri));
      const result = first.result;
      const longest = first.longest;
      console.log(
        `      ${rows.length - 1} rows, longest extension-host gap ${longest.toFixed(1)} ms, worker parse ${result.analysis.timing.parseMs.toFixed(0)} ms, compute ${result.analysis.timing.computeMs.toFixed(0)} ms`,
      );
      console.log(`      ${first.report}`);
      assert.equal(result.rows, rows.length - 1);
      assert.ok(longest < offHostBound(result.analysis.timing), `the extension host stalled ${longest.toFixed(1)} ms, as long as the worker's own work`);
      const started = performance.now();
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1_000_000, 1));
      const hoverMs = performance.now() - started;
      assert.ok(hovers.length > 0, 'no hover on row 1,000,000');
      console.log(`      hover round trip on row 1,000,000: ${hoverMs.toFixed(1)} ms`);
      assert.ok(api.result(document.uri)?.rowLoss?.n === rows.length - 1);

      // Edited (dirty) documents are read in slices between event-loop turns instead of from disk.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(1, 0), '1,0.5\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.equal(api.isStale(document.uri), true, 'an edit marks the results stale');
      const second = await watchHost(() => analyzed('entropyLens.analyze', document.uri));
      const edited = second.result;
      console.log(`      edited document: longest extension-host gap ${second.longest.toFixed(1)} ms`);
      console.log(`      ${second.report}`);
      assert.equal(edited.rows, rows.length);
      assert.equal(api.isStale(document.uri), false);
      assert.ok(second.longest < offHostBound(edited.analysis.timing), `the extension host stalled ${second.longest.toFixed(1)} ms on the edited document, as long as the worker's own work`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a long one-line JSON document (untitled) reaches the worker in pieces and is analysed whole', async function () {
    this.timeout(60_000);
    await entropyLens();
    const count = 60_000;
    const records: string[] = [];
    let sumNats = 0;
    for (let i = 0; i < count; i++) {
      const label = i % 3 === 0 ? 0 : 1;
      const p = 0.05 + ((i * 7919) % 9000) / 10000;
      records.push(`{"label":${label},"p":${p.toFixed(4)}}`);
      sumNats -= Math.log(label === 1 ? Number(p.toFixed(4)) : 1 - Number(p.toFixed(4)));
    }
    const content = `[${records.join(',')}]`;
    assert.ok(content.length > 1_000_000, 'one line longer than any slice');
    const document = await vscode.workspace.openTextDocument({ language: 'json', content });
    try {
      const result = await analyzed('entropyLens.analyze', document.uri);
      assert.equal(result.rows, count);
      const meanNats = result.analysis.rowLoss?.meanNats ?? NaN;
      assert.ok(Math.abs(meanNats - sumNats / count) <= 1e-12 * (sumNats / count), `mean ${meanNats} is not ${sumNats / count}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
