// The editor's calibration is the CLI's: the reliability curve, the binary Brier decomposition and
// temperature scaling the panel shows equal `entropy-lens calibration --json` (15 uniform bins, the
// CLI's defaults) on the realistic exports, through the one road (analysis/calibrationFigures.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationFigures, TEMPERATURE_CELL_LIMIT } from '../../../src/analysis/calibrationFigures';
import type { CalibrationInput } from '../../../src/analysis/calibrationFigures';
import { analyzeFixture, REALISTIC } from '../host/realistic';
import { run } from '../cli/harness';

interface CliCalibration {
  mode: 'binary' | 'topLabel';
  ece: number;
  mce: number;
  bins: { lower: number; upper: number; count: number; confidence: number | null; accuracy: number | null }[];
  brier: { score: number; reliability: number; resolution: number; uncertainty: number } | null;
  temperature: { t: number | null; before: number; after: number };
}

const cases = [
  { file: 'breast-cancer-proba.csv', model: 0, mode: 'binary', argv: ['--label', 'diagnosis', '--pos-label', 'benign', '--prob', 'proba'] },
  { file: 'digits-names-classes.jsonl', model: 0, mode: 'topLabel', argv: ['--label', 'label', '--prob', 'probs'] },
  { file: 'iris-two-models.csv', model: 1, mode: 'topLabel', argv: ['--label', 'species', '--logit', 'lr_logit_setosa,lr_logit_versicolor,lr_logit_virginica'] },
] as const;

describe('the editor’s calibration figures', () => {
  it.each(cases)('$file (model $model, $mode): curve, Brier decomposition and temperature scaling are the CLI’s, to the bit', async ({ file, model, mode, argv }) => {
    const cli = await run('calibration', join(REALISTIC, file), ...argv, '--json');
    expect(cli.status).toBe(0);
    const expected = JSON.parse(cli.stdout) as CliCalibration;
    const calibration = analyzeFixture(file).models[model]!.calibration!;
    expect(calibration.mode).toBe(mode);
    expect(expected.mode).toBe(mode);
    expect([calibration.ece, calibration.mce]).toEqual([expected.ece, expected.mce]);
    // The CLI's JSON writes an empty bin's NaN confidence and accuracy as null.
    expect(calibration.bins.map((bin) => ({ ...bin, confidence: Number.isNaN(bin.confidence) ? null : bin.confidence, accuracy: Number.isNaN(bin.accuracy) ? null : bin.accuracy }))).toEqual(
      expected.bins,
    );
    expect(calibration.brier).toEqual(expected.brier);
    if (mode === 'binary') expect(calibration.brier).not.toBeNull();
    expect(calibration.temperature).toEqual({ t: expected.temperature.t, beforeNats: expected.temperature.before, afterNats: expected.temperature.after });
  });

  it('leaves temperature scaling out above its cap of scaled scores, saying why, and keeps the curve and the decomposition', () => {
    // Three rows of P(positive): scaled as the pairs (ln(1 − p), ln p), 6 scores.
    const input: CalibrationInput = {
      kind: 'probabilities',
      values: { rows: 3, cols: 1, data: Float64Array.of(0.2, 0.7, 0.9) },
      truth: { kind: 'binary', y: Float64Array.of(0, 1, 1) },
      confidence: Float64Array.of(0.2, 0.7, 0.9),
      predictedClass: Int32Array.of(0, 1, 1),
      eps: undefined,
    };
    const uncapped = calibrationFigures(input, { bins: 15, strategy: 'uniform' });
    expect('t' in uncapped.temperature).toBe(true);
    expect(calibrationFigures(input, { bins: 15, strategy: 'uniform', temperatureCellLimit: 6 })).toEqual(uncapped);
    const capped = calibrationFigures(input, { bins: 15, strategy: 'uniform', temperatureCellLimit: 5 });
    expect([capped.curve, capped.brier]).toEqual([uncapped.curve, uncapped.brier]);
    expect(capped.temperature).toEqual({ omitted: 'left out, as the editor scales at most 5 scores (rows × classes) and this model has 6; entropy-lens calibration on the file computes it' });
    expect(TEMPERATURE_CELL_LIMIT).toBe(1_000_000);
  });
});
