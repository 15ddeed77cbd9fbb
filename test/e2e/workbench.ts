// Page helpers for the VS Code workbench (selectors checked on code-server 4.100.3 = VS Code
// 1.100.3): open a file, run or look up commands in the palette, read hovers and webview text.
// They act as a user would (keyboard, mouse) and wait for what appears, never for a fixed time.
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Workbench selectors, in one place so a VS Code upgrade is a one-file change. */
export const SELECTORS = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  quickInputRowLabel: '.label-name',
  activeTab: '.tabs-container .tab.active',
  editorLine: '.monaco-editor .view-lines .view-line',
  // The content hover; the glyph-margin hover also matches .monaco-hover but stays .hidden.
  hover: '.monaco-hover:not(.hidden) .monaco-hover-content',
  languageStatus: '#status\\.editor\\.mode',
  // A webview is an <iframe class="webview ready"> holding an <iframe id="active-frame">.
  webviewOuter: 'iframe.webview.ready',
  webviewInner: '#active-frame',
  notificationToast: '.notifications-toasts .notification-toast',
  runningExtensionRow: '.runtime-extensions-editor .monaco-list-row',
} as const;

/**
 * Waits until the workbench has rendered and opened its folder (the explorer shows rows): 4–10 s
 * on a 2-core machine, up to 17 s measured when it is busy.
 */
export async function waitForWorkbench(page: Page, timeout = 180_000): Promise<void> {
  await page.locator(SELECTORS.workbench).waitFor({ timeout });
  await page.locator(SELECTORS.explorerRow).first().waitFor({ timeout });
}

/** Closes any quick input, hover or menu that is open. */
export async function dismissOverlays(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  for (let i = 0; i < 2; i += 1) await page.keyboard.press('Escape');
  await page.locator(SELECTORS.quickInputBox).waitFor({ state: 'hidden' });
}

/** Opens the command palette (F1) even when a webview holds the focus; returns its input box. */
export async function openPalette(page: Page): Promise<Locator> {
  return openQuickInput(page, 'F1');
}

async function openQuickInput(page: Page, key: 'Control+P' | 'F1'): Promise<Locator> {
  await dismissOverlays(page);
  const input = page.locator(SELECTORS.quickInputBox);
  for (let attempt = 1; attempt < 3; attempt++) {
    await page.keyboard.press(key);
    if (
      await input.waitFor({ state: 'visible', timeout: 3_000 }).then(
        () => true,
        () => false,
      )
    )
      return input;
    // A focused webview (an iframe) swallows the key: hand the focus back to the workbench.
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { blur?: () => void } | null } }).document;
      doc.activeElement?.blur?.();
    });
    await page
      .locator('.part.sidebar .composite.title')
      .first()
      .click({ timeout: 3_000 })
      .catch(() => undefined);
  }
  await page.keyboard.press(key);
  await input.waitFor({ state: 'visible' });
  return input;
}

/** The palette row whose label is exactly `label` (fuzzy matching would accept near misses). */
function rowLabelled(page: Page, label: string): Locator {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return page.locator(SELECTORS.quickInputRow).filter({ has: page.locator(SELECTORS.quickInputRowLabel, { hasText: exact }) });
}

/**
 * Opens a workspace file with Quick Open (Ctrl+P), e.g. `openFile(page, 'logistic-10-points.csv')`
 * or a relative path, and waits until it is the focused editor of the active group. The row is
 * chosen by its exact file name, so an open panel titled "... logistic-10-points.csv" is not.
 */
