/** A place in a source text, 1-based as editors show it. */
export interface SourcePlace {
  /** File path or a name such as "selection" or "<stdin>". */
  source: string;
  line: number;
  column: number;
}

/** Bad input found while reading text or a file; the message starts with source:line:column. */
export class InputError extends Error {
  constructor(
    readonly place: SourcePlace,
    readonly detail: string,
  ) {
    super(`${place.source}:${place.line}:${place.column}: ${detail}`);
    this.name = 'InputError';
  }
}

/** Line and column (1-based) of a character offset in a text. */
export function placeOfOffset(text: string, offset: number, source: string): SourcePlace {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { source, line, column: offset - lineStart + 1 };
}
