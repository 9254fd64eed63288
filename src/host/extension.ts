import * as vscode from 'vscode';
import { computeSelection } from './computeSelection';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('bceLens.computeSelection', computeSelection));
}

export function deactivate(): void {}
