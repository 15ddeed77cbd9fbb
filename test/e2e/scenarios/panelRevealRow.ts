// Clicking the worst row's bar (and its row in the worst-rows table) moves the editor's cursor to
// that row of the data file.
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel, waitForCursorLine } from '../panel/panelPage';

export const scenario: Scenario = {
  name: 'panel: clicking the worst row\'s bar, and its table row, selects that row in the editor',
  timeoutMs: 90_000,
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
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('per-row loss canvas has no box');
    const plotLeft = 56;
    const plotWidth = box.width - 70;
    const bars = 10;
    await canvas.click({ position: { x: plotLeft + plotWidth / bars / 2, y: box.height - 44 } });
    const status = await waitForCursorLine(page, worstLine);
    await screenshot('bar-click');

    // Move away, then use the table row with the keyboard (Enter) to come back.
    await frame.locator('table.worst tbody tr').nth(1).click();
    const secondLine = Number((await frame.locator('table.worst tbody tr').nth(1).locator('td').nth(2).innerText()).trim());
    await waitForCursorLine(page, secondLine);
    await firstRow.focus();
    await page.keyboard.press('Enter');
    await waitForCursorLine(page, worstLine);
    return `bar click → ${status}; table row ${secondLine} then Enter on the worst row → line ${worstLine}`;
  },
};
