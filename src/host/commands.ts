// Every Entropy Lens command. Each returns its result object to `executeCommand` callers: an
// AnalysisCommandResult for analyses, a small object for navigation and housekeeping, or a
// CommandFailure saying why nothing was done.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import type { AnalysisKind, AnalysisResult, ColumnChoice, ProblemFix } from '../protocol/analysis';
import { natsToUnit } from '../protocol/analysis';
import type { AnalysisService } from './analysisService';
import { isDataDocument } from './analysisService';
import { applyFix, APPLY_FIX_COMMAND } from './codeActions';
import type { ClassChoice } from './codeActions';
import { chooseColumns, chooseKlColumns } from './columnPicker';
import { choiceErrors } from './columnSteps';
import { summarizeAnalysis } from './commandResults';
import { copyAsSql } from './copyAsSql';
import type { CopyAsSqlOptions } from './copyAsSql';
import type { AnalysisCommandResult, CommandFailure } from './commandResults';
import { labelIssueList, labelIssueStatus, stepLabelIssue } from './labelIssueList';
import type { StepDirection } from './labelIssueList';
import { exportBytes, exportMessage, exportPathFor } from './lossExport';
import { lineSpan, toRange } from './ranges';
import { rowRank } from './rowLookup';
import { selectedLines } from './selectionLines';
import type { WorkerOutcome } from './workerClient';

/** Options a caller may pass as the second argument of an analysis command. */
export interface AnalyzeCommandOptions {
  /** Columns to use (otherwise remembered per file, otherwise detected). */
  columns?: ColumnChoice;
  /** Analyse only these lines (0-based, inclusive); `false` ignores the editor selection. */
  selection?: { startLine: number; endLine: number } | false;
  /** KL: P and Q columns (skips the picks). */
  p?: string[];
  q?: string[];
  /** Choose Columns…: forget the remembered choice and go back to the detected columns. */
  reset?: boolean;
}

/** What the row-navigation commands return. */
export interface RowCommandResult {
  ok: true;
  uri: string;
  /** 0-based data row, its 1-based rank (1 = worst; tied rows share it) and 0-based first line. */
  row: number;
  rank: number;
  /** Rows sharing this loss (1 = no tie), and the 1-based step of the walk (row order within ties). */
  tied: number;
  position: number;
  line: number;
  /** The row's headline loss in the result's unit. */
  loss: number;
}

/** What Go to Next / Previous Likely Label Error return. */
export interface LabelIssueCommandResult {
  ok: true;
  uri: string;
  /** 0-based data row; 0-based line and character of the label cell the selection now covers. */
  row: number;
  line: number;
  character: number;
  /** 1-based place in file order among the `total` listed errors; `count` flagged in all. */
  position: number;
  total: number;
  count: number;
  given: string;
  suggested: string;
  /** True when the step went past the end (start) of the file and came round. */
  wrapped: boolean;
  /** What the status bar says. */
  message: string;
}

/** What Choose Columns… returns: the analysis with the chosen columns, and whether they are now remembered for the file. */
export type ChooseColumnsResult = AnalysisCommandResult & {
  /** False when the analysis had a file-level error the choice causes (then the choice is not kept). */
  remembered: boolean;
};

/** The panel, as far as the commands need it. */
export interface PanelHandle {
  show(options?: { preserveFocus?: boolean }): void;
}

const fail = (reason: CommandFailure['reason'], message: string): CommandFailure => ({ ok: false, reason, message });

export class CommandHandlers {
  /** The status-bar line of the last label-error step (replaced by the next, disposed with the commands). */
  private labelIssueMessage: vscode.Disposable | undefined;

  constructor(
    private readonly service: AnalysisService,
    private readonly panel: () => PanelHandle,
    private readonly focusPanelOn: (uri: vscode.Uri) => void,
  ) {}

