// The one typed, versioned message protocol between the results panel (webview) and the extension
// host. Both sides import this file. The webview speaks first (`ready`); the host answers with a
// complete snapshot, never a delta, because hidden webviews drop messages. Losses are in nats and
// large per-row arrays travel as typed arrays (structured clone), not as JSON text.
import type { AppliedLoss, CalibrationBrier, CalibrationTemperature, FitUncertainty, LossUnit } from './analysis';

/** Bumped whenever a message or the snapshot changes shape; both sides check it on `ready`. */
export const PANEL_PROTOCOL_VERSION = 3;

/** The webview panel's view type (also the serializer's `onWebviewPanel:` activation event). */
export const PANEL_VIEW_TYPE = 'entropyLens.results';

/** Display unit for information quantities (the analysis' LossUnit); every loss in a snapshot is in nats. */
export type InformationUnit = LossUnit;

/** One class of the label distribution, in the analysis' class order. */
export interface PanelClassCount {
  readonly label: string;
  readonly count: number;
}

/** Per-row correctness of a model's prediction. */
export const RowVerdict = { correct: 0, wrong: 1, unknown: 2 } as const;

/** A class-order quick fix the panel can run: the model (by name) with these classes in column order. */
export interface PanelClassFix {
  /** The button text, as the quick fix (Ctrl+.) names it, e.g. "Use class order zero, one, … (as scored)". */
  readonly title: string;
  readonly fix: 'useClassOrder' | 'usePositiveLabel';
  readonly model: string;
  readonly classes: readonly string[];
}

/** How a model's columns were matched to classes (see ClassOrderInfo in protocol/analysis.ts). */
export interface PanelClassOrder {
  readonly rule: 'explicit' | 'names' | 'field' | 'numeric' | 'inferred' | 'sorted';
  /** The rule in words, e.g. "guessed from the data (the order that fits best)". */
  readonly ruleText: string;
  /** The order is a guess: the panel shows a notice with the fixes. */
  readonly uncertain: boolean;
  /** One-column binary model: `classes` is [negative, positive] and the column is P(positive). */
  readonly binary: boolean;
  /** Class of each column, in column order. */
  readonly classes: readonly string[];
  /** What checking the order against the data found (means in nats); see ClassOrderEvidence. */
  readonly evidence: {
    readonly rows: number;
    readonly chosenMeanNats: number;
    readonly alternative: readonly string[] | null;
    readonly alternativeMeanNats: number | null;
  } | null;
  /** Quick fixes offered (the order as scored first); empty when the order is known. */
  readonly fixes: readonly PanelClassFix[];
}

/** One role of the column mapping, e.g. {role: 'Label', columns: ['y'], how: 'named "y"'}. */
export interface PanelRole {
  readonly role: string;
  readonly columns: readonly string[];
  /** How it was found: the detection's reason (kept for roles a choice left as detected), else "your choice"; then the class-order rule. */
  readonly how: string;
}

/** Which columns the analysis used and where that came from. */
export interface PanelMapping {
  /** `detected`: inferred from the file; `user`: chosen with Choose Columns… (or a quick fix); `request`: given by a caller. */
  readonly origin: 'detected' | 'user' | 'request';
  readonly roles: readonly PanelRole[];
  /** Set when the detection had to guess roles. */
  readonly ambiguity: string | null;
}

