// Types of the panel's host-side API: what the host gives the panel and what it gets back.
import type * as vscode from 'vscode';
import type { AnalysisResult } from './analysisTypes';

/** The analysis the panel should show: the active (or last active) data document's. */
export interface PanelInput {
  readonly uri: vscode.Uri;
  readonly analysis: AnalysisResult;
  /** True when the document was edited after this analysis. */
  readonly stale?: boolean;
}

/** What the host provides; the panel only reads from it and calls back for row links/export. */
export interface PanelDataSource {
  /** The analysis for the active data document, or undefined (the panel then shows a hint). */
  current(): PanelInput | undefined;
  /** Fires when the active document or its analysis changes; the panel re-reads `current()`. */
  readonly onDidChange: vscode.Event<unknown>;
  /** Reveal and select data row `row` (0-based, as in the analysis) of `uri` in an editor. */
  revealRow(uri: vscode.Uri, row: number): Thenable<unknown> | void;
  /** Export per-row losses of `uri` (the host command `entropyLens.exportLosses`). */
  exportLosses(uri: vscode.Uri): Thenable<unknown> | void;
}

/** Handle returned by `registerResultsPanel`. */
export interface ResultsPanelController extends vscode.Disposable {
  /** Create the panel, or reveal it if it exists (one panel only). */
  show(options?: { preserveFocus?: boolean }): void;
  /** Whether a panel currently exists. */
  readonly isOpen: boolean;
}
