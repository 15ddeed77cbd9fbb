// A tagger's JSON Lines eval dump (digits logits, 59 padding rows labelled -100): analysed as is,
// the padding label is an eleventh value the ten logits cannot be matched to; once the user sets
// entropyLens.loss.ignoreLabel to -100 in the Settings editor, the open document is analysed again and
// the panel's summary says which rows were left out and whose convention that is.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel, summaryValue } from '../panel/panelPage';
import { openFile, runCommand } from '../workbench';

const NAME = 'digits-ignore-index.jsonl';

export const scenario: Scenario = {
  name: 'panel: setting entropyLens.loss.ignoreLabel re-analyses the open tagger dump, and the summary says 59 rows labelled -100 were left out',
  timeoutMs: 90_000,
  async run({ page, workspace, userSettingsFile, screenshot }) {
    const path = join(workspace, '..', 'test', 'fixtures', 'realistic', NAME);
    const frame = await analyzeAndShowPanel(page, NAME, (p) => openFile(p, path), { plots: false });
    const original = readFileSync(userSettingsFile, 'utf8');
    try {
      // As a user does it: the Settings editor, searched for the setting, the value typed in.
      // In the data file's group, so the results panel beside it stays in view.
      await runCommand(page, 'View: Focus First Editor Group');
      await runCommand(page, 'Preferences: Open User Settings');
      const search = page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor').first();
      await search.click();
      await page.keyboard.type('entropyLens.loss.ignoreLabel');
      const item = page.locator('.settings-editor .setting-item-contents', { hasText: 'Ignore Label' }).first();
      await item.waitFor({ timeout: 15_000 });
      const input = item.locator('input').first();
      await input.click();
      await input.fill('-100');
      await page.keyboard.press('Tab');
      await screenshot('setting');
      // The configuration changes, the open document is analysed again and the panel follows
      // (no command run here; the data file is brought back to the front).
      await openFile(page, path);
      const fact = frame.locator('td[data-fact="Ignored label"]');
      await fact.waitFor({ timeout: 30_000 });
      const ignored = await summaryValue(frame, 'Ignored label');
      if (ignored !== '-100: 59 rows left out') throw new Error(`the summary says ${JSON.stringify(ignored)}`);
      const rows = await summaryValue(frame, 'Rows not scored');
      if (rows !== '59') throw new Error(`rows not scored: ${JSON.stringify(rows)}`);
      const mean = await summaryValue(frame, 'Mean cross-entropy');
      await fact.scrollIntoViewIfNeeded();
      await screenshot('summary');
      return `"Ignored label ${ignored}", mean ${mean}`;
    } finally {
      // The workbench holds the setting in memory: clear it where it was typed, and the file too.
      await runCommand(page, 'View: Focus First Editor Group').catch(() => undefined);
      await runCommand(page, 'Preferences: Open User Settings').catch(() => undefined);
      const input = page.locator('.settings-editor .setting-item-contents', { hasText: 'Ignore Label' }).first().locator('input').first();
      if (await input.isVisible().catch(() => false)) {
        await input.fill('');
        await page.keyboard.press('Tab');
      }
      writeFileSync(userSettingsFile, original);
    }
  },
};
