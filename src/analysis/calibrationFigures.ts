// A model's calibration figures from one road for the CLI's `calibration` and the editor's panel:
// the reliability curve, Murphy's decomposition of the binary Brier score on its bins, and
// temperature scaling of the scores (the logit matrix built here, once).
import { brierDecomposition, calibrationCurve, isRowView, resolveEps, temperatureScaling } from '../core';
import type { BinStrategy, BrierDecomposition, CalibrationCurve, Epsilon, Matrix, RowView, TemperatureScaling } from '../core';
import { calibrationHits } from './calibrationHits';
import type { Truth } from './scoreModel';

/** Scores scaled cells (rows × max(2, columns)) beyond which the editor leaves temperature scaling out. */
export const TEMPERATURE_CELL_LIMIT = 1_000_000;

export interface CalibrationInput {
  readonly kind: 'probabilities' | 'logits';
  /** The model's columns on the scored rows: one column is P(positive) or its logit. */
  readonly values: Matrix | RowView;
  /** The labels of the same rows (never soft targets). */
  readonly truth: Exclude<Truth, { kind: 'soft' }>;
  /** From scoreModel: P(positive) for one column, else the largest probability, and the argmax. */
  readonly confidence: Float64Array;
  readonly predictedClass: Int32Array;
  /** The loss's clipping; probabilities are logged clipped at it (at least the smallest double). */
  readonly eps: Epsilon | undefined;
}

export interface CalibrationOptions {
  readonly bins: number;
  readonly strategy: BinStrategy;
  /** Leave temperature scaling out above this many scaled cells (the CLI sets none). */
  readonly temperatureCellLimit?: number;
}

export interface CalibrationFigures {
  readonly binary: boolean;
  readonly curve: CalibrationCurve;
  /** One column only: the decomposition on the curve's bins. */
  readonly brier: BrierDecomposition | null;
  /** In nats; `omitted` says why it was not computed. */
  readonly temperature: TemperatureScaling | { readonly omitted: string };
}

/**
 * The curve, the binary Brier decomposition and temperature scaling of one model against labels.
 * O(n log B) for the curve; temperature scaling costs O(n·K) per Newton step (a few to a few
 * dozen steps), which is why the editor caps it by `temperatureCellLimit`.
 */
export function calibrationFigures(input: CalibrationInput, options: CalibrationOptions): CalibrationFigures {
  const { values, truth } = input;
  const binary = values.cols === 1;
  const hit = calibrationHits(truth, input.predictedClass);
  const curve = calibrationCurve(input.confidence, hit, options.bins, options.strategy);
  const brier = binary ? brierDecomposition(input.confidence, hit, curve) : null;
  const cells = values.rows * Math.max(2, values.cols);
  const limit = options.temperatureCellLimit;
  if (limit !== undefined && cells > limit) {
    const many = (v: number): string => v.toLocaleString('en-US');
    return {
      binary,
      curve,
      brier,
      temperature: { omitted: `left out, as the editor scales at most ${many(limit)} scores (rows × classes) and this model has ${many(cells)}; entropy-lens calibration on the file computes it` },
    };
  }
  const labels = truth.kind === 'indices' ? truth.indices : Int32Array.from(truth.y);
  const eps = input.kind === 'logits' ? 0 : Math.max(resolveEps(input.eps), Number.MIN_VALUE);
  const { z, width } = scaledScores(input.kind, values, eps);
  return { binary, curve, brier, temperature: temperatureScaling(z, values.rows, width, labels) };
}

/**
 * The scores temperature scaling divides by T, row-major n × K: logits as given (one column s as
 * the pair (0, s)); probabilities as their logs, clipped at ε as the loss clips them (one column
 * p as (ln(1 − p), ln p)).
 */
export function scaledScores(kind: 'probabilities' | 'logits', view: Matrix | RowView, eps: number): { z: Float64Array; width: number } {
  const { rows, cols } = view;
  const width = cols === 1 ? 2 : cols;
  const z = new Float64Array(rows * width);
  const store = isRowView(view) ? view.store : view.data;
  const stride = isRowView(view) ? view.stride : cols;
  const offset = isRowView(view) ? view.offset : 0;
  const read = (i: number, k: number): number => store[offset + i * stride + k]!;
  const logOf = (p: number): number => Math.log(Math.min(Math.max(p, eps), 1 - eps));
  for (let i = 0; i < rows; i++) {
    if (cols === 1) {
      const v = read(i, 0);
      z[i * 2] = kind === 'logits' ? 0 : logOf(1 - v);
      z[i * 2 + 1] = kind === 'logits' ? v : logOf(v);
      continue;
    }
    for (let k = 0; k < cols; k++) z[i * width + k] = kind === 'logits' ? read(i, k) : logOf(read(i, k));
  }
  return { z, width };
}
