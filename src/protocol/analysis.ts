// The typed analysis result: produced by the compute worker, consumed by the host (hover, status bar,
// heat, diagnostics, commands) and sent to the results panel. Types and tiny pure helpers only.
//
// Conventions that hold for every field below:
// - Every loss, entropy and divergence is stored in NATS (suffix `Nats`); `unit` is only how the user
//   wants to see it. Convert with `natsToUnit`.
// - Row indices are 0-based positions in `rows` (data records in file order, after any selection);
//   `rows.firstLine[i]` gives the absolute 0-based document line, so results keep absolute positions.
// - Lines and characters are 0-based, characters in UTF-16 code units (what VS Code positions use).
// - Per-row arrays have length `rows.count`. A row that could not be scored (a problem row, or a row
//   ignored by the user's choice) holds NaN in every per-row number and `rows.status[i] !== RowStatus.ok`.
// - Typed arrays travel between threads as transferables; see `analysisTransferables`.

/** Bump when a field changes meaning; the panel checks it before drawing. */
export const ANALYSIS_SCHEMA_VERSION = 1;

/** How a loss is displayed: base-2 logs give bits, natural logs nats, base-10 logs dits (hartleys). */
export type LossUnit = 'bits' | 'nats' | 'dits';

/** The `entropyLens.logBase` setting values. */
export type LogBaseSetting = '2' | 'e' | '10';

/**
 * What was asked for; `analyze` auto-detects columns and computes everything that applies;
 * `columns` is what Choose Columns… needs: the columns, their roles and class orders and the
 * models' scores, never a fit (so it is quick whatever the label).
 */
export type AnalysisKind = 'analyze' | 'columns' | 'entropy' | 'crossEntropy' | 'kl' | 'fitLogistic' | 'fitSoftmax';

/** Where the data came from: an open document (text sent to the worker) or a file streamed from disk. */
export type AnalysisSourceKind = 'document' | 'disk';

/** A 0-based position in a document (UTF-16 characters). */
export interface SourcePosition {
  line: number;
  character: number;
}

/** A half-open range [start, end) in a document. */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** Whether a row took part in the per-row numbers. */
export const RowStatus = {
  /** Scored. */
  ok: 0,
  /** Has a data problem (bad cell, ragged, unknown label...): not scored; see `problems`. */
  problem: 1,
  /** Excluded by an analysis option (e.g. "ignore rows with missing values"). */
  ignored: 2,
  /** Labelled with the ignored label (entropyLens.loss.ignoreLabel, PyTorch's ignore_index). */
  ignoredLabel: 3,
} as const;
export type RowStatusValue = (typeof RowStatus)[keyof typeof RowStatus];

/** Severity of a data problem, mapped one-to-one to VS Code's DiagnosticSeverity by the host. */
export type ProblemSeverity = 'error' | 'warning' | 'information';

/**
 * A quick fix the host can offer for a problem; each re-runs the analysis with one option changed
 * for this document only (the data file is never edited).
 * - `treatAsLogits`: the columns named in `columns` are logits/scores, not probabilities.
 * - `normalizeRows`: divide each probability row by its sum before clipping.
 * - `ignoreMissing`: leave rows with missing values out of this analysis.
 * - `useClassOrder`: the model `fixModel` has the classes `fixClassOrders[i]` in column order
 *   (one fix per order offered); remembered for the file like a Choose Columns… choice.
 * - `usePositiveLabel`: the one-column model `fixModel` is P(`fixPositiveLabels[i]`); remembered.
 */
export type ProblemFix = 'treatAsLogits' | 'normalizeRows' | 'ignoreMissing' | 'useClassOrder' | 'usePositiveLabel' | 'ignoreLabel';

/**
 * Where a model's class order came from (see ClassOrderInfo): `explicit` (Choose Columns…,
 * `--classes`, a quick fix), `names` (p_cat ↔ cat), `field` (a `classes` / `id2label` field),
 * `numeric` (integer labels are column indices; binary 0/1 or ±1), `inferred` (the order that fits
 * the data best), `sorted` (sorted label order, as scikit-learn's `classes_`).
 */
export type ClassOrderRule = 'explicit' | 'names' | 'field' | 'numeric' | 'inferred' | 'sorted';

/** What checking a guessed order against the data found (means over the checked rows, nats). */
export interface ClassOrderEvidence {
  rows: number;
  /** Mean loss of the checked rows under the order used. */
  chosenMeanNats: number;
  /** The best order other than the one used, and its mean loss (null: none). */
  alternative: string[] | null;
  alternativeMeanNats: number | null;
}

