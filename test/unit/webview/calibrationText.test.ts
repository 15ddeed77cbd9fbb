// The words under the reliability diagram: the Brier decomposition (binary) and temperature
// scaling in the panel's unit, with the CLI's `calibration --base 2` figures in them, and why a
// figure is missing when it is.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temperatureScaling } from '../../../src/core';
import { toSnapshot } from '../../../src/host/panel/toSnapshot';
import type { InformationUnit, PanelSnapshot } from '../../../src/protocol/panel';
import { reliabilityPlot } from '../../../src/webview/chart/reliabilityPlot';
import type { PlotContext } from '../../../src/webview/chart/plotTypes';
import { calibrationNotes } from '../../../src/webview/model/calibrationText';
import { formatPanelNumber } from '../../../src/webview/model/format';
import { run } from '../cli/harness';
import { analyzeFixture, REALISTIC } from '../host/realistic';
import { plotContext } from './snapshots';

const snapshotOf = (file: string): PanelSnapshot => {
  const outcome = toSnapshot({ uri: { path: `/realistic/${file}` } as never, analysis: analyzeFixture(file) });
  if (!outcome.snapshot) throw new Error(outcome.hint);
  return outcome.snapshot;
};

const contextFor = (snapshot: PanelSnapshot, unit: InformationUnit): PlotContext => plotContext(snapshot, unit);

interface CliCalibration {
  brier: { score: number; reliability: number; resolution: number; uncertainty: number } | null;
  temperature: { t: number; before: number; after: number };
}
const cliCalibration = async (file: string, ...argv: string[]): Promise<CliCalibration> =>
  JSON.parse((await run('calibration', join(REALISTIC, file), ...argv, '--base', '2', '--json')).stdout) as CliCalibration;

describe('the reliability diagram’s notes', () => {
  it('breast-cancer-proba.csv in bits: the Brier decomposition and the temperature with the CLI’s figures (--base 2)', async () => {
    const snapshot = snapshotOf('breast-cancer-proba.csv');
    const cli = await cliCalibration('breast-cancer-proba.csv', '--label', 'diagnosis', '--pos-label', 'benign', '--prob', 'proba');
    const n = (v: number): string => formatPanelNumber(v);
    const [brier, temperature] = calibrationNotes(snapshot.models[0]!.calibration!, 'bits');
    const b = cli.brier!;
    expect(brier).toBe(
      `Brier score ${n(b.score)} = reliability ${n(b.reliability)} − resolution ${n(b.resolution)} + uncertainty ${n(b.uncertainty)} (brier_score_loss and Murphy’s decomposition on these bins, up to the spread within them)`,
    );
    expect(cli.temperature.t).toBeGreaterThan(1);
    expect(temperature).toBe(`Temperature scaling: T = ${n(cli.temperature.t)}; mean cross-entropy ${n(cli.temperature.before)} → ${n(cli.temperature.after)} bits (over-confident: T > 1 softens it)`);
  });

  it('digits-names-classes.jsonl (top label): no decomposition, and why; T < 1 sharpens an under-confident model', async () => {
    const calibration = snapshotOf('digits-names-classes.jsonl').models[0]!.calibration!;
    const cli = await cliCalibration('digits-names-classes.jsonl', '--label', 'label', '--prob', 'probs');
    expect(cli.temperature.t).toBeLessThan(1);
    const n = (v: number): string => formatPanelNumber(v);
    expect(calibrationNotes(calibration, 'bits')).toEqual([
      'Brier decomposition: for binary models (one column) only; this curve is of the top label’s confidence.',
      `Temperature scaling: T = ${n(cli.temperature.t)}; mean cross-entropy ${n(cli.temperature.before)} → ${n(cli.temperature.after)} bits (under-confident: T < 1 sharpens it)`,
    ]);
  });

  it('the plot carries the notes in the panel’s unit: switching to nats gives the CLI’s nats', async () => {
    const snapshot = snapshotOf('breast-cancer-proba.csv');
    const calibration = snapshot.models[0]!.calibration!;
    const bits = reliabilityPlot(contextFor(snapshot, 'bits'), snapshot.models[0]!, calibration);
    const nats = reliabilityPlot(contextFor(snapshot, 'nats'), snapshot.models[0]!, calibration);
    expect(bits.notes).toEqual(calibrationNotes(calibration, 'bits'));
    const cli = JSON.parse(
      (await run('calibration', join(REALISTIC, 'breast-cancer-proba.csv'), '--label', 'diagnosis', '--pos-label', 'benign', '--prob', 'proba', '--json')).stdout,
    ) as CliCalibration;
    expect(nats.notes![1]).toContain(`mean cross-entropy ${formatPanelNumber(cli.temperature.before)} → ${formatPanelNumber(cli.temperature.after)} nats`);
  });

  it('keeps digits until a small gain shows (fraud.csv: T ≈ 0.98 barely moves the loss)', () => {
    const calibration = snapshotOf('fraud.csv').models[0]!.calibration!;
    const note = calibrationNotes(calibration, 'bits')[1]!;
    const [before, after] = /mean cross-entropy (\S+) → (\S+) bits/.exec(note)!.slice(1);
    expect(before).not.toBe(after);
  });

  it('says why temperature scaling is missing or has no finite optimum', () => {
    const calibration = snapshotOf('breast-cancer-proba.csv').models[0]!.calibration!;
    const omitted = 'left out, as the editor scales at most 1,000,000 scores (rows × classes) and this model has 2,000,000; entropy-lens calibration on the file computes it';
    expect(calibrationNotes({ ...calibration, temperature: { omitted } }, 'bits')[1]).toBe(`Temperature scaling: ${omitted}`);
    const scaled = (labels: number[]): { t: number; beforeNats: number; afterNats: number } => {
      // Two rows of logit pairs (0, 2) and (0, −1): labels 1, 0 are separated; 0, 1 are ranked worse than chance.
      const t = temperatureScaling(Float64Array.of(0, 2, 0, -1), 2, 2, Int32Array.from(labels));
      return { t: t.t, beforeNats: t.before, afterNats: t.after };
    };
    const separated = scaled([1, 0]);
    expect(separated.t).toBe(0);
    expect(calibrationNotes({ ...calibration, temperature: separated }, 'nats')[1]).toBe(
      `Temperature scaling: every row’s top class is right, so the loss falls toward 0 as T → 0 (no finite optimum; mean cross-entropy ${formatPanelNumber(separated.beforeNats)} nats at T = 1)`,
    );
    const reversed = scaled([0, 1]);
    expect(reversed.t).toBe(Infinity);
    expect(calibrationNotes({ ...calibration, temperature: reversed }, 'nats')[1]).toBe(
      `Temperature scaling: no finite T helps (the scores rank the classes worse than chance); the uniform prediction costs ${formatPanelNumber(Math.LN2)} nats, against ${formatPanelNumber(reversed.beforeNats)} nats at T = 1`,
    );
  });
});
