// Screenshots of the results panel in the light, dark and high-contrast themes; the plots redraw
// with the theme's colours (the canvas background pixels follow the theme).
import type { FrameLocator } from 'playwright-core';
import type { Scenario } from '../scenario';
import { runCommand } from '../workbench';
import { analyzeAndShowPanel, setColorTheme, waitForWebviewTheme } from '../panel/panelPage';

/** Mean luminance (0–255) of the text pixels VS Code's theme gives the webview's body. */
async function foregroundLuminance(frame: FrameLocator): Promise<number> {
  return frame.locator('body').evaluate((body) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(body);
    const [r, g, b] = (style.color.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  });
}

export const scenario: Scenario = {
  name: 'panel: light, dark and high-contrast screenshots of the summary and plots (test-results/ui/panelThemes-*.png)',
  timeoutMs: 240_000,
  async run({ page, screenshot }) {
    const frame = await analyzeAndShowPanel(page, 'logistic-10-points.csv');
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    const shots: string[] = [];
    const light = { theme: 'Light Modern', bodyClass: 'vscode-light', name: 'light', textIsDark: true };
    const dark = { theme: 'Dark Modern', bodyClass: 'vscode-dark', name: 'dark', textIsDark: false };
    const highContrast = { theme: 'Dark High Contrast', bodyClass: 'vscode-high-contrast', name: 'high-contrast', textIsDark: false };
    // End on the theme the workbench started with, so later scenarios look as they expect.
    const startedDark = (await page.locator('.monaco-workbench.vs-dark').count()) > 0;
    const themes = startedDark ? [light, highContrast, dark] : [dark, highContrast, light];
    try {
      for (const { theme, bodyClass, name, textIsDark } of themes) {
        await setColorTheme(page, theme).catch(async (error: unknown) => {
          await screenshot(`${name}-theme-picker-failure`);
          throw new Error(`switching to ${theme}: ${String(error)}`);
        });
        await waitForWebviewTheme(frame, bodyClass).catch((error: unknown) => {
          throw new Error(`the panel did not get body.${bodyClass}: ${String(error)}`);
        });
        const luminance = await foregroundLuminance(frame);
        if (textIsDark !== luminance < 128) throw new Error(`${theme}: panel text luminance ${luminance.toFixed(0)} does not suit the theme`);
        await frame.locator('#section-summary').scrollIntoViewIfNeeded();
        shots.push(await screenshot(`${name}-summary`));
        await frame.locator('#plot-row-loss').scrollIntoViewIfNeeded();
        shots.push(await screenshot(`${name}-plots`));
        await frame.locator('#plot-sigmoid').scrollIntoViewIfNeeded();
        shots.push(await screenshot(`${name}-fit`));
      }
    } finally {
      await runCommand(page, 'View: Toggle Maximize Editor Group').catch(() => undefined);
    }
    return `${shots.length} screenshots`;
  },
};