/** How a model's columns were matched to classes. */
export interface ClassOrderInfo {
  rule: ClassOrderRule;
  /** The order is a guess the data do not clearly confirm, or one inferred from the data. */
  uncertain: boolean;
  /** Class of each column, in column order (one-column binary models: [negative, positive]). */
  classes: string[];
  evidence: ClassOrderEvidence | null;
}

/** One data problem, as a value: it names the row, the column and the raw text it is about. */
export interface AnalysisProblem {
  /** Stable machine code, e.g. `probability-out-of-range`; becomes Diagnostic.code. */
  code: string;
  severity: ProblemSeverity;
  /** Human sentence naming the value, e.g. `p = 1.2 is outside [0, 1] (column "p", row 3)`. */
  message: string;
  /** 0-based data row index into `rows`, or null for file-level problems (header, syntax). */
  row: number | null;
  /** Column name (or dotted path / vector field) concerned, if any. */
  column: string | null;
  /** The raw text of the offending value, if any. */
  value: string | null;
  /** Exact source range of the value (or the record / header when there is no single cell). */
  range: SourceRange | null;
  /** Quick fixes that make sense for this problem. */
  fixes: ProblemFix[];
  /** Columns a fix applies to (e.g. the probability group that looks like logits). */
  fixColumns?: string[];
  /** `useClassOrder` / `usePositiveLabel`: the model (its name) and the choices offered. */
  fixModel?: string;
  fixClassOrders?: string[][];
  fixPositiveLabels?: string[];
  /** `ignoreLabel`: the label value whose rows the fix leaves out (entropyLens.loss.ignoreLabel). */
  fixLabel?: string;
}

/** One model's prediction columns: per-class probabilities, logits, or a single P(positive) column. */
export interface ModelColumns {
  /** Display name: the common prefix of the columns (`m1`), or the single column name. */
  name: string;
  kind: 'probabilities' | 'logits';
  /** Columns in class order (a single column for binary P(positive) / binary logit). */
  columns: string[];
  /** Explicit class of each column (multi-class), or [negative, positive] (one column); see ClassOrderInfo. */
  classes?: string[];
}

/**
 * The columns an analysis uses: the detected mapping, or the user's choice from Choose Columns…
 * (remembered per file). Every name is a column name or dotted path as the data layer reports it.
 */
export interface ColumnChoice {
  /** Class label column (strings or integers). */
  label?: string;
  /** One-hot or soft target columns (or one vector column), in class order. */
  targets?: string[];
  /** Prediction groups, compared side by side; the first is the primary one that drives hover/heat. */
  models?: ModelColumns[];
  /** Numeric feature columns for the fits. */
  features?: string[];
  /** A numeric column of per-row weights for the fits (scikit-learn's sample_weight). */
  sampleWeight?: string;
  /** KL: P and Q, each one column (distribution over rows) or a group (one distribution per row). */
  p?: string[];
  q?: string[];
  /** Explicit class order; otherwise the CLI's rules (names ending with a label value, then sorted). */
  classes?: string[];
  /** Binary: which label value is the positive class (default: the greater in sorted order). */
  positiveLabel?: string;
  /** A column that names each row (an id, or free text), shown beside rows and exported with them. */
  id?: string;
}

/** How the columns were chosen, with the data layer's reasons (shown in Choose Columns… and the panel). */
export interface MappingInfo {
  /** `detected`: the data layer's inference; `user`: remembered choice; `request`: passed by a caller. */
  origin: 'detected' | 'user' | 'request';
  /** Short reason per role, e.g. `{ label: 'named "y"' }`. */
  reasons: Record<string, string>;
  /** 0..1 confidence of the inference (1 for user/request choices). */
  confidence: number;
  /** Set when the inference was ambiguous; says what was ambiguous. */
  ambiguity: string | null;
  /** How multi-class columns were matched to classes (e.g. `by name suffix`, `sorted label order`). */
  classMapping: string | null;
}

/** One column of the file as read (for Choose Columns… and the panel's column list). */
export interface ColumnSummary {
  name: string;
  /** `vector`: a JSON field holding an array of numbers (usable as a whole class group). */
  shape: 'scalar' | 'vector';
  width: number;
  /** True when every present cell is a number. */
  numeric: boolean;
}

