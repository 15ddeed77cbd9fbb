// The parts of an AnalysisResult that a document's analysis (analyzeTable) and a file on disk's
// (analyzeDisk) assemble alike, so both surfaces state the same facts in the same shape.
import { rankLosses } from './ranking';
import type { AnalysisResult, EntropySummary, ModelResult, RowLoss } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';

/** The settings the numbers were computed with: unit, clipping ε and row normalisation. */
export function settingsFields(options: AnalysisOptions): Pick<AnalysisResult, 'unit' | 'epsilon' | 'normalizedRows'> {
  return { unit: options.unit, epsilon: options.epsilon, normalizedRows: options.normalizeRows };
}

/** The label entropy summary; the maximum is ln of the number of classes. */
export function labelEntropySummary(entropyNats: number, classes: string[], counts: number[], n: number): EntropySummary {
  return { entropyNats, maxEntropyNats: Math.log(classes.length), classes, counts, n };
}

/** A model's per-row cross-entropy as the headline row loss, ranked. */
export function modelRowLoss(model: ModelResult): RowLoss {
  return rankLosses(`cross-entropy (${model.columns.name})`, model.lossNats);
}
