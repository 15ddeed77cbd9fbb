// Each model of a document analysis scored on the scored rows, side by side in the primary
// model's class order, and its ModelResult over all rows: losses, classification, ranking curves,
// calibration, likely label errors, and each later model's paired comparison with the first.
import { bootstrapIntervals, isCoreError } from '../core';
import type { BootstrapModel, Epsilon, LossWeighting, Matrix } from '../core';
import type { ClassOrderInfo, ModelCalibration, ModelClassification, ModelLabelIssues, ModelResult, SourceRange } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';
import { DEFAULT_CALIBRATION_BINS } from './calibrationHits';
import { calibrationFigures, TEMPERATURE_CELL_LIMIT } from './calibrationFigures';
import type { ClassOrderDecision } from './classOrder';
import { findLabelIssues } from './labelIssues';
import { modelWeightingOf, noteWeightingUse, weighsAnything } from './lossSettings';
import type { WeightingUse } from './lossSettings';
import type { LossWeightingSpec } from './lossWeighting';
import type { PreparedModel } from './preparedModel';
import type { ProblemSink } from './problemSink';
import { fileProblem } from './problems';
import { rankingCurves } from './rankingCurves';
import { scoreModel, scoreRefusals } from './scoreModel';
import type { ScoreRefusal, Truth } from './scoreModel';
import { gatherMatrix, scatter } from './subset';
import { AnalysisCancelled } from './workContext';
import type { WorkContext } from './workContext';

/** What scoring the models needs besides the models, the truth and the rows. */
export interface ModelScoring {
  options: AnalysisOptions;
  /** Every row's sample weight (the chosen weight column), and that column's name. */
  sampleWeights: Float64Array | undefined;
  sampleWeightColumn: string | undefined;
  /** The entropyLens.loss.* weighting asked for (checked), by label text. */
  weighting: LossWeightingSpec;
  /** Where a flagged row's label is written (the editor's diagnostics and navigation go there). */
  labelCell: (row: number) => SourceRange | null;
  context: WorkContext;
  problems: ProblemSink;
  /** Only the losses (TableRequest.decisionsOnly): no ranking curves, label issues, calibration or paired comparison. */
  decisionsOnly?: boolean;
}

/** The models' results, which weighting options some model was scored with, and whether the sample weights weighed the losses. */
export interface ScoredModels {
  models: ModelResult[];
  weightingUse: WeightingUse;
  weightedLosses: boolean;
}

/**
 * Scores every model on the rows `rowIds` (of `n`) against `truth`; a core refusal of one model
 * (not naming rows) becomes a problem and leaves that model out.
 */