/** What was read: the format and every column, whatever the analysis used. */
export interface TableInfo {
  format: 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'arrow' | 'npz' | 'npy';
  /** The CSV delimiter, or null for JSON formats. */
  delimiter: string | null;
  columns: ColumnSummary[];
}

/**
 * The records analysed, with where each came from; everything per-row indexes into this.
 * Disk analyses (streamed, no positions kept) have `count` rows but EMPTY positional arrays
 * (`firstLine`, `lastLine`, `startCharacter`, `endCharacter`), empty `labels` and `trueClass`;
 * their per-row losses still have `count` entries.
 */
export interface RowTable {
  count: number;
  /** Absolute 0-based document line where record i starts / ends (inclusive). Sorted ascending. */
  firstLine: Uint32Array;
  lastLine: Uint32Array;
  /** UTF-16 character where record i starts on `firstLine`, and just past its end on `lastLine`
   *  (so several JSON records on one line are told apart). */
  startCharacter: Uint32Array;
  endCharacter: Uint32Array;
  /** RowStatus per record. */
  status: Uint8Array;
  /**
   * The label text of each record as written in the file ('' when there is no label column), for
   * tables of at most LABEL_TEXT_ROW_LIMIT rows; an EMPTY array beyond (millions of short strings
   * are slow to pass between threads). `rowLabel(rows, i)` works for every size.
   */
  labels: string[];
  /** Compact labels for any size: record i's label is `labelValues[labelCodes[i]]` (-1: none). */
  labelCodes: Int32Array;
  labelValues: string[];
  /** Class names in class order (the order of probability columns and of `trueClass` indices). */
  classes: string[];
  /** Index into `classes` of each record's true class; -1 when unknown or when targets are soft. */
  trueClass: Int32Array;
  /** The identifier column (ColumnChoice.id), or null. */
  idColumn: string | null;
  /** Its text per record for tables of at most LABEL_TEXT_ROW_LIMIT rows; EMPTY beyond or without one. */
  ids: string[];
}

/** One model's scores on every row (cross-entropy / log loss), plus its summary numbers. */
export interface ModelResult {
  columns: ModelColumns;
  /** Per-row loss −Σ t log p (clipped per `epsilon`), NaN for rows not scored, +Infinity if p = 0 unclipped. */
  lossNats: Float64Array;
  /** Probability the model gave each row's true class (after normalisation/clipping; NaN if soft). */
  trueClassProbability: Float64Array;
  /** argmax class index per row (first index wins ties; binary: positive iff p > 0.5). */
  predictedClass: Int32Array;
  meanLossNats: number;
  sumLossNats: number;
  /** Textbook Brier (mean over rows of Σ_k (t_k − p_k)²; one column: scikit-learn's binary form). */
  brier: number;
  errorRate: number;
  /** Rows scored. */
  n: number;
  /** Rows whose probability was clipped to [ε, 1 − ε]. */
  clippedRows: number;
  /** Rows with an infinite loss (only possible with epsilon none). */
  infiniteRows: number;
  /** Rows divided by their sum (normalizeRows). */
  normalizedRows: number;
  /** Rows scored as written although |Σp − 1| > 1e-6, because the rounding of their decimals explains it. */
  roundedRows: number;
  /** How the columns were matched to classes; null when the truth is target columns. */
  classOrder: ClassOrderInfo | null;
  /** Against a label column: confusion, per-class losses, top-k (absent for target columns). */
  classification?: ModelClassification;
  /** Against a label column: likely label errors by confident learning (absent for target columns). */
  labelIssues?: ModelLabelIssues;
  /** Against a label column: the reliability curve (15 uniform bins; binary P(positive), else the top label), Brier decomposition and temperature scaling. */
  calibration?: ModelCalibration;
  /** The second and later models: mean loss minus the first model's, with a paired percentile bootstrap interval. */
  comparison?: ModelComparison;
}

/** A model's mean loss against the first model's on the same rows (paired bootstrap, seeded). */
export interface ModelComparison {
  /** This model's mean loss minus the first model's, in nats (negative: this one is better). */
  meanDiffNats: number;
  ci: [number, number];
  level: number;
  resamples: number;
}

/** A model's reliability curve (sklearn.calibration.calibration_curve's bins, empty ones kept). */
export interface ModelCalibration {
  mode: 'binary' | 'topLabel';
  ece: number;
  mce: number;
  bins: { lower: number; upper: number; count: number; confidence: number; accuracy: number }[];
  /** One column (binary): Murphy's decomposition of brier_score_loss on these bins; null for the top label. */
  brier: CalibrationBrier | null;
  /** Temperature scaling of the model's scores (the CLI's `calibration`), or why it was left out. */
  temperature: CalibrationTemperature;
}

