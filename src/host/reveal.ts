/** Showing a place of the user's data in an editor: elements of a selection, lines of a file. */
import * as vscode from 'vscode';
import type { Span } from './elementRange';
import { revealShowOptions } from './revealOptions';

/** The column of a visible editor of the document, so revealing does not open a second copy. */
function columnOf(uri: vscode.Uri): vscode.ViewColumn | undefined {
  const key = uri.toString();
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key)?.viewColumn;
}

/**
 * Selects the spans (several at once: a sample's label and its prediction) and scrolls to the last.
 * `preserveFocus` keeps the keyboard where it is (the panel): see revealOptions.ts.
 */
export async function revealSpans(uri: vscode.Uri, spans: readonly Span[], preserveFocus = false): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const ranges = spans.map((s) => document.validateRange(new vscode.Range(s.start.line, s.start.column, s.end.line, s.end.column)));
  const last = ranges[ranges.length - 1];
  const editor = await vscode.window.showTextDocument(document, revealShowOptions(columnOf(uri) ?? vscode.ViewColumn.One, last, preserveFocus));
  if (ranges.length === 0) return;
  editor.selections = ranges.map((r) => new vscode.Selection(r.start, r.end));
  editor.revealRange(last, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Opens a data file at a 1-based line (and column), selecting the line or the token there; `preserveFocus` as in revealSpans. */
export async function revealFileLine(uri: vscode.Uri, line: number, column?: number, preserveFocus = false): Promise<void> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch (e) {
    // VS Code refuses documents over 50 MB (and binary files): say so instead of failing silently.
    const name = vscode.workspace.asRelativePath(uri);
    const reason = (e as Error).message;
    void vscode.window.showWarningMessage(
      column
        ? vscode.l10n.t('BCE Lens: cannot open {0} in an editor ({1}). The place is line {2}, column {3}.', name, reason, line, column)
        : vscode.l10n.t('BCE Lens: cannot open {0} in an editor ({1}). The place is line {2}.', name, reason, line),
    );
    return;
  }
  const l = Math.min(Math.max(line - 1, 0), document.lineCount - 1);
  const text = document.lineAt(l);
  let range: vscode.Range = text.range;
  if (column !== undefined) {
    const at = new vscode.Position(l, Math.max(column - 1, 0));
    range = document.getWordRangeAtPosition(at, /[^\s,;\t"']+/) ?? new vscode.Range(at, at);
  }
  const editor = await vscode.window.showTextDocument(document, revealShowOptions(columnOf(uri) ?? vscode.ViewColumn.One, range, preserveFocus));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
