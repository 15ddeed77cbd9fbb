// The results panel on the two 3-class models: both models side by side with their figures.
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel, plotsDrawn, summaryValue } from '../panel/panelPage';

export const scenario: Scenario = {
  name: 'panel: analyzing three-class-models.csv shows m1 1.989 vs m2 0.922 bits, both wrong on 1 of 3 rows, and every plot draws',
  timeoutMs: 90_000,
  async run({ page, screenshot }) {
    const frame = await analyzeAndShowPanel(page, 'three-class-models.csv');
    await frame.locator('[data-unit="bits"]').click();
    await frame.locator('td[data-fact="Mean cross-entropy"]', { hasText: 'bits' }).waitFor();
    const mean = await summaryValue(frame, 'Mean cross-entropy');
    if (mean !== '1.989 bits') throw new Error(`summary mean CE is ${JSON.stringify(mean)}, expected "1.989 bits"`);
    const brier = await summaryValue(frame, 'Brier score');
    if (brier !== '0.8067') throw new Error(`summary Brier is ${JSON.stringify(brier)}, expected "0.8067"`);
    const comparison = (await frame.locator('table[aria-label="Model comparison"]').innerText()).replace(/\s+/g, ' ');
    for (const expected of ['1.989', '0.9220', '0.8067', '0.3400', '1 of 3: row 3']) {
      if (!comparison.includes(expected)) throw new Error(`model comparison lacks ${JSON.stringify(expected)}: ${comparison}`);
    }
    const wrongCells = await frame.locator('table.verdicts td.wrong').count();
    if (wrongCells !== 2) throw new Error(`expected each model wrong on exactly one row (2 cells), saw ${wrongCells}`);

    const plots = await plotsDrawn(frame);
    const expectedPlots = ['row-loss', 'surprisal', 'histogram', 'classes'];
    for (const id of expectedPlots) {
      const plot = plots[id];
      if (!plot || plot.inkPixels < 500) throw new Error(`plot ${id} is missing or blank: ${JSON.stringify(plots)}`);
    }

    // Unit switch in place: nats then dits, without re-analysis.
    await frame.locator('[data-unit="nats"]').click();
    const nats = await summaryValue(frame, 'Mean cross-entropy');
    await frame.locator('[data-unit="dits"]').click();
    const dits = await summaryValue(frame, 'Mean cross-entropy');
    if (nats !== '1.378 nats' || dits !== '0.5986 dits') throw new Error(`unit switch gave ${nats} / ${dits}`);
    await frame.locator('[data-unit="bits"]').click();
    await screenshot('summary');
    await frame.locator('#section-plots').scrollIntoViewIfNeeded();
    await screenshot('plots');
    return `mean CE ${mean}, Brier ${brier}; plots ${Object.keys(plots).join(', ')}; nats ${nats}, dits ${dits}`;
  },
};
