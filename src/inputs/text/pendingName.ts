/**
 * The name waiting for its value while findArrays walks the tokens: set by `name =` or `name:`,
 * given to the next array literal, and dropped where the statement that named it ends (a line
 * break after a value, a `;`, a `,` with no further target, a closing bracket below its depth).
 */
import type { NameRef } from './findArrays';

export class PendingName {
  private name: NameRef | undefined;
  /** Bracket depth of the assignment. */
  private depth = 0;
  /** After `name:`: a type annotation or a key; becomes a plain assignment at `=`. */
  private colon = false;
  /** A value other than an array literal has been seen: the next line break ends the assignment. */
  private sawValue = false;
  /** The further names of `a, b = …, …`, taken one per comma. */
  private queue: NameRef[] = [];
  private active = false;

  /** `name =` (or `name:` with colon, or `a, b =` with the further names queued) at this depth. */
  assign(name: NameRef, depth: number, colon = false, queue: NameRef[] = []): void {
    this.active = true;
    this.name = name;
    this.depth = depth;
    this.colon = colon;
    this.sawValue = false;
    this.queue = queue;
  }

  /** The name an array literal found now takes, if any. */
  get current(): NameRef | undefined {
    return this.active ? this.name : undefined;
  }

  /** A value that is not an array (a number, a name, a call): the statement's value has started. */
  value(): void {
    if (this.active && !this.colon) this.sawValue = true;
  }

  /** An array literal took the name: a later one in the same statement has none. */
  taken(): void {
    if (!this.active) return;
    this.name = undefined;
    this.sawValue = true;
  }

  /** A call with several arguments at or above the assignment's depth: none of them is the value. */
  callWithArguments(depth: number): void {
    if (this.active && depth <= this.depth) this.name = undefined;
  }

  lineBreak(depth: number): void {
    if (this.active && depth <= this.depth && (this.sawValue || this.colon)) this.active = false;
  }

  /** `;`, or `{` opening a block or an object at or above the assignment's depth. */
  statementEnd(depth: number): void {
    if (this.active && depth <= this.depth) this.active = false;
  }

  /** A closing bracket brought the depth to `depth`. */
  closed(depth: number): void {
    if (this.active && depth < this.depth) this.active = false;
  }

  /** `,` at or above the assignment's depth: the next target of `a, b = …`, or the end. */
  comma(depth: number): void {
    if (!this.active || depth > this.depth) return;
    const next = this.queue.shift();
    if (next) {
      this.name = next;
      this.sawValue = false;
    } else this.active = false;
  }

  /** `=` after `name: type`: the annotation is over, the value follows. */
  equals(depth: number): void {
    if (this.active && this.colon && depth === this.depth) this.colon = false;
  }
}
