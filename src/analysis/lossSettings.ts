// The editor's entropyLens.loss.* settings for an analysis: checked (a value out of range is a
// warning naming the setting, never a silent default), turned into each model's LossWeighting,
// and reported back as what was applied. The CLI's flags reach the same lossWeighting road.
import { isCoreError } from '../core';
import type { ClassLabel, LossWeighting } from '../core';
import type { AnalysisProblem, AppliedLoss } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';
import { modelLossWeighting, parseClassWeights } from './lossWeighting';
import type { LossWeightingSpec, WeightingRefusal } from './lossWeighting';
import { fileProblem } from './problems';

type LossSettings = AnalysisOptions['loss'];

/** The weighting the settings ask for, and a warning for each setting that cannot apply as written. */
export function lossWeightingSpecOf(loss: LossSettings): { spec: LossWeightingSpec; problems: AnalysisProblem[] } {
  const problems: AnalysisProblem[] = [];
  const warn = (setting: string, message: string): void => void problems.push(fileProblem('loss-setting', `${setting}: ${message}`, 'warning'));
  let classWeight: LossWeightingSpec['classWeight'];
  if (loss.classWeight !== '') {
    const parsed = parseClassWeights(loss.classWeight);
    if (parsed.ok) classWeight = parsed.value;
    else warn('entropyLens.loss.classWeight', `"${parsed.item}" is not LABEL=WEIGHT with a weight of 0 or more: write 'balanced' or e.g. 'cat=2, dog=0.5'. The losses are not class-weighted.`);
  }
  let positiveWeight: number | undefined;
  if (loss.positiveWeight !== null) {
    if (loss.positiveWeight >= 0 && Number.isFinite(loss.positiveWeight)) positiveWeight = loss.positiveWeight;
    else warn('entropyLens.loss.posWeight', `${loss.positiveWeight} is not a weight of 0 or more (BCEWithLogitsLoss's pos_weight): it is not applied.`);
  }
  let labelSmoothing: number | undefined;
  if (loss.labelSmoothing !== 0) {
    if (loss.labelSmoothing > 0 && loss.labelSmoothing <= 1) labelSmoothing = loss.labelSmoothing;
    else warn('entropyLens.loss.labelSmoothing', `${loss.labelSmoothing} is outside 0 to 1 (CrossEntropyLoss's label_smoothing): no smoothing is applied.`);
  }
  if (labelSmoothing !== undefined && classWeight !== undefined) {
    warn(
      'entropyLens.loss.labelSmoothing',
      'label smoothing with class weights (entropyLens.loss.classWeight) is not supported: the class weights are applied, the smoothing is not. Clear one of the two.',
    );
    labelSmoothing = undefined;
  }
  return {
    spec: {
      ...(classWeight !== undefined ? { classWeight } : {}),
      ...(positiveWeight !== undefined ? { positiveWeight } : {}),
      ...(labelSmoothing !== undefined ? { labelSmoothing } : {}),
    },
    problems,
  };
}

/** Whether the spec weighs anything. */
export function weighsAnything(spec: LossWeightingSpec): boolean {
  return spec.classWeight !== undefined || spec.positiveWeight !== undefined || spec.labelSmoothing !== undefined;
}

const REFUSAL_WORDS: Record<WeightingRefusal, (model: string, width: number) => string> = {
  positiveWeightNeedsOneColumn: (model, width) =>
    `entropyLens.loss.posWeight weighs the positive class of a one-column model (BCEWithLogitsLoss), but ${model} has ${width} columns: it is scored without it.`,
  smoothingNeedsClassRows: (model) => `entropyLens.loss.labelSmoothing smooths a column per class (CrossEntropyLoss), but ${model} is one column: it is scored without smoothing.`,
  smoothingWithClassWeight: (model) => `${model}: label smoothing with class weights is not supported; it is scored with the class weights only.`,
};

/**
 * One model's weighting in its class order (class indices of the scored rows, for 'balanced').
 * An option that does not fit the model, or a class weight naming no class, is left out of this
 * model with a warning; the rest still applies.
 */
export function modelWeightingOf(
  spec: LossWeightingSpec,
  model: string,
  width: number,
  classes: readonly ClassLabel[],
  classIndices: ArrayLike<number>,
): { weighting: LossWeighting | undefined; problems: AnalysisProblem[] } {
  const problems: AnalysisProblem[] = [];
  let wanted: LossWeightingSpec = spec;
  // Each refusal drops the option it names and decides again: it ends, as options run out.
  for (;;) {
    try {
      const decided = modelLossWeighting(wanted, width, classes, classIndices);
      if ('weighting' in decided) {
        const { classWeights, positiveWeight, labelSmoothing } = decided.weighting;
        const any = classWeights !== undefined || positiveWeight !== undefined || labelSmoothing !== undefined;
        return { weighting: any ? decided.weighting : undefined, problems };
      }
      problems.push(fileProblem('loss-setting', REFUSAL_WORDS[decided.refusal](model, width), 'warning'));
      wanted = without(wanted, DROPPED_BY[decided.refusal]);
    } catch (error) {
      if (!isCoreError(error) || error.code !== 'badOption' || wanted.classWeight === undefined) throw error;
      problems.push(fileProblem('loss-setting', `entropyLens.loss.classWeight: ${error.message}${/[.?!]$/.test(error.message) ? '' : '.'} ${model} is scored without class weights.`, 'warning'));
      wanted = without(wanted, 'classWeight');
    }
  }
}

/** The option each refusal leaves out. */
const DROPPED_BY: Record<WeightingRefusal, keyof LossWeightingSpec> = {
  positiveWeightNeedsOneColumn: 'positiveWeight',
  smoothingNeedsClassRows: 'labelSmoothing',
  smoothingWithClassWeight: 'labelSmoothing',
};

function without(spec: LossWeightingSpec, option: keyof LossWeightingSpec): LossWeightingSpec {
  const { [option]: _dropped, ...rest } = spec;
  return rest;
}

/** Which options reached at least one model's scores. */
export interface WeightingUse {
  classWeight: boolean;
  positiveWeight: boolean;
  labelSmoothing: boolean;
}

/** Marks the options a model's weighting carries. */
export function noteWeightingUse(use: WeightingUse, weighting: LossWeighting | undefined): void {
  if (weighting?.classWeights !== undefined) use.classWeight = true;
  if (weighting?.positiveWeight !== undefined) use.positiveWeight = true;
  if (weighting?.labelSmoothing !== undefined) use.labelSmoothing = true;
}

/** What the summary says was applied: the options some model was scored with, the ignored label, the weight column. */
export function appliedLoss(spec: LossWeightingSpec, use: WeightingUse, ignoredLabel: AppliedLoss['ignoredLabel'], sampleWeight: string | null): AppliedLoss {
  const classWeight = !use.classWeight || spec.classWeight === undefined ? null : spec.classWeight === 'balanced' ? 'balanced' : Object.fromEntries(spec.classWeight);
  return {
    ignoredLabel,
    sampleWeight,
    classWeight,
    positiveWeight: use.positiveWeight ? (spec.positiveWeight ?? null) : null,
    labelSmoothing: use.labelSmoothing ? (spec.labelSmoothing ?? null) : null,
  };
}
