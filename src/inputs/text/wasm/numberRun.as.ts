/**
 * AssemblyScript (compiled to WebAssembly by scripts/build-wasm.js; not part of the TypeScript build).
 * The bulk of numberRun.ts's scan: the inside of a bracket of numbers, as ASCII bytes (a window of
 * the selection's text that the caller encoded), read into values, offsets and lengths, with the
 * line breaks recorded, the same way and to the same bits as the JavaScript loop. It reads what it
 * can convert exactly by itself: up to 15 significant digits with a power of ten within 10^±22
 * (Clinger's fast path: one correctly rounded operation), and probabilities "0.ddd…" of up to 18
 * significant digits and 20 decimals (unitFraction in files/number.ts, the same error-free
 * arithmetic, to pairScan.as.ts's bound). At anything else (an underscore, a letter, a longer number, a doubled comma, a byte
 * past ASCII) it stops at that character, and the JavaScript loop takes it from there.
 */

import { MAX_FRACTION, POW10, unitFraction } from '../../files/wasm/shared/unitFraction.as';

/** Why the last scan returned: at the `]`; at a character for the JavaScript loop; at the window's end. */
export const CLOSED: i32 = 0;
export const STOPPED: i32 = 1;
export const MORE: i32 = 2;

let status: i32 = 0;
let elements: i32 = 0;
let lineCount: i32 = 0;
let commaAfter: i32 = 0;

/** CLOSED, STOPPED or MORE. */
export function scanStatus(): i32 {
  return status;
}

/** Elements the last scan wrote. */
export function scannedElements(): i32 {
  return elements;
}

/** Line starts the last scan wrote. */
export function scannedLines(): i32 {
  return lineCount;
}

/** 1 when the last scan ended just after a comma (another one before a number is an error). */
export function scannedComma(): i32 {
  return commaAfter;
}

/** The first address the caller may use for its buffers. */
export function heapBase(): usize {
  return __heap_base;
}

// @ts-ignore: decorator
@inline function isBlank(c: u32): bool {
  return c == 32 || c == 9 || c == 11 || c == 12;
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool {
  return c - 48 < 10;
}

/** A character that may continue a name or a number (numberSyntax.ts's isNameChar, and the dot). */
// @ts-ignore: decorator
@inline function continuesNumber(c: u32): bool {
  const lower = c | 0x20;
  return c - 48 < 10 || c == 95 || c == 36 || c == 46 || lower - 97 < 26;
}

/**
 * Reads the window `input[0, length)` (input[length] is 0; `last`: the window ends the text) from
 * its start, as numberRun.ts's scan reads the text from `base` (the window's offset in it), with
 * `comma` set when a comma was just read. Writes each element's value, offset (base + index) and
 * length to the three outputs and each line start to `outLines`; returns where it ended, and
 * scanStatus() why: CLOSED at the `]`, STOPPED at a character the JavaScript loop must read (an
 * element it reads from its first character, an error, or the end of the text), MORE where an
 * element or a line break might go on past the window (to be read again from there).
 */
export function scan(input: usize, length: i32, last: i32, comma: i32, base: i32, outValues: usize, outStarts: usize, outLengths: usize, outLines: usize): i32 {
  let p: i32 = 0;
  let n: i32 = 0;
  let lines: i32 = 0;
  let why = STOPPED;
  // Where an element that reaches the window's end would have to be read again.
  const edge = last ? 0x7fffffff : length;
  while (true) {
    let c = <u32>load<u8>(input + p);
    while (c == 32 || c == 10 || c == 13 || isBlank(c)) {
      if (c == 10) store<i32>(outLines + (<usize>(lines++) << 2), base + p + 1);
      else if (c == 13) {
        // \r\n is one break, a lone \r another: the next byte decides, so it must be in the window.
        if (p + 1 >= edge) {
          why = MORE;
          break;
        }
        if (load<u8>(input + p + 1) != 10) store<i32>(outLines + (<usize>(lines++) << 2), base + p + 1);
      }
      c = <u32>load<u8>(input + ++p);
    }
    if (why == MORE) break;
    if (p >= edge) {
      why = MORE;
      break;
    }
    if (c == 93 /* ] */) {
      why = CLOSED;
      break;
    }
    if (c == 44 /* , */) {
      if (comma) break;
      comma = 1;
      p++;
      continue;
    }
    const start = p;
    const negative = c == 45;
    if (negative || c == 43) {
      do c = <u32>load<u8>(input + ++p);
      while (isBlank(c));
    }
    // The digits (significant ones into m, at most 18), the dot and the exponent.
    let m: u64 = 0;
    let significant: i32 = 0;
    let scale: i32 = 0;
    let end = p;
    const intStart = p;
    for (; isDigit(c); c = <u32>load<u8>(input + ++end)) {
      if (m != 0 || c != 48) {
        significant++;
        if (significant <= 18) m = m * 10 + <u64>(c - 48);
      }
    }
    const integerZero = m == 0;
    const intEnd = end;
    let fraction: i32 = 0;
    if (c == 46) {
      for (c = <u32>load<u8>(input + ++end); isDigit(c); c = <u32>load<u8>(input + ++end)) {
        fraction++;
        if (m != 0 || c != 48) {
          significant++;
          if (significant <= 18) m = m * 10 + <u64>(c - 48);
        }
      }
    }
    scale = fraction;
    let exponentWritten = false;
    // The character after the number, and how far the scan looked (an exponent is looked into).
    let reach = end;
    if ((c | 0x20) == 101) {
      let q = end + 1;
      let d = <u32>load<u8>(input + q);
      const minus = d == 45;
      if (minus || d == 43) d = <u32>load<u8>(input + ++q);
      reach = q;
      if (isDigit(d)) {
        let exponent: i32 = 0;
        for (; isDigit(d); d = <u32>load<u8>(input + ++q)) if (exponent < 10000) exponent = exponent * 10 + <i32>(d - 48);
        scale += minus ? exponent : -exponent;
        exponentWritten = true;
        end = q;
        reach = q;
        c = d;
      }
    }
    if (reach >= edge || end >= edge) {
      why = MORE;
      p = start;
      break;
    }
    // No digit (a sign before something else, a lone dot), or glued to a name, a dot or an
    // underscore: the JavaScript loop reads it (or gives up the run).
    if ((intEnd == intStart && fraction == 0) || continuesNumber(c) || end - start > 0xffff) {
      p = start;
      break;
    }
    let value: f64 = 0;
    if (significant <= 15 && scale <= 22 && scale >= -22) {
      value = scale >= 0 ? <f64>m / load<f64>(POW10 + (<usize>scale << 3)) : <f64>m * load<f64>(POW10 + (<usize>-scale << 3));
    } else if (integerZero && !exponentWritten && significant <= 18 && fraction <= MAX_FRACTION) {
      value = unitFraction(m, fraction);
    } else {
      p = start;
      break;
    }
    store<f64>(outValues + (<usize>n << 3), negative ? -value : value);
    store<i32>(outStarts + (<usize>n << 2), base + start);
    store<u16>(outLengths + (<usize>n << 1), <u16>(end - start));
    n++;
    p = end;
    comma = 0;
  }
  status = why;
  elements = n;
  lineCount = lines;
  commaAfter = comma;
  return p;
}
