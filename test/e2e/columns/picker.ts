// Helpers for the Choose Columns… and class-order scenarios: run Choose Columns… from the palette,
// walk its steps, read the results panel's Columns section and the status bar item.
import type { FrameLocator, Page } from 'playwright-core';
import { openPalette, SELECTORS } from '../workbench';

const TITLE = `${SELECTORS.quickInput} .quick-input-title`;

/** Runs "Entropy Lens: Choose Columns…" from the palette and waits for its first step. */
export async function startChooseColumns(page: Page): Promise<string> {
  const input = await openPalette(page);
  const label = 'Entropy Lens: Choose Columns…';
  await input.fill(`>${label}`);
  await page
    .locator(SELECTORS.quickInputRow)
    .filter({ has: page.locator(SELECTORS.quickInputRowLabel, { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
  const title = page.locator(TITLE, { hasText: 'Choose Columns' });
  await title.waitFor({ timeout: 30_000 });
  return (await title.innerText()).trim();
}

/** The title of the quick input shown now, or null when none is shown. */
export async function currentStep(page: Page): Promise<string | null> {
  const widget = page.locator(SELECTORS.quickInput);
  if (!(await widget.isVisible())) return null;
  const title = page.locator(TITLE);
  return (await title.count()) > 0 ? (await title.first().innerText()).trim() : '';
}

/** The focused (single-select) or checked (multi-select) rows of the step shown. */
export async function chosenRows(page: Page): Promise<string[]> {
  // Multi-select rows are role="checkbox" with aria-checked; single-select ones are focused.
  const many = (await page.locator(`${SELECTORS.quickInputRow}[role="checkbox"]`).count()) > 0;
  const rows = page.locator(many ? `${SELECTORS.quickInputRow}[aria-checked="true"]` : `${SELECTORS.quickInputRow}.focused`);
  return (await rows.locator(SELECTORS.quickInputRowLabel).allInnerTexts()).map((t) => t.trim());
}

/**
 * Presses Enter at the step shown and waits until the next step (another title or placeholder) or
 * the end (no quick input). Returns the next title, or null at the end.
 */
export async function enterAndWait(page: Page, before: string, placeholderBefore: string): Promise<string | null> {
  await page.keyboard.press('Enter');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const now = await currentStep(page);
    if (now === null) return null;
    const placeholder =
      (await page
        .locator(SELECTORS.quickInputBox)
        .getAttribute('placeholder')
        .catch(() => '')) ?? '';
    if (now !== before || placeholder !== placeholderBefore) return now;
    if (Date.now() > deadline) throw new Error(`Choose Columns… stayed at "${before}" after Enter`);
    await page.waitForTimeout(50); // the next quick pick replaces this one within a few frames
  }
}

/** The quick input's placeholder (what the step says was detected). */
export async function placeholder(page: Page): Promise<string> {
  return (await page.locator(SELECTORS.quickInputBox).getAttribute('placeholder')) ?? '';
}

/** The results panel's Columns section: role → columns, and where the mapping came from. */
export async function panelMapping(frame: FrameLocator): Promise<{ origin: string; roles: Record<string, string> }> {
  const section = frame.locator('[data-testid="mapping"]');
  await section.waitFor();
  const origin = (await section.getAttribute('data-origin')) ?? '';
  const roles: Record<string, string> = {};
  const rows = section.locator('tr[data-role]');
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    roles[(await row.getAttribute('data-role')) ?? '?'] = (await row.locator('td[data-columns]').getAttribute('data-columns')) ?? '';
  }
  return { origin, roles };
}

/** The Entropy Lens status bar item's text once it contains `hasText`. */
export async function statusBarText(page: Page, hasText: string | RegExp, hasNotText?: string): Promise<string> {
  const item = page.locator('.statusbar-item', { hasText, ...(hasNotText ? { hasNotText } : {}) }).first();
  await item.waitFor({ timeout: 30_000 });
  return (await item.innerText()).replace(/\s+/g, ' ').trim();
}

/** Choose Columns… → "Reset to detected columns": forgets what a scenario made the file remember. */
export async function resetColumns(page: Page): Promise<void> {
  await startChooseColumns(page);
  await page.locator(SELECTORS.quickInputBox).fill('Reset to detected');
  await page.locator(SELECTORS.quickInputRow, { hasText: 'Reset to detected columns' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(SELECTORS.quickInput).waitFor({ state: 'hidden' });
}

/** What a step shows: title, placeholder and the focused or checked rows. */
export interface StepView {
  readonly title: string;
  readonly placeholder: string;
  readonly chosen: readonly string[];
}

/**
 * The step shown once it has settled: the quick input gets its title, items and focus from the
 * extension host in more than one update, so read until two reads 150 ms apart agree.
 */
export async function settledStep(page: Page, timeout = 10_000): Promise<StepView | null> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    const title = await currentStep(page);
    if (title === null) return null;
    const view: StepView = { title, placeholder: await placeholder(page), chosen: await chosenRows(page) };
    const key = JSON.stringify(view);
    if (key === last || Date.now() > deadline) return view;
    last = key;
    await page.waitForTimeout(150); // sampling a widget that is still being filled in
  }
}
