// The panel's per-class section on the digits sample (150 rows of cross_val_predict on
// load_digits, ten named classes): the per-class report sorts by mean loss, and each press on a
// confusion cell reveals the next of its rows in the editor (two predicted as one: rows 3, 52, …);
// the likely label error confident learning finds (row 88, labelled four, surely a one) reveals its row.
// Under the reliability diagram, temperature scaling (and, for the binary fraud sample, the Brier
// decomposition) in words with the CLI's `calibration` figures. Then the same sections in the dark
// theme (test-results/ui/panelPerClass-dark-*.png, docs/screenshots/panel-*-dark.png).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FrameLocator, Page } from 'playwright-core';
import { formatPanelNumber } from '../../../src/webview/model/format';
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel, plotsDrawn, setColorTheme, waitForCursorLine, waitForWebviewTheme } from '../panel/panelPage';

interface CliCalibration {
  brier: { score: number; reliability: number; resolution: number; uncertainty: number } | null;
  temperature: { t: number; before: number; after: number };
}

const BASE_OF_UNIT: Record<string, string> = { bits: '2', nats: 'e', dits: '10' };

/**
 * `entropy-lens calibration --json` on a sample of the workspace, in the panel's unit, run as a user
 * would (the packaged dist/cli.js beside samples/): the reference for the diagram's notes.
 */
async function cliCalibration(workspace: string, file: string, unit: string, ...argv: string[]): Promise<CliCalibration> {
  const base = BASE_OF_UNIT[unit];
  if (!base) throw new Error(`the panel's unit reads ${JSON.stringify(unit)}`);
  const cli = join(workspace, '..', 'dist', 'cli.js');
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'calibration', join(workspace, file), ...argv, '--base', base, '--json']);
  return JSON.parse(stdout) as CliCalibration;
}

/** The unit the panel shows (its checked unit button). */
async function panelUnit(frame: FrameLocator): Promise<string> {
  return (await frame.locator('[data-unit][aria-checked="true"]').first().innerText()).trim();
}

/** The lines under the reliability diagram, once they are visible. */
async function reliabilityNotes(frame: FrameLocator): Promise<string[]> {
  const notes = frame.locator('#plot-reliability figcaption.plot-notes p');
  await notes.first().scrollIntoViewIfNeeded();
  await notes.last().waitFor({ state: 'visible' });
  return (await notes.allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim());
}

/** The temperature line the CLI's figures make: "Temperature scaling: T = …; mean cross-entropy … → … unit". */
function temperatureLine(cli: CliCalibration, unit: string): string {
  const n = (v: number): string => formatPanelNumber(v);
  return `Temperature scaling: T = ${n(cli.temperature.t)}; mean cross-entropy ${n(cli.temperature.before)} → ${n(cli.temperature.after)} ${unit}`;
}

/** Screenshots of the per-class report with the confusion matrix, the label errors, the reliability diagram and ROC / PR in the dark theme. */
async function darkScreenshots(page: Page, frame: FrameLocator, screenshot: (name: string) => Promise<string>): Promise<string[]> {
  const startedDark = (await page.locator('.monaco-workbench.vs-dark').count()) > 0;
  const shots: string[] = [];
  try {
    if (!startedDark) await setColorTheme(page, 'Dark Modern');
    await waitForWebviewTheme(frame, 'vscode-dark');
    await frame.locator('#section-classes').scrollIntoViewIfNeeded();
    shots.push(await screenshot('dark-per-class'));
    await frame.locator('#section-label-issues').scrollIntoViewIfNeeded();
    shots.push(await screenshot('dark-label-issues'));
    await frame.locator('#plot-reliability figcaption').scrollIntoViewIfNeeded();
    shots.push(await screenshot('dark-reliability'));
    await frame.locator('#plot-pr').scrollIntoViewIfNeeded();
    shots.push(await screenshot('dark-roc'));
  } finally {
    // End on the theme the workbench started with, so later scenarios look as they expect.
    if (!startedDark) await setColorTheme(page, 'Light Modern');
  }
  return shots;
}