  register(): vscode.Disposable[] {
    const analysis = (id: string, kind: AnalysisKind) => vscode.commands.registerCommand(id, (target?: unknown, options?: AnalyzeCommandOptions) => this.analyze(kind, target, options));
    return [
      analysis('entropyLens.analyze', 'analyze'),
      analysis('entropyLens.computeEntropy', 'entropy'),
      analysis('entropyLens.computeCrossEntropy', 'crossEntropy'),
      analysis('entropyLens.fitLogisticRegression', 'fitLogistic'),
      analysis('entropyLens.fitSoftmaxRegression', 'fitSoftmax'),
      vscode.commands.registerCommand('entropyLens.computeKlDivergence', (target?: unknown, options?: AnalyzeCommandOptions) => this.kl(target, options)),
      vscode.commands.registerCommand('entropyLens.chooseColumns', (target?: unknown, options?: AnalyzeCommandOptions) => this.chooseColumns(target, options)),
      vscode.commands.registerCommand('entropyLens.showResultsPanel', (target?: unknown, row?: unknown) => this.showPanel(target, row)),
      vscode.commands.registerCommand('entropyLens.goToWorstRow', (target?: unknown) => this.goToWorst(target, 'first')),
      vscode.commands.registerCommand('entropyLens.nextWorstRow', (target?: unknown, fromRow?: unknown) => this.goToWorst(target, 'next', fromRow)),
      vscode.commands.registerCommand('entropyLens.previousWorstRow', (target?: unknown, fromRow?: unknown) => this.goToWorst(target, 'previous', fromRow)),
      vscode.commands.registerCommand('entropyLens.nextLabelIssue', (target?: unknown) => this.goToLabelIssue(target, 'next')),
      vscode.commands.registerCommand('entropyLens.previousLabelIssue', (target?: unknown) => this.goToLabelIssue(target, 'previous')),
      { dispose: () => this.labelIssueMessage?.dispose() },
      vscode.commands.registerCommand('entropyLens.toggleLossHover', () => this.toggleHover()),
      vscode.commands.registerCommand('entropyLens.clearResults', (target?: unknown) => this.clear(target)),
      vscode.commands.registerCommand('entropyLens.analyzeFileOnDisk', (target?: unknown, options?: AnalyzeCommandOptions) => this.analyzeOnDisk(target, options)),
      vscode.commands.registerCommand('entropyLens.exportPerRowLosses', (target?: unknown, options?: { path?: string }) => this.exportLosses(target, options)),
      vscode.commands.registerCommand('entropyLens.copyAsSql', (target?: unknown, options?: CopyAsSqlOptions) => {
        const uri = this.uriFor(target);
        return copyAsSql(uri, uri ? this.service.result(uri) : undefined, options);
      }),
      vscode.commands.registerCommand('entropyLens.cancelAnalysis', () => ({ ok: true, cancelled: this.service.cancelAll() })),
      vscode.commands.registerCommand(APPLY_FIX_COMMAND, (target: unknown, fix: ProblemFix, columns: string[], choice?: ClassChoice, label?: string) =>
        this.applyFix(target, fix, columns, choice, label),
      ),
    ];
  }

  /** The document a command is about: the URI argument (opened if needed), else the active editor's. */
  private async documentFor(target: unknown): Promise<vscode.TextDocument | undefined> {
    const uri = asUri(target);
    if (uri) {
      return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    }
    return vscode.window.activeTextEditor?.document;
  }

  private uriFor(target: unknown): vscode.Uri | undefined {
    return asUri(target) ?? vscode.window.activeTextEditor?.document.uri;
  }

