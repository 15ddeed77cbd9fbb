// Palette → Entropy Lens: Analyze on the 10-point sample → the status bar shows the mean loss with
// unit and n, and hovering row 3 shows its loss, rank and margin (screenshot).
import type { Scenario } from '../scenario';
import { openFile, readHover, runCommand } from '../workbench';

export const scenario: Scenario = {
  name: 'Analyze from the palette: status bar shows the mean loss, the hover over row 3 shows its loss',
  timeoutMs: 90_000,
  async run({ page, screenshot }) {
    await openFile(page, 'logistic-10-points.csv');
    await runCommand(page, 'Entropy Lens: Analyze');
    // The explicit "analysis done" signal in the UI: the status bar item appears with the numbers.
    const status = page.locator('.statusbar-item', { hasText: 'n=10' }).first();
    await status.waitFor({ timeout: 30_000 });
    const statusText = (await status.innerText()).trim();
    // Mean fitted log loss of the 10 points (scikit-learn objective at its optimum), in nats.
    if (statusText !== '0.332911 nats · n=10') throw new Error(`status bar shows ${JSON.stringify(statusText)}`);
    const hover = await readHover(page, '-0.8,1');
    await screenshot('hover-row-3');
    for (const expected of ['row 3 (line 4)', 'fitted log loss: 0.756013 nats', 'worst 20 % (rank 2 of 10)', 'margin −0.122012', 'Show in panel', 'Next worst row']) {
      if (!hover.includes(expected)) throw new Error(`hover lacks ${JSON.stringify(expected)}: ${JSON.stringify(hover)}`);
    }
    return `status "${statusText}"; hover "${hover.replace(/\s+/g, ' ')}"`;
  },
};
