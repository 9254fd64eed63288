/**
 * Everything behind the commands, loaded on their first use (see ./activate.ts): the output
 * channel, the panel, the status bar, the readers and the core. The web entry bundles this module
 * in its one file, evaluated on first use; the desktop one loads it from dist/lens.js
 * (./node/startLens.ts).
 */
import * as vscode from 'vscode';
import { BceLens } from './lens';
import { openSample } from './samples';

export { openSample };

/** The lens of this activation; what it holds is disposed with the extension. */
export function startLens(context: vscode.ExtensionContext): BceLens {
  const log = vscode.window.createOutputChannel('BCE Lens', { log: true });
  const lens = new BceLens(context.extensionUri, log, context.workspaceState, { storageDir: context.globalStorageUri, secrets: context.secrets });
  context.subscriptions.push(log, lens);
  return lens;
}