export function scoreModels(models: readonly PreparedModel[], truth: Truth | undefined, classes: string[], rowIds: Int32Array, n: number, scoring: ModelScoring): ScoredModels {
  const { options, context, problems, labelCell } = scoring;
  const m = rowIds.length;
  const eps = epsilonOf(options);
  const modelResults: ModelResult[] = [];
  // Each scored model's per-row figures on the same rows, for the paired comparison below.
  const resampled: BootstrapModel[] = [];
  const weightingUse: WeightingUse = { classWeight: false, positiveWeight: false, labelSmoothing: false };
  // Sample weights weigh losses against labels (scikit-learn's log_loss(sample_weight=…)).
  const lossWeights = scoring.sampleWeights && truth && truth.kind !== 'soft' && models.length > 0 ? gatherMatrix(scoring.sampleWeights, 1, rowIds).data : undefined;
  if (scoring.sampleWeights && truth?.kind === 'soft' && models.length > 0) {
    problems.add(
      fileProblem(
        'loss-setting',
        `The sample weights in "${scoring.sampleWeightColumn}" weigh losses against a label: against target columns the losses are unweighted (the fits still use them).`,
        'warning',
      ),
    );
  }
  if (truth?.kind === 'soft' && weighsAnything(scoring.weighting)) {
    problems.add(fileProblem('loss-setting', 'entropyLens.loss.classWeight, posWeight and labelSmoothing apply against a label: against target columns the losses are unweighted.', 'warning'));
  }
  if (truth && m > 0) {
    for (const model of models) {
      if (context.isCancelled()) throw new AnalysisCancelled();
      const x = modelRows(model, rowIds);
      let weighting: LossWeighting | undefined;
      if (truth.kind !== 'soft' && weighsAnything(scoring.weighting)) {
        const decided = modelWeightingOf(scoring.weighting, model.columns.name, model.width, classes, truth.kind === 'indices' ? truth.indices : truth.y);
        for (const problem of decided.problems) problems.add(problem);
        weighting = decided.weighting;
        noteWeightingUse(weightingUse, weighting);
      }
      try {
        const score = scoreModel(model.columns.kind, x, truth, scoreOptions(model, options), {
          ...(lossWeights ? { sampleWeights: lossWeights } : {}),
          ...(weighting ? { weighting } : {}),
        });
        modelResults.push({
          columns: model.columns,
          lossNats: scatter(score.lossNats, rowIds, n),
          trueClassProbability: scatter(score.trueClassProbability, rowIds, n),
          predictedClass: scatterInt(score.predictedClass, rowIds, n),
          meanLossNats: score.meanLossNats,
          sumLossNats: score.sumLossNats,
          brier: score.brier,
          errorRate: score.errorRate,
          n: m,
          clippedRows: score.clippedRows,
          infiniteRows: score.infiniteRows,
          normalizedRows: score.normalizedRows,
          roundedRows: model.roundedRows,
          classOrder: model.order ? classOrderInfo(model.order) : null,
          ...(score.confusion && score.perClass
            ? {
                classification: {
                  confusion: score.confusion,
                  support: score.perClass.support,
                  meanLossNats: score.perClass.meanLossNats,
                  topKAccuracy: score.topKAccuracy,
                  ...(scoring.decisionsOnly ? { rocAuc: null, averagePrecision: null } : rankingOf(model.columns.kind, x, truth, options.normalizeRows)),
                },
              }
            : {}),
          ...(truth.kind !== 'soft' && !scoring.decisionsOnly ? { labelIssues: labelIssuesOf(model.columns.kind, x, truth, rowIds, options.normalizeRows, model.rowSumTolerance, labelCell) } : {}),
          ...(truth.kind !== 'soft' && !scoring.decisionsOnly ? { calibration: calibrationOf(model.columns.kind, x, truth, score.confidence, score.predictedClass, eps) } : {}),
        });
        if (truth.kind !== 'soft') {
          const actual = truth.kind === 'indices' ? truth.indices : truth.y;
          resampled.push({ loss: score.lossNats, brier: score.rowBrier, wrong: score.predictedClass.map((k, i) => (k === actual[i] ? 0 : 1)) });
        }
      } catch (error) {
        if (!isCoreError(error) || error.rows.length > 0) throw error;
        problems.add(fileProblem(`core-${error.code}`, `${model.columns.name}: ${error.message}`));
      }
    }
  }

  // The paired bootstrap resamples unweighted per-row losses: beside weighted means it would
  // compare other numbers than the ones shown, so it is left out when the losses are weighted.
  const weighted = lossWeights !== undefined || weightingUse.classWeight || weightingUse.positiveWeight || weightingUse.labelSmoothing;
  if (truth && truth.kind !== 'soft' && !weighted && !scoring.decisionsOnly && resampled.length >= 2 && resampled.length === modelResults.length) compareModels(modelResults, resampled);
  return { models: modelResults, weightingUse, weightedLosses: lossWeights !== undefined };
}

/**
 * The rows scoreModels would have the core refuse, model by model (each row of a model once, for
 * the first reason scoreRefusals finds), with the model's column of each (`column`: the model's
 * component, undefined for a row-wide refusal or one in the truth). Rows are indices into `rowIds`.
 */
export function modelRefusals(models: readonly PreparedModel[], truth: Truth | undefined, rowIds: Int32Array, options: AnalysisOptions): { model: PreparedModel; refused: ScoreRefusal }[] {
  if (!truth || rowIds.length === 0) return [];
  return models.flatMap((model) =>
    scoreRefusals(model.columns.kind, modelRows(model, rowIds, true), truth, scoreOptions(model, options)).map((refused) => {
      // Column c of the rows scored is the model's component permutation[c].
      const c = refused.refusal.column;
      const column = refused.in === 'predictions' && c !== undefined ? (model.permutation?.[c] ?? c) : c;
      return { model, refused: { ...refused, refusal: { ...refused.refusal, ...(column !== undefined ? { column } : {}) } } };
    }),
  );
}

/**
 * A model's rows `rowIds` as the core scores them, in the primary model's class order. `readOnly`:
 * every row (the usual case) is then the model's own values, not a copy (the refusal check only
 * reads them; scoring hands its matrix on to code that may keep it).
 */
function modelRows(model: PreparedModel, rowIds: Int32Array, readOnly = false): Matrix {
  const all = readOnly && rowIds.length * model.width === model.values.length;
  const rows = all ? { data: model.values, rows: rowIds.length, cols: model.width } : gatherMatrix(model.values, model.width, rowIds);
  return permuteColumns(rows, model.permutation);
}

/** How the core scores a model: the clipping ε, normalize, and the rounding its rows may carry. */
function scoreOptions(model: PreparedModel, options: AnalysisOptions): { eps: Epsilon; normalize: boolean; rowSumTolerance: number } {
  return { eps: epsilonOf(options), normalize: options.normalizeRows, rowSumTolerance: model.rowSumTolerance };
}

/** The clipping ε the settings ask for (null: none). */
function epsilonOf(options: AnalysisOptions): Epsilon {
  return options.epsilon === null ? 'none' : options.epsilon;
}

function classOrderInfo(order: ClassOrderDecision): ClassOrderInfo {
  return { rule: order.rule, uncertain: order.uncertain, classes: [...order.classes], evidence: order.evidence };
}

