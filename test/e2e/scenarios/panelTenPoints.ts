// The results panel on the 10-point logistic example: label entropy, the fit's coefficients and
// mean log loss, and the fit plots (training loss, sigmoid with per-point bars) drawn.
import type { Scenario } from '../scenario';
import { analyzeAndShowPanel, plotsDrawn, summaryValue } from '../panel/panelPage';

export const scenario: Scenario = {
  name: 'panel: analyzing logistic-10-points.csv shows H(y), the fit (coef 0.97193448, intercept 0.65553595, 0.3329 nats), its standard errors and all its plots',
  timeoutMs: 180_000,
  async run({ page, screenshot }) {
    const frame = await analyzeAndShowPanel(page, 'logistic-10-points.csv');
    await frame.locator('[data-unit="bits"]').click();
    await frame.locator('td[data-fact="Rows (n)"]').waitFor();
    const n = await summaryValue(frame, 'Rows (n)');
    const entropy = await summaryValue(frame, 'Label entropy H(Y)');
    // y = [0,0,1,0,1,1,1,1,1,1]: 3 zeros, 7 ones → H = 0.881291 bits of max log 2 = 1 bit.
    if (n !== '10' || entropy !== '0.8813 bits of max 1.000 bits (log 2)') throw new Error(`summary n ${n}, entropy ${entropy}`);
    const fitText = (await frame.locator('#section-fit').innerText()).replace(/\s+/g, ' ');
    // The standard errors of the L2 fit (numpy's inverse-Hessian formula: x 0.556334, intercept
    // 0.853407), labelled as the penalised fit's Laplace approximation.
    for (const expected of ['0.97193448', '0.65553595', 'converged', 'std err', '0.556334', '0.853407', '0.081', 'Laplace approximation']) {
      if (!fitText.includes(expected)) throw new Error(`fit section lacks ${JSON.stringify(expected)}: ${fitText}`);
    }
    await frame.locator('[data-testid="fit-uncertainty"]').scrollIntoViewIfNeeded();
    await screenshot('standard-errors');
    await frame.locator('[data-unit="nats"]').click();
    const meanNats = await summaryValue(frame, 'Mean cross-entropy');
    if (meanNats !== '0.3329 nats') throw new Error(`mean log loss shows ${meanNats}, expected 0.3329 nats`);
    await frame.locator('[data-unit="bits"]').click();

    const plots = await plotsDrawn(frame);
    for (const id of ['row-loss', 'surprisal', 'histogram', 'classes', 'training-loss', 'sigmoid']) {
      const plot = plots[id];
      if (!plot || plot.inkPixels < 500) throw new Error(`plot ${id} is missing or blank: ${JSON.stringify(plots)}`);
    }
    if (plots.sigmoid!.items !== 10) throw new Error(`sigmoid plot should link 10 points, has ${plots.sigmoid!.items}`);
    await frame.locator('#plot-sigmoid').scrollIntoViewIfNeeded();
    await screenshot('sigmoid');
    return `n ${n}, H ${entropy}, mean ${meanNats}; plots ${Object.entries(plots)
      .map(([id, p]) => `${id}(${p.items})`)
      .join(', ')}`;
  },
};
