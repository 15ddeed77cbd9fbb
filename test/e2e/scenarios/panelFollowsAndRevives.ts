// One panel that follows the active data document, and comes back after a window reload with its
// UI state (unit, bar order) through the WebviewPanelSerializer.
import type { Scenario } from '../scenario';
import { openFile, runCommand, waitForWorkbench, webviewFrame } from '../workbench';
import { analyzeAndShowPanel, panelRoot } from '../panel/panelPage';

export const scenario: Scenario = {
  name: 'panel: follows the active data document, stays a single panel, and is restored with its unit after a window reload',
  timeoutMs: 300_000,
  async run({ page, screenshot }) {
    await analyzeAndShowPanel(page, 'three-class-models.csv');
    const frame = await analyzeAndShowPanel(page, 'logistic-10-points.csv');
    await frame.locator('[data-unit="dits"]').click();
    await frame.locator('[data-order="sorted"]').click();
    // Back to the first file (in the first group): the same panel switches to its analysis.
    await runCommand(page, 'View: Focus First Editor Group');
    await openFile(page, 'three-class-models.csv');
    await panelRoot(page, 'three-class-models.csv').waitFor({ timeout: 15_000 });
    const panels = await page.locator('.tabs-container .tab', { hasText: 'Entropy Lens Results' }).count();
    if (panels !== 1) throw new Error(`expected one results panel tab, found ${panels}`);
    const unitKept = await webviewFrame(page).locator('[data-unit="dits"][aria-checked="true"]').count();
    if (unitKept !== 1) throw new Error('switching documents lost the chosen unit (dits)');
    await screenshot('follows');

    // Reload the window: VS Code revives the panel through the serializer with its saved state.
    // "Developer: Reload Window" is what a user runs; it saves the workbench state first.
    await runCommand(page, 'Developer: Reload Window').catch(() => undefined); // the page navigates away mid-command
    await page.waitForLoadState('domcontentloaded');
    await waitForWorkbench(page);
    await page.locator('.tabs-container .tab', { hasText: 'Entropy Lens Results' }).first().waitFor({ timeout: 30_000 });
    const revived = webviewFrame(page).locator('main#app[data-state]');
    await revived.waitFor({ timeout: 30_000 });
    await runCommand(page, 'View: Focus First Editor Group');
    await openFile(page, 'three-class-models.csv');
    await runCommand(page, 'Entropy Lens: Analyze');
    await panelRoot(page, 'three-class-models.csv').waitFor({ timeout: 30_000 });
    const restoredUnit = await webviewFrame(page).locator('[data-unit][aria-checked="true"]').getAttribute('data-unit');
    const restoredOrder = await webviewFrame(page).locator('[data-order][aria-checked="true"]').getAttribute('data-order');
    await screenshot('revived');
    if (restoredUnit !== 'dits' || restoredOrder !== 'sorted') throw new Error(`after reload the panel shows unit ${restoredUnit}, order ${restoredOrder}; expected dits, sorted`);
    return `one panel followed logistic-10-points.csv → three-class-models.csv; after reload: unit ${restoredUnit}, bars ${restoredOrder}`;
  },
};
