import * as vscode from 'vscode';
import { classesFrom, DEFAULT_OPTIONS, DTYPES, SEMANTICS, type Dtype, type Semantics } from '../core';
import { FROM_LOGITS_CHOICES, type FromLogitsChoice, type PanelOptions } from '../shared/panelView';
import { REDUCTIONS } from '../shared/protocol';

/**
 * The user's defaults from the `bceLens.*` settings, as the panel's controls hold them. The
 * settings are `"scope": "resource"`: `scope` is the document or data file computed, so a
 * folder's .vscode/settings.json applies in a multi-root workspace (undefined: no file, the
 * workspace's value).
 */
export function readPanelDefaults(scope: vscode.Uri | undefined): PanelOptions {
  const c = vscode.workspace.getConfiguration('bceLens', scope);
  // Settings are user-edited JSON: anything outside the schema falls back to the default.
  const pick = <T extends string>(key: string, values: readonly T[], fallback: T): T => {
    const v = c.get<unknown>(key);
    return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : fallback;
  };
  const smoothing = c.get<unknown>('labelSmoothing');
  return {
    semantics: pick<Semantics>('semantics', SEMANTICS, DEFAULT_OPTIONS.semantics),
    fromLogits: pick<FromLogitsChoice>('fromLogits', FROM_LOGITS_CHOICES, 'auto'),
    labelSmoothing: typeof smoothing === 'number' && smoothing >= 0 && smoothing <= 1 ? smoothing : 0,
    reduction: pick('reduction', REDUCTIONS, 'default'),
    dtype: pick<Dtype>('dtype', DTYPES, DEFAULT_OPTIONS.dtype),
  };
}

/** scikit-learn's labels argument from `bceLens.labels`; undefined when empty or not two values (the schema says so in the settings editor). */
export function readClasses(scope: vscode.Uri): (number | string)[] | undefined {
  return classesFrom(vscode.workspace.getConfiguration('bceLens', scope).get<unknown>('labels'));
}

export type InvalidRows = 'error' | 'skip';

/** What to do with rows of a data file that cannot be read. */
export function readInvalidRows(scope: vscode.Uri | undefined): InvalidRows {
  return vscode.workspace.getConfiguration('bceLens', scope).get<string>('invalidRows') === 'skip' ? 'skip' : 'error';
}

export function readShowStatusBar(): boolean {
  return vscode.workspace.getConfiguration('bceLens').get<boolean>('statusBar', true) !== false;
}