/** brier_score_loss = reliability − resolution + uncertainty, on a curve's bins (up to the spread within them). */
export interface CalibrationBrier {
  /** Mean (y − p)² over the rows. */
  score: number;
  /** Σ n_b/n (confidence_b − accuracy_b)²: what recalibrating could remove. */
  reliability: number;
  /** Σ n_b/n (accuracy_b − ȳ)²: how far the bins separate the classes. */
  resolution: number;
  /** ȳ (1 − ȳ): the score of always predicting the base rate. */
  uncertainty: number;
}

/**
 * The T > 0 minimising the mean cross-entropy of softmax(scores / T), with that mean at T = 1 and
 * at T (nats, unweighted). `t` is Infinity when no finite T helps (`afterNats` is then the uniform
 * prediction's ln K) and 0 when every row's top class is right (the loss falls toward 0 as T → 0).
 * `omitted`: not computed, and why (the editor caps the rows × classes it scales).
 */
export type CalibrationTemperature = { t: number; beforeNats: number; afterNats: number } | { omitted: string };

/** A model's likely label errors (confident learning, cleanlab's rule), classes in its class order. */
export interface ModelLabelIssues {
  /** Per class: the mean p of the class over its rows (NaN without rows). */
  thresholds: number[];
  /** Rows flagged in all (the list keeps the 10,000 least self-confident). */
  count: number;
  /**
   * Lowest self-confidence first; `row` is the analysed row; `labelRange` is the row's label cell
   * in the document (null without a label cell: targets as truth, a missing cell).
   */
  issues: { row: number; given: number; suggested: number; selfConfidence: number; suggestedProbability: number; threshold: number; labelRange: SourceRange | null }[];
}

/** A model's classification metrics against labels, in its class order (scikit-learn's conventions). */
export interface ModelClassification {
  /** Rows = true class, columns = predicted class (argmax, first on ties; binary: p > 0.5). */
  confusion: number[][];
  /** Per class: its rows, and their mean loss in nats (NaN without rows). */
  support: number[];
  meanLossNats: number[];
  /** top_k_accuracy_score for each k asked for. */
  topKAccuracy: Record<string, number>;
  /** roc_auc_score / average_precision_score (one-vs-rest macro for classes), when computed. */
  rocAuc: number | null;
  averagePrecision: number | null;
  /** Per class (one for a one-column model: the positive class), its ROC and precision–recall curves, thinned for drawing. */
  curves?: { k: number; rocAuc: number; averagePrecision: number; roc: { x: number[]; y: number[] }; pr: { x: number[]; y: number[] } }[];
}

/** Label entropy: the empirical class distribution of the label column. */
export interface EntropySummary {
  entropyNats: number;
  /** log K: the entropy of K equally likely classes. */
  maxEntropyNats: number;
  classes: string[];
  counts: number[];
  n: number;
}

/** KL divergence between P and Q: over rows (two columns) or per row (two column groups). */
export interface KlSummary {
  /** `overRows`: P and Q are columns taken as distributions over rows; `perRow`: one pair per row. */
  mode: 'overRows' | 'perRow';
  pColumns: string[];
  qColumns: string[];
  /** D(P‖Q), D(Q‖P), Jensen–Shannon, H(P), CE(P, Q) = H(P) + D(P‖Q); perRow mode: means over rows. */
  pqNats: number;
  qpNats: number;
  jsNats: number;
  entropyPNats: number;
  crossEntropyNats: number;
  /** Rows where P > 0 and Q = 0 (D(P‖Q) infinite) and the other way round. */
  infinitePq: number;
  infiniteQp: number;
  /** overRows: the normalised P and Q (one entry per row) and the sums they were divided by. */
  p: number[] | null;
  q: number[] | null;
  pSum: number | null;
  qSum: number | null;
  /** Per-row contributions: overRows p_i log(p_i/q_i) terms; perRow each row's own divergence. */
  rowPqNats: Float64Array;
  rowQpNats: Float64Array;
  rowJsNats: Float64Array | null;
}

