// Shared driver for the logistic and softmax fits (being implemented).
import { CoreError } from '../coreError';
import type { Matrix } from '../matrix';
import type { FitOptions, FitResult } from './fitTypes';

export function fitModel(
  model: 'logistic' | 'softmax',
  features: Matrix,
  y: ArrayLike<number>,
  classCount: number,
  options: FitOptions,
): FitResult {
  void features;
  void y;
  void classCount;
  void options;
  throw new CoreError('badOption', `${model} fit: implementation lands in the next commit`);
}
