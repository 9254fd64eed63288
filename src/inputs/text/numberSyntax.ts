/**
 * Numeric literals as the selection's languages write them (1, 1., .5, 1e-3, 1_000, 0x1f): where
 * one ends, and its value read from the text without cutting a substring when that is exact.
 */

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A character that may continue a name: a number glued to one (1.5f, 3j) is malformed. */
export function isNameChar(c: number): boolean {
  return isDigit(c) || c === 95 || c === 36 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function scanDigits(text: string, pos: number, hex = false): number {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (isDigit(c) || c === 95 || (hex && ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)))) pos++;
    else break;
  }
  return pos;
}

/** The end of the numeric literal that starts at `start` (a digit, or a dot before a digit). */
export function scanNumber(text: string, start: number): number {
  const c1 = text.charCodeAt(start + 1) | 0x20;
  if (text.charCodeAt(start) === 48 && (c1 === 0x78 || c1 === 0x62 || c1 === 0x6f) && isNameChar(text.charCodeAt(start + 2))) {
    // 0x…, 0b…, 0o…: Number() checks the digits; a bad one makes NaN, reported as malformed by the caller.
    const end = scanDigits(text, start + 2, c1 === 0x78);
    return Number.isNaN(Number(text.slice(start, end).replace(/_/g, ''))) ? start + 1 : end;
  }
  let pos = scanDigits(text, start);
  if (text.charCodeAt(pos) === 46 /* . */) pos = scanDigits(text, pos + 1);
  const e = text.charCodeAt(pos) | 0x20;
  if (e === 0x65 /* e */) {
    let p = pos + 1;
    const sign = text.charCodeAt(p);
    if (sign === 43 || sign === 45) p++;
    if (isDigit(text.charCodeAt(p))) pos = scanDigits(text, p);
  }
  return pos;
}

/** 10^0 … 10^22: every one is a double exactly. */
const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Significant digits that fit a double exactly (10^15 < 2^53). */
export const EXACT_DIGITS = 15;

/**
 * The value of the literal text[start, end) that scanNumber found, equal to Number() of its text
 * bit for bit. Short decimals (at most 15 significant digits, a power of ten within 10^±22) take
 * Clinger's fast path: an exact integer times or divided by an exact power of ten is one correctly
 * rounded operation. Anything else (longer, underscores, hex, large exponents) goes to Number().
 */
export function numberValue(text: string, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let pos = start;
  let c = text.charCodeAt(pos);
  for (; pos < end && isDigit(c); c = text.charCodeAt(++pos)) {
    if (mantissa === 0 && c === 48) continue;
    if (++digits > EXACT_DIGITS) return slowValue(text, start, end);
    mantissa = mantissa * 10 + (c - 48);
  }
  if (pos < end && c === 46) {
    for (c = text.charCodeAt(++pos); pos < end && isDigit(c); c = text.charCodeAt(++pos)) {
      scale++;
      if (mantissa === 0 && c === 48) continue;
      if (++digits > EXACT_DIGITS) return slowValue(text, start, end);
      mantissa = mantissa * 10 + (c - 48);
    }
  }
  if (pos < end && (c | 0x20) === 0x65) {
    let sign = 1;
    c = text.charCodeAt(++pos);
    if (c === 43 || c === 45) {
      if (c === 45) sign = -1;
      c = text.charCodeAt(++pos);
    }
    let exponent = 0;
    for (; pos < end && isDigit(c) && exponent < 1000; c = text.charCodeAt(++pos)) exponent = exponent * 10 + (c - 48);
    scale -= sign * exponent;
  }
  if (pos !== end || scale > 22 || scale < -22) return slowValue(text, start, end);
  return scale >= 0 ? mantissa / POWERS[scale] : mantissa * POWERS[-scale];
}

function slowValue(text: string, start: number, end: number): number {
  const literal = text.slice(start, end);
  return Number(literal.includes('_') ? literal.replace(/_/g, '') : literal);
}
