// A data file whose cells hold HTML/script payloads: the panel shows them as text, creates no
// element from them, and no script runs (no dialog opens).
import type { Dialog } from 'playwright-core';
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel, fixturePath } from '../panel/panelPage';
import { openPalette, SELECTORS } from '../workbench';

const PAYLOADS = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>'];

export const scenario: Scenario = {
  name: 'panel: label cells holding <img onerror> and <script> payloads render as text and run nothing',
  timeoutMs: 180_000,
  async run({ page, workspace, screenshot }) {
    const fixture = fixturePath(workspace, 'panel-payloads.csv');
    const dialogs: string[] = [];
    const onDialog = (dialog: Dialog): void => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    };
    page.on('dialog', onDialog);
    try {
      const frame = await analyzeAndShowPanel(page, 'panel-payloads.csv', async (p) => {
        // The fixture lives outside the workspace: open it by path in the simple file dialog.
        const input = await openPalette(p);
        await input.fill('>File: Open File...');
        await p.locator(SELECTORS.quickInputRow, { hasText: 'File: Open File...' }).first().click();
        // The simple dialog fills in the workspace folder a moment after opening, and may do so
        // again after we typed; so type the path, accept, and retry while the file is not open.
        await p.waitForFunction(() => {
          const box = (globalThis as unknown as { document: { querySelector(s: string): { value?: string } | null } }).document.querySelector('.quick-input-widget .quick-input-box input');
          return (box?.value ?? '').startsWith('/');
        });
        const tab = p.locator(SELECTORS.activeTab, { hasText: 'panel-payloads.csv' });
        for (let attempt = 1; ; attempt++) {
          await input.fill(fixture);
          await p.waitForTimeout(300);
          if ((await input.inputValue()) === fixture) {
            await p.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
            const opened = await tab.waitFor({ timeout: 5_000 }).then(
              () => true,
              () => false,
            );
            if (opened) break;
          }
          if (attempt === 4) throw new Error(`the open dialog did not open ${fixture}; it holds ${await input.inputValue().catch(() => '(closed)')}`);
          if (!(await input.isVisible())) throw new Error(`the open dialog closed without opening ${fixture}`);
        }
        await p.locator('.editor-group-container.active .monaco-editor').first().waitFor();
      });
      const app = frame.locator('main#app');
      const text = await app.innerText();
      const missing = PAYLOADS.filter((payload) => !text.includes(payload));
      if (missing.length > 0) throw new Error(`payloads not shown as text: ${JSON.stringify(missing)}`);
      // Hover every table row so an injected onmouseover would fire.
      const rows = frame.locator('table tbody tr');
      for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).hover();
      const injected = await app.evaluate((root) => {
        const r = root as unknown as { querySelectorAll(selector: string): { length: number } };
        return r.querySelectorAll('img, script, svg, b, iframe, object, embed, [onerror], [onload], [onmouseover]').length;
      });
      if (injected !== 0) throw new Error(`${injected} element(s) were created from data`);
      await frame.locator('#section-worst').evaluate((e) => (e as unknown as { scrollIntoView(): void }).scrollIntoView());
      await screenshot('payloads-as-text');
      if (dialogs.length > 0) throw new Error(`a script ran: dialog(s) ${JSON.stringify(dialogs)}`);
      return `${PAYLOADS.length} payloads shown as text; 0 injected elements; 0 dialogs`;
    } finally {
      page.off('dialog', onDialog);
    }
  },
};
