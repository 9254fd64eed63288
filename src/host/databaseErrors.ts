/**
 * The database command's errors as one line naming the engine, with a jump to the query. Apart
 * from the command (which the web bundle does not carry) because the lens reports its failures.
 */
import * as vscode from 'vscode';
import type { ErrorReport } from './errors';
import { revealSpans } from './reveal';

/** A failure before the session exists, with the engine (once one is named) and the place of the query when known. */
export class DatabaseCommandError extends Error {
  override readonly name = 'DatabaseCommandError';
  constructor(
    message: string,
    readonly engine: string | undefined,
    readonly at: { line: number; character: number } | undefined,
  ) {
    super(message);
  }
}

/** An error of the database command as one line naming the engine (when one was reached), with a jump to the query. */
export function databaseErrorReport(e: unknown, engine: string | undefined, uri: vscode.Uri, at: { line: number; character: number } | undefined): ErrorReport {
  const message = e instanceof Error ? e.message : String(e);
  const what = engine === undefined ? message : vscode.l10n.t('{0}: {1}', engine, message);
  if (!at) return { message: vscode.l10n.t('BCE Lens: {0}', what) };
  const name = vscode.workspace.asRelativePath(uri);
  const place = { start: { line: at.line, column: at.character }, end: { line: at.line, column: at.character } };
  return {
    message: vscode.l10n.t('BCE Lens: {0}:{1}:{2}: {3}', name, at.line + 1, at.character + 1, what),
    place: { uri: uri.toString(), line: at.line + 1, column: at.character + 1 },
    jumpLabel: vscode.l10n.t('Go to Query'),
    jump: () => revealSpans(uri, [place]),
  };
}
