import type { Place } from './place';

/**
 * Where each line of a tokenized text starts, so a character offset becomes a document place only
 * when it is asked for: elements of long number runs keep their offsets, not a Place each.
 */
export class LineTable {
  /** starts[k]: the offset where line k of the text starts (starts[0] = 0). */
  private starts = new Int32Array(16);
  private count = 1;

  /** The text starts at this document place (0-based). */
  constructor(private readonly origin: Place) {}

  /** A line starts at this offset (just after a line break); offsets come in increasing order. */
  add(offset: number): void {
    if (this.count === this.starts.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = offset;
  }

  /** The document place of a character offset in the text. */
  placeOf(offset: number): Place {
    // The last line start at or before the offset.
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: this.origin.line + low, column: offset - this.starts[low] + (low === 0 ? this.origin.column : 0) };
  }
}
