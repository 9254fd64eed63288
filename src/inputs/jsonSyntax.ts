/**
 * Where JSON text goes wrong, read once without recursion: JSON.parse's messages in Node 20 often
 * carry no position and quote the text over several lines, so after it fails this finds the
 * offset and the token, and says what was expected. It also bounds the nesting, which JSON.parse
 * accepts to any depth but every recursive walk afterwards (JSON.stringify included) does not.
 */
import { ECHO_CHARS, quote } from './inputError';

/** Deeper nesting than this is an error: data are a few levels deep (records of rows of labels). */
export const MAX_JSON_DEPTH = 100;

export interface JsonProblem {
  /** Offset in the text (UTF-16 units) of the token at fault, or the text's length at its end. */
  offset: number;
  detail: string;
}

const VALUE = 0;
const FIRST_VALUE = 1;
const KEY = 2;
const FIRST_KEY = 3;
const COLON = 4;
const AFTER = 5;

class Stop {
  constructor(readonly problem: JsonProblem) {}
}

/** The first problem in JSON text (a syntax error or nesting past {@link MAX_JSON_DEPTH}), or undefined if it is valid. */
export function jsonProblem(t: string, what = 'the file'): JsonProblem | undefined {
  try {
    validate(t, what);
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.problem;
    throw e;
  }
}

/** The offset of the first bracket nested deeper than {@link MAX_JSON_DEPTH} (outside strings), or −1. */
export function tooDeepAt(t: string): number {
  const n = t.length;
  // Deeper nesting needs more opening brackets than this: a short text (a JSON Lines record of a
  // few numbers, read once per row) is not scanned at all.
  if (n <= MAX_JSON_DEPTH) return -1;
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 34) {
      for (i++; i < n; i++) {
        const d = t.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

export function tooDeepDetail(): string {
  return `nesting deeper than ${MAX_JSON_DEPTH} levels: expected arrays of numbers, rows of them, or records`;
}

/** The token at offset i as written (a number, a word, a string, or one character), for "found …". */
export function tokenAt(t: string, i: number): string {
  const c = t.charCodeAt(i);
  if (Number.isNaN(c)) return '';
  let end = i + 1;
  const limit = Math.min(t.length, i + 4 * ECHO_CHARS);
  if (c === 34) {
    while (end < limit && t.charCodeAt(end) !== 34 && t.charCodeAt(end) !== 10) end += t.charCodeAt(end) === 92 ? 2 : 1;
    end = Math.min(end + 1, t.length);
  } else if (isWordChar(c)) {
    while (end < limit && isWordChar(t.charCodeAt(end))) end++;
  }
  return t.slice(i, end);
}

/** Letters, digits, signs and dots: the characters of numbers and of words such as NaN, true or Infinity. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46 || c === 95;
}

function stop(t: string, i: number, expected: string, what: string): never {
  const found = i >= t.length ? `the end of ${what}` : quote(tokenAt(t, i));
  throw new Stop({ offset: Math.min(i, t.length), detail: `invalid JSON: expected ${expected}, found ${found}` });
}

/** The index of the first character at or after i that is not JSON whitespace. */
export function skipSpace(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

function validate(t: string, what: string): void {
  const stack: number[] = [];
  let state = VALUE;
  let i = t.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    i = skipSpace(t, i);
    const c = t.charCodeAt(i);
    if (state === AFTER) {
      if (stack.length === 0) {
        if (i >= t.length) return;
        stop(t, i, `the end of ${what} after the JSON value`, what);
      }
      const open = stack[stack.length - 1];
      const close = open === 123 ? 125 : 93;
      if (c === 44) {
        i++;
        state = open === 123 ? KEY : VALUE;
      } else if (c === close) {
        stack.pop();
        i++;
      } else stop(t, i, open === 123 ? '"," or "}"' : '"," or "]"', what);
    } else if (state === COLON) {
      if (c !== 58) stop(t, i, '":" after the key', what);
      i++;
      state = VALUE;
    } else if (state === KEY || state === FIRST_KEY) {
      if (state === FIRST_KEY && c === 125) {
        stack.pop();
        i++;
        state = AFTER;
      } else if (c === 34) {
        i = stringEnd(t, i, what);
        state = COLON;
      } else stop(t, i, state === FIRST_KEY ? 'a key in double quotes or "}"' : 'a key in double quotes', what);
    } else {
      if (state === FIRST_VALUE && c === 93) {
        stack.pop();
        i++;
      } else if (c === 91 || c === 123) {
        if (stack.length >= MAX_JSON_DEPTH) throw new Stop({ offset: i, detail: tooDeepDetail() });
        stack.push(c);
        i++;
        state = c === 123 ? FIRST_KEY : FIRST_VALUE;
        continue;
      } else if (c === 34) i = stringEnd(t, i, what);
      else if (c === 45 || (c >= 48 && c <= 57)) i = numberEnd(t, i, what);
      else if (t.startsWith('true', i)) i += 4;
      else if (t.startsWith('false', i)) i += 5;
      else if (t.startsWith('null', i)) i += 4;
      else {
        const word = tokenAt(t, i);
        const special = /^[+-]?(NaN|Infinity|nan|inf)$/.test(word) ? ' (JSON has no NaN or Infinity)' : '';
        stop(t, i, `a value${special}`, what);
      }
      state = AFTER;
    }
  }
}

/** The offset after the string that opens at i. */
function stringEnd(t: string, i: number, what: string): number {
  const n = t.length;
  for (let k = i + 1; k < n; k++) {
    const c = t.charCodeAt(k);
    if (c === 34) return k + 1;
    if (c < 32) stop(t, k, c === 10 ? 'a closing " before the end of the line' : 'no control character in a string (write it as an escape such as \\t)', what);
    if (c === 92) {
      const e = t.charCodeAt(k + 1);
      if (e === 117) {
        if (!/^[0-9a-fA-F]{4}$/.test(t.slice(k + 2, k + 6))) stop(t, k, 'four hex digits after \\u', what);
        k += 5;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) k++;
      else stop(t, k, 'an escape such as \\n, \\" or \\u00e9 after the backslash', what);
    }
  }
  return stop(t, i, 'a closing "', what);
}

/** The offset after the number at i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
function numberEnd(t: string, i: number, what: string): number {
  const start = i;
  const digits = (from: number): number => {
    let k = from;
    while (t.charCodeAt(k) >= 48 && t.charCodeAt(k) <= 57) k++;
    return k;
  };
  if (t.charCodeAt(i) === 45) i++;
  if (t.charCodeAt(i) === 48) i++;
  else {
    const end = digits(i);
    if (end === i) stop(t, start, 'a number', what);
    i = end;
  }
  if (t.charCodeAt(i) === 46) {
    const end = digits(i + 1);
    if (end === i + 1) stop(t, start, 'a number (digits after the decimal point)', what);
    i = end;
  }
  const e = t.charCodeAt(i);
  if (e === 101 || e === 69) {
    let k = i + 1;
    if (t.charCodeAt(k) === 43 || t.charCodeAt(k) === 45) k++;
    const end = digits(k);
    if (end === k) stop(t, start, 'a number (digits in the exponent)', what);
    i = end;
  }
  if (isWordChar(t.charCodeAt(i))) stop(t, start, 'a number', what);
  return i;
}
