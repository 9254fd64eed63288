/**
 * Errors as VS Code messages that name the place (file:line:column) with an action that jumps
 * there: the element of a selection (through the parser's ranges), or the line of a data file.
 */
import * as vscode from 'vscode';
import { BceError, formatPosition } from '../core';
import { BINARY_FORMATS, formatOfName } from '../inputs/files';
import { InputError } from '../inputs/inputError';
import { elementRange, type Span } from './elementRange';
import { hasMeaningfulPlace } from './errorPlace';
import { revealFileLine, revealSpans } from './reveal';
import type { SelectionRanges } from './selectionInput';

export interface ErrorReport {
  message: string;
  /** 1-based place in a document or file. */
  place?: { uri: string; line: number; column: number };
  jumpLabel?: string;
  jump?: () => Promise<void>;
}

/** Formats that have lines a person can read; for .npy/.npz a "line" is not a place to open. */
export const TEXT_FORMATS = new Set(['csv', 'tsv', 'json', 'jsonl', 'txt']);

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** An error raised while parsing or computing a selection of `document`. */
export function selectionErrorReport(e: unknown, document: vscode.TextDocument, ranges: SelectionRanges | undefined): ErrorReport {
  const name = vscode.workspace.asRelativePath(document.uri);
  if (e instanceof InputError && !hasMeaningfulPlace(e.detail)) {
    // About the whole selection: no place, no Go to button that would select an unrelated token.
    return { message: vscode.l10n.t('BCE Lens: {0}: {1}', name, e.detail) };
  }
  if (e instanceof InputError) {
    const at = document.validatePosition(new vscode.Position(e.place.line - 1, e.place.column - 1));
    const word = document.getWordRangeAtPosition(at, /[^\s,;[\](){}:=]+/);
    const span: Span = word
      ? { start: { line: word.start.line, column: word.start.character }, end: { line: word.end.line, column: word.end.character } }
      : { start: { line: at.line, column: at.character }, end: { line: at.line, column: at.character } };
    return {
      message: vscode.l10n.t('BCE Lens: {0}:{1}:{2}: {3}', name, e.place.line, e.place.column, e.detail),
      place: { uri: document.uri.toString(), line: e.place.line, column: e.place.column },
      jumpLabel: vscode.l10n.t('Go to Error'),
      jump: () => revealSpans(document.uri, [span]),
    };
  }
  if (e instanceof BceError) {
    const r = e.position ? elementRange(ranges, e.position) : undefined;
    if (r && e.position) {
      const span: Span = { start: { line: r.line, column: r.column }, end: { line: r.line, column: r.column + r.length } };
      return {
        message: vscode.l10n.t('BCE Lens: {0}:{1}:{2}: {3}', name, r.line + 1, r.column + 1, e.message),
        place: { uri: document.uri.toString(), line: r.line + 1, column: r.column + 1 },
        jumpLabel: vscode.l10n.t('Go to {0}', formatPosition(e.position)),
        jump: () => revealSpans(document.uri, [span]),
      };
    }
    return { message: vscode.l10n.t('BCE Lens: {0}: {1}', name, e.message) };
  }
  return unexpected(e);
}

/** An error raised while reading or computing a data file. */
export function fileErrorReport(e: unknown, uri: vscode.Uri, format: string | undefined): ErrorReport {
  const name = vscode.workspace.asRelativePath(uri);
  if (e instanceof InputError && !hasMeaningfulPlace(e.detail)) return { message: vscode.l10n.t('BCE Lens: {0}: {1}', name, e.detail) };
  if (e instanceof InputError) {
    const { line, column } = e.place;
    // Before the format is known (the first read failed), the name tells: a binary file is no place to open.
    const binary = BINARY_FORMATS.has(formatOfName(uri.path) ?? '');
    const readable = (format === undefined && !binary) || TEXT_FORMATS.has(format ?? '') || /\.(csv|tsv|json|jsonl|ndjson|txt)$/i.test(uri.path);
    return {
      message: vscode.l10n.t('BCE Lens: {0}:{1}:{2}: {3}', name, line, column, e.detail),
      place: { uri: uri.toString(), line, column },
      ...(readable ? { jumpLabel: vscode.l10n.t('Open {0}:{1}:{2}', uri.path.split('/').pop() ?? '', line, column), jump: () => revealFileLine(uri, line, column) } : {}),
    };
  }
  if (e instanceof BceError) return { message: vscode.l10n.t('BCE Lens: {0}: {1}', name, e.message) };
  return unexpected(e, name);
}

function unexpected(e: unknown, name?: string): ErrorReport {
  const message = e instanceof Error ? e.message : String(e);
  return { message: name ? vscode.l10n.t('BCE Lens: {0}: {1}', name, message) : vscode.l10n.t('BCE Lens: {0}', message) };
}

/** Shows the message; the jump action runs when chosen. Resolves when the message is dismissed. */
export async function showErrorReport(report: ErrorReport): Promise<void> {
  const actions = report.jump && report.jumpLabel ? [report.jumpLabel] : [];
  const choice = await vscode.window.showErrorMessage(report.message, ...actions);
  if (choice && choice === report.jumpLabel && report.jump) await report.jump();
}