/** Columns reordered so column c is the model's column `permutation[c]` (secondary models). */
function permuteColumns(x: Matrix, permutation: Int32Array | undefined): Matrix {
  if (!permutation || permutation.every((k, c) => k === c)) return x;
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) for (let c = 0; c < x.cols; c++) data[i * x.cols + c] = x.data[i * x.cols + (permutation[c] as number)] as number;
  return { data, rows: x.rows, cols: x.cols };
}

/** Row draws the editor's bootstrap may take (resamples × rows × models): 1,000 resamples up to 10,000 rows for two models. */
const BOOTSTRAP_DRAW_BUDGET = 20_000_000;

/**
 * Each later model against the first: its mean loss minus the first's, with a 95 % paired
 * percentile bootstrap interval (the CLI's `--ci`, seed 0): 1,000 resamples, fewer on large
 * tables to keep within the budget, none below 100.
 */
function compareModels(results: ModelResult[], rows: readonly BootstrapModel[]): void {
  const n = rows[0]!.loss.length;
  const resamples = Math.min(1000, Math.floor(BOOTSTRAP_DRAW_BUDGET / Math.max(1, n * rows.length)));
  if (resamples < 100) return;
  const intervals = bootstrapIntervals(rows, { level: 0.95, resamples, seed: 0 });
  for (const c of intervals.comparisons) {
    if (c.a !== 0) continue;
    results[c.b]!.comparison = { meanDiffNats: c.meanDiff, ci: [c.ci[0], c.ci[1]], level: 0.95, resamples };
  }
}

/** ROC AUC, average precision (macro over classes) and the curves for the panel, when the table is small enough to sort. */
function rankingOf(kind: 'probabilities' | 'logits', x: Matrix, truth: Truth, normalize: boolean): Pick<ModelClassification, 'rocAuc' | 'averagePrecision' | 'curves'> {
  if (truth.kind === 'soft') return { rocAuc: null, averagePrecision: null };
  const labels = truth.kind === 'indices' ? truth.indices : Int32Array.from(truth.y);
  const curves = rankingCurves(kind, x, labels, normalize);
  if (!curves) return { rocAuc: null, averagePrecision: null };
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    rocAuc: finite(mean(curves.map((c) => c.rocAuc))),
    averagePrecision: finite(mean(curves.map((c) => c.averagePrecision))),
    curves: curves.map((c) => ({ k: c.k, rocAuc: c.rocAuc, averagePrecision: c.averagePrecision, roc: { x: [...c.roc.x], y: [...c.roc.y] }, pr: { x: [...c.pr.x], y: [...c.pr.y] } })),
  };
}

/**
 * A model's calibration on the scored rows, as the CLI's `calibration` computes it with its
 * defaults (15 uniform bins): the reliability curve, the binary Brier decomposition and
 * temperature scaling, the last left out above TEMPERATURE_CELL_LIMIT scores.
 */
function calibrationOf(kind: 'probabilities' | 'logits', x: Matrix, truth: Exclude<Truth, { kind: 'soft' }>, confidence: Float64Array, predictedClass: Int32Array, eps: Epsilon): ModelCalibration {
  const { binary, curve, brier, temperature } = calibrationFigures(
    { kind, values: x, truth, confidence, predictedClass, eps },
    { bins: DEFAULT_CALIBRATION_BINS, strategy: 'uniform', temperatureCellLimit: TEMPERATURE_CELL_LIMIT },
  );
  return {
    mode: binary ? 'binary' : 'topLabel',
    ece: curve.ece,
    mce: curve.mce,
    bins: curve.bins.map((bin) => ({ ...bin })),
    brier: brier ? { ...brier } : null,
    temperature: 'omitted' in temperature ? { omitted: temperature.omitted } : { t: temperature.t, beforeNats: temperature.before, afterNats: temperature.after },
  };
}

/** Label errors an analysis lists (the least self-confident): a model flagging most rows posts no row-sized list. */
const LABEL_ISSUE_LIMIT = 10_000;

/** A model's likely label errors on the scored rows, positioned at the analysed rows and their label cells. */
function labelIssuesOf(
  kind: 'probabilities' | 'logits',
  x: Matrix,
  truth: Truth,
  rowIds: ArrayLike<number>,
  normalize: boolean,
  rowSumTolerance: number | undefined,
  labelCell: (row: number) => SourceRange | null,
): ModelLabelIssues {
  const given = truth.kind === 'indices' ? truth.indices : Int32Array.from(truth.kind === 'binary' ? truth.y : []);
  const report = findLabelIssues(kind, x, given, { normalize, limit: LABEL_ISSUE_LIMIT, ...(rowSumTolerance !== undefined ? { rowSumTolerance } : {}) });
  const issues = report.issues.map((issue) => {
    const row = rowIds[issue.row] as number;
    return { ...issue, row, labelRange: labelCell(row) };
  });
  return { thresholds: report.thresholds, count: report.count, issues };
}

function scatterInt(values: Int32Array, rowIds: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n).fill(-1);
  for (let k = 0; k < rowIds.length; k++) out[rowIds[k] as number] = values[k] as number;
  return out;
}
