// The results panel's owner: one webview panel at most (create-or-show), revived after a window
// reload by its serializer, fed complete snapshots of the active document's analysis, and the
// receiver of the webview's requests (reveal a row, export, copy, save a plot, run a class-order
// quick fix or Choose Columns…).
import * as vscode from 'vscode';
import { PANEL_PROTOCOL_VERSION, PANEL_VIEW_TYPE, encodeNonFinite, isWebviewToHostMessage, type HostToWebviewMessage, type SavePlotMessage, type WebviewToHostMessage } from '../../protocol/panel';
import { APPLY_FIX_COMMAND } from '../codeActions';
import { classOrderFixes } from '../fixChoices';
import { createNonce, renderPanelHtml } from './panelHtml';
import { toSnapshot } from './toSnapshot';
import type { PanelDataSource, PanelInput, ResultsPanelController } from './types';

const PANEL_TITLE = 'Entropy Lens Results';

export class ResultsPanelManager implements ResultsPanelController, vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** URI of the snapshot last sent; requests for any other document are ignored. */
  private shownUri: string | undefined;
  /** What the last snapshot was made from (none sent yet: undefined); equal inputs make equal snapshots. */
  private posted: { readonly input: PanelInput | undefined } | undefined;
  private disposed = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: PanelDataSource,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this),
      source.onDidChange(() => this.postSnapshot({ onlyIfChanged: true })),
    );
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(options?: { preserveFocus?: boolean }): void {
    if (this.disposed) return;
    const preserveFocus = options?.preserveFocus ?? false;
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, PANEL_TITLE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.webviewOptions());
    this.adopt(panel);
  }

  /** Called by VS Code after a window reload for a panel that was open; `state` is the UI state. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, _state: unknown): Promise<void> {
    // The webview restores its own UI state via getState(); the host only re-attaches.
    if (this.disposed || this.panel) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.adopt(panel);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panel?.dispose();
    this.disposeAll(this.panelDisposables);
    this.disposeAll(this.disposables);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-icon.svg');
    const webview = panel.webview;
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      nonce: createNonce(),
    });
    this.panelDisposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if (isWebviewToHostMessage(message)) void this.handle(message);
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.shownUri = undefined;
        this.posted = undefined;
        this.disposeAll(this.panelDisposables);
      }),
    );
  }

  private postSnapshot({ onlyIfChanged = false } = {}): void {
    const panel = this.panel;
    if (!panel) return;
    const input = this.source.current();
    // The source fires on every switch of the active editor, e.g. back to the shown document when
    // a row link focuses it; the same snapshot again would rebuild the page, dropping its focus
    // and the plot's keyboard selection. `ready` (a fresh page) always gets one.
    if (onlyIfChanged && this.posted && sameInput(this.posted.input, input)) return;
    this.posted = { input };
    const outcome = toSnapshot(input);
    this.shownUri = outcome.snapshot?.documentUri;
    panel.title = outcome.snapshot ? `${PANEL_TITLE}: ${outcome.snapshot.fileName}` : PANEL_TITLE;
    this.post({ type: 'snapshot', version: PANEL_PROTOCOL_VERSION, snapshot: outcome.snapshot, hint: outcome.hint });
  }

  private post(message: HostToWebviewMessage): void {
    // A hidden webview drops messages; it sends `ready` again when shown, and gets a snapshot then.
    void this.panel?.webview.postMessage(encodeNonFinite(message));
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.version !== PANEL_PROTOCOL_VERSION) {
          this.post({
            type: 'snapshot',
            version: PANEL_PROTOCOL_VERSION,
            snapshot: null,
            hint: `Panel protocol ${message.version} does not match the extension's ${PANEL_PROTOCOL_VERSION}; reload the window.`,
          });
          return;
        }
        this.postSnapshot();
        return;
      case 'revealRow': {
        const uri = this.knownUri(message.documentUri);
        if (uri) await this.source.revealRow(uri, message.row);
        return;
      }
      case 'exportLosses': {
        const uri = this.knownUri(message.documentUri);
        if (uri) await this.source.exportLosses(uri);
        return;
      }
      case 'applyClassFix': {
        // Only a fix the shown analysis offers: the host does not trust the webview.
        const uri = this.knownUri(message.documentUri);
        const analysis = uri ? this.source.current()?.analysis : undefined;
        if (!uri || !analysis || analysis.uri !== message.documentUri) return;
        const offered = classOrderFixes(analysis.problems, message.model).find(
          (f) => f.fix === message.fix && f.choice !== undefined && f.choice.classes.join('\u0000') === message.classes.join('\u0000'),
        );
        if (offered?.choice) await vscode.commands.executeCommand(APPLY_FIX_COMMAND, uri, offered.fix, [], offered.choice);
        return;
      }
      case 'chooseColumns': {
        const uri = this.knownUri(message.documentUri);
        if (uri) await vscode.commands.executeCommand('entropyLens.chooseColumns', uri);
        return;
      }
      case 'copyText':
        try {
          await vscode.env.clipboard.writeText(message.text);
          this.post({ type: 'requestDone', requestId: message.requestId, ok: true, message: 'Summary copied as Markdown.' });
        } catch (error) {
          this.post({ type: 'requestDone', requestId: message.requestId, ok: false, message: `Copy failed: ${String(error)}` });
        }
        return;
      case 'savePlot':
        await this.savePlot(message);
        return;
    }
  }

  private knownUri(documentUri: string): vscode.Uri | undefined {
    return documentUri === this.shownUri ? vscode.Uri.parse(documentUri, true) : undefined;
  }

  private async savePlot(message: SavePlotMessage): Promise<void> {
    const done = (ok: boolean, text: string): void => this.post({ type: 'requestDone', requestId: message.requestId, ok, message: text });
    const safeName = message.fileName.replace(/[^\w.-]+/g, '-');
    const documentUri = this.shownUri ? vscode.Uri.parse(this.shownUri, true) : undefined;
    const folder = documentUri && documentUri.scheme === 'file' ? vscode.Uri.joinPath(documentUri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, safeName) : undefined,
      filters: message.format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
      saveLabel: `Save ${message.format.toUpperCase()}`,
    });
    if (!target) {
      done(false, 'Save cancelled.');
      return;
    }
    if (documentUri && target.toString() === documentUri.toString()) {
      done(false, 'Refusing to overwrite the data file.');
      return;
    }
    try {
      await vscode.workspace.fs.writeFile(target, message.data);
      done(true, `Saved ${target.fsPath || target.toString()}.`);
    } catch (error) {
      done(false, `Save failed: ${String(error)}`);
    }
  }

  private disposeAll(list: vscode.Disposable[]): void {
    for (const d of list.splice(0)) d.dispose();
  }
}

/** Whether two inputs make the same snapshot (toSnapshot reads nothing else). */
function sameInput(a: PanelInput | undefined, b: PanelInput | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.uri.toString() === b.uri.toString() && a.analysis === b.analysis && (a.stale ?? false) === (b.stale ?? false);
}
