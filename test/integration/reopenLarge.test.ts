// Reopening a ~45 MB document (just under what VS Code hands to extensions): its results come back
// while the extension host keeps answering. The text's fingerprint is taken on close and on reopen
// a few slices per event-loop turn; the longest event-loop gap and the time it all takes are
// printed and the gap bounded by the work a new analysis would do.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { lineSource } from '../../src/host/analysisService';
import { textFingerprint } from '../../src/host/textFingerprint';
import { analyzed, entropyLens, nextAnalysis, sampleUri } from './entropyLens';
import { watchHost, writeLargeCsv } from './hostWatch';

/**
 * Bringing results back must pause the extension host less than analysing the text again would
 * take (the worker's parse and compute of the first analysis): a bound relative to the work, so a
 * busy machine slows both sides alike. The benchmark measures the stall itself.
 */
function reanalysisMs(result: { analysis: { timing: { parseMs: number; computeMs: number } } }): number {
  return result.analysis.timing.parseMs + result.analysis.timing.computeMs;
}

suite('Entropy Lens: reopening a large document', () => {
  test('a 45 MB CSV closed and reopened unchanged gets its results back without stalling the extension host', async function () {
    this.timeout(400_000);
    const api = await entropyLens();
    const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-reopen-'));
    try {
      const path = join(dir, 'large.csv');
      // Rows of an export with an id and a note: fewer rows than label,p ones, so the result is kept.
      const count = writeLargeCsv(
        path,
        'transaction_id,is_fraud,p_fraud,note',
        "'tx_' + n.toString(16).padStart(8, '0') + ',' + (n % 2) + ',' + (0.05 + ((n * 7919) % 9000) / 10000).toFixed(4) + ',checked by rule ' + (n % 97) + ' of the overnight batch'",
      );
      await analyzed('entropyLens.analyze', sampleUri('binary-predictions.json'));
      // Not shown in an editor (showing 45 MB pauses VS Code's own extension host for seconds).
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      const first = await analyzed('entropyLens.analyze', document.uri);
      assert.equal(first.rows, count);

      // The fingerprint alone, on this document, as the close and the reopen each take it.
      const hashed = await watchHost(() => textFingerprint(lineSource(document), () => true));
      assert.ok(hashed.result, 'no fingerprint');
      console.log(
        `      fingerprint of ${(hashed.result.length / 1e6).toFixed(1)} M characters (${count} rows): ${hashed.totalMs.toFixed(0)} ms, longest extension-host gap ${hashed.longest.toFixed(1)} ms; ${hashed.report}`,
      );
      assert.ok(hashed.longest < reanalysisMs(first), `fingerprinting stalled the extension host ${hashed.longest.toFixed(1)} ms, as long as analysing it again`);

      // A language change is a close and a reopen of the same text (VS Code re-sends the document).
      const reopened = await watchHost(async () => {
        const restored = nextAnalysis(api, document.uri);
        const plain = await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
        return { event: await restored, plain };
      });
      console.log(
        `      close + reopen until the results are back: ${reopened.totalMs.toFixed(0)} ms, longest extension-host gap ${reopened.longest.toFixed(1)} ms (includes VS Code re-sending the document); ${reopened.report}`,
      );
      assert.equal(reopened.result.event.restored, true, 'the kept result comes back');
      assert.equal(api.result(document.uri)?.rows.count, count);
      assert.ok(reopened.longest < reanalysisMs(first), `the reopen stalled the extension host ${reopened.longest.toFixed(1)} ms, as long as analysing it again`);
      const back = nextAnalysis(api, document.uri);
      await vscode.languages.setTextDocumentLanguage(reopened.result.plain, 'csv');
      assert.equal((await back).restored, true);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(300_000, 1));
      const text = hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
        .join('\n');
      assert.match(text, /row 300000 \(line 300001\)/, `hover on the reopened document: ${text}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