/** One probability/logit model (column group), or the fitted model, scored on every row. */
export interface PanelModel {
  /** Human name, e.g. "m1" or "fitted logistic regression". */
  readonly name: string;
  readonly columns: readonly string[];
  readonly kind: 'probabilities' | 'logits' | 'fit';
  readonly meanLossNats: number;
  readonly sumLossNats: number;
  /** Mean Brier score; NaN when not computed (e.g. for a fit). */
  readonly brier: number;
  readonly errorRate: number;
  /** Rows scored. */
  readonly n: number;
  /** Rows whose probability was clipped to [ε, 1 − ε]; rows with an infinite loss (ε none). */
  readonly clippedRows: number;
  readonly infiniteRows: number;
  /** Per-row loss in nats (NaN for rows not scored), index = analysed row. */
  readonly rowLossNats: Float64Array;
  /** Per-row probability the model gave the true class (NaN when soft targets or not scored). */
  readonly trueClassProbability: Float64Array;
  /** Per-row predicted class index into `PanelSnapshot.classes` (−1 when not known). */
  readonly predictedClass: Int32Array;
  /** Per-row `RowVerdict`. */
  readonly verdict: Uint8Array;
  /** How the columns were matched to classes; absent for a fit or when the truth is target columns. */
  readonly classOrder?: PanelClassOrder | null;
  /** Rows scored as written although |Σp − 1| > 1e-6, because the rounding of their decimals explains it. */
  readonly roundedRows?: number;
  /** Rows divided by their sum before scoring (normalizeRows). */
  readonly normalizedRows?: number;
  /** Against a label: the confusion matrix and the per-class report (absent for targets and fits). */
  readonly classification?: PanelClassification | null;
  /** Against a label: likely label errors by confident learning, lowest self-confidence first. */
  readonly labelIssues?: PanelLabelIssues | null;
  /** Against a label: the reliability curve (15 uniform bins), ECE and MCE, the binary Brier decomposition and temperature scaling. */
  readonly calibration?: PanelCalibration | null;
  /** The second and later models: against the first, mean loss difference with a paired bootstrap interval (nats). */
  readonly comparison?: { readonly against: string; readonly meanDiffNats: number; readonly ci: readonly [number, number]; readonly level: number; readonly resamples: number } | null;
}

/** A model's reliability curve for the panel: binary P(positive) against the share of positives, or the top label. */
export interface PanelCalibration {
  readonly mode: 'binary' | 'topLabel';
  /** The positive class (binary) the curve is of. */
  readonly positive: string | null;
  readonly ece: number;
  readonly mce: number;
  readonly bins: readonly { readonly lower: number; readonly upper: number; readonly count: number; readonly confidence: number; readonly accuracy: number }[];
  /** Binary: the Brier score's decomposition on these bins; null for the top label. */
  readonly brier: Readonly<CalibrationBrier> | null;
  /** Temperature scaling (nats), or why it was left out. */
  readonly temperature: Readonly<CalibrationTemperature>;
}

/** A model's likely label errors for the panel (class names resolved). */
export interface PanelLabelIssues {
  /** Rows flagged in all (`issues` lists at most the 10,000 least self-confident). */
  readonly count: number;
  readonly issues: readonly {
    readonly row: number;
    readonly given: string;
    readonly suggested: string;
    readonly selfConfidence: number;
    readonly suggestedProbability: number;
    readonly threshold: number;
  }[];
}

