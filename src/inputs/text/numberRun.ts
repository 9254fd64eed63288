/**
 * The fast path for the bulk of a large selection: the inside of a bracket that holds only numbers
 * (`[0.1, -2, 3e-4 …]`, commas optional, line breaks allowed) is read in one pass over the
 * characters into the values and each element's offset and length, without a token, a node or a
 * place per element. Anything else inside (names, strings, comments, nested brackets, a doubled
 * comma) leaves it to the token-by-token path, which reads it the same way or names the error.
 */
import type { LineTable } from './lineTable';
import { EXACT_DIGITS, isDigit, isNameChar, numberValue, scanNumber } from './numberSyntax';
import { NextClose } from './nextClose';
import type { Place, SourceRange } from './place';
import { runScanner, RunStatus, type RunSink } from './wasmRunScanner';

/** Fewer elements than this are read token by token: a run's arrays cost more than a short list's nodes. */
export const MIN_RUN = 8;

/** The numbers of one bracket, with their places kept as offsets until one is asked for. */
export class NumberRun {
  constructor(
    readonly values: Float64Array,
    /** Offset of each element's first character (its sign, if any) in the tokenized text. */
    private readonly starts: Int32Array,
    /** Characters from that start to the end of the number (a sign and its number share a line). */
    private readonly lengths: Uint16Array,
    private readonly lines: LineTable,
  ) {}

  get length(): number {
    return this.values.length;
  }

  placeOf(i: number): Place {
    return this.lines.placeOf(this.starts[i]);
  }

  rangeOf(i: number): SourceRange {
    const { line, column } = this.placeOf(i);
    return { line, column, length: this.lengths[i] };
  }
}

/** The values, offsets and lengths being read: doubled when full, cut to their count at the end. */
class Buffers implements RunSink {
  values = new Float64Array(SAMPLE);
  starts = new Int32Array(SAMPLE);
  lengths = new Uint16Array(SAMPLE);
  count = 0;
  /** The offset of the `]`, once reached. */
  close = -1;

  reserve(more: number): void {
    const need = this.count + more;
    if (need > this.values.length) this.grow(Math.max(need, this.values.length * 2));
  }

  /** Room for `capacity` elements. */
  grow(capacity: number): void {
    const values = new Float64Array(capacity);
    values.set(this.values.subarray(0, this.count));
    this.values = values;
    const starts = new Int32Array(capacity);
    starts.set(this.starts.subarray(0, this.count));
    this.starts = starts;
    const lengths = new Uint16Array(capacity);
    lengths.set(this.lengths.subarray(0, this.count));
    this.lengths = lengths;
  }

  /**
   * The arrays cut to the count: views while at most an eighth is unused (a copy would briefly
   * hold both), else copies, so that what the run keeps stays close to its size.
   */
  trim(): void {
    if (this.values.length - this.count <= this.values.length >> 3) {
      this.values = this.values.subarray(0, this.count);
      this.starts = this.starts.subarray(0, this.count);
      this.lengths = this.lengths.subarray(0, this.count);
    } else {
      this.values = this.values.slice(0, this.count);
      this.starts = this.starts.slice(0, this.count);
      this.lengths = this.lengths.slice(0, this.count);
    }
  }
}

const isBlank = (c: number) => c === 32 || c === 9 || c === 11 || c === 12;

/** Elements read by the loop below before the WebAssembly reader takes over (short brackets never reach it). */
const SAMPLE = 64;
/** 10^0 … 10^22: every one is a double exactly. */
const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Reads the numbers from `from` (just after a `[`) up to the matching `]`, recording the line
 * breaks in `lines`; undefined (and `lines` as it was) when the inside is anything but numbers,
 * signs, commas, spaces and line breaks, or has fewer than `minimum` elements. `close` is the
 * offset of the `]`.
 */
export function scanNumberRun(text: string, from: number, lines: LineTable, minimum = MIN_RUN, closes = new NextClose(text)): { run: NumberRun; close: number } | undefined {
  // Most brackets in code hold no number first (x[i], [[…]], ["a"]): leave them before allocating.
  let first = from;
  while (isBlank(text.charCodeAt(first)) || text.charCodeAt(first) === 10 || text.charCodeAt(first) === 13) first++;
  const c = text.charCodeAt(first);
  if (!isDigit(c) && c !== 46 && c !== 43 && c !== 45) return undefined;
  const mark = lines.size;
  const found = scan(text, from, lines, closes);
  if (found === undefined || found.count < minimum) {
    lines.truncate(mark);
    return undefined;
  }
  found.trim();
  return { run: new NumberRun(found.values, found.starts, found.lengths, lines), close: found.close };
}

