// A file with a model's probabilities (prob_0..2) but no label column: the panel says the label is
// missing for those predictions (not "found no columns" above a table listing the model), and its
// Choose Columns… button opens the picker at the label step.
import type { Scenario } from '../scenario';
import { analyzeFixtureAndShowPanel } from '../panel/panelPage';
import { SELECTORS } from '../workbench';

const HINT = 'No label column: the predictions in prob (prob_0, prob_1, prob_2) need the true classes. Choose Columns… to pick the label (or one-hot target columns).';

export const scenario: Scenario = {
  name: 'panel: predictions without a label column say the label is missing, with a Choose Columns… button',
  timeoutMs: 90_000,
  async run({ page, workspace, screenshot }) {
    // No model is scored, so the panel draws no plot: wait for the snapshot, not for a canvas.
    const frame = await analyzeFixtureAndShowPanel(page, workspace, 'wine-no-label.csv', { plots: false });
    const hint = frame.locator('[data-testid="hint"]');
    const text = (await hint.locator('span').innerText()).trim();
    if (text !== HINT) throw new Error(`hint reads ${JSON.stringify(text)}`);
    const model = frame.locator('table.mapping tr[data-role="Model prob (probabilities)"]');
    if ((await model.count()) !== 1) throw new Error('the Columns table does not list the model the hint names');
    await screenshot('hint');
    await hint.locator('[data-action="choose-columns"]').click();
    const title = page.locator(`${SELECTORS.quickInput} .quick-input-title`, { hasText: 'label column' });
    await title.waitFor({ timeout: 30_000 });
    const step = (await title.innerText()).trim();
    await screenshot('choose-columns');
    await page.keyboard.press('Escape');
    await page.locator(SELECTORS.quickInput).waitFor({ state: 'hidden' });
    return `hint "${text}"; its button opened "${step}"`;
  },
};
