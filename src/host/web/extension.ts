/**
 * Web entry (package.json "browser": vscode.dev, github.dev): every file is read through
 * workspace.fs; no Node built-ins are bundled. The core and the parsers are pure TypeScript.
 */
import type * as vscode from 'vscode';
import { activateLens } from '../activate';
import type { BceLensApi } from '../api';

export function activate(context: vscode.ExtensionContext): BceLensApi {
  return activateLens(context);
}

export function deactivate(): void {}
