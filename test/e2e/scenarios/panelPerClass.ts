// The panel's per-class section on the digits sample (150 rows of cross_val_predict on
// load_digits, ten named classes): the per-class report sorts by mean loss, and each press on a
// confusion cell reveals the next of its rows in the editor (two predicted as one: rows 3, 52, …);
// the likely label error confident learning finds (row 88, labelled four, surely a one) reveals its row.
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel, plotsDrawn, waitForCursorLine } from '../panel/panelPage';

export const scenario: Scenario = {
  name: 'panel: the per-class report of the digits sample sorts by loss, a confusion cell (two → one) reveals its rows one by one, and its likely label error reveals row 88',
  timeoutMs: 120_000,
  async run({ page, screenshot }) {
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
    await frame.locator('#plot-reliability').scrollIntoViewIfNeeded();
    await screenshot('reliability');
    await frame.locator('#plot-roc').scrollIntoViewIfNeeded();
    await screenshot('roc');
    return `per class: ${classes.length} classes, "${two}"; cell (two, one) = ${count} → lines 3, 52, 58 (${firstStatus}); label error "${issueText}" → line 88; reliability diagram ${reliability.items} bins; ${areas.split(' (')[0]}`;
  },
};
