/**
 * Splits selected text into tokens for the array parser: numbers, strings, names, punctuation and
 * line breaks. Comments (#, //, /* *\/) and white space are dropped. Every token knows where it
 * starts in the document (0-based line and column), so parse errors and element ranges can point
 * at the exact characters. Never throws: anything unexpected becomes an 'other' token.
 */

import { LineTable } from './lineTable';
import { MIN_RUN, scanNumberRun, type NumberRun } from './numberRun';
import { NextClose } from './nextClose';
import { isDigit, isNameChar, numberValue, scanNumber } from './numberSyntax';

export type TokenKind =
  /** A numeric literal; `value` holds the number. */
  | 'number'
  /** A quoted string; `value` holds its decoded content. */
  | 'string'
  /** An identifier: y_true, np, nan, True, … */
  | 'name'
  /** Brackets, separators and operators: [ ] ( ) { } , ; : . = + - == => … */
  | 'punct'
  /** A line break (outside strings and block comments). */
  | 'newline'
  /** Anything else, including malformed numbers such as 1.5f. */
  | 'other'
  /** The whole inside of a bracket that holds only numbers (8 or more): `run` holds them. */
  | 'numbers';

export interface Token {
  kind: TokenKind;
  /** The token as written. */
  text: string;
  value?: number | string;
  /** Set on a string whose closing quote is missing. */
  unterminated?: boolean;
  /** The numbers of a 'numbers' token. */
  run?: NumberRun;
  /** Offsets in the tokenized text: [offset, end). */
  offset: number;
  end: number;
  /** Document position of the first character, 0-based. */
  line: number;
  column: number;
}

/** Where a text starts in its document, 0-based. */
export interface TextOrigin {
  line: number;
  column: number;
}

const OPERATORS_3 = new Set(['===', '!==', '...', '**=', '>>=', '<<=']);
const OPERATORS_2 = new Set(['==', '!=', '<=', '>=', '=>', ':=', '+=', '-=', '*=', '/=', '%=', '**', '->', '::', '&&', '||', '??', '<<', '>>', '|=', '&=']);
const OPERATOR_START = '=!<>.*/:+-%&|?>';
const PUNCT = '[](){},;:.=+-*/%<>!&|^~?@\\';
const NAME = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;
const SPACE = /\s/u;

export interface Tokens {
  tokens: Token[];
  /** Document position just after the text. */
  end: TextOrigin;
}

export function tokenize(text: string, origin: TextOrigin): Tokens {
  const tokens: Token[] = [];
  const n = text.length;
  let pos = 0;
  const lines = new LineTable(origin);
  const closes = new NextClose(text);

  /** In a Python doctest, the prompts >>> and ... that start lines are not part of the code. */
  const doctest = /^[ \t]*>>>/m.test(text);
  const skipPrompt = (at: number): number => {
    let p = at;
    while (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9) p++;
    const prompt = text.startsWith('>>>', p) || text.startsWith('...', p);
    const after = text.charCodeAt(p + 3);
    return prompt && (Number.isNaN(after) || after === 32 || after === 10 || after === 13) ? p + 3 : at;
  };
  const newline = (at: number, length: number) => lines.add(at + length);
  const push = (kind: TokenKind, start: number, end: number, startLine: number, startColumn: number, value?: number | string) => {
    const token: Token = { kind, text: text.slice(start, end), value, unterminated: false, offset: start, end, line: startLine, column: startColumn };
    tokens.push(token);
    return token;
  };

  if (doctest) pos = skipPrompt(0);
  while (pos < n) {
    const c = text.charCodeAt(pos);
    const { line: startLine, column: startColumn } = lines.placeOnLastLine(pos);

    // Line breaks: \n, \r\n, \r.
    if (c === 10 || c === 13) {
      const length = c === 13 && text.charCodeAt(pos + 1) === 10 ? 2 : 1;
      push('newline', pos, pos + length, startLine, startColumn);
      newline(pos, length);
      pos += length;
      if (doctest) pos = skipPrompt(pos);
      continue;
    }
    if (c === 32 || c === 9 || c === 11 || c === 12) {
      pos++;
      continue;
    }
    // Comments.
    if (c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(pos + 1) === 47)) {
      pos = endOfLine(text, pos);
      continue;
    }
    if (c === 47 && text.charCodeAt(pos + 1) === 42 /* * */) {
      const close = text.indexOf('*/', pos + 2);
      const end = close < 0 ? n : close + 2;
      pos = advanceLines(text, pos + 2, end, newline);
      continue;
    }
    // Numbers: 1, 1., .5, 1e-3, 1_000, 0x1f; a number glued to letters (1.5f, 3j) is malformed.
    if (isDigit(c) || (c === 46 /* . */ && isDigit(text.charCodeAt(pos + 1)))) {
      const end = scanNumber(text, pos);
      let glued = end;
      while (glued < n && (isNameChar(text.charCodeAt(glued)) || text.charCodeAt(glued) === 46)) glued++;
      if (glued > end) push('other', pos, glued, startLine, startColumn);
      else push('number', pos, end, startLine, startColumn, numberValue(text, pos, end));
      pos = glued;
      continue;
    }
    // A Markdown fence (``` at the start of a line, a language after it) is no string: its line is skipped.
    if (c === 96 && text.startsWith('```', pos) && startsLine(text, pos)) {
      pos = endOfLine(text, pos);
      continue;
    }
    // Strings, and names (a name r, b, f, rb, … right before a quote prefixes a Python string).
    if (c === 34 || c === 39 || c === 96) {
      pos = scanString(text, pos, 0, startLine, startColumn, push, newline);
      continue;
    }
    if (c === 36 || c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128) {
      NAME.lastIndex = pos;
      const m = NAME.exec(text);
      if (m) {
        const length = m[0].length;
        const q = text.charCodeAt(pos + length);
        if (length <= 2 && (q === 34 || q === 39) && /^(r|b|f|u|rb|br|fr|rf)$/i.test(m[0])) {
          pos = scanString(text, pos, length, startLine, startColumn, push, newline);
        } else {
          push('name', pos, pos + length, startLine, startColumn);
          pos += length;
        }
        continue;
      }
      if (c >= 128) {
        // A pair only when a low surrogate follows: a lone high one must not swallow a line break.
        const low = text.charCodeAt(pos + 1);
        const width = c >= 0xd800 && c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
        if (!SPACE.test(text.slice(pos, pos + width))) push('other', pos, pos + width, startLine, startColumn);
        pos += width;
        continue;
      }
    }
    // A bracket of numbers only: its inside becomes one 'numbers' token; the `]` is read as usual.
    if (c === 91 /* [ */ && !doctest) {
      const found = scanNumberRun(text, pos + 1, lines, MIN_RUN, closes);
      if (found) {
        push('punct', pos, pos + 1, startLine, startColumn);
        const inside = lines.placeOf(pos + 1);
        push('numbers', pos + 1, found.close, inside.line, inside.column).run = found.run;
        pos = found.close;
        continue;
      }
    }
    // Punctuation and operators.
    let length = 1;
    if (OPERATOR_START.includes(text.charAt(pos))) {
      if (OPERATORS_3.has(text.slice(pos, pos + 3))) length = 3;
      else if (OPERATORS_2.has(text.slice(pos, pos + 2))) length = 2;
    }
    push(PUNCT.includes(text.charAt(pos)) ? 'punct' : 'other', pos, pos + length, startLine, startColumn);
    pos += length;
  }
  return { tokens, end: lines.placeOnLastLine(n) };
}