/** A logistic or softmax regression fit (scikit-learn parametrisation, solved to the true optimum). */
export interface FitSummary {
  model: 'logistic' | 'softmax';
  features: string[];
  classes: string[];
  /** K×d (binary: 1×d) coefficients in raw feature units; intercepts (softmax: centred to sum 0). */
  coef: number[][];
  intercept: number[];
  C: number;
  penalty: 'l2' | 'none';
  iterations: number;
  converged: boolean;
  /** Mean log loss at every iteration (training-loss history), nats. */
  lossHistoryNats: number[];
  objective: number;
  meanLogLossNats: number;
  /** Brier score of the fitted probabilities on the fitted rows: binary, scikit-learn's
   *  brier_score_loss (mean (y − p)²); softmax, mean Σ_k (1[k = y] − p_k)² (as for a model's columns). */
  brier: number;
  separable: boolean;
  warnings: string[];
  solver: 'newton' | 'newton-cg' | 'lbfgs';
  /** The scale-free convergence measure (≤ 1e-9 at the optimum), see the core's FitResult. */
  gradMaxScaled: number;
  /** The solver's own wall time, seconds. */
  seconds: number;
  /** The sample-weight column, or null. */
  sampleWeight: string | null;
  /** Class weights applied, by class (scikit-learn's class_weight), or null. */
  classWeights: { classes: string[]; weights: number[]; balanced: boolean } | null;
  /** Σ of the row weights (the rows fitted, without weights). */
  totalWeight: number;
  /** Standard errors etc. from the inverse Hessian at the optimum, or why there are none. */
  uncertainty: FitUncertainty | { unavailable: string } | null;
  /** Per row: fitted probability of the true class, and the margin (binary: (2y−1)·(w·x+b); softmax:
   *  true-class logit minus the largest other logit). Negative margin = misclassified. */
  fittedTrueClassProbability: Float64Array;
  margin: Float64Array;
  /** Per-row fitted log loss. */
  lossNats: Float64Array;
}

/** One parameter set's uncertainty: per coefficient row (K × d) or per intercept (K). */
export interface ParameterStatistics<T> {
  standardError: T;
  z: T;
  p: T;
  lower: T;
  upper: T;
}

/**
 * Coefficient uncertainty of a fit (see the core's CoefficientUncertainty): 'unpenalised' is the
 * maximum-likelihood covariance, 'l2Approximation' the Laplace approximation of the penalised fit.
 */
export interface FitUncertainty {
  basis: 'unpenalised' | 'l2Approximation';
  /** The intervals' coverage (0.95). */
  level: number;
  coef: ParameterStatistics<number[][]>;
  intercept: ParameterStatistics<number[]>;
}

/**
 * The per-row quantity that drives the hover's headline, ranks, heat, Go to Worst Row and the status
 * bar: the primary model's loss, or the fit's, or per-row KL, or label surprisal for plain entropy.
 */
export interface RowLoss {
  /** What the number is, for display: e.g. `cross-entropy (m1)`, `fitted log loss`, `KL(P‖Q)`. */
  label: string;
  lossNats: Float64Array;
  /** 0-based competition rank of each row: how many scored rows have a larger loss (0 = the worst),
   *  so rows with equal losses share it (see rowRank in analysis/ranking). Unscored: count. */
  rank: Uint32Array;
  /** Scored row indices ordered worst first, equal losses in row order (length = scored rows). */
  worstFirst: Uint32Array;
  /** Mean and sum over scored rows (sum may be +Infinity). */
  meanNats: number;
  sumNats: number;
  n: number;
  /** The mean and sum are weighted (Σ w·loss / Σ w, Σ w·loss: a weighted fit's objective), not plain. */
  weightedMean?: boolean;
}

/** Everything one analysis produced. Tied to the document version it was computed from. */
export interface AnalysisResult {
  schemaVersion: typeof ANALYSIS_SCHEMA_VERSION;
  kind: AnalysisKind;
  source: AnalysisSourceKind;
  /** Document URI as a string (`uri.toString()`), or a file URI for disk analyses. */
  uri: string;
  /** `TextDocument.version` the text was taken from; -1 for disk analyses. */
  documentVersion: number;
  /** The selection analysed (absolute 0-based lines, inclusive), or null for the whole document. */
  selection: { startLine: number; endLine: number } | null;
  unit: LossUnit;
  /** Clipping epsilon used; null = no clipping. */
  epsilon: number | null;
  /** True when probability rows were normalised before clipping (by setting or quick fix). */
  normalizedRows: boolean;
  /** How the models' losses were weighed and which label was left out, as applied. */
  loss: AppliedLoss;
  columns: ColumnChoice;
  mapping: MappingInfo;
  table: TableInfo;
  rows: RowTable;
  /** Models compared side by side, primary first (empty when no prediction columns). */
  models: ModelResult[];
  entropy: EntropySummary | null;
  kl: KlSummary | null;
  fit: FitSummary | null;
  /** The per-row headline quantity, or null when nothing per-row was computed (e.g. KL over rows). */
  rowLoss: RowLoss | null;
  /** Problems listed (at most the data layer's cap) and how many there were in total. */
  problems: AnalysisProblem[];
  problemCount: number;
  /** Wall-clock milliseconds spent in the worker, parse and compute. */
  timing: { parseMs: number; computeMs: number };
  /** Bytes read (disk analyses) or UTF-16 length of the text (documents). */
  size: number;
}

