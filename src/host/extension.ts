/**
 * Entry point. Activation is lazy: the commands and the panel restore (onWebviewPanel) activate it;
 * nothing is computed or read before a command runs.
 */
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE } from '../shared/protocol';
import type { BceLensApi } from './api';
import { BceLens, COMMANDS } from './lens';

export function activate(context: vscode.ExtensionContext): BceLensApi {
  const log = vscode.window.createOutputChannel('BCE Lens', { log: true });
  const lens = new BceLens(context.extensionUri, log);
  context.subscriptions.push(
    log,
    lens,
    vscode.commands.registerCommand(COMMANDS.computeSelection, () => lens.computeSelection()),
    vscode.commands.registerCommand(COMMANDS.computeFile, (arg?: unknown) => lens.computeFile(arg)),
    vscode.commands.registerCommand(COMMANDS.showPanel, () => lens.showPanel()),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => lens.panel.restore(panel, state),
    }),
    vscode.workspace.onDidChangeConfiguration((e) => lens.onConfigurationChanged(e)),
  );
  return lens.api();
}

export function deactivate(): void {}
