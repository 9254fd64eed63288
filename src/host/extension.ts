/**
 * Desktop entry (package.json "main"): registers the commands (./activate.ts); the rest is
 * dist/lens.js (./node/startLens.ts), loaded on first use, which streams local `file:` URIs from
 * disk with Node fs. Everything else is as in the web entry (./web/extension.ts).
 */
import type * as vscode from 'vscode';
import { activateLens } from './activate';
import type { BceLensApi } from './api';

export function activate(context: vscode.ExtensionContext): BceLensApi {
  return activateLens(context);
}

export function deactivate(): void {}
