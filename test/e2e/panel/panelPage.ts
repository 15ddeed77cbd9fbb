// Helpers for the results-panel UI scenarios: analyze a file, open the panel, wait until it shows
// that file's snapshot, read its figures, click inside its plots, switch colour themes.
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { languageMode, openFile, runCommand, webviewFrame } from '../workbench';

/** The panel page's root once it has drawn the snapshot of `fileName`. */
export function panelRoot(page: Page, fileName: string): Locator {
  return webviewFrame(page).locator(`main#app[data-state="ready"][data-document="${fileName}"]`);
}

/**
 * Opens `fileName` from the workspace, runs Analyze, then Show Results Panel, and waits until the
 * panel shows this file's analysis (the panel redraws when the analysis lands, so no sleeping)
 * and, unless `plots` is false (an analysis with nothing to plot), its plots are drawn.
 */
/**
 * A fixture of test/e2e/fixtures (outside the samples/ workspace: Quick Open takes its path),
 * opened, analysed and shown in the panel, as analyzeAndShowPanel does for a workspace file.
 */
export function fixturePath(workspace: string, name: string): string {
  return join(workspace, '..', 'test', 'e2e', 'fixtures', name);
}

export async function analyzeFixtureAndShowPanel(page: Page, workspace: string, name: string, options: { plots?: boolean } = {}): Promise<FrameLocator> {
  const path = fixturePath(workspace, name);
  return analyzeAndShowPanel(page, name, (p) => openFile(p, path), options);
}

export async function analyzeAndShowPanel(
  page: Page,
  fileName: string,
  open: (page: Page) => Promise<void> = (p) => openFile(p, fileName),
  { plots = true }: { plots?: boolean } = {},
): Promise<FrameLocator> {
  // Open data files in the first group, so the panel (beside it) stays visible.
  await runCommand(page, 'View: Focus First Editor Group');
  await open(page);
  // Right after the workbench loads, a file can open before the extension's language ids are
  // registered and stay "Plain Text" (the commands are then hidden): reopen it once they are.
  for (let attempt = 0; attempt < 5 && fileName.endsWith('.csv') && (await languageMode(page)) === 'Plain Text'; attempt++) {
    await runCommand(page, 'View: Close All Editors');
    await page.waitForTimeout(1000); // give the extension host time to register its languages
    await open(page);
  }
  await runCommand(page, 'Entropy Lens: Analyze');
  await runCommand(page, 'Entropy Lens: Show Results Panel');
  await panelRoot(page, fileName).waitFor({ timeout: 30_000 });
  // Plots are drawn right after the DOM; wait for the last canvas to report its items.
  if (plots) await webviewFrame(page).locator('canvas.plot-canvas[data-items]').last().waitFor({ timeout: 10_000 });
  return webviewFrame(page);
}

/** Text of the summary value for a fact label, e.g. "Mean cross-entropy". */
export async function summaryValue(frame: FrameLocator, label: string): Promise<string> {
  return (await frame.locator(`td[data-fact="${label}"]`).first().innerText()).trim();
}

/** Every plot canvas and whether it has drawn pixels (not blank): id → non-empty. */
export async function plotsDrawn(frame: FrameLocator): Promise<Record<string, { items: number; inkPixels: number }>> {
  const canvases = frame.locator('canvas.plot-canvas');
  const result: Record<string, { items: number; inkPixels: number }> = {};
  for (let i = 0; i < (await canvases.count()); i++) {
    const canvas = canvases.nth(i);
    // Runs in the webview; typed structurally because the root tsconfig has no DOM lib.
    const info = await canvas.evaluate((element) => {
      interface CanvasLike {
        width: number;
        height: number;
        dataset: Record<string, string | undefined>;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
      }
      const c = element as unknown as CanvasLike;
      const context = c.getContext('2d');
      if (!context || c.width === 0 || c.height === 0) return { id: c.dataset.plot ?? '?', items: 0, inkPixels: 0 };
      const data = context.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let k = 3; k < data.length; k += 4) if (data[k]! > 0) ink++;
      return { id: c.dataset.plot ?? '?', items: Number(c.dataset.items ?? 0), inkPixels: ink };
    });
    result[info.id] = { items: info.items, inkPixels: info.inkPixels };
  }
  return result;
}

/** The cursor position VS Code's status bar shows for the active editor, e.g. { line: 4, column: 1 }. */
export async function editorCursor(page: Page): Promise<{ line: number; column: number; text: string }> {
  const item = page.locator('#status\\.editor\\.selection');
  await item.waitFor();
  const text = (await item.innerText()).trim();
  const match = /Ln (\d+), Col (\d+)/.exec(text);
  if (!match) throw new Error(`status bar selection item reads ${JSON.stringify(text)}`);
  return { line: Number(match[1]), column: Number(match[2]), text };
}

/** Waits until the editor's cursor is on `line` (the host reveals asynchronously). */
export async function waitForCursorLine(page: Page, line: number, timeout = 10_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last: string;
  for (;;) {
    try {
      const cursor = await editorCursor(page);
      last = cursor.text;
      if (cursor.line === line) return cursor.text;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`editor cursor did not reach line ${line}; status bar: ${last}`);
    await page.waitForTimeout(100); // polling the status bar, which updates after the reveal
  }
}

/**
 * Switches the colour theme through the palette ("Preferences: Color Theme"), e.g. "Light Modern".
 * Not `runCommand`: this command opens a second quick pick at once, so the input never hides.
 */
export async function setColorTheme(page: Page, theme: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = (label: string): Locator =>
    page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
      .first();
  // Keys typed while the webview has focus stay in its iframe: focus the workbench first (the
  // empty part of the side bar), then open the palette.
  const sidebar = page.locator('.part.sidebar').first();
  const box = await sidebar.boundingBox();
  if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height - 60);
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Preferences: Color Theme');
  // "Browse Color Themes in Marketplace" sorts first, so click the exact row instead of Enter.
  await row('Preferences: Color Theme').click();
  // The theme picker replaces the palette; it lists the themes with the current one selected.
  await row('Dark Modern').waitFor();
  await input.fill(theme);
  await row(theme).waitFor();
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  const dark = /dark/i.test(theme);
  await page
    .locator(dark ? '.monaco-workbench.vs-dark, .monaco-workbench.hc-black' : '.monaco-workbench.vs, .monaco-workbench.hc-light')
    .first()
    .waitFor();
}

/** The webview's body theme class once it matches (`vscode-light`, `vscode-dark`, ...). */
export async function waitForWebviewTheme(frame: FrameLocator, bodyClass: string): Promise<void> {
  await frame.locator(`body.${bodyClass}`).waitFor({ timeout: 10_000 });
}
