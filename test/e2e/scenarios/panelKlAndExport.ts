// The KL sample in the panel (P and Q bars, both directions, the CE = H + KL identity), and the
// exports: summary copied as Markdown, a plot saved as SVG and as PNG through the save dialog.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { Scenario } from '../scenario';
import { SELECTORS } from '../workbench';
import { analyzeAndShowPanel, plotsDrawn, summaryValue } from '../panel/panelPage';

/** Clicks a plot's PNG/SVG button and answers the save dialog with `target`. */
async function savePlot(page: Page, frame: FrameLocator, plotId: string, format: 'PNG' | 'SVG', target: string): Promise<string> {
  await frame.locator(`#plot-${plotId} .plot-toolbar button`, { hasText: format }).click();
  const input = page.locator(SELECTORS.quickInputBox);
  await input.waitFor({ state: 'visible' });
  // The dialog fills in its default path (next to the data file) a moment after opening; write
  // ours only once that happened, so nothing is ever saved into samples/.
  await page.waitForFunction(() => {
    const box = (globalThis as unknown as { document: { querySelector(s: string): { value?: string } | null } }).document.querySelector('.quick-input-widget .quick-input-box input');
    return (box?.value ?? '').endsWith('.svg') || (box?.value ?? '').endsWith('.png');
  });
  // The dialog may fill in its default again after we typed: settle, re-check, retype if needed.
  for (let attempt = 1; ; attempt++) {
    await input.fill(target);
    await page.waitForTimeout(300);
    if ((await input.inputValue()) === target) break;
    if (attempt === 4) throw new Error(`save dialog holds ${await input.inputValue()}, not ${target}`);
  }
  // The simple file dialog validates the typed path asynchronously; its OK button accepts it.
  await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
  // The reply appears beside the plot's buttons (the header may be scrolled away); an earlier
  // save's "Saved …" line is cleared when the next export starts.
  const status = frame.locator(`#plot-${plotId} .plot-status`, { hasText: `Saved ${target}` });
  await status.waitFor({ timeout: 15_000 });
  return (await status.innerText()).trim();
}

export const scenario: Scenario = {
  name: 'panel: kl-distributions.csv shows D(P‖Q) 0.1887, D(Q‖P) 0.2075 bits and CE = H + KL; summary copies as Markdown; plots save as SVG and PNG',
  timeoutMs: 120_000,
  async run({ page, screenshot }) {
    const frame = await analyzeAndShowPanel(page, 'kl-distributions.csv');
    await frame.locator('[data-unit="bits"]').click();
    const pq = await summaryValue(frame, 'D(P‖Q)');
    const qp = await summaryValue(frame, 'D(Q‖P)');
    if (pq !== '0.1887 bits' || qp !== '0.2075 bits') throw new Error(`D(P‖Q) ${pq}, D(Q‖P) ${qp}; expected 0.1887 and 0.2075 bits`);
    const identity = (await frame.locator('[data-testid="identity"]').innerText()).trim();
    if (!identity.includes('1.000 bits = 0.8113 bits + 0.1887 bits')) throw new Error(`identity line: ${identity}`);
    const plots = await plotsDrawn(frame);
    if (!plots.kl || plots.kl.inkPixels < 500 || plots.kl.items !== 2) throw new Error(`KL plot missing or blank: ${JSON.stringify(plots)}`);
    await frame.locator('#section-plots').evaluate((e) => (e as unknown as { scrollIntoView(): void }).scrollIntoView());
    await screenshot('kl');

    // Copy summary: the host puts it on the clipboard and confirms.
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'])
      .catch(() => undefined);
    await frame.locator('[data-action="copy-summary"]').click();
    const copied = frame.locator('header .status', { hasText: /copied|Copy failed/ });
    await copied.waitFor({ timeout: 10_000 });
    const copyStatus = (await copied.innerText()).trim();
    if (!copyStatus.includes('copied')) throw new Error(`copy summary: ${copyStatus}`);
    const clipboard = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()).catch(() => '');
    if (clipboard && !clipboard.includes('| D(P‖Q) | 0.1887 bits |')) throw new Error(`clipboard holds ${JSON.stringify(clipboard.slice(0, 200))}`);

    const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-export-'));
    try {
      const svgPath = join(dir, 'kl-p-q.svg');
      const svgStatus = await savePlot(page, frame, 'kl', 'SVG', svgPath);
      if (!existsSync(svgPath)) throw new Error(`no SVG at ${svgPath} (${svgStatus})`);
      const svg = readFileSync(svgPath, 'utf8');
      if (!svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') || !svg.includes('heads') || !svg.includes('</svg>')) throw new Error(`bad SVG: ${svg.slice(0, 120)}`);
      const pngPath = join(dir, 'kl-p-q.png');
      await savePlot(page, frame, 'kl', 'PNG', pngPath);
      const png = readFileSync(pngPath);
      if (png.length < 1000 || png.readUInt32BE(0) !== 0x89504e47) throw new Error(`bad PNG (${png.length} bytes)`);
      return `D(P‖Q) ${pq}, D(Q‖P) ${qp}; ${identity}; clipboard ${clipboard ? `${clipboard.length} chars of Markdown` : 'not readable here (status confirmed)'}; SVG ${svg.length} chars, PNG ${png.length} bytes`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
