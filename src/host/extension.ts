/**
 * Desktop entry (package.json "main"): local `file:` URIs stream from disk with Node fs; everything
 * else goes through workspace.fs as in the web entry (./web/extension.ts).
 */
import type * as vscode from 'vscode';
import { activateLens } from './activate';
import type { BceLensApi } from './api';
import { useLocalFileStreamer } from './fileSource';
import { readLocalRange, streamLocalFile } from './node/localStream';

export function activate(context: vscode.ExtensionContext): BceLensApi {
  useLocalFileStreamer(streamLocalFile, readLocalRange);
  return activateLens(context);
}

export function deactivate(): void {}
