/** A place in a source text, 1-based as editors show it. */
export interface SourcePlace {
  /** File path or a name such as "selection" or "<stdin>". */
  source: string;
  line: number;
  column: number;
}

/** Input echoed in a message is cut to about this many characters: a line may be 50 MB long. */
export const ECHO_CHARS = 80;
/** A message is one line of at most this many characters. */
export const MESSAGE_CHARS = 300;

/** Text from the input, at most {@link ECHO_CHARS} characters, with an ellipsis when cut. */
export function excerpt(text: string, max = ECHO_CHARS): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // not half a surrogate pair
  return `${text.slice(0, end)}…`;
}

/** Text from the input as a message quotes it: in double quotes, escaped, shortened by {@link excerpt}. */
export function quote(text: string, max = ECHO_CHARS): string {
  return JSON.stringify(excerpt(text, max));
}

/** Bad input found while reading text or a file; the message starts with source:line:column. */
export class InputError extends Error {
  constructor(
    readonly place: SourcePlace,
    readonly detail: string,
  ) {
    // The last guard of one short line (parts quoted from the input are already cut by quote()); the place stays whole.
    const where = `${place.source}:${place.line}:${place.column}: `;
    super(where + excerpt(detail.replace(/[\r\n]+/g, ' '), Math.max(ECHO_CHARS, MESSAGE_CHARS - where.length)));
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
