// A CSV with an empty probability cell: after Analyze, the Problems panel lists the missing value
// with its position, and the other rows are still scored (status bar n=2).
import type { Scenario } from '../scenario';
import { openPalette, runCommand, SELECTORS } from '../workbench';

export const scenario: Scenario = {
  name: 'Problems panel lists a bad cell of an analysed CSV',
  timeoutMs: 90_000,
  async run({ page, screenshot }) {
    // Click the exact palette row: Enter would take the first fuzzy match ("Compare New Untitled…").
    const palette = await openPalette(page);
    await palette.fill('>File: New Untitled Text File');
    await page
      .locator(SELECTORS.quickInputRow)
      .filter({ has: page.locator(SELECTORS.quickInputRowLabel, { hasText: /^\s*File: New Untitled Text File\s*$/ }) })
      .first()
      .click();
    await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
    await page.keyboard.type('label,p\n1,0.8\n0,\n0,0.4\n');
    // Change Language Mode opens a second quick pick, so it is driven here rather than by runCommand.
    const input = await openPalette(page);
    await input.fill('>Change Language Mode');
    await page.locator(SELECTORS.quickInputRow, { hasText: 'Change Language Mode' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator(`${SELECTORS.quickInputBox}[placeholder="Select Language Mode"]`).waitFor();
    await input.fill('CSV');
    await page.locator(SELECTORS.quickInputRow, { hasText: /^CSV/ }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator(SELECTORS.languageStatus, { hasText: 'CSV' }).waitFor();
    try {
      await runCommand(page, 'Entropy Lens: Analyze');
      await page.locator('.statusbar-item', { hasText: 'n=2' }).first().waitFor({ timeout: 30_000 });
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Missing value in column "p"' }).first();
      await row.waitFor({ timeout: 15_000 });
      const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
      await screenshot('problems');
      if (!/\[Ln 3, Col 3\]/.test(text)) throw new Error(`the problem is not placed at line 3, column 3: ${JSON.stringify(text)}`);
      return text;
    } finally {
      await runCommand(page, 'View: Revert and Close Editor');
    }
  },
};