/** The index of the last name in a dotted name a.b.c that starts at i (a name token). */
export function dottedNameEnd(tokens: readonly Token[], i: number): number {
  while (tokens[i + 1]?.kind === 'punct' && tokens[i + 1].text === '.' && tokens[i + 2]?.kind === 'name') i += 2;
  return i;
}

/** The text of tokens [from, to], e.g. a dotted name. */
export function spell(tokens: readonly Token[], from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) text += tokens[i].text;
  return text;
}

/** Whether only blanks come before `pos` on its line (or in the text, when it is the first line). */
function startsLine(text: string, pos: number): boolean {
  let k = pos - 1;
  while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
  return k < 0 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13;
}

function endOfLine(text: string, pos: number): number {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 10 || c === 13) break;
    pos++;
  }
  return pos;
}

/** Moves over text[from, to), counting the line breaks in it. */
function advanceLines(text: string, from: number, to: number, newline: (at: number, length: number) => void): number {
  let pos = from;
  while (pos < to) {
    const c = text.charCodeAt(pos);
    if (c === 13 && text.charCodeAt(pos + 1) === 10 && pos + 1 < to) {
      newline(pos, 2);
      pos += 2;
    } else {
      if (c === 10 || c === 13) newline(pos, 1);
      pos++;
    }
  }
  return to;
}

function scanString(
  text: string,
  start: number,
  prefix: number,
  startLine: number,
  startColumn: number,
  push: (kind: TokenKind, start: number, end: number, line: number, column: number, value?: number | string) => Token,
  newline: (at: number, length: number) => void,
): number {
  const q = text.charAt(start + prefix);
  const raw = /r/i.test(text.slice(start, start + prefix));
  const triple = q !== '`' && text.startsWith(q + q + q, start + prefix);
  const open = start + prefix + (triple ? 3 : 1);
  const multiline = triple || q === '`';
  let pos = open;
  let closed = false;
  let contentEnd = open;
  while (pos < text.length) {
    const c = text.charAt(pos);
    if (c === '\\' && pos + 1 < text.length) {
      pos += 2;
      continue;
    }
    if (!multiline && (c === '\n' || c === '\r')) break;
    if (triple ? text.startsWith(q + q + q, pos) : c === q) {
      contentEnd = pos;
      pos += triple ? 3 : 1;
      closed = true;
      break;
    }
    pos++;
  }
  if (!closed) contentEnd = pos;
  const body = text.slice(open, contentEnd);
  const token = push('string', start, pos, startLine, startColumn, raw ? body : unescape(body));
  if (!closed) token.unterminated = true;
  advanceLines(text, open, pos, newline);
  return pos;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_m, e: string) => {
    if (e.length > 1) {
      const code = parseInt(e.replace(/[ux{}]/g, ''), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ESCAPES[e] ?? (e === '\n' || e === '\r' ? '' : e);
  });
}