/**
 * The loss options an analysis applied (the entropyLens.loss.* settings and the sample-weight
 * column), each null when not in effect: what the panel's summary says the numbers mean.
 */
export interface AppliedLoss {
  /** PyTorch's ignore_index: the label value and how many rows carried it. */
  ignoredLabel: { value: string; rows: number } | null;
  /** scikit-learn's sample_weight: the weight column of the scored rows. */
  sampleWeight: string | null;
  /** CrossEntropyLoss(weight=…): 'balanced' or weight by class label. */
  classWeight: 'balanced' | Record<string, number> | null;
  /** BCEWithLogitsLoss(pos_weight=…). */
  positiveWeight: number | null;
  /** CrossEntropyLoss(label_smoothing=…). */
  labelSmoothing: number | null;
}

/** No loss option in effect. */
export const NO_APPLIED_LOSS: AppliedLoss = { ignoredLabel: null, sampleWeight: null, classWeight: null, positiveWeight: null, labelSmoothing: null };

/** Above this many rows `RowTable.labels` is left empty; use `rowLabel`. */
export const LABEL_TEXT_ROW_LIMIT = 100_000;

/** The label text of record `row` ('' when none), whatever the table's size. */
export function rowLabel(rows: RowTable, row: number): string {
  const text = rows.labels[row];
  if (text !== undefined) return text;
  const code = rows.labelCodes[row];
  return code === undefined || code < 0 ? '' : (rows.labelValues[code] ?? '');
}

/** ln of each display base; a value in base b is the natural value divided by ln b. */
const LN_OF_UNIT: Readonly<Record<LossUnit, number>> = { bits: Math.LN2, nats: 1, dits: Math.LN10 };

/**
 * Converts a value in nats to the display unit: x / ln b (bits: ÷ ln 2, dits: ÷ ln 10).
 * Example: natsToUnit(Math.LN2, 'bits') === 1.
 */
export function natsToUnit(valueNats: number, unit: LossUnit): number {
  return unit === 'nats' ? valueNats : valueNats / LN_OF_UNIT[unit];
}

/** Maps the `entropyLens.logBase` setting to its unit: '2' → bits, 'e' → nats, '10' → dits. */
export function unitForLogBase(base: LogBaseSetting): LossUnit {
  return base === '2' ? 'bits' : base === '10' ? 'dits' : 'nats';
}

/**
 * The typed-array buffers of a result, for `postMessage(result, transferables)`. After the transfer
 * the sender's arrays are detached, so the worker calls this only on a result it will not reuse.
 * Buffers are de-duplicated (a transfer list may not name one twice).
 */
export function analysisTransferables(result: AnalysisResult): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    result.rows.firstLine,
    result.rows.lastLine,
    result.rows.startCharacter,
    result.rows.endCharacter,
    result.rows.status,
    result.rows.trueClass,
    result.rows.labelCodes,
  ];
  for (const model of result.models) arrays.push(model.lossNats, model.trueClassProbability, model.predictedClass);
  if (result.kl) {
    arrays.push(result.kl.rowPqNats, result.kl.rowQpNats);
    if (result.kl.rowJsNats) arrays.push(result.kl.rowJsNats);
  }
  if (result.fit) arrays.push(result.fit.fittedTrueClassProbability, result.fit.margin, result.fit.lossNats);
  if (result.rowLoss) arrays.push(result.rowLoss.lossNats, result.rowLoss.rank, result.rowLoss.worstFirst);
  const buffers = new Set<ArrayBuffer>();
  for (const view of arrays) {
    if (view.buffer instanceof ArrayBuffer && view.buffer.byteLength > 0) buffers.add(view.buffer);
  }
  return [...buffers];
}
