// Runs analyses for documents and files: builds the worker request from the document, settings,
// remembered columns and quick-fix overrides; shows cancellable progress; keeps one DocumentState
// per URI (dropped on close, remembered with a fingerprint of the text so that reopening the
// unchanged file brings its results back); marks results stale on edit and re-analyses small
// documents debounced.
import * as vscode from 'vscode';
import type { AnalysisKind, AnalysisResult, ColumnChoice } from '../protocol/analysis';
import { DOCUMENT_CHANGED } from '../protocol/worker';
import type { AnalyzeRequest, ProgressEvent } from '../protocol/worker';
import { resolveAnalysisOptions } from './analysisOptions';
import type { AnalysisOverrides, RawSettings } from './analysisOptions';
import { ClosedAnalyses, reopenAction } from './closedAnalyses';
import { DocumentState } from './documentState';
import type { AnalysisRecipe } from './documentState';
import { documentCheck, documentSlices, LARGE_DOCUMENT_LINES, textRoute } from './documentText';
import type { LineSource } from './documentText';
import { textFingerprint } from './textFingerprint';
import { MAX_SLICE_CHARS, once, slicesOf } from './textSlices';
import type { SlicedText, WorkerClient, WorkerJob, WorkerOutcome } from './workerClient';

/** Language ids the extension analyses. */
export const DATA_LANGUAGES: readonly string[] = ['csv', 'tsv', 'json', 'jsonl'];

/** Documents (and files) above this many UTF-16 units show a notification instead of a status-bar spinner. */
const NOTIFICATION_PROGRESS_SIZE = 2_000_000;
/** Quiet time after the last edit before a small document is re-analysed. */
const REANALYSIS_DEBOUNCE_MS = 400;
/** Closed documents remembered for a reopen, and the memory their kept results may take together. */
const CLOSED_DOCUMENTS = 16;
const CLOSED_RESULTS_BYTES = 256 * 1024 * 1024;

export function isDataDocument(document: vscode.TextDocument): boolean {
  return DATA_LANGUAGES.includes(document.languageId) || /\.(csv|tsv|tab|json|jsonl|ndjson)$/i.test(document.fileName);
}

/** One run's request from a command or from re-analysis. */
export interface AnalyzeDocumentRequest {
  kind: AnalysisKind;
  columns?: ColumnChoice;
  selection?: { startLine: number; endLine: number };
  /** `notification` (cancellable), `window` (status bar spinner), or decided by size when absent. */
  progress?: 'notification' | 'window';
}

/** Fired when an analysis settles (the explicit "analysis done" signal tests and UI wait for). */
export interface AnalysisDoneEvent {
  uri: vscode.Uri;
  outcome: WorkerOutcome;
  /** True when the result is the one kept from before the unchanged document was closed and reopened. */
  restored?: boolean;
}

export class AnalysisService implements vscode.Disposable {
  private readonly states = new Map<string, DocumentState>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly doneEmitter = new vscode.EventEmitter<AnalysisDoneEvent>();
  private readonly runningEmitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly closed = new ClosedAnalyses(CLOSED_RESULTS_BYTES, CLOSED_DOCUMENTS);
  /** Closes whose fingerprint is still being computed (a reopen waits for it). */
  private readonly closing = new Map<string, Promise<void>>();
  private disposed = false;

  /** Results of a URI changed: new result, stale, cleared. */
  readonly onDidChange = this.changeEmitter.event;
  /** An analysis finished (result, cancelled or failed). */
  readonly onDidAnalyze = this.doneEmitter.event;
  /** The set of running analyses changed. */
  readonly onDidChangeRunning = this.runningEmitter.event;

