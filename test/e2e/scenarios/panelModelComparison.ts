// Two models on one label (iris: cross-validated naive Bayes probabilities and logistic logits):
// the model comparison says, with a paired bootstrap interval, whether the second model is better
// than the first — here it is not clearly so (the interval includes 0), as the CLI's --ci says.
import type { Scenario } from '../scenario';
import { analyzeFixtureAndShowPanel } from '../panel/panelPage';

export const scenario: Scenario = {
  name: 'panel: two models on iris are compared by a paired bootstrap, and the panel says there is no clear difference (the interval includes 0)',
  timeoutMs: 90_000,
  async run({ page, workspace, screenshot }) {
    const frame = await analyzeFixtureAndShowPanel(page, workspace, 'iris-two-models.csv');
    await frame.locator('[data-unit="nats"]').click();
    const table = frame.locator('table[aria-label="Model comparison"]');
    const row = table.locator('tr', { hasText: 'Against nb (paired bootstrap)' });
    await row.waitFor();
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    if (cells[0] !== '—') throw new Error(`the first model's cell reads ${JSON.stringify(cells[0])}`);
    if (!/^no clear difference from nb: 0\.01488 nats \(95 % CI −0\.06092 – 0\.07877, includes 0\)$/.test(cells[1] ?? '')) throw new Error(`the comparison reads ${JSON.stringify(cells[1])}`);
    await table.scrollIntoViewIfNeeded();
    await screenshot('comparison');
    return `lr against nb: "${cells[1]}"`;
  },
};
