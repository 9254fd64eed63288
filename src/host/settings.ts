import * as vscode from 'vscode';
import { DEFAULT_OPTIONS, type FromLogits, type LossOptions, type Reduction } from '../core';

/** The user's defaults from the `bceLens.*` settings. */
export function readLossSettings(): LossOptions {
  const c = vscode.workspace.getConfiguration('bceLens');
  const fromLogits = c.get<string>('fromLogits', 'auto');
  const reduction = c.get<string>('reduction', 'default');
  return {
    semantics: c.get('semantics', DEFAULT_OPTIONS.semantics),
    fromLogits: (fromLogits === 'true' ? true : fromLogits === 'false' ? false : 'auto') as FromLogits,
    labelSmoothing: c.get('labelSmoothing', 0),
    ...(reduction === 'default' ? {} : { reduction: reduction as Reduction }),
    dtype: c.get('dtype', DEFAULT_OPTIONS.dtype),
  };
}
