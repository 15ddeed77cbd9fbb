// A fraud export with a transaction_id column, two rows whose true class has probability 0 and
// many tied rows: the panel's worst-rows table shows the id column and marks ties (=rank ×N), and
// the hover over a clipped row says p(true) was clipped to ε (screenshots of both).
import type { Scenario } from '../scenario';
import { analyzeFixtureAndShowPanel } from '../panel/panelPage';
import { readHover, runCommand, SELECTORS } from '../workbench';

export const scenario: Scenario = {
  name: 'worst rows show the transaction_id column and ties; the hover over a row with p(true) = 0 says it was clipped to ε',
  timeoutMs: 90_000,
  async run({ page, workspace, screenshot }) {
    const frame = await analyzeFixtureAndShowPanel(page, workspace, 'transactions.csv');
    const table = frame.locator('table.worst');
    await table.scrollIntoViewIfNeeded();
    const header = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
    if (!header.some((h) => h.startsWith('transaction_id'))) throw new Error(`no id column in the worst-rows header: ${JSON.stringify(header)}`);
    const idAt = header.findIndex((h) => h.startsWith('transaction_id'));
    const rowCells = async (i: number): Promise<string[]> => (await table.locator('tbody tr').nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
    const first = await rowCells(0);
    const second = await rowCells(1);
    // Rows 1 and 12 both give their true class probability 0: one shared rank, marked as a tie.
    if (first[0] !== '=1 ×2' || second[0] !== '=1 ×2') throw new Error(`the two clipped rows are not marked as tied: ${JSON.stringify([first, second])}`);
    if (first[idAt] !== 'tx_00ab10' || second[idAt] !== 'tx_00ab1b') throw new Error(`id cells read ${JSON.stringify([first[idAt], second[idAt]])}`);
    // Eight rows tied at p(true) 0.8 further down share one rank too.
    const ranks = (await table.locator('tbody tr td:first-child').allInnerTexts()).map((t) => t.trim());
    if (!ranks.includes('=8 ×8')) throw new Error(`no "=8 ×8" tie among the ranks ${JSON.stringify(ranks)}`);
    // The panel's group maximized for the screenshot, so every column of the table is in view.
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    try {
      await frame.locator('#section-worst').evaluate((e) => (e as unknown as { scrollIntoView(): void }).scrollIntoView());
      await frame.locator('table.worst th', { hasText: '× mean' }).waitFor();
      await screenshot('worst-rows-with-ids');
    } finally {
      await runCommand(page, 'View: Toggle Maximize Editor Group');
    }

    // Back in the editor: hover the first data row (p_fraud 0 for a fraud).
    await page.locator(`${SELECTORS.editorLine}`, { hasText: 'tx_00ab10' }).first().click();
    const hover = await readHover(page, 'tx_00ab10');
    await screenshot('hover-clipped-row');
    for (const expected of ['row 1 (line 2)', 'transaction_id', 'tx_00ab10', 'p(true) 0, clipped to ε = 2.22045e-16', '36.0437 nats', 'tied with 1 other row']) {
      if (!hover.includes(expected)) throw new Error(`hover lacks ${JSON.stringify(expected)}: ${JSON.stringify(hover)}`);
    }
    return `worst rows: ${header.join(' | ')}; first ${first.join(' | ')}; hover "${hover.replace(/\s+/g, ' ')}"`;
  },
};
