// A ~45 MB document (just under what VS Code hands to extensions) is analysed in the worker while
// the extension host keeps answering: the longest event-loop gap during the analysis is measured
// and bounded generously (the benchmark reports the precise figure).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { analyzed, entropyLens, sampleUri } from './entropyLens';

/** Writes label,p rows until the file reaches 45 MB; prints the row count. */
const GENERATOR = `
const fs = require('node:fs');
const out = fs.openSync(process.argv[1], 'w');
let size = 0, n = 0, batch = ['label,p'];
while (size < 45e6) {
  const row = (n % 2) + ',' + (0.05 + ((n * 7919) % 9000) / 10000).toFixed(4);
  batch.push(row); size += row.length + 1; n++;
  if (batch.length === 100000) { fs.writeSync(out, batch.join('\\n') + '\\n'); batch = []; }
}
if (batch.length > 0) fs.writeSync(out, batch.join('\\n') + '\\n');
fs.closeSync(out);
console.log(n);
`;

/**
 * Generous bound on the longest extension-host stall while the worker analyses (the target is
 * 50 ms, measured by the benchmark; this shared CI machine runs other suites at the same time).
 * Reading the whole text on the host thread, as a naive implementation does, costs ~1 s here.
 */
const STALL_BOUND_MS = 1000;

suite('Entropy Lens: a large document', () => {
  test('a 45 MB CSV is analysed off the extension host thread, with hovers answering from the index', async function () {
    this.timeout(400_000);
    const api = await entropyLens();
    const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-large-'));
    try {
      // Written by a child process: millions of strings made here would leave garbage whose
      // collection pauses the extension host during the measurement, blaming the extension.
      const path = join(dir, 'large.csv');
      const count = Number(execFileSync(process.execPath, ['-e', GENERATOR, path], { encoding: 'utf8' }).trim());
      const rows = { length: count + 1 };
      // The worker's one-time start is not part of this measurement (see the report: starting a
      // worker thread inside the extension host can itself pause it); warm it on a small sample.
      await analyzed('entropyLens.analyze', sampleUri('binary-predictions.json'));
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      // Not shown in an editor: showing a 45 MB document makes VS Code itself pause the extension
      // host for seconds (measured here with no analysis running), which is not ours to measure.
      let last = performance.now();
      let longest = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 2);
      let result;
      try {
        result = await analyzed('entropyLens.analyze', document.uri);
      } finally {
        clearInterval(timer);
      }
      console.log(`      ${rows.length - 1} rows, longest extension-host gap ${longest.toFixed(1)} ms, worker parse ${result.analysis.timing.parseMs.toFixed(0)} ms, compute ${result.analysis.timing.computeMs.toFixed(0)} ms`);
      assert.equal(result.rows, rows.length - 1);
      assert.ok(longest < STALL_BOUND_MS, `the extension host stalled ${longest.toFixed(1)} ms`);
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
      last = performance.now();
      longest = 0;
      const timer2 = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 2);
      let edited;
      try {
        edited = await analyzed('entropyLens.analyze', document.uri);
      } finally {
        clearInterval(timer2);
      }
      console.log(`      edited document: longest extension-host gap ${longest.toFixed(1)} ms`);
      assert.equal(edited.rows, rows.length);
      assert.equal(api.isStale(document.uri), false);
      assert.ok(longest < STALL_BOUND_MS, `the extension host stalled ${longest.toFixed(1)} ms on the edited document`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
