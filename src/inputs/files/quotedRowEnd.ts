/**
 * Where a CSV row ends once one of its quoted fields is open at the end of the bytes read so far.
 * It reads each new byte once, keeping its state between chunks, so a row that goes on for many
 * chunks (or a quote that never closes) costs time linear in its length, not a rescan per line.
 * It follows the splitter in csv.ts: "" inside quotes is a quote; after a closing quote, spaces,
 * then a delimiter starts a field and anything else makes the row end at the next line feed.
 */
import { LF, QUOTE, SPACE, TAB } from './asciiBytes';

const QUOTED = 0;
/** A quote inside a quoted field: closing, or the first of "". */
const QUOTE_SEEN = 1;
const AFTER_CLOSE = 2;
const FIELD_START = 3;
const UNQUOTED = 4;
/** Text after a closing quote: the splitter reports it and the row ends at the line feed. */
const TO_LINE_END = 5;

export class QuotedRowEnd {
  private state = QUOTED;

  /** Starts inside a quoted field that is open at the end of the bytes already read. */
  reset(): void {
    this.state = QUOTED;
  }

  /** Reads b[from, to); returns the offset just after the line feed that ends the row, or −1 if it goes on. */
  feed(b: Uint8Array, from: number, to: number, delimiter: number): number {
    let state = this.state;
    for (let i = from; i < to; i++) {
      const c = b[i];
      switch (state) {
        case QUOTED: {
          // The common case by far: jump to the next quote.
          const q = b.indexOf(QUOTE, i);
          if (q < 0 || q >= to) {
            i = to;
            break;
          }
          i = q;
          state = QUOTE_SEEN;
          break;
        }
        case QUOTE_SEEN:
          if (c === QUOTE) {
            state = QUOTED;
            break;
          }
          // This byte follows the closing quote: read it again as such.
          state = AFTER_CLOSE;
          i--;
          break;
        case AFTER_CLOSE:
          if (c === delimiter) state = FIELD_START;
          else if (c === LF) return this.done(i);
          else if (c !== SPACE && c !== TAB) state = TO_LINE_END;
          break;
        case FIELD_START:
          if (c === QUOTE) state = QUOTED;
          else if (c === LF) return this.done(i);
          else if (c !== delimiter && c !== SPACE && !(c === TAB && delimiter !== TAB)) state = UNQUOTED;
          break;
        case UNQUOTED:
          if (c === delimiter) state = FIELD_START;
          else if (c === LF) return this.done(i);
          break;
        default:
          if (c === LF) return this.done(i);
      }
    }
    this.state = state;
    return -1;
  }

  private done(i: number): number {
    this.state = QUOTED;
    return i + 1;
  }
}
