// The data source the results panel follows: the active data document's analysis (or the last
// active one while the panel itself has focus), with row links and export routed to commands.
import * as vscode from 'vscode';
import type { PanelDataSource, PanelInput } from './panel';
import type { AnalysisService } from './analysisService';

export class PanelSourceAdapter implements PanelDataSource, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<unknown>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastUri: vscode.Uri | undefined;
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly service: AnalysisService,
    private readonly reveal: (uri: vscode.Uri, row: number) => Thenable<unknown>,
  ) {
    this.subscriptions.push(
      service.onDidChange((uri) => {
        if (this.service.result(uri)) this.lastUri = uri;
        this.emitter.fire(uri);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && this.service.result(editor.document.uri)) {
          this.lastUri = editor.document.uri;
          this.emitter.fire(editor.document.uri);
        }
      }),
    );
  }

  /** Makes the panel show this URI's analysis (Show in panel from a hover). */
  focus(uri: vscode.Uri): void {
    if (!this.service.result(uri)) return;
    this.lastUri = uri;
    this.emitter.fire(uri);
  }

  current(): PanelInput | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    const uri = active && this.service.result(active) ? active : this.lastUri;
    if (!uri) return undefined;
    const state = this.service.get(uri);
    if (!state?.result) return undefined;
    return { uri, analysis: state.result, stale: state.stale };
  }

  revealRow(uri: vscode.Uri, row: number): Thenable<unknown> {
    return this.reveal(uri, row);
  }

  exportLosses(uri: vscode.Uri): Thenable<unknown> {
    return vscode.commands.executeCommand('entropyLens.exportPerRowLosses', uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