export const scenario: Scenario = {
  name: 'panel: the per-class report of the digits sample sorts by loss, a confusion cell (two → one) reveals its rows one by one, its likely label error reveals row 88, the reliability diagram’s notes give the CLI’s temperature scaling (and, binary, the Brier decomposition); dark screenshots',
  timeoutMs: 240_000,
  async run({ page, workspace, screenshot }) {
    const frame = await analyzeAndShowPanel(page, 'digits-names-sample.jsonl');
    const section = frame.locator('#section-classes');
    await section.waitFor();
    const heading = (await section.locator('h2').innerText()).trim();
    if (heading !== 'Per class (probs)') throw new Error(`per-class heading reads ${JSON.stringify(heading)}`);
    const report = section.locator('table[aria-label="Per-class report"] tbody tr');
    const classes = await report.locator('th').allInnerTexts();
    if (classes.length !== 10 || classes[0]?.trim() !== 'zero') throw new Error(`per-class rows: ${classes.join(', ')}`);
    // "two": 15 rows, 5 predicted as one and 3 as eight → recall 7/15.
    const two = (await section.locator('tr[data-class="two"]').innerText()).replace(/\s+/g, ' ').trim();
    if (!two.startsWith('two 15 ') || !two.includes('1.0000 0.4667 0.6364')) throw new Error(`the row of class two reads ${JSON.stringify(two)}`);

    // Sorted by mean loss, highest first: the class the model gets most wrong leads.
    await section.locator('th button', { hasText: 'Mean CE' }).click();
    const first = (await report.first().locator('th').innerText()).trim();
    if (first !== 'two') throw new Error(`sorted by mean loss, the first class is ${JSON.stringify(first)}, expected "two"`);
    await screenshot('per-class');

    // The confusion cell of true "two", predicted "one": rows 3, 52 and 58 (lines 3, 52, 58 of the JSON Lines file).
    const cell = section.locator('table[aria-label="Confusion matrix"] td[data-cell="2,1"] button');
    const count = (await cell.innerText()).trim();
    if (count !== '5') throw new Error(`the (two, one) cell counts ${JSON.stringify(count)}, expected 5`);
    await cell.click();
    const firstStatus = await waitForCursorLine(page, 3);
    await cell.click();
    await waitForCursorLine(page, 52);
    await cell.click();
    await waitForCursorLine(page, 58);
    await section.locator('table[aria-label="Confusion matrix"]').scrollIntoViewIfNeeded();
    await screenshot('confusion');

    // Confident learning flags one row of the sample: row 88 (line 88), labelled four, p(one) 0.8971.
    const issues = frame.locator('#section-label-issues');
    const issuesHeading = (await issues.locator('h2').innerText()).trim();
    if (issuesHeading !== 'Likely label errors (1, probs)') throw new Error(`label-error heading reads ${JSON.stringify(issuesHeading)}`);
    const issueRow = issues.locator('table[aria-label="Likely label errors"] tbody tr');
    const issueText = (await issueRow.first().innerText()).replace(/\s+/g, ' ').trim();
    if (!issueText.startsWith('88 four 0.07') || !issueText.includes(' one 0.8971 0.8671')) throw new Error(`the label-error row reads ${JSON.stringify(issueText)}`);
    await issueRow.first().click();
    await waitForCursorLine(page, 88);
    await issues.scrollIntoViewIfNeeded();
    await screenshot('label-issues');

    // The reliability diagram draws the top label's 15 bins (ECE in its title).
    const plots = await plotsDrawn(frame);
    const reliability = plots['reliability'];
    if (!reliability || reliability.items !== 15 || reliability.inkPixels < 500) throw new Error(`reliability plot missing or blank: ${JSON.stringify(plots)}`);
    for (const id of ['roc', 'pr']) {
      const plot = plots[id];
      if (!plot || plot.items !== 10 || plot.inkPixels < 500) throw new Error(`${id} plot missing or blank (one curve per class expected): ${JSON.stringify(plots)}`);
    }
    const areas = (await section.locator('[data-testid="ranking"]').innerText()).trim();
    if (!/^ROC AUC 0\.9\d+ · average precision 0\.\d+ \(one-vs-rest macro means/.test(areas)) throw new Error(`the ranking line reads ${JSON.stringify(areas)}`);
    // Beneath it, in the panel's unit: the CLI's temperature scaling; no decomposition for the top label, and why.
    const unit = await panelUnit(frame);
    const digits = await cliCalibration(workspace, 'digits-names-sample.jsonl', unit, '--label', 'label', '--prob', 'probs');
    const notes = await reliabilityNotes(frame);
    if (!notes[0]?.startsWith('Brier decomposition: for binary models (one column) only'))
      throw new Error(`the reliability notes read ${JSON.stringify(notes)}: expected why the top label has no Brier decomposition first`);
    if (!notes[1]?.startsWith(temperatureLine(digits, unit)))
      throw new Error(`the temperature note reads ${JSON.stringify(notes[1])}, expected it to start ${JSON.stringify(temperatureLine(digits, unit))}`);
    await frame.locator('#plot-reliability').scrollIntoViewIfNeeded();
    await screenshot('reliability');
    await frame.locator('#plot-roc').scrollIntoViewIfNeeded();
    await screenshot('roc');
    const dark = await darkScreenshots(page, frame, screenshot);

    // A binary model (the fraud sample, one score column): the Brier decomposition on the diagram's bins, as the CLI prints it.
    const fraudFrame = await analyzeAndShowPanel(page, 'fraud-sample.csv');
    const fraudUnit = await panelUnit(fraudFrame);
    const fraud = await cliCalibration(workspace, 'fraud-sample.csv', fraudUnit, '--label', 'is_fraud', '--prob', 'score');
    const b = fraud.brier;
    if (!b) throw new Error('the CLI gives the fraud sample no Brier decomposition');
    const n = (v: number): string => formatPanelNumber(v);
    const brierLine = `Brier score ${n(b.score)} = reliability ${n(b.reliability)} − resolution ${n(b.resolution)} + uncertainty ${n(b.uncertainty)}`;
    const fraudNotes = await reliabilityNotes(fraudFrame);
    if (!fraudNotes[0]?.startsWith(brierLine)) throw new Error(`the fraud sample's Brier note reads ${JSON.stringify(fraudNotes[0])}, expected it to start ${JSON.stringify(brierLine)}`);
    if (!fraudNotes[1]?.startsWith(temperatureLine(fraud, fraudUnit)))
      throw new Error(`the fraud sample's temperature note reads ${JSON.stringify(fraudNotes[1])}, expected it to start ${JSON.stringify(temperatureLine(fraud, fraudUnit))}`);
    await screenshot('reliability-binary');
    return `per class: ${classes.length} classes, "${two}"; cell (two, one) = ${count} → lines 3, 52, 58 (${firstStatus}); label error "${issueText}" → line 88; reliability diagram ${reliability.items} bins, "${notes[1]}"; fraud "${fraudNotes[0]?.split(' (')[0]}"; ${areas.split(' (')[0]}; ${dark.length} dark screenshots`;
  },
};
