// A realistic export whose class order is a guess (samples/digits-names-sample.jsonl: labels
// zero..nine, `probs` in model order): the status bar marks the mean, the panel says why with the
// fixes, the Problems panel lists the warning, Ctrl+. offers the orders, and choosing the order as
// scored settles it (screenshots of each).
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel } from '../panel/panelPage';
import { enterAndWait, resetColumns, settledStep, startChooseColumns, statusBarText } from '../columns/picker';
import { runCommand, SELECTORS, webviewFrame } from '../workbench';

const SCORED = 'Use class order zero, one, two, three, four, … (10) (as scored)';

export const scenario: Scenario = {
  name: 'a guessed class order: status bar, panel notice, Problems panel and its quick fix menu (Ctrl+.) on digits-names-sample.jsonl',
  timeoutMs: 300_000,
  async run({ page, screenshot }) {
    const frame = await analyzeAndShowPanel(page, 'digits-names-sample.jsonl');
    // The status bar item follows the active editor (the panel took the focus).
    await runCommand(page, 'View: Focus First Editor Group');
    const status = await statusBarText(page, 'class order guessed');
    if (!/^0\.399183 nats · n=150 · class order guessed$/.test(status)) throw new Error(`status bar ${JSON.stringify(status)}`);
    const notice = frame.locator('[data-testid="class-order-notice"]');
    await notice.waitFor();
    const noticeText = (await notice.innerText()).replace(/\s+/g, ' ');
    for (const expected of ['Class order of probs guessed', 'guessed from the data', 'sorted label order', 'would give 4.582 nats', SCORED, 'Choose Columns…']) {
      if (!noticeText.includes(expected)) throw new Error(`panel notice lacks ${JSON.stringify(expected)}: ${noticeText}`);
    }
    await screenshot('panel-notice');
    // The status bar's tooltip says what the mean rests on and links the fixes.
    await page.locator('.statusbar-item', { hasText: 'class order guessed' }).first().hover();
    const tooltip = page.locator('.monaco-hover:not(.hidden)', { hasText: 'The mean rests on it' }).first();
    await tooltip.waitFor({ timeout: 10_000 });
    const tooltipText = (await tooltip.innerText()).replace(/\s+/g, ' ');
    for (const expected of ['Class order of probs: zero, one, two, three, four, … (10), guessed from the data', SCORED, 'Choose Columns…']) {
      if (!tooltipText.includes(expected)) throw new Error(`status bar tooltip lacks ${JSON.stringify(expected)}: ${tooltipText}`);
    }
    if ((await tooltip.locator('a', { hasText: SCORED }).count()) !== 1) throw new Error(`the tooltip's "${SCORED}" is not a link`);
    await screenshot('status-tooltip');
    await page.mouse.move(0, 0);

    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Class order of "probs" guessed from the data' }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    // The view shows the light bulb once it has asked the extension for the row's quick fixes.
    await row
      .locator('.markers-panel-action-quickfix')
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    await screenshot('problems');
    // Ctrl+. on the focused problem opens its quick fixes; else Ctrl+. in the editor, where the
    // click on the problem put the selection.
    await page.keyboard.press('Control+.');
    const menuItem = page.locator('.context-view .action-item, .action-widget .monaco-list-row', { hasText: SCORED }).first();
    if (
      !(await menuItem.waitFor({ timeout: 8_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      await page.keyboard.press('Escape');
      await runCommand(page, 'View: Focus First Editor Group');
      await page.keyboard.press('Control+.');
      await menuItem.waitFor({ timeout: 15_000 });
    }
    const menu = (await page.locator('.context-view .action-label, .action-widget .monaco-list-row').allInnerTexts())
      .map((t) => t.trim())
      .filter((t) => t !== '')
      .join(' | ');
    for (const expected of [SCORED, 'Use class order eight, five, four, nine, one, … (10)', 'Choose Columns…']) {
      if (!menu.includes(expected)) throw new Error(`quick fix menu lacks ${JSON.stringify(expected)}: ${menu}`);
    }
    await screenshot('quick-fix-menu');
    await menuItem.click();
    const settled = await statusBarText(page, /0\.399183 nats · n=150/, 'guessed');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'Class order of "probs" guessed' }).waitFor({ state: 'detached', timeout: 15_000 });
    await webviewFrame(page).locator('[data-testid="class-order-notice"]').waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot('fixed');
    await resetColumns(page);
    await statusBarText(page, 'class order guessed');

    // Choose Columns… asks the same question at its class-order step, the order as scored focused.
    await startChooseColumns(page);
    let view = await settledStep(page);
    for (let i = 0; view && !/class order of probs/.test(view.title) && i < 4; i++) {
      await enterAndWait(page, view.title, view.placeholder);
      view = await settledStep(page);
    }
    // The placeholder leads with the comparison and stays short enough to be read whole.
    if (!view || view.chosen[0] !== 'zero, one, two, three, … (10)' || !/^Guessed: mean 0\.399183 nats as scored, 4\.58167 nats in sorted order\. Enter confirms\.$/.test(view.placeholder)) {
      throw new Error(`class-order step: ${JSON.stringify(view)}`);
    }
    await screenshot('picker-class-order');
    await page.keyboard.press('Escape');
    await page.locator(SELECTORS.quickInput).waitFor({ state: 'hidden' });
    await statusBarText(page, 'class order guessed');
    return `status "${status}" → "${settled}"; menu "${menu}"; picker "${view.title}" on "${view.chosen[0]}"`;
  },
};
