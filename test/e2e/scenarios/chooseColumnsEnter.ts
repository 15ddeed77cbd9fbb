// Choose Columns… on a realistic export (samples/fraud-sample.csv: an id column, the flag
// is_fraud, a one-column score and three numeric features) pressing Enter only: every step opens
// on what was detected, so the mapping afterwards is the detected one and the numbers are the same.
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel, panelRoot } from '../panel/panelPage';
import { enterAndWait, panelMapping, resetColumns, settledStep, startChooseColumns, statusBarText } from '../columns/picker';
import { runCommand } from '../workbench';

/** The seven steps on fraud-sample.csv and what each opens on (focused, or checked). */
const STEPS: readonly { title: RegExp; chosen: string }[] = [
  { title: /label column \(1\/7\)$/, chosen: 'is_fraud' },
  { title: /prediction columns of every model \(2\/7\)$/, chosen: 'score' },
  { title: /what score holds \(3\/7\)$/, chosen: 'Probabilities' },
  { title: /positive class of score \(its values are P\(positive\)\) \(4\/7\)$/, chosen: 'P(1)' },
  { title: /target columns \(optional\) \(5\/7\)$/, chosen: '' },
  { title: /feature columns for the fits \(optional\) \(6\/7\)$/, chosen: 'amount,hour,n_prev_txn' },
  { title: /sample weights \(optional\) \(7\/7\)$/, chosen: 'No weights' },
];

export const scenario: Scenario = {
  name: 'Choose Columns… pressing Enter at every step on fraud-sample.csv keeps the detected mapping and numbers',
  timeoutMs: 300_000,
  async run({ page, screenshot }) {
    const frame = await analyzeAndShowPanel(page, 'fraud-sample.csv');
    // The status bar item follows the active editor (the panel took the focus).
    await runCommand(page, 'View: Focus First Editor Group');
    const before = await statusBarText(page, 'n=150');
    const detected = await panelMapping(frame);
    if (detected.origin !== 'detected') throw new Error(`the mapping before is "${detected.origin}", not detected`);
    const expectedRoles = { Label: 'is_fraud', Identifier: 'transaction_id', 'Model score (probabilities)': 'score', Features: 'amount,hour,n_prev_txn' };
    if (JSON.stringify(detected.roles) !== JSON.stringify(expectedRoles)) throw new Error(`detected mapping ${JSON.stringify(detected.roles)}`);

    await startChooseColumns(page);
    const steps: string[] = [];
    for (let view = await settledStep(page); view !== null; view = await settledStep(page)) {
      if (steps.length > 12) throw new Error(`too many steps: ${steps.join(' | ')}`);
      const { title, placeholder: said, chosen } = view;
      steps.push(`${title} [${chosen.join(', ')}]`);
      await screenshot(`step-${steps.length}`);
      const expected = STEPS[steps.length - 1];
      if (expected && (!expected.title.test(title) || chosen.join(',') !== expected.chosen)) {
        const rows = await page
          .locator('.quick-input-widget .quick-input-list .monaco-list-row')
          .evaluateAll((els) => els.map((e) => `${e.getAttribute('class')}|${e.getAttribute('aria-selected')}|${e.getAttribute('aria-checked')}|${e.textContent}`));
        throw new Error(
          `step ${steps.length} shows ${JSON.stringify(title)} with ${JSON.stringify(chosen)} chosen; expected ${expected.title} with ${JSON.stringify(expected.chosen)}\n${rows.join('\n')}`,
        );
      }
      if (steps.length === 1 && !said.startsWith('Detected: "is_fraud"')) throw new Error(`the label step says ${JSON.stringify(said)}`);
      await enterAndWait(page, title, said);
    }
    if (steps.length !== 7) throw new Error(`expected 7 steps (label, predictions, kind, positive class, targets, features, sample weights), saw ${steps.length}: ${steps.join(' | ')}`);
    // The choice is analysed and remembered: the panel says so, with the same columns and numbers.
    await frame.locator('[data-testid="mapping"][data-origin="user"]').waitFor({ timeout: 30_000 });
    await panelRoot(page, 'fraud-sample.csv').waitFor();
    const after = await panelMapping(frame);
    if (JSON.stringify(after.roles) !== JSON.stringify(detected.roles))
      throw new Error(`mapping after Enter ×${steps.length}: ${JSON.stringify(after.roles)} (detected ${JSON.stringify(detected.roles)})`);
    const status = await statusBarText(page, 'n=150');
    if (status !== before) throw new Error(`status bar ${JSON.stringify(status)} after, ${JSON.stringify(before)} before`);
    await frame.locator('#section-columns').scrollIntoViewIfNeeded();
    await screenshot('panel-columns');
    await resetColumns(page);
    await frame.locator('[data-testid="mapping"][data-origin="detected"]').waitFor({ timeout: 30_000 });
    return `${steps.length} steps: ${steps.join(' → ')}; status "${status}"`;
  },
};