/** One class's line of a model's per-class report (scikit-learn's precision_recall_fscore_support, zero_division=0). */
export interface PanelClassReport {
  readonly class: string;
  readonly support: number;
  /** Mean loss of the class's rows (NaN without rows). */
  readonly meanLossNats: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** A model's confusion matrix and per-class report, in its class order. */
export interface PanelClassification {
  readonly classes: readonly string[];
  /** Rows = true class, columns = predicted class (argmax; binary p > 0.5). */
  readonly confusion: readonly (readonly number[])[];
  readonly perClass: readonly PanelClassReport[];
  /** Whether `classes` are the snapshot's classes in order, so rows can be found by labelIndex and predictedClass. */
  readonly rowsLinked: boolean;
  /** roc_auc_score / average_precision_score (one-vs-rest macro means for class rows); null when not computed (large tables). */
  readonly rocAuc: number | null;
  readonly averagePrecision: number | null;
  /** Per class (one column: the positive class), its ROC and precision–recall curves, thinned. */
  readonly curves: readonly {
    readonly class: string;
    readonly rocAuc: number;
    readonly averagePrecision: number;
    readonly roc: { readonly x: readonly number[]; readonly y: readonly number[] };
    readonly pr: { readonly x: readonly number[]; readonly y: readonly number[] };
  }[];
}

/** Two distributions P and Q and their divergences (all in nats). */
export interface PanelDivergence {
  /** `overRows`: P, Q are columns, each a distribution over the rows; `perRow`: one pair per row. */
  readonly mode: 'overRows' | 'perRow';
  readonly pName: string;
  readonly qName: string;
  /** overRows: outcome name per row (its label, else "row N"); empty for perRow. */
  readonly outcomes: readonly string[];
  /** overRows: normalised P and Q per row; empty for perRow. */
  readonly p: Float64Array;
  readonly q: Float64Array;
  /** overRows: the sums P and Q were divided by (1 = already normalised), else null. */
  readonly pSum: number | null;
  readonly qSum: number | null;
  /** D(P‖Q), D(Q‖P), JS, H(P), CE(P, Q) = H(P) + D(P‖Q); perRow: means over rows. */
  readonly pqNats: number;
  readonly qpNats: number;
  readonly jsNats: number;
  readonly entropyPNats: number;
  readonly crossEntropyNats: number;
  readonly infinitePq: number;
  readonly infiniteQp: number;
  /** Per row: overRows the terms p_i·ln(p_i/q_i) and q_i·ln(q_i/p_i); perRow each row's divergence. */
  readonly rowPqNats: Float64Array;
  readonly rowQpNats: Float64Array;
  readonly rowJsNats: Float64Array | null;
}

/** A logistic or softmax regression fit. */
export interface PanelFit {
  readonly model: 'logistic' | 'softmax';
  readonly classes: readonly string[];
  readonly featureNames: readonly string[];
  /** K×d (binary: 1×d), in raw feature units. */
  readonly coef: readonly (readonly number[])[];
  readonly intercept: readonly number[];
  readonly C: number;
  readonly penalty: 'l2' | 'none';
  readonly iterations: number;
  readonly converged: boolean;
  readonly separable: boolean;
  readonly warnings: readonly string[];
  readonly meanLogLossNats: number;
  readonly objective: number;
  /** Training loss (mean log loss, nats) at every iteration. */
  readonly lossHistoryNats: Float64Array;
  readonly solver: 'newton' | 'newton-cg' | 'lbfgs';
  readonly gradMaxScaled: number;
  /** The solver's wall time, seconds. */
  readonly seconds: number;
  /** The sample-weight column, or null; class weights by class, or null. */
  readonly sampleWeight: string | null;
  readonly classWeights: { readonly classes: readonly string[]; readonly weights: readonly number[]; readonly balanced: boolean } | null;
  readonly totalWeight: number;
  /** Standard errors, z, p and intervals (see FitUncertainty), or why there are none. */
  readonly uncertainty: FitUncertainty | { readonly unavailable: string } | null;
  /** Binary one-feature fits: the feature value and label (0/1, NaN unscored) per row. */
  readonly oneFeature?: {
    readonly x: Float64Array;
    readonly y: Float64Array;
    /** Fitted P(positive class) per row. */
    readonly pPositive: Float64Array;
  };
}

/** Everything the panel shows for one document: a complete, self-contained snapshot. */
export interface PanelSnapshot {
  readonly documentUri: string;
  /** Short file name for the title. */
  readonly fileName: string;
  /** Whether the document changed after this analysis (results marked stale). */
  readonly stale: boolean;
  /** What the analysis was asked to do. */
  readonly kind: string;
  /** The user's configured unit (`entropyLens.logBase`); the panel may switch it in place. */
  readonly defaultUnit: InformationUnit;
  /** Clipping ε used (null when clipping was off). */
  readonly epsilon: number | null;
  /** The loss options applied (ignored label, sample weights, class weights, pos_weight, smoothing). */
  readonly loss: AppliedLoss;
  /** Number of analysed rows (scored or not); every per-row array has this length. */
  readonly rowCount: number;
  /** Per analysed row: 1-based line number in the document where it starts (empty for disk analyses). */
  readonly rowLine: Uint32Array;
  /** Per analysed row: 0 scored, 1 problem, 2 ignored, 3 ignored label (RowStatus of the analysis). */
  readonly rowStatus: Uint8Array;
  /** Class names in analysis order (empty when there are no labels). */
  readonly classes: readonly string[];
  /** Per analysed row: true class index into `classes` (−1: soft target or unknown). */
  readonly labelIndex: Int32Array;
  /**
   * The file's id column (an identifier or free text) and its text per analysed row, shown beside
   * the worst rows; null without one, or for tables too large to keep the text (see RowTable.ids).
   */
  readonly rowIds: { readonly column: string; readonly ids: readonly string[] } | null;
  /** Label distribution: counts per class, entropy and log K (nats), when labels exist. */
  readonly labels: {
    readonly counts: readonly PanelClassCount[];
    readonly entropyNats: number;
    readonly maxEntropyNats: number;
    readonly n: number;
  } | null;
  /** Models compared side by side, primary first; a fit appears as one more model. */
  readonly models: readonly PanelModel[];
  readonly divergence: PanelDivergence | null;
  readonly fit: PanelFit | null;
  /** The first data problems (already phrased for people) and how many there were. */
  readonly problems: readonly string[];
  readonly problemCount: number;
  /** The columns used and how they were found (absent only in hand-built snapshots). */
  readonly mapping?: PanelMapping;
}

// ---- webview -> host -------------------------------------------------------------------------

/** Webview, once on load (and after every reload): send me a complete snapshot. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly version: number;
}

/** Webview, on click/Enter on a bar, point or table row: reveal and select that data row. */
export interface RevealRowMessage {
  readonly type: 'revealRow';
  readonly documentUri: string;
  readonly row: number;
}

/** Webview, on "Export per-row losses": run the host's export command for the document. */
export interface ExportLossesMessage {
  readonly type: 'exportLosses';
  readonly documentUri: string;
}

/** Webview, on "Copy summary": put this Markdown on the clipboard (webviews cannot reliably). */
export interface CopyTextMessage {
  readonly type: 'copyText';
  readonly requestId: number;
  readonly text: string;
}

/** Webview, on "Save PNG/SVG": ask the user where and write the file. */
export interface SavePlotMessage {
  readonly type: 'savePlot';
  readonly requestId: number;
  readonly format: 'png' | 'svg';
  /** Suggested file name without directory, e.g. "loss-histogram.png". */
  readonly fileName: string;
  /** PNG bytes, or SVG text encoded as UTF-8 bytes. */
  readonly data: Uint8Array;
}

/** Webview, on a class-order notice's button: run that quick fix (the host checks it is one it offered). */
export interface ApplyClassFixMessage {
  readonly type: 'applyClassFix';
  readonly documentUri: string;
  readonly fix: 'useClassOrder' | 'usePositiveLabel';
  readonly model: string;
  readonly classes: readonly string[];
}

/** Webview, on "Choose Columns…": run Choose Columns… for the document. */
export interface ChooseColumnsMessage {
  readonly type: 'chooseColumns';
  readonly documentUri: string;
}

export type WebviewToHostMessage = ReadyMessage | RevealRowMessage | ExportLossesMessage | CopyTextMessage | SavePlotMessage | ApplyClassFixMessage | ChooseColumnsMessage;

// ---- host -> webview -------------------------------------------------------------------------

/** Host, in answer to `ready` and whenever the active document's analysis changes. */
export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly version: number;
  /** Null when the active document has no analysis yet; `hint` says what to do. */
  readonly snapshot: PanelSnapshot | null;
  readonly hint: string;
}

