/** The webview's handle to VS Code: messages to the host and the state kept across reloads. */
import type { PersistedState, WebviewMessage } from '../shared/protocol';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page: the handle is kept here. */
let api: VsCodeApi | undefined;

export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export function post(message: WebviewMessage): void {
  vscodeApi().postMessage(message);
}

export function saveState(state: PersistedState): void {
  vscodeApi().setState(state);
}
