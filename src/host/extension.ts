// Extension entry: registers commands, the hover, diagnostics, quick fixes, status bar, heat and
// the results panel. Activation stays cheap: no data or numeric code lives in this bundle (it runs
// in the compute worker, started on first use), and nothing is read or computed here.
import * as vscode from 'vscode';
import type { AnalysisResult } from '../protocol/analysis';
import { AnalysisService, DATA_LANGUAGES } from './analysisService';
import type { AnalysisDoneEvent } from './analysisService';
import { AnalysisFixProvider } from './codeActions';
import { CommandHandlers } from './commands';
import { DiagnosticsPublisher } from './diagnostics';
import { HeatDecorator } from './heatDecorations';
import type { HeatLevel } from './heatModel';
import { LossHoverProvider } from './hoverProvider';
import { registerResultsPanel } from './panel';
import { PanelSourceAdapter } from './panelSource';
import { LossStatusBar } from './statusBar';
import { WorkerClient } from './workerClient';

/** What `activate` returns: `vscode.extensions.getExtension(id).exports` for tests and other extensions. */
export interface EntropyLensApi {
  /** Fires when an analysis settles: the explicit "analysis done" signal (never sleep in tests). */
  readonly onDidAnalyze: vscode.Event<AnalysisDoneEvent>;
  /** The latest analysis of a document or file, if any. */
  result(uri: vscode.Uri): AnalysisResult | undefined;
  /** Whether the URI's results are stale (document edited since). */
  isStale(uri: vscode.Uri): boolean;
  /** The status bar item's text ('' when hidden). */
  statusBarText(): string;
  /** Rows decorated per heat level in a document. */
  heatRows(document: vscode.TextDocument): Map<HeatLevel, number[]>;
  /** Milliseconds `activate` took. */
  readonly activationMs: number;
  /** Worker threads started while activate() ran: 0, the worker starts on first use. */
  readonly workersStartedByActivation: number;
  /** Failure-path hooks for the integration suite. */
  readonly testing: {
    crashWorker(): void;
    workersStarted(): number;
    /** Resolves once an analysis of `uri` is running (its request is with the worker). */
    whenRunning(uri: vscode.Uri): Promise<void>;
  };
}

const SELECTOR: vscode.DocumentSelector = DATA_LANGUAGES.flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
  { language, scheme: 'vscode-remote' },
]);

export function activate(context: vscode.ExtensionContext): EntropyLensApi {
  const started = performance.now();
  const worker = new WorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath);
  context.subscriptions.push({ dispose: () => worker.dispose() });
  const service = new AnalysisService(worker, context.workspaceState);
  context.subscriptions.push(service);

  let handlers: CommandHandlers | undefined;
  const source = new PanelSourceAdapter(service, (uri, row) => (handlers ? handlers.revealRow(uri, row) : Promise.resolve(false)));
  context.subscriptions.push(source);
  const panel = registerResultsPanel(context, source);
  handlers = new CommandHandlers(
    service,
    () => panel,
    (uri) => source.focus(uri),
  );
  context.subscriptions.push(...handlers.register());

  const statusBar = new LossStatusBar(service);
  const heat = new HeatDecorator(service);
  context.subscriptions.push(
    statusBar,
    heat,
    new DiagnosticsPublisher(service),
    vscode.languages.registerHoverProvider(SELECTOR, new LossHoverProvider(service)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new AnalysisFixProvider(service), {
      providedCodeActionKinds: AnalysisFixProvider.providedCodeActionKinds,
    }),
  );

  // Context keys for `when` clauses: results exist for the active editor; an analysis is running.
  const updateContext = (): void => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    void vscode.commands.executeCommand('setContext', 'entropyLens.hasResults', uri ? service.result(uri) !== undefined : false);
  };
  context.subscriptions.push(
    service.onDidChange(updateContext),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    service.onDidChangeRunning(() => void vscode.commands.executeCommand('setContext', 'entropyLens.analysisRunning', service.isRunning)),
  );

  const activationMs = performance.now() - started;
  return {
    onDidAnalyze: service.onDidAnalyze,
    result: (uri) => service.result(uri),
    isStale: (uri) => service.get(uri)?.stale ?? false,
    statusBarText: () => statusBar.text,
    heatRows: (document) => heat.rowsFor(document),
    activationMs,
    workersStartedByActivation: worker.startedWorkers,
    testing: {
      crashWorker: () => worker.crashForTesting(),
      workersStarted: () => worker.startedWorkers,
      whenRunning: (uri) =>
        new Promise<void>((resolve) => {
          if (service.get(uri)?.running) return resolve();
          const subscription = service.onDidChangeRunning(() => {
            if (!service.get(uri)?.running) return;
            subscription.dispose();
            resolve();
          });
        }),
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
