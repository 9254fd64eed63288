/**
 * What both entries do on activation (the desktop one, ./extension.ts, and the web one,
 * ./web/extension.ts): register the commands and the panel serializer, and nothing more. The
 * commands and the panel restore (onWebviewPanel) activate the extension; the lens behind them
 * (./startLens.ts: the panel, the readers, the core) loads when one of them first runs, so
 * activation costs only this small module. Imports nothing of Node.
 */
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE } from '../shared/panelViewType';
import type { BceLensApi } from './api';
import { COMMANDS } from './commands';
import type { BceLens } from './lens';

/** The lazily loaded part: the desktop build maps this import to dist/lens.js (esbuild.js). */
type LensModule = typeof import('./startLens');

export function activateLens(context: vscode.ExtensionContext): BceLensApi {
  let loading: Promise<{ lens: BceLens; module: LensModule }> | undefined;
  let loaded: BceLens | undefined;
  const start = () =>
    (loading ??= import('./startLens').then((module) => {
      loaded = module.startLens(context);
      return { lens: loaded, module };
    }));
  const lens = async () => (await start()).lens;
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.computeSelection, async () => (await lens()).computeSelection()),
    vscode.commands.registerCommand(COMMANDS.computeFile, async (arg?: unknown) => (await lens()).computeFile(arg)),
    vscode.commands.registerCommand(COMMANDS.computeInDatabase, async () => (await lens()).computeInDatabase()),
    vscode.commands.registerCommand(COMMANDS.showPanel, async () => (await lens()).showPanel()),
    vscode.commands.registerCommand(COMMANDS.openSample, async (name?: unknown) => {
      const { lens: started, module } = await start();
      return module.openSample(context.extensionUri, context.globalStorageUri, name, (uri) => started.computeFile(uri));
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => (await lens()).panel.restore(panel, state),
    }),
    // Only the status bar reads a setting live, and there is none before the lens starts.
    vscode.workspace.onDidChangeConfiguration((e) => loaded?.onConfigurationChanged(e)),
  );
  const api: BceLensApi = {
    lastResult: () => loaded?.api().lastResult(),
    lastError: () => loaded?.api().lastError(),
  };
  // Reading and driving the panel's DOM is for the tests (run in Test mode, or from a development
  // checkout): an installed extension does not offer it to other extensions.
  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    api.panelState = async () => loaded?.api().panelState();
    api.setPanelOption = async (name, value) => (await lens()).api().setPanelOption(name, value);
  }
  return api;
}