/**
 * The loop of scanNumberRun: one pass over the characters, each number read as it is scanned.
 * After the first SAMPLE elements, the WebAssembly reader (wasmRunScanner.ts) takes the bulk,
 * and hands back each character it does not read itself; this loop reads that one step.
 */
function scan(text: string, from: number, lines: LineTable, closes: NextClose): Buffers | undefined {
  const out = new Buffers();
  const wasm = runScanner();
  wasm?.startRun();
  let pos = from;
  /** A comma was just read: another one before a number is an error the token path names. */
  let comma = false;
  /** Where the WebAssembly reader last handed back: this loop reads from there first. */
  let handedBack = -1;
  for (;;) {
    if (wasm !== undefined && out.count >= SAMPLE && pos > handedBack) {
      const at = pos;
      pos = wasm.scan(text, pos, comma, out, lines);
      comma = wasm.comma;
      if (wasm.status === RunStatus.Closed) {
        out.close = pos;
        return out;
      }
      // More: the window ended; read on from a new one, unless one element is longer than a window.
      if (wasm.status === RunStatus.More && pos > at) continue;
      handedBack = pos;
    }
    let c = text.charCodeAt(pos);
    while (c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12) {
      if (c === 10 || (c === 13 && text.charCodeAt(pos + 1) !== 10)) lines.add(pos + 1);
      c = text.charCodeAt(++pos);
    }
    if (c === 93 /* ] */) {
      out.close = pos;
      return out;
    }
    if (c === 44 /* , */) {
      if (comma || out.count === 0) return undefined;
      comma = true;
      pos++;
      continue;
    }
    const start = pos;
    const negative = c === 45;
    if (negative || c === 43) {
      // `- 5` is -5, as the token path reads a sign and its operand; a line break between is an error.
      do c = text.charCodeAt(++pos);
      while (c === 32 || c === 9 || c === 11 || c === 12);
    }
    if (!isDigit(c) && !(c === 46 && isDigit(text.charCodeAt(pos + 1)))) return undefined;

    // The digits, the dot and the exponent, gathering up to 15 significant digits as they pass.
    let end = pos;
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    for (; c >= 48 && c <= 57; c = text.charCodeAt(++end)) {
      if ((mantissa !== 0 || c !== 48) && ++digits <= EXACT_DIGITS) mantissa = mantissa * 10 + (c - 48);
    }
    if (c === 46) {
      for (c = text.charCodeAt(++end); c >= 48 && c <= 57; c = text.charCodeAt(++end)) {
        scale++;
        if ((mantissa !== 0 || c !== 48) && ++digits <= EXACT_DIGITS) mantissa = mantissa * 10 + (c - 48);
      }
    }
    if ((c | 0x20) === 101) {
      let p = end + 1;
      let d = text.charCodeAt(p);
      const minus = d === 45;
      if (minus || d === 43) d = text.charCodeAt(++p);
      if (d >= 48 && d <= 57) {
        let exponent = 0;
        for (; d >= 48 && d <= 57; d = text.charCodeAt(++p)) if (exponent < 10_000) exponent = exponent * 10 + (d - 48);
        scale += minus ? exponent : -exponent;
        end = p;
        c = d;
      }
    }
    let value: number;
    if (isNameChar(c) || c === 46) {
      // Underscores, 0x…, or glued letters: the general scanner decides, Number() reads.
      end = scanNumber(text, pos);
      const after = text.charCodeAt(end);
      if (isNameChar(after) || after === 46) return undefined;
      value = numberValue(text, pos, end);
    } else if (digits <= EXACT_DIGITS && scale <= 22 && scale >= -22) {
      value = scale >= 0 ? mantissa / POWERS[scale] : mantissa * POWERS[-scale];
    } else {
      // More than 15 significant digits (as repr writes most doubles) or a far exponent: a plain
      // decimal literal, which Number() reads exactly.
      value = Number(text.slice(pos, end));
    }
    if (end - start > 0xffff) return undefined;

    if (out.count === out.values.length) out.grow(out.count * 2);
    out.values[out.count] = negative ? -value : value;
    out.starts[out.count] = start;
    out.lengths[out.count++] = end - start;
    if (out.count === SAMPLE) {
      // Room for the rest of the bracket at the sample's average length (and 10 % more), so that
      // the arrays are made once (a growing array touches twice the memory, and fresh pages cost).
      out.grow(Math.ceil(((closes.at(end) - from) / (end - from)) * SAMPLE * 1.1) + 16);
    }
    pos = end;
    comma = false;
  }
}
