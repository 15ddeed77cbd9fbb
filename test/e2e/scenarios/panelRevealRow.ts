// Clicking the worst row's bar (and its row in the worst-rows table) moves the editor's cursor to
// that row of the data file, and leaves the panel's page as it was (no rebuild that would drop the
// focus or the plot's keyboard selection).
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel, waitForCursorLine } from '../panel/panelPage';

export const scenario: Scenario = {
  name: "panel: hovering the worst row's bar shows its values; clicking it, Home+Enter in the plot, or its table row selects that row in the editor",
  timeoutMs: 180_000,
  async run({ page, screenshot }) {
    const frame = await analyzeAndShowPanel(page, 'logistic-10-points.csv');
    // The worst-rows table is sorted by loss; its first row names the worst row and its line.
    const firstRow = frame.locator('table.worst tbody tr').first();
    const cells = (await firstRow.locator('td').allInnerTexts()).map((t) => t.trim());
    const worstLine = Number(cells[2]);
    // The fit gives x = 0.2 (y = 0) the lowest p(true class): data row 4, file line 5.
    if (worstLine !== 5) throw new Error(`worst row is on line ${worstLine}, expected 5 (x = 0.2, y = 0): ${cells.join(' | ')}`);

    // Sorted order puts the worst row's bar first; click the middle of that bar.
    await frame.locator('[data-order="sorted"]').click();
    const canvas = frame.locator('canvas[data-plot="row-loss"]');
    // This very element must survive every reveal below: a row link moves the editor, and the
    // host must not send the same snapshot again when the editor becomes active (it did, and the
    // rebuilt page lost the focus between the steps below, so Home+Enter went nowhere).
    const drawnCanvas = await canvas.elementHandle();
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('per-row loss canvas has no box');
    const plotLeft = 56;
    const plotWidth = box.width - 70;
    const bars = 10;
    const firstBar = { x: plotLeft + plotWidth / bars / 2, y: box.height - 44 };
    // Hovering shows the row's values.
    await canvas.hover({ position: firstBar });
    const tooltip = frame.locator('#plot-row-loss .plot-tooltip');
    await tooltip.waitFor({ state: 'visible' });
    const tip = (await tooltip.innerText()).replace(/\s+/g, ' ');
    if (!tip.includes(`line ${worstLine}`) || !tip.includes('p(true class) 0.2994')) throw new Error(`tooltip over the worst bar reads ${JSON.stringify(tip)}`);
    await screenshot('bar-hover');
    await canvas.click({ position: firstBar });
    const status = await waitForCursorLine(page, worstLine);
    await screenshot('bar-click');

    // Keyboard: Home selects the first bar of the focused plot, Enter reveals its row.
    await frame.locator('table.worst tbody tr').nth(2).click();
    const thirdLine = Number((await frame.locator('table.worst tbody tr').nth(2).locator('td').nth(2).innerText()).trim());
    await waitForCursorLine(page, thirdLine);
    await canvas.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await waitForCursorLine(page, worstLine);

    // The worst-rows table sorts by a header click (row order ascending).
    await frame.locator('table.worst th button', { hasText: 'Row' }).click();
    const firstByRow = (await frame.locator('table.worst tbody tr').first().locator('td').nth(1).innerText()).trim();
    if (firstByRow !== '1') throw new Error(`sorted by row, the first table row is row ${firstByRow}`);
    await frame.locator('table.worst th button', { hasText: 'Loss' }).click();

    // Move away with a table-row click, then come back with Enter on the worst table row.
    await frame.locator('table.worst tbody tr').nth(1).click();
    const secondLine = Number((await frame.locator('table.worst tbody tr').nth(1).locator('td').nth(2).innerText()).trim());
    await waitForCursorLine(page, secondLine);
    await firstRow.focus();
    await page.keyboard.press('Enter');
    await waitForCursorLine(page, worstLine);
    const kept = await drawnCanvas?.evaluate((element) => (element as unknown as { isConnected: boolean }).isConnected);
    if (kept !== true) throw new Error('the panel rebuilt its page after a row link (the plot canvas of the first click is gone)');
    return `hover "${tip}"; bar click → ${status}; Home+Enter in the plot, table click and Enter → lines ${thirdLine}, ${secondLine}, ${worstLine}; header sort works`;
  },
};
