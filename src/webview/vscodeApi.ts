// Typed access to the webview API VS Code injects, limited to the panel protocol's messages.
import type { PanelUiState, WebviewToHostMessage } from '../protocol/panel';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface PanelHost {
  post(message: WebviewToHostMessage): void;
  getState(): Partial<PanelUiState> | undefined;
  setState(state: PanelUiState): void;
}

/** The host connection (acquireVsCodeApi may be called only once per page). */
export function connectToHost(): PanelHost {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => {
      const state = api.getState();
      return typeof state === 'object' && state !== null ? (state as Partial<PanelUiState>) : undefined;
    },
    setState: (state) => api.setState(state),
  };
}