/** Host, in answer to `copyText` / `savePlot`: what happened, for a short status line. */
export interface RequestDoneMessage {
  readonly type: 'requestDone';
  readonly requestId: number;
  readonly ok: boolean;
  readonly message: string;
}

export type HostToWebviewMessage = SnapshotMessage | RequestDoneMessage;

/** Webview UI state persisted with `setState` and handed back to the serializer on revive. */
export interface PanelUiState {
  readonly version: number;
  readonly unit?: InformationUnit;
  readonly lossOrder?: 'row' | 'sorted';
  readonly modelIndex?: number;
  readonly worstSort?: { readonly key: 'loss' | 'row' | 'p' | 'label' | 'id'; readonly descending: boolean };
  readonly scrollTop?: number;
}

/**
 * Narrow an unknown posted value to a webview→host message (the host must not trust the webview).
 * Example: `isWebviewToHostMessage({ type: 'ready', version: 1 })` is true.
 */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return typeof m.version === 'number';
    case 'revealRow':
      return typeof m.documentUri === 'string' && Number.isInteger(m.row) && (m.row as number) >= 0;
    case 'exportLosses':
    case 'chooseColumns':
      return typeof m.documentUri === 'string';
    case 'applyClassFix':
      return (
        typeof m.documentUri === 'string' &&
        (m.fix === 'useClassOrder' || m.fix === 'usePositiveLabel') &&
        typeof m.model === 'string' &&
        Array.isArray(m.classes) &&
        m.classes.every((c) => typeof c === 'string')
      );
    case 'copyText':
      return typeof m.requestId === 'number' && typeof m.text === 'string';
    case 'savePlot':
      return typeof m.requestId === 'number' && (m.format === 'png' || m.format === 'svg') && typeof m.fileName === 'string' && m.data instanceof Uint8Array;
    default:
      return false;
  }
}

