/**
 * What both entries do on activation (the desktop one, ./extension.ts, and the web one,
 * ./web/extension.ts): register the commands and the panel serializer. Activation is lazy: the
 * commands and the panel restore (onWebviewPanel) activate it; nothing is computed or read before
 * a command runs. Imports nothing of Node.
 */
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE } from '../shared/protocol';
import type { BceLensApi } from './api';
import { BceLens, COMMANDS } from './lens';
import { openSample } from './samples';

export function activateLens(context: vscode.ExtensionContext): BceLensApi {
  const log = vscode.window.createOutputChannel('BCE Lens', { log: true });
  const lens = new BceLens(context.extensionUri, log, context.workspaceState);
  context.subscriptions.push(
    log,
    lens,
    vscode.commands.registerCommand(COMMANDS.computeSelection, () => lens.computeSelection()),
    vscode.commands.registerCommand(COMMANDS.computeFile, (arg?: unknown) => lens.computeFile(arg)),
    vscode.commands.registerCommand(COMMANDS.showPanel, () => lens.showPanel()),
    vscode.commands.registerCommand(COMMANDS.openSample, (name?: unknown) => openSample(context.extensionUri, context.globalStorageUri, name, (uri) => lens.computeFile(uri))),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => lens.panel.restore(panel, state),
    }),
    vscode.workspace.onDidChangeConfiguration((e) => lens.onConfigurationChanged(e)),
  );
  return lens.api();
}
