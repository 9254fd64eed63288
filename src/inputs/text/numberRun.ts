/**
 * The fast path for the bulk of a large selection: the inside of a bracket that holds only numbers
 * (`[0.1, -2, 3e-4 …]`, commas optional, line breaks allowed) is read in one pass over the
 * characters into the values and each element's offset and length, without a token, a node or a
 * place per element. Anything else inside (names, strings, comments, nested brackets, a doubled
 * comma) leaves it to the token-by-token path, which reads it the same way or names the error.
 */
import type { LineTable } from './lineTable';
import { isDigit, isNameChar, numberValue, scanNumber } from './numberSyntax';
import type { Place, SourceRange } from './place';

/** Fewer elements than this are read token by token: a run's arrays cost more than a short list's nodes. */
export const MIN_RUN = 8;

/** The numbers of one bracket, with their places kept as offsets until one is asked for. */
export class NumberRun {
  constructor(
    readonly values: number[],
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

/** Offsets and lengths, sized by an estimate and grown if it falls short. */
class Offsets {
  starts: Int32Array;
  lengths: Uint16Array;
  count = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(Math.max(capacity, 16));
    this.lengths = new Uint16Array(this.starts.length);
  }

  push(start: number, length: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      starts.set(this.starts);
      this.starts = starts;
      const lengths = new Uint16Array(this.count * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.starts[this.count] = start;
    this.lengths[this.count++] = length;
  }
}

const isBlank = (c: number) => c === 32 || c === 9 || c === 11 || c === 12;

/**
 * About how many numbers lie between `from` and the next `]`, or undefined when a character there
 * cannot belong to a run (or there is no `]`). A cheap first pass: writing a million values into
 * an array of the right size costs a quarter of pushing them one by one.
 */
function estimateCount(text: string, from: number): number | undefined {
  let count = 0;
  let inNumber = false;
  for (let pos = from; ; pos++) {
    const c = text.charCodeAt(pos);
    if (c === 93 /* ] */) return count;
    // Digits, the dot, underscores and the letters of exponents and 0x/0b/0o literals.
    if ((c >= 48 && c <= 57) || c === 46 || c === 95 || ((c | 0x20) >= 97 && (c | 0x20) <= 102) || (c | 0x20) === 120 || (c | 0x20) === 111) {
      if (!inNumber) count++;
      inNumber = true;
    } else if (isBlank(c) || c === 10 || c === 13 || c === 44) inNumber = false;
    else if (c === 43 || c === 45) inNumber &&= (text.charCodeAt(pos - 1) | 0x20) === 101;
    else return undefined;
  }
}

/**
 * Reads the numbers from `from` (just after a `[`) up to the matching `]`; undefined when the
 * inside is anything but numbers, signs, commas, spaces and line breaks, or has fewer than
 * `minimum` elements. `close` is the offset of the `]`.
 */
export function scanNumberRun(text: string, from: number, lines: LineTable, minimum = MIN_RUN): { run: NumberRun; close: number } | undefined {
  const estimate = estimateCount(text, from);
  if (estimate === undefined || estimate < minimum) return undefined;
  // Sized once (holey, which the core reads like any array); assigning past the end grows it.
  const values: number[] = new Array<number>(estimate);
  const offsets = new Offsets(estimate);
  let count = 0;
  let pos = from;
  /** A comma was just read: another one before a number is an error the token path names. */
  let comma = false;
  for (;;) {
    let c = text.charCodeAt(pos);
    while (isBlank(c) || c === 10 || c === 13) c = text.charCodeAt(++pos);
    if (c === 93 /* ] */) break;
    if (c === 44 /* , */) {
      if (comma || count === 0) return undefined;
      comma = true;
      pos++;
      continue;
    }
    const start = pos;
    const negative = c === 45;
    if (negative || c === 43) {
      // `- 5` is -5, as the token path reads a sign and its operand; a line break between is an error.
      do c = text.charCodeAt(++pos);
      while (isBlank(c));
    }
    if (!isDigit(c) && !(c === 46 && isDigit(text.charCodeAt(pos + 1)))) return undefined;
    const end = scanNumber(text, pos);
    const after = text.charCodeAt(end);
    if (isNameChar(after) || after === 46 || end - start > 0xffff) return undefined;
    const value = numberValue(text, pos, end);
    values[count++] = negative ? -value : value;
    offsets.push(start, end - start);
    pos = end;
    comma = false;
  }
  if (count < minimum) return undefined;
  values.length = count;
  return { run: new NumberRun(values, offsets.starts.slice(0, count), offsets.lengths.slice(0, count), lines), close: pos };
}
