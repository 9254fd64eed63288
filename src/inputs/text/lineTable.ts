import type { Place } from './place';

/**
 * Where each line of a tokenized text starts: the tokenizer's one record of lines, which turns a
 * character offset into a document place. Elements of long number runs keep only their offsets
 * and ask it for a place when one is needed.
 */
export class LineTable {
  /** starts[k]: the offset where line k of the text starts (starts[0] = 0). */
  private starts = new Int32Array(16);
  private count = 1;

  /** The text starts at this document place (0-based). */
  constructor(private readonly origin: Place) {}

  /** Lines recorded so far (at least 1). */
  get size(): number {
    return this.count;
  }

  /** A line starts at this offset (just after a line break); offsets come in increasing order. */
  add(offset: number): void {
    if (this.count === this.starts.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = offset;
  }

  /** Forgets the lines recorded after the first `size` (a scan that gave up). */
  truncate(size: number): void {
    this.count = size;
  }

  /** The document place of an offset on the last line recorded (no search). */
  placeOnLastLine(offset: number): Place {
    return this.placeIn(this.count - 1, offset);
  }

  /** The document place of any character offset in the text. */
  placeOf(offset: number): Place {
    // The last line start at or before the offset.
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return this.placeIn(low, offset);
  }

  private placeIn(k: number, offset: number): Place {
    return { line: this.origin.line + k, column: offset - this.starts[k] + (k === 0 ? this.origin.column : 0) };
  }
}
