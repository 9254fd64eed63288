import * as vscode from 'vscode';
import { BceError, computeLoss, type LossResult } from '../core';
import { InputError } from '../inputs/inputError';
import { parseJsonInput } from '../inputs/jsonInput';
import { readLossSettings } from './settings';

/** "BCE Lens: Compute Loss of Selection": the selected text (or the whole document) as JSON arrays. */
export async function computeSelection(): Promise<LossResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showErrorMessage('BCE Lens: open an editor and select the arrays of labels and predictions.');
    return undefined;
  }
  const doc = editor.document;
  const selection = editor.selection;
  const range = selection.isEmpty ? undefined : selection;
  const text = doc.getText(range);
  const base = range ? range.start : new vscode.Position(0, 0);
  try {
    const input = parseJsonInput(text, 'selection');
    const settings = readLossSettings();
    const options = input.logitsKey && settings.fromLogits === 'auto' ? { ...settings, fromLogits: true } : settings;
    const result = computeLoss(input, options);
    void vscode.window.showInformationMessage(`BCE loss ${formatLossShort(result)} (${result.description}, n = ${result.n})`);
    return result;
  } catch (e) {
    if (e instanceof InputError) {
      const at = new vscode.Position(base.line + e.place.line - 1, (e.place.line === 1 ? base.character : 0) + e.place.column - 1);
      void showErrorWithJump(`BCE Lens: selection ${at.line + 1}:${at.character + 1}: ${e.detail}`, doc.uri, at);
      return undefined;
    }
    if (e instanceof BceError) {
      void vscode.window.showErrorMessage(`BCE Lens: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

export function formatLossShort(r: LossResult): string {
  if (typeof r.loss === 'number') return r.loss.toPrecision(6).replace(/\.?0+$/, '');
  return `[${r.loss.length} values]`;
}

async function showErrorWithJump(message: string, uri: vscode.Uri, at: vscode.Position): Promise<void> {
  const go = 'Go to Error';
  if ((await vscode.window.showErrorMessage(message, go)) === go) {
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at));
  }
}
