// Public API of the results panel for the extension host: register once at activation, then
// `show()` from the "Show Results Panel" command. Everything else in this folder is internal.
import type * as vscode from 'vscode';
import { PANEL_VIEW_TYPE } from '../../protocol/panel';
import { ResultsPanelManager } from './resultsPanel';
import type { PanelDataSource, ResultsPanelController } from './types';

export type { PanelDataSource, PanelInput, ResultsPanelController } from './types';
export { PANEL_VIEW_TYPE };

/**
 * Register the results panel: its `WebviewPanelSerializer` (so a panel open before a window
 * reload comes back with its UI state) and the link to the data source it follows. Call once
 * during activation; the registration is disposed with `context.subscriptions`.
 * Example: `const panel = registerResultsPanel(context, source); panel.show();`
 */
export function registerResultsPanel(context: vscode.ExtensionContext, source: PanelDataSource): ResultsPanelController {
  const manager = new ResultsPanelManager(context.extensionUri, source);
  context.subscriptions.push(manager);
  return manager;
}
