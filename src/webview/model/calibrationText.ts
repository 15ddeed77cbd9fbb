// The reliability diagram's figures in words, in the panel's unit: the binary Brier score's
// decomposition on the diagram's bins and what temperature scaling does to the mean cross-entropy.
import type { InformationUnit, PanelCalibration } from '../../protocol/panel';
import { formatPanelNumber, formatWithUnit } from './format';
import { fromNats, unitSymbol } from './units';

/**
 * Lines for under the reliability diagram. Example (breast-cancer-proba.csv, 15 uniform bins, bits):
 * "Brier score 0.06602 = reliability 0.01354 − resolution 0.1808 + uncertainty 0.2338 (…)" and
 * "Temperature scaling: T = 7.815; mean cross-entropy 1.052 → 0.2285 bits (over-confident: T > 1 softens it)".
 */
export function calibrationNotes(calibration: PanelCalibration, unit: InformationUnit): string[] {
  return [brierNote(calibration), temperatureNote(calibration.temperature, unit)];
}

function brierNote(calibration: PanelCalibration): string {
  const b = calibration.brier;
  if (!b) return 'Brier decomposition: for binary models (one column) only; this curve is of the top label’s confidence.';
  const n = (v: number): string => formatPanelNumber(v);
  return `Brier score ${n(b.score)} = reliability ${n(b.reliability)} − resolution ${n(b.resolution)} + uncertainty ${n(b.uncertainty)} (brier_score_loss and Murphy’s decomposition on these bins, up to the spread within them)`;
}

function temperatureNote(temperature: PanelCalibration['temperature'], unit: InformationUnit): string {
  if ('omitted' in temperature) return `Temperature scaling: ${temperature.omitted}`;
  const { t, beforeNats, afterNats } = temperature;
  const symbol = unitSymbol(unit);
  const loss = (valueNats: number, digits = 4): string => formatWithUnit(fromNats(valueNats, unit), symbol, digits);
  if (t === 0) return `Temperature scaling: every row’s top class is right, so the loss falls toward 0 as T → 0 (no finite optimum; mean cross-entropy ${loss(beforeNats)} at T = 1)`;
  if (!Number.isFinite(t))
    return `Temperature scaling: no finite T helps (the scores rank the classes worse than chance); the uniform prediction costs ${loss(afterNats)}, against ${loss(beforeNats)} at T = 1`;
  // Enough digits that a small gain does not read as none ("0.2458 → 0.2458").
  let digits = 4;
  while (digits < 8 && loss(beforeNats, digits) === loss(afterNats, digits)) digits++;
  const direction = t > 1 ? ' (over-confident: T > 1 softens it)' : t < 1 ? ' (under-confident: T < 1 sharpens it)' : '';
  return `Temperature scaling: T = ${formatPanelNumber(t)}; mean cross-entropy ${formatPanelNumber(fromNats(beforeNats, unit), digits)} → ${loss(afterNats, digits)}${direction}`;
}
