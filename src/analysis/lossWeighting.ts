// How a model's losses are weighed, as the CLI's flags and the editor's settings both give it:
// class weights (PyTorch's CrossEntropyLoss(weight=…), reduction mean), a positive weight
// (BCEWithLogitsLoss(pos_weight=…)) and label smoothing (CrossEntropyLoss(label_smoothing=…)),
// turned into the core's LossWeighting for one model in its class order. Each surface words the
// refusals for its own options (a flag, a setting).
import type { ClassLabel, LossWeighting } from '../core';
import { classWeightsInOrder } from './fitRows';
import type { ClassWeightsByLabel } from './fitRows';

/** The weighting asked for, by label text (not yet in any model's class order). */
export interface LossWeightingSpec {
  readonly classWeight?: ClassWeightsByLabel;
  readonly positiveWeight?: number;
  readonly labelSmoothing?: number;
}

/** Why a weighting does not apply to a model (or to any: smoothing with class weights). */
export type WeightingRefusal = 'positiveWeightNeedsOneColumn' | 'smoothingNeedsClassRows' | 'smoothingWithClassWeight';

/**
 * `balanced`, or `V1=W1,V2=W2` with weights of 0 or more (a label may itself hold '=': the last
 * one splits). Example: parseClassWeights('cat=2, dog=0.5') is a map cat → 2, dog → 0.5.
 */
export function parseClassWeights(text: string): { ok: true; value: ClassWeightsByLabel } | { ok: false; item: string } {
  if (text.trim() === 'balanced') return { ok: true, value: 'balanced' };
  const weights = new Map<string, number>();
  for (const item of text.split(',').map((part) => part.trim())) {
    const at = item.lastIndexOf('=');
    const value = Number(item.slice(at + 1));
    if (at <= 0 || item.slice(at + 1).trim() === '' || !(value >= 0 && Number.isFinite(value))) return { ok: false, item };
    weights.set(item.slice(0, at).trim(), value);
  }
  return { ok: true, value: weights };
}

/**
 * One model's LossWeighting in its class order: class weights by label (or 'balanced', n / (K·n_k)
 * from the rows' class indices; classes without rows and classes not named weigh 1), the positive
 * weight (one column only), label smoothing (class rows only). A refusal when an option does not
 * apply. Throws CoreError 'badOption' for a class weight naming no class.
 */
export function modelLossWeighting(
  spec: LossWeightingSpec,
  width: number,
  classes: readonly ClassLabel[],
  classIndices: ArrayLike<number>,
): { weighting: LossWeighting } | { refusal: WeightingRefusal } {
  if (spec.positiveWeight !== undefined && width !== 1) return { refusal: 'positiveWeightNeedsOneColumn' };
  if (spec.labelSmoothing !== undefined && spec.labelSmoothing > 0) {
    if (width === 1) return { refusal: 'smoothingNeedsClassRows' };
    if (spec.classWeight !== undefined) return { refusal: 'smoothingWithClassWeight' };
  }
  let classWeights: number[] | undefined;
  if (spec.classWeight === 'balanced') {
    const counts = new Array<number>(classes.length).fill(0);
    for (let i = 0; i < classIndices.length; i++) {
      const k = classIndices[i] as number;
      if (k >= 0 && k < counts.length) counts[k]! += 1;
    }
    const n = counts.reduce((a, b) => a + b, 0);
    classWeights = counts.map((c) => (c === 0 ? 1 : n / (classes.length * c)));
  } else if (spec.classWeight !== undefined) {
    classWeights = classWeightsInOrder(spec.classWeight, classes) as number[];
  }
  return {
    weighting: {
      ...(classWeights ? { classWeights } : {}),
      ...(spec.positiveWeight !== undefined ? { positiveWeight: spec.positiveWeight } : {}),
      ...(spec.labelSmoothing !== undefined && spec.labelSmoothing > 0 ? { labelSmoothing: spec.labelSmoothing } : {}),
    },
  };
}
