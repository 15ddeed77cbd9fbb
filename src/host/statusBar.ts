// The status bar item for the active data document: mean loss, unit and n (and the selection's),
// or the row under the cursor's loss; a spinner while analysing; a warning when the mean rests on
// a guessed class order, with the one-click fixes in its tooltip. Click opens the results panel.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { selectedLines } from './selectionLines';
import { STATUS_COMMANDS, statusText } from './statusText';

export class LossStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('entropyLens.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    this.item.name = 'Entropy Lens';
    this.item.command = 'entropyLens.showResultsPanel';
    this.subscriptions.push(
      service.onDidChange(() => this.update()),
      service.onDidChangeRunning(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.update();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('entropyLens')) this.update();
      }),
    );
    this.update();
  }

  /** The text currently shown (tests read it through the extension API). */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const state = editor ? this.service.get(editor.document.uri) : undefined;
    if (!editor || !state || (!state.result && !state.running)) {
      this.item.hide();
      return;
    }
    if (state.running && !state.result) {
      this.item.text = '$(loading~spin) Entropy Lens';
      this.item.tooltip = 'Analysing…';
      this.item.show();
      return;
    }
    const result = state.result;
    if (!result) return;
    const selection = editor.selection;
    const hoverOn = vscode.workspace.getConfiguration('entropyLens', editor.document.uri).get<boolean>('hover.enabled', true);
    const view = statusText(result, {
      stale: state.stale,
      running: state.running !== undefined,
      selection: selectedLines(selection, (line) => editor.document.lineAt(line).text.length),
      cursor: hoverOn ? null : { line: selection.active.line, character: selection.active.character },
    });
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    // Only the links the tooltip builds (settle a guessed class order, Choose Columns…).
    tooltip.isTrusted = { enabledCommands: [...STATUS_COMMANDS] };
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
