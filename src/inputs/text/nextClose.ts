/**
 * The next `]` of a text from an offset, remembered between the brackets of one text: a long run
 * of numbers sizes its arrays by where its bracket can end at the latest, and the searches never
 * cover a character twice (a search from each bracket would be quadratic in a text of many).
 */
export class NextClose {
  private from = 0;
  /** The first `]` at or after `from` (the text's length when there is none); -1 before a search. */
  private found = -1;

  constructor(private readonly text: string) {}

  /** The offset of the first `]` at or after `pos`, or the text's length. */
  at(pos: number): number {
    if (pos >= this.from && pos <= this.found) return this.found;
    const i = this.text.indexOf(']', pos);
    this.from = pos;
    this.found = i < 0 ? this.text.length : i;
    return this.found;
  }
}
