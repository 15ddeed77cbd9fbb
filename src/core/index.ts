// Public API of the numeric core: entropy, cross-entropy, Brier, error rate, KL / JS divergence and
// logistic / softmax fits at scikit-learn/SciPy parity. Everything is computed in nats; convert for
// display with fromNats. Invalid input throws CoreError; numerical facts are result fields.

export { CoreError, entryMessage, isCoreError, showValue } from './coreError';
export type { CoreErrorCode } from './coreError';

export { fromNats, fromNatsArray, lnOfBase, parseLogBase, unitOf } from './logBase';
export type { InformationUnit, LogBase } from './logBase';

export { createMatrix, denseMatrix, isRowView, matrixFromColumns, matrixFromRows, matrixRow } from './matrix';
export type { Matrix, RowView } from './matrix';

export { logSigmoid, logSoftmax, logSoftmaxInto, logSumExp, negativeLogSoftmax, sigmoid, softmax, softmaxInto, softplus } from './stable';

export { binaryTargets, compareCodePoints, encodeLabels, mapColumnsToClasses, numericLabelValue, sameLabel, sortClasses } from './classes';
export type { BinaryTargets, ClassLabel, ClassOrder, ColumnClassMapping, ColumnMappingRule, EncodedLabels, PositiveLabelRule, SortedClasses } from './classes';

export { assignmentWeight, maximumAssignment, runnerUpAssignment } from './assignment';
export type { Assignment } from './assignment';

export { checkProbabilityColumn, prepareProbabilityRows, ROW_SUM_TOLERANCE } from './probabilityRows';
export { binaryZeroOne, requireClassIndices, requireRows } from './checks';
export type { PreparedProbabilities } from './probabilityRows';

export { addCompensatedAt, compensatedSum, pairTotal } from './summation';

export { addDivergencePair, emptyDivergenceSums, finishDivergenceSums, mergeDivergenceSums } from './divergenceSums';
export type { DivergenceSums, DivergenceTotals, SideSums } from './divergenceSums';

export { countsEntropy, distributionEntropy, labelEntropy, rowEntropies } from './entropy';
export type { DistributionEntropyResult, LabelEntropyResult, RowEntropyResult } from './entropy';

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
  rowBatch,
  targetTotals,
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
export type { LossAccumulatorOptions, LossSums, LossTotals, LossWeighting, PredictionBatch, RejectedRow, RejectRow, RowRejection } from './lossAccumulator';
export type { ProbabilityScores } from './probabilityScores';

export { divergence, rowDivergences } from './divergence';
export type { DivergenceResult, DivergenceRowTerms, RowDivergenceResult } from './divergence';

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