export async function openFile(page: Page, fileName: string): Promise<void> {
  const baseName = fileName.split('/').pop() ?? fileName;
  const input = await openQuickInput(page, 'Control+P');
  await input.fill(fileName);
  const row = rowLabelled(page, baseName).first();
  const tab = page.locator(`.editor-group-container.active ${SELECTORS.activeTab}[data-resource-name="${baseName}"]`);
  const failure = async (what: string): Promise<Error> => {
    // Say what the workbench shows instead, so a failure can be told apart from a slow open.
    const tabs = await page
      .locator(SELECTORS.activeTab)
      .evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('data-resource-name') ?? '?'))
      .catch(() => []);
    return new Error(`Quick Open did not make ${baseName} the active tab: ${what} (active tabs: ${JSON.stringify(tabs)})`);
  };
  // Quick Open lists recently opened files at once and the file search's results later, and
  // redraws the list when those arrive: a click that lands during the redraw does nothing (seen
  // on a busy machine: the row still listed, no editor). Click again while the row is still there.
  for (let attempt = 1; ; attempt += 1) {
    await row.click();
    if (
      await tab.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    if (!(await row.isVisible().catch(() => false))) {
      // The picker closed, so it took the click: the editor is only slow to open.
      if (
        await tab.waitFor({ timeout: 60_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      throw await failure('the picker closed, but no editor opened in 70 s');
    }
    if (attempt === 3) throw await failure(`its row is still listed after ${attempt} clicks`);
    console.log(`        note: Quick Open did not take click ${attempt} on ${baseName}; clicking its row again`);
  }
  // Focused editor: its context keys (editorLangId, ...) now hold for the palette and menus.
  await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
}

/** Runs a command from the palette (F1) by its label, e.g. "Entropy Lens: Show Panel". */
export async function runCommand(page: Page, label: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const input = await openQuickInput(page, 'F1');
    try {
      await input.fill(`>${label}`, { timeout: 10_000 });
      await rowLabelled(page, label).first().waitFor({ timeout: 20_000 });
    } catch (error) {
      // The palette closes when the focus moves under it (a webview taking it as it re-renders,
      // a part hidden a moment earlier): seen as "element is not visible" on fill. Open it again.
      if (attempt >= 3) throw error;
      continue;
    }
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    return;
  }
}

/**
 * Whether the palette lists a command labelled exactly `label` (typed as a user would; not run).
 * Leaves the palette open when `keepOpen` is set, e.g. for a screenshot.
 */
export async function paletteHasCommand(page: Page, label: string, { timeout = 5000, attempts = 2, keepOpen = false } = {}): Promise<boolean> {
  // The palette snapshots the commands (and their when clauses) as it opens; a context key that
  // changed a moment earlier can be missed, so a miss is checked once more in a fresh palette.
  let found = false;
  for (let attempt = 0; attempt < attempts && !found; attempt += 1) {
    const input = await openQuickInput(page, 'F1');
    await input.fill(`>${label}`);
    found = await rowLabelled(page, label)
      .first()
      .waitFor({ timeout: attempt === 0 ? timeout : Math.min(timeout, 2000) })
      .then(
        () => true,
        () => false,
      );
  }
  if (!keepOpen) await dismissOverlays(page);
  return found;
}

/** What the palette lists for a query: the rendered labels, and whether that is every match. */
export interface PaletteListing {
  readonly labels: readonly string[];
  /** False when the virtual list holds more rows than it rendered (aria-setsize says how many). */
  readonly complete: boolean;
}

/** The command labels the palette lists for `query`; leaves the palette open (for a screenshot). */
export async function paletteListing(page: Page, query: string): Promise<PaletteListing> {
  const input = await openQuickInput(page, 'F1');
  await input.fill(`>${query}`);
  const rows = page.locator(SELECTORS.quickInputRow);
  const any = await rows
    .first()
    .waitFor({ timeout: 5000 })
    .then(
      () => true,
      () => false,
    );
  if (!any) return { labels: [], complete: true };
  const labels = (await rows.locator(SELECTORS.quickInputRowLabel).allInnerTexts()).map((t) => t.trim());
  const total = Number(await rows.first().getAttribute('aria-setsize'));
  return { labels, complete: Number.isFinite(total) && labels.length >= total };
}

/** The language mode the status bar shows for the active editor, e.g. "CSV". */
export async function languageMode(page: Page): Promise<string> {
  return (await page.locator(SELECTORS.languageStatus).innerText()).trim();
}

/**
 * Moves the mouse over the editor line containing `lineText` (`xOffset` px from its left edge)
 * and returns the text of the hover that appears.
 */
export async function readHover(page: Page, lineText: string, { xOffset = 20, timeout = 10_000 } = {}): Promise<string> {
  await page.mouse.move(0, 0); // a fresh hover, not the last one
  const line = page.locator(SELECTORS.editorLine, { hasText: lineText }).first();
  await line.waitFor();
  const box = await line.boundingBox();
  if (box === null) throw new Error(`editor line "${lineText}" is not visible`);
  await page.mouse.move(box.x + xOffset, box.y + box.height / 2, { steps: 5 });
  const hover = page.locator(SELECTORS.hover).first();
  await hover.waitFor({ state: 'visible', timeout });
  // The hover fades in; wait until its text stops changing so screenshots show it whole.
  let text = await hover.innerText();
  for (let i = 0; i < 10; i += 1) {
    await page.waitForTimeout(50);
    const again = await hover.innerText();
    if (again === text) break;
    text = again;
  }
  return text.trim();
}

/** The content frame of the visible webview (outer iframe → inner #active-frame). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator(SELECTORS.webviewOuter).first().frameLocator(SELECTORS.webviewInner);
}

/** The text of `selector` inside the visible webview, once it exists. */
export async function readWebviewText(page: Page, selector = 'body', timeout = 20_000): Promise<string> {
  const element = webviewFrame(page).locator(selector).first();
  await element.waitFor({ timeout });
  return (await element.innerText()).trim();
}

/** Texts of the notification toasts currently shown. */
export async function notifications(page: Page): Promise<string[]> {
  return (await page.locator(SELECTORS.notificationToast).allInnerTexts()).map((t) => t.trim());
}

/**
 * Names of the extensions whose activation has started, from "Developer: Show Running
 * Extensions" (an editor that lists only activated extensions, with their activation time).
 */
export async function runningExtensions(page: Page): Promise<string[]> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const rows = page.locator(SELECTORS.runningExtensionRow);
  await rows.first().waitFor();
  // The list is virtual: only rows in view exist, so scroll through it and collect as we go.
  const names = new Set<string>();
  const box = await page.locator('.runtime-extensions-editor').boundingBox();
  for (let i = 0; i < 20; i += 1) {
    const before = names.size;
    for (const name of await rows.locator('.name').allInnerTexts()) names.add(name.trim());
    if (box === null || (i > 0 && names.size === before)) break;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, box.height * 0.8);
    await page.waitForTimeout(100); // let the list render the rows scrolled into view
  }
  return [...names];
}

/** Closes every editor (a clean start for the next scenario). */
export async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator(SELECTORS.activeTab).waitFor({ state: 'detached' });
}

/** A context menu (and, nested, its open submenus) as code-server draws it. */
export const CONTEXT_MENU = '.context-view .monaco-menu';

/** The labels of the items of the context menu level `depth` (0 = the menu, 1 = its open submenu). */
export async function menuLabels(page: Page, depth: number): Promise<string[]> {
  const menu = page.locator(CONTEXT_MENU).nth(depth);
  await menu.waitFor();
  return (await menu.locator('.action-item .action-label').allInnerTexts()).map((t) => t.trim()).filter((t) => t !== '');
}

/** The item labelled exactly `label` in the context menu level `depth`. */
export function menuItem(page: Page, depth: number, label: string): Locator {
  return page
    .locator(CONTEXT_MENU)
    .nth(depth)
    .locator('.action-item', { has: page.locator('.action-label', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .first();
}
