import { InputError } from '../inputError';
import type { Token } from './tokenizer';

/** A document position, 0-based (as vscode.Position). */
export interface Place {
  line: number;
  column: number;
}

/** 0-based document coordinates, as vscode.Position uses: a run of characters on one line. */
export interface SourceRange {
  line: number;
  column: number;
  length: number;
}

export function inputError(source: string, at: Place, detail: string): InputError {
  return new InputError({ source, line: at.line + 1, column: at.column + 1 }, detail);
}

export function fail(source: string, at: Place, detail: string): never {
  throw inputError(source, at, detail);
}

/** "1:9", 1-based, as messages show places. */
export function describePlace(at: Place): string {
  return `${at.line + 1}:${at.column + 1}`;
}

/** The range from the start of `first` to the end of `last`, cut at the end of first's line. */
export function rangeOf(first: Token, last: Token): SourceRange {
  // Only strings and comments span lines; a string's range ends with its first line.
  const lineEnd = first.kind === 'string' ? first.text.search(/[\r\n]/) : -1;
  const length = lineEnd >= 0 ? lineEnd : last.line === first.line ? last.end - first.offset : first.end - first.offset;
  return { line: first.line, column: first.column, length };
}
