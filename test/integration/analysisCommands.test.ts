// Every analysis command on every sample file, in a real VS Code: the result objects carry the
// worked-example figures (scikit-learn / SciPy reference), in the unit the setting asks for.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzed, BITS, close, entropyLens, REFERENCE, sampleUri, setSetting, show } from './entropyLens';

/** Tolerance for figures checked against the reference file (computed in double precision). */
const REL = 1e-9;

suite('Entropy Lens: analysis commands on the samples', () => {
  suiteSetup(async () => {
    await entropyLens();
    await setSetting('logBase', '2');
  });
  suiteTeardown(async () => {
    await setSetting('logBase', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Analyze on the binary JSON: mean 0.522010 bits, first row 0.321928 bits, sum 1.447319 nats', async () => {
    const uri = sampleUri('binary-predictions.json');
    await show(uri);
    const result = await analyzed('entropyLens.analyze', uri);
    assert.equal(result.unit, 'bits');
    assert.equal(result.rows, 4);
    close(result.mean, 0.52201, 1e-6, 'mean (quoted to 6 digits)');
    close(result.mean, REFERENCE.binary.meanNats / BITS, REL, 'mean');
    close(result.sum, REFERENCE.binary.sumNats / BITS, REL, 'sum');
    close(result.analysis.rowLoss?.lossNats[0], REFERENCE.binary.rowNats[0], REL, 'row 1 (nats)');
    close(result.models[0]?.brier, REFERENCE.binary.brier, REL, 'Brier');
    close(result.entropy?.value, 1, REL, 'label entropy');
  });

  test('Compute Cross-Entropy on the 3-class CSV: 1.988595 vs 0.922037 bits, 1 error in 3 each', async () => {
    const uri = sampleUri('three-class-models.csv');
    await show(uri);
    const result = await analyzed('entropyLens.computeCrossEntropy', uri);
    assert.deepEqual(
      result.models.map((m) => m.name),
      ['m1', 'm2'],
    );
    close(result.models[0]?.mean, 1.988595, 1e-6, 'm1 (quoted)');
    close(result.models[1]?.mean, 0.922037, 1e-6, 'm2 (quoted)');
    close(result.models[0]?.mean, REFERENCE.threeClass.m1.meanNats / BITS, REL, 'm1');
    close(result.models[1]?.mean, REFERENCE.threeClass.m2.meanNats / BITS, REL, 'm2');
    close(result.models[0]?.brier, REFERENCE.threeClass.m1.brier, REL, 'm1 Brier');
    close(result.models[1]?.brier, REFERENCE.threeClass.m2.brier, REL, 'm2 Brier');
    assert.deepEqual(
      result.models.map((m) => m.errorRate),
      [1 / 3, 1 / 3],
    );
  });

  test('Compute Cross-Entropy on cat/dog/horse JSONL: 0.514573 bits from the probabilities', async () => {
    const uri = sampleUri('cat-dog-horse.jsonl');
    await show(uri);
    const result = await analyzed('entropyLens.computeCrossEntropy', uri);
    close(result.models[0]?.mean, 0.514573, 1e-6, 'probs (quoted)');
    close(result.models[0]?.mean, REFERENCE.catDogHorse.probsNats / BITS, REL, 'probs');
    close(result.models[1]?.mean, REFERENCE.catDogHorse.scoresNats / BITS, REL, 'scores (logits)');
  });

  test('Compute KL Divergence on the P/Q CSV: D(P‖Q) 0.188722, D(Q‖P) 0.207519 bits', async () => {
    const uri = sampleUri('kl-distributions.csv');
    await show(uri);
    const result = await analyzed('entropyLens.computeKlDivergence', uri, { p: ['p'], q: ['q'] });
    close(result.kl?.pq, 0.188722, 2e-6, 'D(P‖Q) (quoted)');
    close(result.kl?.qp, 0.207519, 2e-6, 'D(Q‖P) (quoted)');
    close(result.kl?.pq, REFERENCE.kl.pqNats / BITS, REL, 'D(P‖Q)');
    close(result.kl?.qp, REFERENCE.kl.qpNats / BITS, REL, 'D(Q‖P)');
    close(result.kl?.crossEntropy, (result.kl?.entropyP ?? 0) + (result.kl?.pq ?? 0), 1e-12, 'CE = H + KL');
  });

  test('Fit Logistic Regression on the 10 points: coef 0.97193448, intercept 0.65553595', async () => {
    const uri = sampleUri('logistic-10-points.csv');
    await show(uri);
    const result = await analyzed('entropyLens.fitLogisticRegression', uri);
    assert.ok(result.fit, 'no fit');
    close(result.fit.coef[0]?.[0], 0.97193448, 1e-8, 'coef (quoted)');
    close(result.fit.intercept[0], 0.65553595, 1e-8, 'intercept (quoted)');
    close(result.fit.coef[0]?.[0], REFERENCE.tenPoints.coef, 1e-10, 'coef');
    close(result.fit.intercept[0], REFERENCE.tenPoints.intercept, 1e-10, 'intercept');
    close(result.fit.meanLogLoss, REFERENCE.tenPoints.meanLogLossNats / BITS, 1e-10, 'mean log loss');
    close(result.fit.brier, 0.10442473009732164, 1e-8, 'Brier (brier_score_loss at the quoted coefficients)');
    assert.equal(result.fit.converged, true);
    close(result.mean, REFERENCE.tenPoints.meanLogLossNats / BITS, 1e-10, 'per-row headline mean');
  });

  test('Fit Softmax Regression on the 10 points: two centred rows, the binary fit at C = 2 halved', async () => {
    const uri = sampleUri('logistic-10-points.csv');
    const result = await analyzed('entropyLens.fitSoftmaxRegression', uri);
    assert.ok(result.fit, 'no fit');
    assert.equal(result.fit.model, 'softmax');
    const [w0, w1] = [result.fit.coef[0]?.[0] ?? NaN, result.fit.coef[1]?.[0] ?? NaN];
    close(w0 + w1 + 1, 1, 1e-12, 'coefficients centred');
    close(w1, REFERENCE.tenPoints.softmaxCoef, 1e-8, 'softmax coefficient of class 1');
  });

  test('Compute Entropy on the 10 points: label entropy of 3 zeros and 7 ones (0.881291 bits)', async () => {
    const uri = sampleUri('logistic-10-points.csv');
    const result = await analyzed('entropyLens.computeEntropy', uri);
    const h = -(0.3 * Math.log2(0.3) + 0.7 * Math.log2(0.7));
    close(result.entropy?.value, h, 1e-12, 'label entropy');
    assert.deepEqual(result.entropy?.counts, [3, 7]);
    close(result.mean, h, 1e-12, 'mean surprisal equals the entropy');
  });

  test('commands that do not apply to a file say why instead of failing', async () => {
    const uri = sampleUri('binary-predictions.json');
    const fit = await analyzed('entropyLens.fitLogisticRegression', uri);
    assert.ok(
      fit.problems.some((p) => p.code === 'no-fit-columns'),
      JSON.stringify(fit.problems),
    );
    const kl = await analyzed('entropyLens.computeKlDivergence', sampleUri('logistic-10-points.csv'), { p: ['x'], q: ['nope'] });
    assert.ok(
      kl.problems.some((p) => p.code === 'unknown-column' && p.message.includes('"nope"')),
      JSON.stringify(kl.problems),
    );
  });
});
