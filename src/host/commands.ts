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
import { summarizeAnalysis } from './commandResults';
import type { AnalysisCommandResult, CommandFailure } from './commandResults';
import { exportBytes, exportMessage, exportPathFor } from './lossExport';
import { lineSpan } from './ranges';
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

/** The panel, as far as the commands need it. */
export interface PanelHandle {
  show(options?: { preserveFocus?: boolean }): void;
}

const fail = (reason: CommandFailure['reason'], message: string): CommandFailure => ({ ok: false, reason, message });

export class CommandHandlers {
  constructor(
    private readonly service: AnalysisService,
    private readonly panel: () => PanelHandle,
    private readonly focusPanelOn: (uri: vscode.Uri) => void,
  ) {}

  register(): vscode.Disposable[] {
    const analysis = (id: string, kind: AnalysisKind) =>
      vscode.commands.registerCommand(id, (target?: unknown, options?: AnalyzeCommandOptions) => this.analyze(kind, target, options));
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
      vscode.commands.registerCommand('entropyLens.toggleLossHover', () => this.toggleHover()),
      vscode.commands.registerCommand('entropyLens.clearResults', (target?: unknown) => this.clear(target)),
      vscode.commands.registerCommand('entropyLens.analyzeFileOnDisk', (target?: unknown, options?: AnalyzeCommandOptions) => this.analyzeOnDisk(target, options)),
      vscode.commands.registerCommand('entropyLens.exportPerRowLosses', (target?: unknown, options?: { path?: string }) => this.exportLosses(target, options)),
      vscode.commands.registerCommand('entropyLens.cancelAnalysis', () => ({ ok: true, cancelled: this.service.cancelAll() })),
      vscode.commands.registerCommand(APPLY_FIX_COMMAND, (target: unknown, fix: ProblemFix, columns: string[], choice?: ClassChoice) => this.applyFix(target, fix, columns, choice)),
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
    const document = await this.documentFor(target);
    if (!document) return fail('no-document', 'Open a CSV, TSV, JSON or JSON Lines file first.');
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

  /** A result to pick columns from: the current one, or a fresh detection run. */
  private async detected(document: vscode.TextDocument): Promise<AnalysisResult | CommandFailure> {
    const existing = this.service.result(document.uri);
    if (existing && existing.source === 'document') return existing;
    const outcome = await this.service.analyzeDocument(document, { kind: 'analyze' });
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

  private async chooseColumns(target: unknown, options: AnalyzeCommandOptions | undefined): Promise<AnalysisCommandResult | CommandFailure> {
    const document = await this.documentFor(target);
    if (!document) return fail('no-document', 'Open a CSV, TSV, JSON or JSON Lines file first.');
    if (options?.reset) {
      await this.service.rememberColumns(document.uri, undefined);
      return this.analyze('analyze', document.uri, options);
    }
    let columns = options?.columns;
    if (!columns) {
      const base = await this.detected(document);
      if ('ok' in base) return base;
      columns = await chooseColumns(base);
      if (!columns) return fail('cancelled', 'Column choice dismissed.');
    }
    await this.service.rememberColumns(document.uri, columns);
    return this.analyze('analyze', document.uri, options, columns);
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
        filters: { 'Data files': ['csv', 'tsv', 'tab', 'json', 'jsonl', 'ndjson'] },
      });
      uri = picked?.[0];
    }
    if (!uri) return fail('cancelled', 'No file chosen.');
    if (uri.scheme !== 'file') return fail('unsupported', 'Analyze File on Disk needs a file on the extension host\'s file system.');
    return this.report(await this.service.analyzeFile(uri, 'analyze', options?.columns));
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
        filters: { 'CSV': ['csv'], 'JSON Lines': ['jsonl'] },
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

  private async applyFix(target: unknown, fix: ProblemFix, columns: string[], choice?: ClassChoice): Promise<AnalysisCommandResult | CommandFailure> {
    const uri = asUri(target);
    if (!uri) return fail('no-document', 'No document given.');
    await applyFix(this.service, uri, fix, columns ?? [], choice);
    const recipe = this.service.get(uri)?.recipe;
    // A class choice is now the remembered columns, which the next run picks up.
    const chosen = choice ? this.service.rememberedColumns(uri) : recipe?.columns;
    return this.analyze(recipe?.kind ?? 'analyze', uri, recipe?.selection ? { selection: recipe.selection } : { selection: false }, chosen);
  }

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