  private selectionFor(document: vscode.TextDocument, options: AnalyzeCommandOptions | undefined) {
    if (options?.selection === false) return undefined;
    if (options?.selection) return options.selection;
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document !== document) return undefined;
    // Whole lines only: a selection inside one line (a word left selected) analyses the whole file.
    return selectedLines(editor.selection, (line) => document.lineAt(line).text.length) ?? undefined;
  }

  private async analyze(kind: AnalysisKind, target: unknown, options: AnalyzeCommandOptions | undefined, columns?: ColumnChoice): Promise<AnalysisCommandResult | CommandFailure> {
    // A Parquet, Arrow or NumPy file is no text document: Analyze reads it from disk.
    const binary = binaryFileFor(target);
    if (binary) return this.analyzeOnDisk(binary, { ...options, ...(columns ? { columns } : {}) });
    const document = await this.documentFor(target);
    if (!document) return fail('no-document', 'Open a CSV, TSV, JSON or JSON Lines file first (Parquet, Arrow and NumPy files: Analyze File on Disk…).');
    if (!isDataDocument(document)) return fail('unsupported', `${document.fileName} is not a CSV, TSV, JSON or JSON Lines file.`);
    const selection = this.selectionFor(document, options);
    const chosen = columns ?? options?.columns;
    const outcome = await this.service.analyzeDocument(document, {
      kind,
      ...(chosen ? { columns: chosen } : {}),
      ...(selection ? { selection } : {}),
    });
    return this.report(outcome);
  }

  private report(outcome: WorkerOutcome): AnalysisCommandResult | CommandFailure {
    if (outcome.kind === 'cancelled') return fail('cancelled', 'The analysis was cancelled.');
    if (outcome.kind === 'failed') {
      void vscode.window.showErrorMessage(`Entropy Lens: ${outcome.message}`);
      return fail('failed', outcome.message);
    }
    return summarizeAnalysis(outcome.result);
  }

  /**
   * A result to pick columns from, without waiting for a running analysis (it is cancelled): the
   * document's latest result, else a quick `columns` analysis (roles, class orders, scores; no fit).
   */
  private async detected(document: vscode.TextDocument): Promise<AnalysisResult | CommandFailure> {
    this.service.get(document.uri)?.running?.cancel();
    const existing = this.service.result(document.uri);
    // A selection's result knows only the selected rows' labels: the picker needs the whole file's.
    if (existing && existing.source === 'document' && existing.selection === null) return existing;
    const outcome = await this.service.analyzeDocument(document, { kind: 'columns' });
    if (outcome.kind !== 'result') return this.report(outcome) as CommandFailure;
    return outcome.result;
  }

  private async kl(target: unknown, options: AnalyzeCommandOptions | undefined): Promise<AnalysisCommandResult | CommandFailure> {
    const document = await this.documentFor(target);
    if (!document) return fail('no-document', 'Open a CSV, TSV, JSON or JSON Lines file first.');
    let p = options?.p;
    let q = options?.q;
    if (!p || !q) {
      const base = await this.detected(document);
      if ('ok' in base) return base;
      const picked = await chooseKlColumns(base);
      if (!picked) return fail('cancelled', 'No P and Q columns chosen.');
      ({ p, q } = picked);
    }
    const remembered = options?.columns ?? this.service.rememberedColumns(document.uri) ?? {};
    return this.analyze('kl', document.uri, options, { ...remembered, p, q });
  }

  private async chooseColumns(target: unknown, given: AnalyzeCommandOptions | undefined): Promise<ChooseColumnsResult | CommandFailure> {
    // The columns are the file's: the whole document is analysed whatever the editor selects
    // (a click on a problem selects its cell), unless the caller asks for lines.
    const options: AnalyzeCommandOptions = { ...given, selection: given?.selection ?? false };
    const document = await this.documentFor(target);
    if (!document) return fail('no-document', 'Open a CSV, TSV, JSON or JSON Lines file first.');
    if (!isDataDocument(document)) return fail('unsupported', `${document.fileName} is not a CSV, TSV, JSON or JSON Lines file.`);
    if (options?.reset) return this.resetColumns(document, options);
    let columns = options?.columns;
    let before = this.service.result(document.uri);
    if (!columns) {
      const base = await this.detected(document);
      if ('ok' in base) return base;
      before = base;
      // The picker may analyse a changed choice for its class orders; a dismissed picker puts back what was there.
      const recipe = this.service.get(document.uri)?.recipe;
      let probed = false;
      const outcome = await chooseColumns(
        { result: base, remembered: this.service.rememberedColumns(document.uri) !== undefined },
        {
          orders: async (choice) => {
            probed = true;
            const run = await this.service.analyzeDocument(document, { kind: 'columns', columns: choice });
            return run.kind === 'result' ? run.result : undefined;
          },
        },
      );
      if (outcome?.kind === 'reset') return this.resetColumns(document, options);
      if (!outcome) {
        if (probed) {
          void this.service.analyzeDocument(document, {
            kind: recipe?.kind ?? 'columns',
            ...(recipe?.columns ? { columns: recipe.columns } : {}),
            ...(recipe?.selection ? { selection: recipe.selection } : {}),
          });
        }
        return fail('cancelled', 'Column choice dismissed.');
      }
      columns = outcome.columns;
    }
    const analysed = await this.analyze('analyze', document.uri, options, columns);
    if (!analysed.ok) return analysed;
    // Remembered only when the choice fits the file: no file-level error it causes.
    const errors = choiceErrors(analysed.analysis, before);
    if (errors.length === 0) {
      await this.service.rememberColumns(document.uri, columns);
      return { ...analysed, remembered: true };
    }
    void this.explainNotRemembered(
      document,
      errors.map((p) => p.message),
    );
    return { ...analysed, remembered: false };
  }

  private async resetColumns(document: vscode.TextDocument, options: AnalyzeCommandOptions | undefined): Promise<ChooseColumnsResult | CommandFailure> {
    await this.service.rememberColumns(document.uri, undefined);
    const analysed = await this.analyze('analyze', document.uri, options);
    return analysed.ok ? { ...analysed, remembered: false } : analysed;
  }

  /** Says why a choice was not kept (its problems are in the Problems panel) and offers to choose again. */
  private async explainNotRemembered(document: vscode.TextDocument, messages: string[]): Promise<void> {
    const more = messages.length > 1 ? ` (and ${messages.length - 1} more)` : '';
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    const again = 'Choose Columns…';
    const problems = 'Show Problems';
    const picked = await vscode.window.showWarningMessage(`Entropy Lens: these columns were not remembered for ${name}: ${messages[0] ?? ''}${more}`, again, problems);
    if (picked === again) await vscode.commands.executeCommand('entropyLens.chooseColumns', document.uri);
    else if (picked === problems) await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  private async showPanel(target: unknown, row: unknown): Promise<{ ok: true; row: number | null }> {
    const uri = asUri(target);
    if (uri) this.focusPanelOn(uri);
    this.panel().show();
    if (uri && typeof row === 'number') {
      await this.revealRow(uri, row, true);
      return { ok: true, row };
    }
    return { ok: true, row: null };
  }

  /** Selects a data row in an editor (opening the document beside the panel if needed). */
  async revealRow(uri: vscode.Uri, row: number, preserveFocus = false): Promise<boolean> {
    const result = this.service.result(uri);
    const first = result?.rows.firstLine[row];
    const last = result?.rows.lastLine[row];
    if (first === undefined || last === undefined) return false;
    const document = await vscode.workspace.openTextDocument(uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, {
      preserveFocus,
      ...(visible?.viewColumn ? { viewColumn: visible.viewColumn } : {}),
    });
    const range = lineSpan(first, last, document);
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }

  private async goToWorst(target: unknown, which: 'first' | 'next' | 'previous', fromRow?: unknown): Promise<RowCommandResult | CommandFailure> {
    const uri = this.uriFor(target);
    const state = uri ? this.service.get(uri) : undefined;
    const result = state?.result;
    if (!uri || !state || !result?.rowLoss || result.rowLoss.worstFirst.length === 0 || result.source !== 'document') {
      return fail('no-results', 'No per-row losses yet: run Entropy Lens: Analyze first.');
    }
    const order = result.rowLoss.worstFirst;
    let cursor = state.worstCursor;
    if (typeof fromRow === 'number' && fromRow >= 0 && fromRow < result.rows.count) cursor = rowRank(result.rowLoss, fromRow)?.position ?? cursor;
    if (which === 'first') cursor = 0;
    else if (which === 'next') cursor = cursor < 0 ? 0 : Math.min(order.length - 1, cursor + 1);
    else cursor = cursor < 0 ? 0 : Math.max(0, cursor - 1);
    state.worstCursor = cursor;
    const row = order[cursor] as number;
    await this.revealRow(uri, row);
    const place = rowRank(result.rowLoss, row);
    return {
      ok: true,
      uri: uri.toString(),
      row,
      rank: (place?.rank ?? cursor) + 1,
      tied: place?.tied ?? 1,
      position: cursor + 1,
      line: result.rows.firstLine[row] as number,
      loss: natsToUnit(result.rowLoss.lossNats[row] as number, result.unit),
    };
  }

  /**
   * Selects the label cell of the next (previous) likely label error after (before) the cursor's
   * line, in file order, wrapping around; says which it is in the status bar. Without an analysis
   * or errors, an information message says so.
   */
  private async goToLabelIssue(target: unknown, direction: StepDirection): Promise<LabelIssueCommandResult | CommandFailure> {
    const say = (reason: CommandFailure['reason'], message: string): CommandFailure => {
      void vscode.window.showInformationMessage(`Entropy Lens: ${message}`);
      return fail(reason, message);
    };
    const uri = this.uriFor(target);
    if (!uri) return say('no-document', 'open a data file and run Entropy Lens: Analyze to look for likely label errors.');
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const state = this.service.get(uri);
    const result = state?.result;
    if (!result) return say('no-results', `${name} has no analysis yet: run Entropy Lens: Analyze to look for likely label errors.`);
    if (result.source !== 'document') return say('no-results', `${name} was analysed on disk, without row positions: open it and run Entropy Lens: Analyze to go to its likely label errors.`);
    const list = labelIssueList(result);
    if (!list) return say('no-results', `no likely label errors to go to in ${name}: its analysis scores no model against a label column.`);
    if (list.entries.length === 0) return say('no-results', `confident learning found no likely label errors in ${name} (${list.model}).`);

    const document = await vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor;
    const visible = active?.document === document ? active : vscode.window.visibleTextEditors.find((e) => e.document === document);
    // Without an editor on the document, next starts from the top and previous from the bottom.
    const cursor = visible ? visible.selection.start : { line: direction === 'next' ? -1 : Number.MAX_SAFE_INTEGER, character: 0 };
    const { index, wrapped } = stepLabelIssue(list.entries, cursor, direction);
    const entry = list.entries[index];
    if (!entry) return say('no-results', `no likely label errors to go to in ${name}.`);
    const editor = await vscode.window.showTextDocument(document, visible?.viewColumn ? { viewColumn: visible.viewColumn } : {});
    const range = document.validateRange(toRange(entry.range));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    const message = labelIssueStatus(list, index, wrapped) + (state?.stale ? ' — edited since the analysis: run Analyze to refresh' : '');
    this.labelIssueMessage?.dispose();
    this.labelIssueMessage = vscode.window.setStatusBarMessage(`$(warning) ${message}`, 10_000);
    return {
      ok: true,
      uri: uri.toString(),
      row: entry.row,
      line: range.start.line,
      character: range.start.character,
      position: index + 1,
      total: list.entries.length,
      count: list.count,
      given: entry.given,
      suggested: entry.suggested,
      wrapped,
      message,
    };
  }

  private async toggleHover(): Promise<{ ok: true; enabled: boolean }> {
    const config = vscode.workspace.getConfiguration('entropyLens');
    const enabled = !config.get<boolean>('hover.enabled', true);
    const inspected = config.inspect<boolean>('hover.enabled');
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config.update('hover.enabled', enabled, target);
    return { ok: true, enabled };
  }

  private clear(target: unknown): { ok: true; cleared: boolean } {
    const uri = this.uriFor(target);
    return { ok: true, cleared: uri ? this.service.clear(uri) : false };
  }

  private async analyzeOnDisk(target: unknown, options: AnalyzeCommandOptions | undefined): Promise<AnalysisCommandResult | CommandFailure> {
    let uri = asUri(target);
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Analyze',
        filters: {
          'Data files': ['csv', 'tsv', 'tab', 'json', 'jsonl', 'ndjson', 'parquet', 'pq', 'arrow', 'feather', 'ipc', 'arrows', 'npz', 'npy'],
          'Text tables (CSV, TSV, JSON, JSON Lines)': ['csv', 'tsv', 'tab', 'json', 'jsonl', 'ndjson'],
          'Parquet, Arrow and NumPy files': ['parquet', 'pq', 'arrow', 'feather', 'ipc', 'arrows', 'npz', 'npy'],
        },
      });
      uri = picked?.[0];
    }
    if (!uri) return fail('cancelled', 'No file chosen.');
    if (uri.scheme !== 'file') return fail('unsupported', "Analyze File on Disk needs a file on the extension host's file system.");
    const outcome = await this.service.analyzeFile(uri, 'analyze', options?.columns);
    // A file on disk has no editor to show its results in (a Parquet file, a file VS Code will not
    // open): the results panel shows them, beside the editor that keeps the focus.
    if (outcome.kind === 'result') {
      this.focusPanelOn(uri);
      this.panel().show({ preserveFocus: true });
    }
    return this.report(outcome);
  }

  private async exportLosses(target: unknown, options: { path?: string } | undefined): Promise<{ ok: true; path: string; rows: number; message: string } | CommandFailure> {
    const uri = this.uriFor(target);
    const result = uri ? this.service.result(uri) : undefined;
    if (!uri || !result?.rowLoss) return fail('no-results', 'No per-row losses to export: run Entropy Lens: Analyze first.');
    const dataPath = uri.scheme === 'untitled' ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(tmpdir()), 'untitled.csv').fsPath : uri.fsPath;
    const suggested = exportPathFor(dataPath, existsSync);
    let path = options?.path;
    if (!path) {
      const chosen = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(suggested),
        saveLabel: 'Export',
        filters: { CSV: ['csv'], 'JSON Lines': ['jsonl'] },
      });
      if (!chosen) return fail('cancelled', 'Export cancelled.');
      path = chosen.fsPath;
    }
    if (samePath(path, uri.fsPath)) {
      void vscode.window.showErrorMessage('Entropy Lens never writes to the data file: choose another file name.');
      return fail('unsupported', 'Refused to overwrite the data file.');
    }
    const format = /\.(jsonl|ndjson|json)$/i.test(path) ? 'jsonl' : 'csv';
    const written = vscode.Uri.file(path);
    const bytes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Entropy Lens: exporting per-row losses' }, () => exportBytes(result, format));
    await vscode.workspace.fs.writeFile(written, bytes);
    const message = exportMessage(result, path);
    void this.offerToOpen(`Entropy Lens: ${message}`, written);
    return { ok: true, path, rows: result.rows.count, message };
  }

  /** An information message with an Open button that opens `file` (its failure is said, not thrown). */
  private async offerToOpen(message: string, file: vscode.Uri): Promise<void> {
    if ((await vscode.window.showInformationMessage(message, 'Open')) !== 'Open') return;
    try {
      await vscode.window.showTextDocument(file, { preview: false });
    } catch (error) {
      void vscode.window.showErrorMessage(`Entropy Lens: could not open ${file.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async applyFix(target: unknown, fix: ProblemFix, columns: string[], choice?: ClassChoice, label?: string): Promise<AnalysisCommandResult | CommandFailure> {
    const uri = asUri(target);
    if (!uri) return fail('no-document', 'No document given.');
    await applyFix(this.service, uri, fix, columns ?? [], choice, typeof label === 'string' ? label : undefined);
    const recipe = this.service.get(uri)?.recipe;
    // A class choice is now the remembered columns, which the next run picks up.
    const chosen = choice ? this.service.rememberedColumns(uri) : recipe?.columns;
    return this.analyze(recipe?.kind ?? 'analyze', uri, recipe?.selection ? { selection: recipe.selection } : { selection: false }, chosen);
  }
}

/** Names of the binary data files Analyze reads from disk (the worker then knows them by their bytes). */
const BINARY_DATA_FILE = /\.(parquet|pq|arrow|feather|ipc|arrows|npz|npy)$/i;

/**
 * The binary data file a command is about: the URI argument, else the active tab's file when no
 * text editor is active (VS Code shows a binary file in an editor of its own, not a text editor).
 */
function binaryFileFor(target: unknown): vscode.Uri | undefined {
  const input = vscode.window.activeTextEditor ? undefined : vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = asUri(target) ?? (input && typeof input === 'object' && 'uri' in input && input.uri instanceof vscode.Uri ? input.uri : undefined);
  return uri && BINARY_DATA_FILE.test(uri.path) ? uri : undefined;
}

function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value !== '') {
    try {
      return vscode.Uri.parse(value, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => (process.platform === 'win32' ? p.toLowerCase() : p).replace(/[\\/]+$/, '');
  return norm(a) === norm(b);
}
