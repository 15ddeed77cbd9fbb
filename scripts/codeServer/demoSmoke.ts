// `npm run demo -- --smoke`: the demo's code-server, opened in headless Chromium, must show a live
// extension: the 10-point sample opens as CSV (a language the extension contributes) and
// "Entropy Lens: Analyze" puts the mean loss in the status bar (the worker ran). Prints each check.
import type { Page } from 'playwright-core';
import { languageMode, openFile, runCommand, waitForWorkbench } from '../../test/e2e/workbench';

/** The sample analysed, and what the status bar shows for it (scikit-learn's fit, in nats). */
const SAMPLE = 'logistic-10-points.csv';
const EXPECTED_STATUS = '0.332911 nats · n=10';

/** How long the sample may stay "Plain Text" after it first opens (until the extension registers CSV). */
const LANGUAGE_WAIT_MS = 60_000;

/**
 * Runs the checks on a page loading the workbench URL; `step` names each check before it starts
 * (the caller reports the one that failed or timed out), `log` reports each one passed.
 */
export async function smokeCheck(page: Page, log: (line: string) => void, step: (name: string) => void): Promise<void> {
  step('the workbench opens samples/');
  await waitForWorkbench(page);
  log(`ok  the workbench shows samples/ in the explorer`);

  step(`${SAMPLE} opens as CSV`);
  await openFile(page, SAMPLE);
  // A file opened before the extension's languages are registered stays "Plain Text": reopen it.
  const languageDeadline = Date.now() + LANGUAGE_WAIT_MS;
  let mode = await languageMode(page);
  while (mode !== 'CSV') {
    if (Date.now() > languageDeadline) throw new Error(`${SAMPLE} is still "${mode}" ${LANGUAGE_WAIT_MS / 1000} s after it first opened (the extension contributes the CSV language)`);
    await runCommand(page, 'View: Close All Editors');
    await page.waitForTimeout(1000); // the extension host is still starting; look again in a moment
    await openFile(page, SAMPLE);
    mode = await languageMode(page);
  }
  log(`ok  ${SAMPLE} opens in the editor with language mode CSV`);

  step('Entropy Lens: Analyze shows the mean loss in the status bar');
  await runCommand(page, 'Entropy Lens: Analyze');
  const status = page.locator('.statusbar-item', { hasText: 'n=10' }).first();
  await status.waitFor({ timeout: 60_000 });
  const text = (await status.innerText()).trim();
  if (text !== EXPECTED_STATUS) throw new Error(`the status bar shows ${JSON.stringify(text)}, expected ${JSON.stringify(EXPECTED_STATUS)}`);
  log(`ok  Entropy Lens: Analyze → status bar "${text}": the extension is active and its worker ran`);
}
