// The packaged extension is installed in the workbench and activates when a sample file opens.
import { readdirSync } from 'node:fs';
import type { Scenario } from '../scenario';
import { languageMode, openFile, runCommand, runningExtensions, SELECTORS } from '../workbench';

/** How long activation may take after the file opens (it is asynchronous). */
const ACTIVATION_WAIT_MS = 30_000;

export const scenario: Scenario = {
  name: 'the extension from the .vsix is installed, enabled, and activates when a sample CSV opens',
  async run({ page, workspace, manifest, screenshot }) {
    const displayName = manifest.displayName ?? manifest.name;

    // The marketplace is off, so "Show Installed" is unavailable; "Show Enabled" lists ours.
    await runCommand(page, 'Extensions: Show Enabled Extensions');
    const listed = page.locator('.extensions-viewlet .extension-list-item', { hasText: displayName });
    await listed.first().waitFor({ timeout: 15_000 });
    await screenshot('installed');

    const sample = readdirSync(workspace)
      .filter((name) => name.endsWith('.csv'))
      .sort()[0];
    if (sample === undefined) throw new Error('samples/ has no .csv file to open');
    await openFile(page, sample);
    await page.locator(SELECTORS.editorLine).first().waitFor();
    const mode = await languageMode(page);

    const deadline = Date.now() + ACTIVATION_WAIT_MS;
    let running: string[];
    for (;;) {
      running = await runningExtensions(page);
      if (running.includes(displayName)) break;
      if (Date.now() > deadline) {
        await screenshot('running-extensions');
        throw new Error(
          `${displayName} is not among the running extensions ${JSON.stringify(running)} ` +
            `${ACTIVATION_WAIT_MS / 1000} s after opening ${sample} (language mode ${mode}); activationEvents: ` +
            JSON.stringify(manifest.activationEvents ?? []),
        );
      }
      await page.waitForTimeout(500); // activation is in flight; look again
    }
    await screenshot('running-extensions');
    await runCommand(page, 'View: Show Explorer'); // leave the side bar as the next scenario expects
    return `${displayName} listed as enabled, and running after opening ${sample} (language mode ${mode})`;
  },
};
