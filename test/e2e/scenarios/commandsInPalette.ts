// Every command package.json contributes is in the command palette as "Entropy Lens: <title>".
// The list comes from the installed manifest, so this scenario grows with the commands. Commands
// whose palette `when` needs results are checked again after an Analyze; any other state this
// scenario does not create (an analysis in progress) becomes a note.
import { readdirSync } from 'node:fs';
import type { Scenario } from '../scenario';
import { COMMAND_CATEGORY, paletteLabel, paletteWhen, whenHoldsWithCsvOpen } from '../manifest';
import { dismissOverlays, openFile, paletteHasCommand, paletteListing, runCommand } from '../workbench';

export const scenario: Scenario = {
  name: `every contributed command is in the palette under "${COMMAND_CATEGORY}"`,
  timeoutMs: 120_000,
  async run({ page, workspace, manifest, screenshot, note }) {
    const commands = manifest.contributes?.commands ?? [];
    if (commands.length === 0) {
      note('package.json contributes no commands yet: nothing to look for in the palette');
      return 'no commands contributed';
    }
    const uncategorised = commands.filter((c) => c.category !== COMMAND_CATEGORY).map((c) => `${c.command} (category ${JSON.stringify(c.category)})`);
    if (uncategorised.length > 0) throw new Error(`commands outside category "${COMMAND_CATEGORY}": ${uncategorised.join(', ')}`);

    // With a data file open, commands whose palette entry needs an editor context can show.
    const sample = readdirSync(workspace)
      .filter((name) => name.endsWith('.csv'))
      .sort()[0];
    if (sample !== undefined) await openFile(page, sample);

    // One listing of the whole category first; single lookups only for what it does not show.
    const listing = await paletteListing(page, `${COMMAND_CATEGORY}:`);
    await screenshot('palette');
    const missing: string[] = [];
    const needResults: { label: string; command: string }[] = [];
    let found = 0;
    for (const command of commands) {
      const label = paletteLabel(command);
      const when = paletteWhen(manifest, command.command);
      if (when === 'false') {
        note(`${command.command} is hidden from the palette on purpose (menus.commandPalette when: false)`);
        continue;
      }
      // Required unless its when clause needs a state this scenario does not create.
      const required = when === undefined || (sample !== undefined && whenHoldsWithCsvOpen(when) === true);
      const listed = listing.labels.includes(label);
      if (listed || ((required || !listing.complete) && (await paletteHasCommand(page, label)))) {
        found += 1;
        continue;
      }
      if (required) missing.push(`"${label}" (${command.command})`);
      else if (when !== undefined && /\bentropyLens\.hasResults\b/.test(when) && !/\bentropyLens\.analysisRunning\b/.test(when)) needResults.push({ label, command: command.command });
      else note(`"${label}" is not in the palette with ${sample ?? 'no file'} open: its when clause (${when}) does not hold yet`);
    }
    if (needResults.length > 0) {
      // Commands that act on results (worst rows, export, clear) appear once there are results.
      await dismissOverlays(page);
      await openFile(page, 'logistic-10-points.csv');
      await runCommand(page, `${COMMAND_CATEGORY}: Analyze`);
      await page.locator('.statusbar-item', { hasText: 'n=10' }).first().waitFor({ timeout: 30_000 });
      const afterAnalysis = await paletteListing(page, `${COMMAND_CATEGORY}:`);
      await screenshot('palette-with-results');
      for (const { label, command } of needResults) {
        if (afterAnalysis.labels.includes(label) || (await paletteHasCommand(page, label))) found += 1;
        else missing.push(`"${label}" (${command}) after Analyze`);
      }
    }
    await dismissOverlays(page);
    if (missing.length > 0) throw new Error(`not in the palette: ${missing.join(', ')}; it lists ${JSON.stringify(listing.labels)}`);
    return `${found} of ${commands.length} command(s) found`;
  },
};