  constructor(
    private readonly worker: WorkerClient,
    private readonly workspaceState: vscode.Memento,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.onClose(document)),
      vscode.workspace.onDidOpenTextDocument((document) => void this.onOpen(document)),
      vscode.workspace.onDidChangeConfiguration((event) => this.onSettingsChange(event)),
    );
  }

  /** The state of a URI, if it was analysed. */
  get(uri: vscode.Uri): DocumentState | undefined {
    return this.states.get(uri.toString());
  }

  /** The latest result of a URI (possibly stale). */
  result(uri: vscode.Uri): AnalysisResult | undefined {
    return this.get(uri)?.result;
  }

  /** True while some analysis runs. */
  get isRunning(): boolean {
    for (const state of this.states.values()) if (state.running) return true;
    return false;
  }

  private stateFor(uri: vscode.Uri): DocumentState {
    const key = uri.toString();
    let state = this.states.get(key);
    if (!state) {
      state = new DocumentState(key);
      this.states.set(key, state);
    }
    return state;
  }

  /** Columns the user chose for this file with Choose Columns… (workspace state). */
  rememberedColumns(uri: vscode.Uri): ColumnChoice | undefined {
    return this.workspaceState.get<ColumnChoice>(columnsKey(uri));
  }

  async rememberColumns(uri: vscode.Uri, columns: ColumnChoice | undefined): Promise<void> {
    await this.workspaceState.update(columnsKey(uri), columns);
  }

  /** Sets quick-fix overrides for a document (kept until Clear Results or close, and across a reopen of the unchanged file). */
  setOverrides(uri: vscode.Uri, overrides: AnalysisOverrides): void {
    const state = this.stateFor(uri);
    state.overrides = { ...state.overrides, ...overrides };
  }

  private options(uri: vscode.Uri, overrides: AnalysisOverrides) {
    const config = vscode.workspace.getConfiguration('entropyLens', uri);
    const settings: RawSettings = {
      logBase: config.get('logBase'),
      epsilon: config.get('epsilon'),
      normalizeRows: config.get('normalizeRows'),
      'fit.C': config.get('fit.C'),
      'fit.penalty': config.get('fit.penalty'),
      'fit.maxIterations': config.get('fit.maxIterations'),
      'fit.classWeight': config.get('fit.classWeight'),
      'loss.ignoreLabel': config.get('loss.ignoreLabel'),
      'loss.classWeight': config.get('loss.classWeight'),
      'loss.posWeight': config.get('loss.posWeight'),
      'loss.labelSmoothing': config.get('loss.labelSmoothing'),
    };
    return resolveAnalysisOptions(settings, overrides);
  }

  /** Analyses an open document (or its selected lines); a newer request cancels the older one. */
  async analyzeDocument(document: vscode.TextDocument, request: AnalyzeDocumentRequest): Promise<WorkerOutcome> {
    const state = this.stateFor(document.uri);
    state.cancelSchedule();
    state.running?.cancel();
    const columns = request.columns ?? this.rememberedColumns(document.uri);
    state.recipe = { kind: request.kind, columns: request.columns, selection: request.selection };
    const version = document.version;
    const content = this.runDocument(document, version, {
      kind: request.kind,
      ...(columns ? { columns } : {}),
      ...(request.selection ? { selection: request.selection } : {}),
      options: this.options(document.uri, state.overrides),
    });
    const job = content.job;
    const progress = request.progress ?? (content.size === null || content.size > NOTIFICATION_PROGRESS_SIZE ? 'notification' : 'window');
    return this.track(document.uri, state, job, progress, basename(document.fileName), content.size, () => document.version);
  }

  /**
   * Starts the worker on a document without stalling this thread: a small document's text in the
   * request; a large unmodified file by path (the worker reads and checks it; if the file on disk
   * turns out to differ, the text is streamed instead); anything else streamed a slice per
   * event-loop turn. Edits during the transfer cancel the job (the edit schedules a fresh run).
   */
  private runDocument(document: vscode.TextDocument, version: number, base: Omit<AnalyzeRequest, 'type' | 'id' | 'cancelFlag' | 'source'>): { job: WorkerJob; size: number | null } {
    const identity = { kind: 'document' as const, uri: document.uri.toString(), version, fileName: document.fileName, languageId: document.languageId };
    const lines = document.lineCount;
    const report = (event: ProgressEvent): void => this.progressEmitter.fire(event);
    const route = textRoute(lines, document.uri.scheme === 'file' && !document.isDirty);
    const isCurrent = (): boolean => !document.isClosed && document.version === version;
    if (route === 'whole') {
      const text = document.getText();
      if (text.length <= MAX_SLICE_CHARS) return { job: this.worker.run({ ...base, source: { ...identity, text } }, report), size: text.length };
      // Few but long lines (a one-line JSON file): the text already read goes in pieces.
      const pieces: SlicedText = { open: () => slicesOf(once(text)), isCurrent };
      return { job: this.worker.run({ ...base, source: { ...identity, streamed: true } }, report, pieces), size: text.length };
    }
    // No offsetAt() on large documents: on millions of lines it builds a prefix-sum table on this
    // thread. The worker reports the size with its progress.
    const size = lines <= LARGE_DOCUMENT_LINES ? document.offsetAt(document.lineAt(lines - 1).range.end) : null;
    // A fallback job reports its progress under the first job's id, which the progress UI follows.
    const streamed = (reportAs?: number): WorkerJob =>
      this.worker.run(
        { ...base, source: { ...identity, streamed: true } },
        reportAs === undefined ? report : (event) => report({ ...event, id: reportAs }),
        documentSlices(lineSource(document), isCurrent),
      );
    if (route === 'sliced') return { job: streamed(), size };
    const first = this.worker.run({ ...base, source: { ...identity, path: document.uri.fsPath, check: documentCheck(lineSource(document)) } }, report);
    let current = first;
    let cancelled = false;
    const outcome = first.outcome.then((settled) => {
      if (settled.kind !== 'failed' || settled.code !== DOCUMENT_CHANGED || cancelled || document.isClosed || document.version !== version) return settled;
      current = streamed(first.id);
      return current.outcome;
    });
    const cancel = (): void => {
      cancelled = true;
      current.cancel();
    };
    return { job: { id: first.id, outcome, cancel }, size };
  }

  /** Streams a file from disk in the worker (any size; VS Code need not open it). */
  async analyzeFile(uri: vscode.Uri, kind: AnalysisKind, columns?: ColumnChoice): Promise<WorkerOutcome> {
    const state = this.stateFor(uri);
    state.running?.cancel();
    state.recipe = { kind, columns, selection: undefined };
    const chosen = columns ?? this.rememberedColumns(uri);
    let size: number | null;
    try {
      size = (await vscode.workspace.fs.stat(uri)).size;
    } catch {
      size = null;
    }
    const job = this.worker.run(
      {
        kind,
        source: { kind: 'disk', uri: uri.toString(), fileName: uri.fsPath, path: uri.fsPath },
        ...(chosen ? { columns: chosen } : {}),
        options: this.options(uri, state.overrides),
      },
      (event) => this.progressEmitter.fire(event),
    );
    return this.track(uri, state, job, 'notification', basename(uri.fsPath), size, () => -1);
  }

  private readonly progressEmitter = new vscode.EventEmitter<ProgressEvent>();

  private async track(
    uri: vscode.Uri,
    state: DocumentState,
    job: WorkerJob,
    location: 'notification' | 'window',
    name: string,
    size: number | null,
    currentVersion: () => number,
  ): Promise<WorkerOutcome> {
    state.running = job;
    this.runningEmitter.fire();
    const outcome = await vscode.window.withProgress(
      {
        location: location === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title: `Entropy Lens: analysing ${name}`,
        cancellable: true,
      },
      async (progress, token) => {
        const cancelSubscription = token.onCancellationRequested(() => job.cancel());
        let lastFraction = 0;
        const progressSubscription = this.progressEmitter.event((event) => {
          if (event.id !== job.id) return;
          const total = event.total ?? size;
          if (total && total > 0) {
            const fraction = Math.min(1, event.done / total);
            progress.report({ message: `${event.stage} ${Math.round(fraction * 100)} %`, increment: (fraction - lastFraction) * 100 });
            lastFraction = fraction;
          } else {
            progress.report({ message: `${event.stage} ${event.done.toLocaleString()}` });
          }
        });
        try {
          return await job.outcome;
        } finally {
          cancelSubscription.dispose();
          progressSubscription.dispose();
        }
      },
    );
    if (state.running === job) state.running = undefined;
    this.runningEmitter.fire();
    if (this.disposed || this.states.get(uri.toString()) !== state) return outcome;
    if (outcome.kind === 'result') {
      state.setResult(outcome.result);
      state.stale = outcome.result.documentVersion >= 0 && outcome.result.documentVersion !== currentVersion();
      this.changeEmitter.fire(uri);
    }
    this.doneEmitter.fire({ uri, outcome });
    return outcome;
  }

  /** Cancels every running analysis (the Cancel Analysis command and the progress button). */
  cancelAll(): number {
    let cancelled = 0;
    for (const state of this.states.values()) {
      if (state.running) {
        state.running.cancel();
        cancelled++;
      }
    }
    return cancelled;
  }

  /** Forgets a URI's results and overrides (Clear Results). */
  clear(uri: vscode.Uri): boolean {
    const had = this.states.has(uri.toString());
    this.drop(uri);
    return had;
  }

  private drop(uri: vscode.Uri): void {
    const key = uri.toString();
    const state = this.states.get(key);
    if (!state) return;
    this.states.delete(key);
    state.dispose();
    this.changeEmitter.fire(uri);
  }

  /**
   * A closed document's state is dropped at once (diagnostics, hover and status go); a current,
   * settled analysis of it is remembered with the fingerprint of its text, computed a few slices
   * per turn (VS Code lets extensions still read a closed document), for a reopen of the unchanged file.
   */
  private onClose(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const state = this.states.get(key);
    const result = state?.result;
    const recipe = state?.recipe;
    if (state && result && recipe && result.source === 'document' && !state.stale && !state.running && result.documentVersion === document.version) {
      const overrides = { ...state.overrides };
      const optionsKey = JSON.stringify(this.options(document.uri, overrides));
      const done = textFingerprint(lineSource(document), () => !this.disposed)
        .then((fingerprint) => {
          if (fingerprint && !this.disposed) this.closed.put(key, { fingerprint, recipe, overrides, optionsKey, result });
        })
        .catch(() => undefined)
        .finally(() => {
          if (this.closing.get(key) === done) this.closing.delete(key);
        });
      this.closing.set(key, done);
    } else {
      this.closed.take(key);
    }
    this.drop(document.uri);
  }

  /**
   * A reopened document that was analysed before it closed: when its text is the one analysed,
   * the kept result comes back (or, if it was not kept or the settings changed, the same request
   * runs again); an edited or replaced file gets nothing. Never when it was analysed since.
   */
  private async onOpen(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    await this.closing.get(key);
    if (this.disposed || !this.closed.has(key) || !isDataDocument(document)) return;
    const version = document.version;
    const current = (): boolean => !this.disposed && !document.isClosed && document.version === version;
    const fingerprint = await textFingerprint(lineSource(document), current).catch(() => undefined);
    const entry = this.closed.take(key);
    const existing = this.states.get(key);
    if (!entry || !fingerprint || !current() || existing?.result || existing?.running) return;
    const action = reopenAction(entry, fingerprint, JSON.stringify(this.options(document.uri, entry.overrides)));
    if (action === 'none') return;
    const state = this.stateFor(document.uri);
    state.overrides = entry.overrides;
    if (action === 'rerun' || !entry.result) {
      const { recipe } = entry;
      void this.analyzeDocument(document, {
        kind: recipe.kind,
        ...(recipe.columns ? { columns: recipe.columns } : {}),
        ...(recipe.selection ? { selection: recipe.selection } : {}),
        progress: 'window',
      });
      return;
    }
    const result: AnalysisResult = { ...entry.result, documentVersion: version };
    state.recipe = entry.recipe;
    state.setResult(result);
    state.stale = false;
    this.changeEmitter.fire(document.uri);
    this.doneEmitter.fire({ uri: document.uri, outcome: { kind: 'result', result }, restored: true });
  }

  /**
   * A setting the numbers depend on (unit, ε, normalisation, fit and loss options) changed: every
   * open document with results is analysed again as it was, so no result shows numbers under
   * settings that no longer hold (documents above maxRowsForLiveAnalysis wait for Analyze).
   */
  private onSettingsChange(event: vscode.ConfigurationChangeEvent): void {
    const affects = ANALYSIS_SETTINGS.some((name) => event.affectsConfiguration(name));
    if (!affects) return;
    for (const document of vscode.workspace.textDocuments) {
      const state = this.states.get(document.uri.toString());
      if (!state?.result || !state.recipe || state.result.source !== 'document') continue;
      if (!ANALYSIS_SETTINGS.some((name) => event.affectsConfiguration(name, document.uri))) continue;
      this.reanalyzeLater(document, state);
    }
  }

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const state = this.states.get(event.document.uri.toString());
    if (!state?.result || !state.recipe) return;
    if (!state.stale) {
      state.stale = true;
      this.changeEmitter.fire(event.document.uri);
    }
    this.reanalyzeLater(event.document, state);
  }

  /** Runs the document's last analysis again after the debounce, unless it is above the live-analysis size. */
  private reanalyzeLater(document: vscode.TextDocument, state: DocumentState): void {
    const limit = vscode.workspace.getConfiguration('entropyLens', document.uri).get<number>('maxRowsForLiveAnalysis', 100_000);
    if (!state.recipe || document.lineCount > limit) return;
    const recipe: AnalysisRecipe = state.recipe;
    state.schedule(REANALYSIS_DEBOUNCE_MS, () => {
      if (document.isClosed || this.disposed) return;
      void this.analyzeDocument(document, {
        kind: recipe.kind,
        ...(recipe.columns ? { columns: recipe.columns } : {}),
        ...(recipe.selection ? { selection: recipe.selection } : {}),
        progress: 'window',
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const state of this.states.values()) state.dispose();
    this.states.clear();
    this.closed.clear();
    this.closing.clear();
    for (const s of this.subscriptions) s.dispose();
    this.changeEmitter.dispose();
    this.doneEmitter.dispose();
    this.runningEmitter.dispose();
    this.progressEmitter.dispose();
  }
}

/** The settings an analysis' numbers depend on: a change re-runs the open documents' analyses. */
const ANALYSIS_SETTINGS = ['entropyLens.logBase', 'entropyLens.epsilon', 'entropyLens.normalizeRows', 'entropyLens.fit', 'entropyLens.loss'];

/** A vscode.TextDocument as documentText.ts reads it (no offsetAt: on millions of lines it builds a prefix-sum table). */
export function lineSource(document: vscode.TextDocument): LineSource {
  return {
    get lineCount() {
      return document.lineCount;
    },
    lineText: (line) => document.lineAt(line).text,
    sliceText: (slice) => {
      const last = document.lineCount - 1;
      return document.getText(slice.last ? new vscode.Range(slice.startLine, 0, last, document.lineAt(last).text.length) : new vscode.Range(slice.startLine, 0, slice.endLine, 0));
    },
  };
}

function columnsKey(uri: vscode.Uri): string {
  return `entropyLens.columns:${uri.toString()}`;
}

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
