// The editor's context menu on a CSV names the extension: an "Entropy Lens" submenu holding
// Analyze, Choose Columns… and the rest (VS Code shows only a command's title in menus, its
// category only in the palette), never a bare "Analyze" among other extensions' entries; running
// Analyze from it works. The explorer's context menu has the same submenu (screenshots of both).
import type { Scenario } from '../scenario';
import { menuItem, menuLabels, openFile, SELECTORS } from '../workbench';

export const scenario: Scenario = {
  name: 'the editor and explorer context menus show an "Entropy Lens" submenu with Analyze, and Analyze runs from it',
  timeoutMs: 90_000,
  async run({ page, screenshot }) {
    await openFile(page, 'logistic-10-points.csv');
    await page.locator(SELECTORS.editorLine, { hasText: '-0.8,1' }).first().click({ button: 'right' });
    const top = await menuLabels(page, 0);
    if (!top.includes('Entropy Lens')) throw new Error(`the editor context menu has no "Entropy Lens" entry: ${JSON.stringify(top)}`);
    const bare = top.filter((label) => ['Analyze', 'Choose Columns…', 'Show Results Panel'].includes(label));
    if (bare.length > 0) throw new Error(`bare entries in the editor context menu: ${JSON.stringify(bare)}`);
    await menuItem(page, 0, 'Entropy Lens').hover();
    const sub = await menuLabels(page, 1);
    for (const expected of ['Analyze', 'Choose Columns…', 'Compute Cross-Entropy', 'Fit Logistic Regression', 'Show Results Panel']) {
      if (!sub.includes(expected)) throw new Error(`the Entropy Lens submenu lacks ${JSON.stringify(expected)}: ${JSON.stringify(sub)}`);
    }
    await screenshot('editor-context-menu');
    await menuItem(page, 1, 'Analyze').click();
    const status = page.locator('.statusbar-item', { hasText: 'n=10' }).first();
    await status.waitFor({ timeout: 30_000 });

    // With results, the submenu offers the row commands too.
    await page.locator(SELECTORS.editorLine, { hasText: '-0.8,1' }).first().click({ button: 'right' });
    await menuItem(page, 0, 'Entropy Lens').hover();
    const withResults = await menuLabels(page, 1);
    for (const expected of ['Go to Worst Row', 'Export Per-Row Losses…', 'Clear Results']) {
      if (!withResults.includes(expected)) throw new Error(`after Analyze the submenu lacks ${JSON.stringify(expected)}: ${JSON.stringify(withResults)}`);
    }
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    const explorerRow = page.locator(SELECTORS.explorerRow, { hasText: 'logistic-10-points.csv' }).first();
    await explorerRow.click({ button: 'right' });
    const explorerTop = await menuLabels(page, 0);
    if (!explorerTop.includes('Entropy Lens')) throw new Error(`the explorer context menu has no "Entropy Lens" entry: ${JSON.stringify(explorerTop)}`);
    await menuItem(page, 0, 'Entropy Lens').hover();
    const explorerSub = await menuLabels(page, 1);
    if (!explorerSub.includes('Analyze File on Disk…')) throw new Error(`the explorer submenu reads ${JSON.stringify(explorerSub)}`);
    await screenshot('explorer-context-menu');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    return `editor: Entropy Lens ▸ ${sub.join(', ')}; explorer: Entropy Lens ▸ ${explorerSub.join(', ')}`;
  },
};
