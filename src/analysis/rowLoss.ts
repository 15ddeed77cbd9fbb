// The per-row headline of a document analysis (RowLoss): the losses the hover, the status bar and
// the worst rows show for the command that ran.
import type { AnalysisKind, FitSummary, KlSummary, ModelResult, RowLoss } from '../protocol/analysis';
import { rankLosses } from './ranking';
import { modelRowLoss } from './resultAssembly';

/**
 * The fit's per-row losses for the hover, status bar and worst rows. A weighted fit (sample or class
 * weights) minimises the weighted mean, which is the one the panel reports: the headline mean and
 * sum are that one (Σ w·loss / Σ w and Σ w·loss), said in the status bar's tooltip, so the status
 * bar and the panel never show two different means for one fit. Each row's own loss (the hover's)
 * stays unweighted.
 */
function fittedRowLoss(fit: FitSummary): RowLoss {
  const weighted = fit.sampleWeight !== null || fit.classWeights !== null;
  const ranked = rankLosses('fitted log loss', fit.lossNats);
  return weighted ? { ...ranked, meanNats: fit.meanLogLossNats, sumNats: fit.meanLogLossNats * fit.totalWeight, weightedMean: true } : ranked;
}

/** The per-row headline for the command that ran (see RowLoss). */
export function chooseRowLoss(
  kind: AnalysisKind,
  models: ModelResult[],
  fit: FitSummary | null,
  kl: KlSummary | null,
  surprisal: Float64Array | undefined,
  predictionEntropy: Float64Array | undefined,
): RowLoss | null {
  const modelLoss = models[0] ? modelRowLoss(models[0]) : null;
  const fitLoss = fit ? fittedRowLoss(fit) : null;
  const klLoss = kl ? rankLosses(kl.mode === 'perRow' ? 'KL(P‖Q)' : 'KL(P‖Q) term', kl.rowPqNats) : null;
  switch (kind) {
    case 'fitLogistic':
    case 'fitSoftmax':
      return fitLoss;
    case 'kl':
      return klLoss;
    case 'entropy':
      if (surprisal) return rankLosses('surprisal of the label', surprisal);
      if (predictionEntropy) return rankLosses('entropy of the prediction', predictionEntropy);
      return modelLoss;
    case 'crossEntropy':
    case 'columns':
      return modelLoss;
    case 'analyze':
      return modelLoss ?? fitLoss ?? klLoss;
  }
}
