// Public API of the numeric core: entropy, cross-entropy, Brier, error rate, KL / JS divergence and
// logistic / softmax fits at scikit-learn/SciPy parity. Everything is computed in nats; convert for
// display with fromNats. Invalid input throws CoreError; numerical facts are result fields.

export { CoreError, entryMessage, isCoreError, refusalMessage, showValue } from './coreError';
export type { CoreErrorCode, RowRefusal } from './coreError';

export { fromNats, fromNatsArray, lnOfBase, parseLogBase, unitOf } from './logBase';
export type { InformationUnit, LogBase } from './logBase';

export { createMatrix, denseMatrix, isRowView, matrixFromColumns, matrixFromRows, matrixRow } from './matrix';
export type { Matrix, RowView } from './matrix';

export { logSigmoid, logSoftmax, logSoftmaxInto, logSumExp, negativeLogSoftmax, sigmoid, softmax, softmaxInto, softplus } from './stable';

export { binaryTargets, compareCodePoints, encodeLabels, labelsInClasses, mapColumnsToClasses, numericLabelValue, sameLabel, sortClasses } from './classes';
export type { BinaryTargets, ClassLabel, ClassOrder, ColumnClassMapping, ColumnMappingRule, EncodedLabels, PositiveLabelRule, SortedClasses } from './classes';

export { assignmentWeight, maximumAssignment, runnerUpAssignment } from './assignment';
export type { Assignment } from './assignment';

export { checkProbabilityColumn, prepareProbabilityRows, probabilityRowRefusals, ROW_SUM_TOLERANCE, TARGET_ROWS } from './probabilityRows';
export { binaryLabelRefusals, binaryZeroOne, classIndexRefusals, negativeRefusals, nonFiniteRefusals, requireClassIndices, requireRows, weightRefusals } from './checks';
export type { PreparedProbabilities, ProbabilityRowOptions } from './probabilityRows';

export { addCompensated, addCompensatedAt, compensatedSum, compensatedTotal, emptyCompensatedSum, mergeCompensatedSums, pairTotal } from './summation';
export type { CompensatedSum } from './summation';

export {
  addDivergencePair,
  addDivergenceTerms,
  addRowDivergences,
  emptyDivergenceSums,
  emptyDivergenceTermSums,
  emptyRowDivergenceSums,
  finishDivergenceSums,
  finishDivergenceTermSums,
  finishRowDivergenceSums,
  mergeDivergenceSums,
  mergeDivergenceTermSums,
  mergeRowDivergenceSums,
} from './divergenceSums';
export type { DivergenceSums, DivergenceTermSums, DivergenceTotals, RowDivergenceBatch, RowDivergenceSums, SideSums } from './divergenceSums';

export { addEntropyWeight, emptyEntropySums, finishEntropySums, mergeEntropySums } from './entropySums';
export type { EntropySums, EntropyTotals, WeightNormalizer } from './entropySums';

export {
  addRowEntropies,
  countsEntropy,
  distributionEntropy,
  distributionEntropyOfSums,
  emptyRowEntropySums,
  finishRowEntropySums,
  labelEntropy,
  mergeRowEntropySums,
  rowEntropies,
  uniformEntropyNats,
} from './entropy';
export type { DistributionEntropyResult, LabelEntropyResult, RowEntropyResult, RowEntropySums } from './entropy';

export {
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  binaryProbabilityLoss,
  clipProbability,
  crossEntropy,
  crossEntropyFromLogits,
  DEFAULT_EPSILON,
  probabilityLoss,
  resolveEps,
  softCrossEntropy,
  softCrossEntropyFromLogits,
} from './crossEntropy';
export type { CrossEntropyResult, Epsilon, ProbabilityLossOptions } from './crossEntropy';

export { binaryBrierScore, brierScore, softBrierScore } from './brier';
export type { BrierResult } from './brier';

export { argmaxRows, binaryErrorRate, binaryErrorRateFromLogits, errorRate } from './errorRate';
export type { ErrorRateResult } from './errorRate';

export { scoreProbabilityRows } from './probabilityScores';

export {
  columnBatch,
  emptyLossSums,
  labelledClassLosses,
  labelledColumnMeans,
  labelledConfusion,
  labelledTopK,
  labelledTotals,
  leftOutLabels,
  LossAccumulator,
  mergeLossSums,
  rejectionError,
  rejectionRefusal,
  rowBatch,
  rowRejection,
  rowRejections,
  sumVerdict,
  targetTotals,
  valueRejection,
} from './lossAccumulator';
export { averagePrecision, classReports, oneVsRestAveragePrecision, oneVsRestRocAuc, precisionRecallCurve, rankingSummary, rocAuc, rocCurve } from './rankingMetrics';
export { binEdges, brierDecomposition, calibrationCurve, temperatureScaling } from './calibration';
export { confidentLearningIssues, probabilityMatrix } from './labelIssues';
export { bootstrapIntervals, seededUint32 } from './bootstrap';
export type { BootstrapModel, BootstrapOptions, BootstrapResult, Interval } from './bootstrap';
export { percentile } from './quantile';
export type { LabelIssue, LabelIssues } from './labelIssues';
export type { BinStrategy, BrierDecomposition, CalibrationBin, CalibrationCurve, TemperatureScaling } from './calibration';
export type { ClassReport, CurvePoints, RankingSummary } from './rankingMetrics';
export type { LossAccumulatorOptions, LossSums, LossTotals, LossWeighting, PredictionBatch, RejectedRow, RejectRow, RowRejection, RowRule } from './lossAccumulator';
export type { ProbabilityScores } from './probabilityScores';

export { divergence, divergenceFirstPass, divergenceOfSums, rowDivergences } from './divergence';
export type { DivergenceFirstPass, DivergenceResult, DivergenceRowTerms, RowDivergenceResult } from './divergence';

export { fitLogistic } from './fit/logistic';
export { fitSoftmax } from './fit/softmax';
export { BinaryRowRange } from './fit/binaryProblem';
export { passSumsLength, SPLIT_MIN_ROWS } from './fit/rowSplit';
export type { BinaryPassData, FitThreads, PassHelper, PassRequest } from './fit/rowSplit';
export { logisticObjective, softmaxObjective } from './fit/objective';
export { balancedClassWeights } from './fit/weights';
export type { ClassWeight } from './fit/weights';
export { erfc, twoSidedNormalP, NORMAL_QUANTILE_975 } from './normal';
export type { CoefficientUncertainty, FitOptions, FitProgress, FitResult, FitSolver, SolverName, FitWarning, FitWarningCode, ParameterUncertainty, ObjectiveValue, Penalty } from './fit/fitTypes';

export { SQL_DIALECTS, SQL_MAX_BINS, sqlQuery, sqlTableName } from './sqlQuery';
export type { SqlDialect, SqlQueryRequest } from './sqlQuery';
