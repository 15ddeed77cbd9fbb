// A Parquet file from the Explorer, as a user reads one: right-click samples/fraud-sample.parquet
// (not a text document, so no editor opens), Entropy Lens ▸ Analyze File on Disk…, and the results
// panel opens by itself. It shows its 150 rows and the mean loss the packaged CLI prints for the same
// file (`dist/cli.js cross-entropy … --json`, in the panel's unit and number format).
// Screenshots: test-results/ui/panelParquetFromExplorer-{explorer-menu,summary}.png (the summary is
// docs/screenshots/panel-parquet.png).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FrameLocator } from 'playwright-core';
import { formatPanelNumber } from '../../../src/webview/model/format';
import type { Scenario } from '../scenario';
import { panelRoot, plotsDrawn, summaryValue } from '../panel/panelPage';
import { CONTEXT_MENU, menuItem, menuLabels, runCommand, SELECTORS, webviewFrame } from '../workbench';

const FILE = 'fraud-sample.parquet';
const BASE_OF_UNIT: Record<string, string> = { bits: '2', nats: 'e', dits: '10' };

interface CliCrossEntropy {
  unit: string;
  n: number;
  models: { columns: string[]; mean: number }[];
}

/** `entropy-lens cross-entropy --json` on the workspace's Parquet file in `unit`, run as a user would (the packaged dist/cli.js). */
async function cliCrossEntropy(workspace: string, unit: string): Promise<CliCrossEntropy> {
  const base = BASE_OF_UNIT[unit];
  if (!base) throw new Error(`the panel's unit reads ${JSON.stringify(unit)}`);
  const cli = join(workspace, '..', 'dist', 'cli.js');
  const argv = [cli, 'cross-entropy', join(workspace, FILE), '--label', 'is_fraud', '--prob', 'score', '--base', base, '--json'];
  const { stdout } = await promisify(execFile)(process.execPath, argv);
  return JSON.parse(stdout) as CliCrossEntropy;
}

/** The unit the panel shows (its checked unit button). */
async function panelUnit(frame: FrameLocator): Promise<string> {
  return (await frame.locator('[data-unit][aria-checked="true"]').first().innerText()).trim();
}

export const scenario: Scenario = {
  name: 'panel: Analyze File on Disk… from the explorer’s Entropy Lens submenu on fraud-sample.parquet shows its 150 rows and the CLI’s mean loss',
  timeoutMs: 120_000,
  async run({ page, workspace, screenshot }) {
    await runCommand(page, 'View: Show Explorer');
    const row = page.locator(SELECTORS.explorerRow, { hasText: FILE }).first();
    await row.click({ button: 'right' });
    const top = await menuLabels(page, 0);
    if (!top.includes('Entropy Lens')) throw new Error(`the explorer context menu of ${FILE} has no "Entropy Lens" entry: ${JSON.stringify(top)}`);
    await menuItem(page, 0, 'Entropy Lens').hover();
    const sub = await menuLabels(page, 1);
    if (!sub.includes('Analyze File on Disk…')) throw new Error(`the Entropy Lens submenu of ${FILE} reads ${JSON.stringify(sub)}`);
    await screenshot('explorer-menu');
    await menuItem(page, 1, 'Analyze File on Disk…').click();
    await page.locator(CONTEXT_MENU).first().waitFor({ state: 'hidden' });

    // No editor opens for a binary file: Analyze File on Disk… opens the results panel itself.
    const frame = webviewFrame(page);
    await panelRoot(page, FILE).waitFor({ timeout: 60_000 });
    await frame.locator('canvas.plot-canvas[data-items]').last().waitFor({ timeout: 10_000 });

    const n = await summaryValue(frame, 'Rows (n)');
    if (n !== '150') throw new Error(`the panel's Rows (n) reads ${JSON.stringify(n)}, expected 150`);
    const unit = await panelUnit(frame);
    const cli = await cliCrossEntropy(workspace, unit);
    const model = cli.models.find((m) => m.columns.join(',') === 'score');
    if (cli.n !== 150 || !model) throw new Error(`the CLI reads n ${cli.n}, models ${JSON.stringify(cli.models.map((m) => m.columns))}`);
    const expected = `${formatPanelNumber(model.mean)} ${unit}`;
    const mean = await summaryValue(frame, 'Mean cross-entropy');
    if (mean !== expected) throw new Error(`the panel's mean cross-entropy reads ${JSON.stringify(mean)}, the CLI's ${model.mean} ${cli.unit} is ${JSON.stringify(expected)}`);

    const plots = await plotsDrawn(frame);
    const rowLoss = plots['row-loss'];
    if (!rowLoss || rowLoss.inkPixels < 500) throw new Error(`the per-row loss plot is missing or blank: ${JSON.stringify(plots)}`);
    // The analysis's progress toast has gone (it would cover the panel's corner in the screenshot).
    await page.locator(SELECTORS.notificationToast, { hasText: `analysing ${FILE}` }).waitFor({ state: 'detached', timeout: 10_000 });
    await frame.locator('td[data-fact="Rows (n)"]').scrollIntoViewIfNeeded();
    const shot = await screenshot('summary');
    return `explorer: Entropy Lens ▸ Analyze File on Disk…; n ${n}, mean ${mean} (CLI ${model.mean} ${cli.unit}); ${shot}`;
  },
};
