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
    void this.explainNotRemembered(document, errors.map((p) => p.message));
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
    const picked = await vscode.window.showWarningMessage(
      `Entropy Lens: these columns were not remembered for ${name}: ${messages[0] ?? ''}${more}`,
      again,
      problems,
    );
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
