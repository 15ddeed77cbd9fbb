// The one typed, versioned message protocol between the results panel (webview) and the extension
// host. Both sides import this file. The webview speaks first (`ready`); the host answers with a
// complete snapshot, never a delta, because hidden webviews drop messages. Losses are in nats and
// large per-row arrays travel as typed arrays (structured clone), not as JSON text.

/** Bumped whenever a message or the snapshot changes shape; both sides check it on `ready`. */
export const PANEL_PROTOCOL_VERSION = 1;

/** The webview panel's view type (also the serializer's `onWebviewPanel:` activation event). */
export const PANEL_VIEW_TYPE = 'entropyLens.results';

/** Display unit for information quantities; every loss in a snapshot is in nats. */
export type InformationUnit = 'bits' | 'nats' | 'dits';

/** One class column of the label distribution, in the analysis' class order. */
export interface PanelClassCount {
  readonly label: string;
  readonly count: number;
}

/** One probability/logit model (column group) scored against the labels or targets. */
export interface PanelModel {
  /** Human name, e.g. "m1_p0, m1_p1, m1_p2" or "p". */
  readonly name: string;
  readonly columns: readonly string[];
  readonly meanLossNats: number;
  readonly sumLossNats: number;
  /** Mean Brier score (one column: binary Brier; k columns: Σ_k (t_k − p_k)² averaged). */
  readonly brier: number;
  readonly errorRate: number;
  /** Rows whose true-class probability was clipped to ε (or +∞ when clipping is off). */
  readonly clippedRows: number;
  /** Per-row loss in nats (NaN for rows without a usable value), index = analysed row. */
  readonly rowLossNats: Float64Array;
  /** Per-row probability the model gave the true class (NaN when soft targets or unusable). */
  readonly trueClassProbability: Float64Array;
  /** Per-row predicted class index into `PanelSnapshot.classes` (−1 when unknown). */
  readonly predictedClass: Int32Array;
}

/** Two distributions P and Q and their divergences (all in nats). */
export interface PanelDivergence {
  readonly pName: string;
  readonly qName: string;
  /** Outcome names, one per element of `p` and `q`. */
  readonly outcomes: readonly string[];
  /** Normalised P and Q (the snapshot says whether normalisation changed them). */
  readonly p: Float64Array;
  readonly q: Float64Array;
  readonly normalised: boolean;
  readonly pqNats: number;
  readonly qpNats: number;
  readonly jsNats: number;
  readonly entropyPNats: number;
  readonly crossEntropyNats: number;
  /** Per-row divergences when P and Q are one distribution per row (column groups). */
  readonly perRow?: {
    readonly pqNats: Float64Array;
    readonly qpNats: Float64Array;
    readonly jsNats: Float64Array;
  };
}

/** A logistic or softmax regression fit. */
export interface PanelFit {
  readonly model: 'logistic' | 'softmax';
  readonly classes: readonly string[];
  readonly featureNames: readonly string[];
  /** K×d (binary: 1×d), in raw feature units. */
  readonly coef: readonly (readonly number[])[];
  readonly intercept: readonly number[];
  readonly iterations: number;
  readonly converged: boolean;
  readonly separable: boolean;
  readonly nonIdentifiable: readonly string[];
  readonly warnings: readonly string[];
  readonly meanLogLossNats: number;
  readonly objective: number;
  /** Training loss (mean log loss, nats) at every iteration. */
  readonly lossHistoryNats: Float64Array;
  /** The single feature's values per row, present when the fit used exactly one feature. */
  readonly featureValues?: Float64Array;
}

/** Everything the panel shows for one document: a complete, self-contained snapshot. */
export interface PanelSnapshot {
  readonly documentUri: string;
  /** Short file name for the title. */
  readonly fileName: string;
  /** Whether the document changed after this analysis (results shown greyed, marked stale). */
  readonly stale: boolean;
  /** The user's configured default unit (`entropyLens.logBase`). */
  readonly defaultUnit: InformationUnit;
  /** Clipping ε used (null when clipping was off). */
  readonly epsilon: number | null;
  /** Number of analysed rows. */
  readonly rowCount: number;
  /** Per analysed row: its 0-based data-row index in the document (what `revealRow` takes). */
  readonly rowIndex: Int32Array;
  /** Per analysed row: 1-based line number in the document (for display). */
  readonly rowLine: Int32Array;
  /** Class names in analysis order (empty when there are no labels). */
  readonly classes: readonly string[];
  /** Per analysed row: true class index into `classes` (−1: soft target or missing). */
  readonly labelIndex: Int32Array;
  /** Label distribution: counts per class and its entropy (nats), when labels exist. */
  readonly labels?: {
    readonly counts: readonly PanelClassCount[];
    readonly entropyNats: number;
  };
  /** Per-row mean entropy of soft targets (0 for one-hot), for CE = H + KL. */
  readonly targetEntropyNats?: number;
  readonly models: readonly PanelModel[];
  readonly divergence?: PanelDivergence;
  readonly fit?: PanelFit;
  /** Data problems the analysis skipped, already phrased for people. */
  readonly problems: readonly string[];
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

export type WebviewToHostMessage =
  | ReadyMessage
  | RevealRowMessage
  | ExportLossesMessage
  | CopyTextMessage
  | SavePlotMessage;

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
  readonly worstSort?: { readonly key: 'loss' | 'row' | 'p' | 'label'; readonly descending: boolean };
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
      return typeof m.documentUri === 'string';
    case 'copyText':
      return typeof m.requestId === 'number' && typeof m.text === 'string';
    case 'savePlot':
      return (
        typeof m.requestId === 'number' &&
        (m.format === 'png' || m.format === 'svg') &&
        typeof m.fileName === 'string' &&
        m.data instanceof Uint8Array
      );
    default:
      return false;
  }
}
