/**
 * The fast path for the bulk of a large selection: the inside of a bracket that holds only numbers
 * (`[0.1, -2, 3e-4 …]`, commas optional, line breaks allowed) is read in one pass over the
 * characters into the values and each element's offset and length, without a token, a node or a
 * place per element. Anything else inside (names, strings, comments, nested brackets, a doubled
 * comma) leaves it to the token-by-token path, which reads it the same way or names the error.
 */
import type { LineTable } from './lineTable';
import { EXACT_DIGITS, isDigit, isNameChar, numberValue, scanNumber } from './numberSyntax';
import type { Place, SourceRange } from './place';

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

/** The values, offsets and lengths being read; sized from the first elements' average length. */
class Buffers {
  values = new Float64Array(SAMPLE);
  starts = new Int32Array(SAMPLE);
  lengths = new Uint16Array(SAMPLE);
  count = 0;
  /** The offset of the `]`, once reached. */
  close = -1;

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
}

const isBlank = (c: number) => c === 32 || c === 9 || c === 11 || c === 12;

/** Elements read before the rest is sized by their average length. */
const SAMPLE = 64;
/** 10^0 … 10^22: every one is a double exactly. */
const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Where the characters that may belong to a run stop, from `pos`: at the `]` when the run goes on
 * to it, else where it would give up. Sizing the arrays by it costs one more pass over the
 * characters, never past what the scan itself would read (a search for the next `]` could run far
 * past that, and again for every bracket: quadratic in the text).
 */
function runEnd(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    const lower = c | 0x20;
    const inRun =
      (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 44 || c === 43 || c === 45 || c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12 ||
      (lower >= 97 && lower <= 102) || lower === 120 || lower === 111;
    if (!inRun) return pos;
    pos++;
  }
}

/**
 * Reads the numbers from `from` (just after a `[`) up to the matching `]`, recording the line
 * breaks in `lines`; undefined (and `lines` as it was) when the inside is anything but numbers,
 * signs, commas, spaces and line breaks, or has fewer than `minimum` elements. `close` is the
 * offset of the `]`.
 */
export function scanNumberRun(text: string, from: number, lines: LineTable, minimum = MIN_RUN): { run: NumberRun; close: number } | undefined {
  // Most brackets in code hold no number first (x[i], [[…]], ["a"]): leave them before allocating.
  let first = from;
  while (isBlank(text.charCodeAt(first)) || text.charCodeAt(first) === 10 || text.charCodeAt(first) === 13) first++;
  const c = text.charCodeAt(first);
  if (!isDigit(c) && c !== 46 && c !== 43 && c !== 45) return undefined;
  const mark = lines.size;
  const found = scan(text, from, lines);
  if (found === undefined || found.count < minimum) {
    lines.truncate(mark);
    return undefined;
  }
  const { values, starts, lengths, count, close } = found;
  // Views, not copies: a copy would briefly hold both (the sizing leaves at most 10 % unused).
  return { run: new NumberRun(values.subarray(0, count), starts.subarray(0, count), lengths.subarray(0, count), lines), close };
}

/** The loop of scanNumberRun: one pass over the characters, each number read as it is scanned. */
function scan(text: string, from: number, lines: LineTable): Buffers | undefined {
  const out = new Buffers();
  let pos = from;
  /** A comma was just read: another one before a number is an error the token path names. */
  let comma = false;
  for (;;) {
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

    if (out.count === out.values.length) {
      // After the sample, room for the rest at its average length (and 10 % more); then doubling.
      const sampled = out.count === SAMPLE ? Math.ceil(((runEnd(text, end) - from) / (end - from)) * SAMPLE * 1.1) + 16 : 0;
      out.grow(Math.max(sampled, out.count * 2));
    }
    out.values[out.count] = negative ? -value : value;
    out.starts[out.count] = start;
    out.lengths[out.count++] = end - start;
    pos = end;
    comma = false;
  }
}