// ---- transport codec ---------------------------------------------------------------------------

/** How a non-finite number travels: VS Code JSON-serialises webview messages, and JSON has no NaN/∞. */
interface NonFiniteNumber {
  readonly $nonFinite: 'NaN' | 'Infinity' | '-Infinity';
}

/**
 * Prepare a message for `webview.postMessage`: every NaN / ±Infinity scalar in plain objects and
 * arrays becomes `{ $nonFinite: 'NaN' | 'Infinity' | '-Infinity' }`, because VS Code JSON-encodes
 * messages (a NaN Brier score would arrive as null). Typed arrays pass untouched: VS Code sends
 * them as binary, keeping every value. O(size of the plain part), no copy of typed arrays.
 * Example: `encodeNonFinite({ a: NaN, b: [1, Infinity] })` → `{ a: {$nonFinite:'NaN'}, b: [1, {$nonFinite:'Infinity'}] }`.
 */
export function encodeNonFinite<T>(value: T): T {
  return transform(value, (x) => {
    if (typeof x === 'number' && !Number.isFinite(x)) {
      const tag: NonFiniteNumber = { $nonFinite: Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity' };
      return { replaced: true, value: tag };
    }
    return { replaced: false, value: x };
  }) as T;
}

/** Inverse of `encodeNonFinite`, applied by the webview to every message it receives. */
export function decodeNonFinite<T>(value: T): T {
  return transform(value, (x) => {
    if (typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x)) {
      const tag = (x as Partial<NonFiniteNumber>).$nonFinite;
      if (tag !== undefined && Object.keys(x).length === 1) return { replaced: true, value: tag === 'NaN' ? NaN : tag === 'Infinity' ? Infinity : -Infinity };
    }
    return { replaced: false, value: x };
  }) as T;
}

function transform(value: unknown, leaf: (x: unknown) => { replaced: boolean; value: unknown }): unknown {
  const result = leaf(value);
  if (result.replaced) return result.value;
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  if (Array.isArray(value)) return value.map((item) => transform(item, leaf));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = transform(item, leaf);
  return out;
}
