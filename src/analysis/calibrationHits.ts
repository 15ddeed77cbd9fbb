// What a reliability curve counts as a hit, from one rule for the CLI's `calibration`, its
// `--fail-above ece` gate and the editor's reliability diagram: one column (binary), the row is
// positive; class rows (top label), the argmax is the label.
import type { Truth } from './scoreModel';

/** 1 for each hit of the truth: binary y = 1, or the predicted class equal to the class index. */
export function calibrationHits(truth: Truth, predictedClass: Int32Array): Uint8Array {
  const n = predictedClass.length;
  const hit = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (truth.kind === 'binary') hit[i] = truth.y[i] === 1 ? 1 : 0;
    else if (truth.kind === 'indices') hit[i] = predictedClass[i] === truth.indices[i] ? 1 : 0;
  }
  return hit;
}

/** The bins of the reliability curve the editor draws and the ECE gate reads (uniform, as calibration_curve's strategy='uniform'). */
export const DEFAULT_CALIBRATION_BINS = 15;
